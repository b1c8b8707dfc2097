package dev.gradflow.model.train;

/**
 * DL4J's oneDNN layer helpers (convolution, pooling, batch normalization through oneDNN). DL4J 1.0.0-M2.1 never used
 * them: its helper factory is switched off unless {@code org.eclipse.deeplearning4j.helpers.disable} is
 * {@code false} (its default is {@code true}), and its oneDNN check looks for a class ND4J 1.0.0-M2.1 no longer has
 * (restored by the shim {@link org.nd4j.nativeblas.Nd4jCpu}). {@link #enable()} sets that property, unless the user
 * set it, before the first network is built; the shim then turns the helpers on only when the loaded libnd4j was
 * built with oneDNN (the {@code linux-x86_64-onednn*} binaries), so with the portable or AVX2 binary nothing changes.
 * With the oneDNN binary the paper CNN's step took 3.6-6.8x less CPU time (docs/performance.md).
 */
public final class OneDnn {
    /** DL4J's switch for all layer helpers (cuDNN, oneDNN); "true" by default in DL4J 1.0.0-M2.1. */
    public static final String DISABLE_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

    private OneDnn() {
    }

    /** Allows DL4J's layer helpers unless the property was set explicitly; idempotent. */
    public static void enable() {
        if (System.getProperty(DISABLE_PROPERTY) == null) System.setProperty(DISABLE_PROPERTY, "false");
    }

    /** Whether DL4J will use its oneDNN helpers for layers built from now on. */
    public static boolean active() {
        return !Boolean.parseBoolean(System.getProperty(DISABLE_PROPERTY, "true"))
                && org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper.mklDnnEnabled();
    }
}
