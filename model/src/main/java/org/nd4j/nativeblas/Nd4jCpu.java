package org.nd4j.nativeblas;

/**
 * Compatibility shim for DL4J 1.0.0-M2.1 (not part of ND4J): DL4J decides whether to run convolution, pooling and
 * batch-normalization layers through oneDNN ({@code BaseMKLDNNHelper.mklDnnEnabled()}) by loading this class by name
 * and calling {@code Environment.getInstance().isUseMKLDNN()}; ND4J 1.0.0-M2.1 moved its class to
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu}, so the lookup failed and the oneDNN helpers were never used,
 * even with ND4J's oneDNN binary. Here the answer is whether the loaded libnd4j was built with oneDNN
 * ({@code HAVE_ONEDNN} in its build information), so the helpers run with the oneDNN binaries and the portable and
 * AVX2 binaries keep DL4J's built-in layers. {@code -Dgradflow.onednn=false} turns the helpers off. See
 * docs/performance.md (ND4J native binaries) and {@code dev.gradflow.model.train.OneDnn}.
 */
public final class Nd4jCpu {
    private Nd4jCpu() {
    }

    /** What DL4J asks: {@code getInstance().isUseMKLDNN()}. */
    public static final class Environment {
        private static final Environment INSTANCE = new Environment();
        private volatile Boolean built;

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        /** Whether the loaded libnd4j has oneDNN and the helpers are not switched off. */
        public boolean isUseMKLDNN() {
            if (!Boolean.parseBoolean(System.getProperty("gradflow.onednn", "true"))) return false;
            if (built == null) {
                String info = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
                built = info != null && info.contains("HAVE_ONEDNN");
            }
            return built;
        }
    }
}
