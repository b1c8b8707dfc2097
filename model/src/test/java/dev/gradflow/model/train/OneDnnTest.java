package dev.gradflow.model.train;

import dev.gradflow.model.data.Dataset;
import dev.gradflow.model.spec.Activation;
import dev.gradflow.model.spec.ConvBlockSpec;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.OptimizerSpec;
import dev.gradflow.model.spec.ConvBlockSpec.Pooling;
import org.deeplearning4j.nn.api.Layer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DL4J's oneDNN helpers (OneDnn, the Nd4jCpu shim): used exactly when the loaded libnd4j has oneDNN, and then giving
 * the built-in layers' loss and gradients to float precision. With the portable binary (the build's default) the
 * second part compares the built-in path with itself; run with {@code -Dnd4j.native.classifier=linux-x86_64-onednn-avx2}
 * (see docs/performance.md) to compare the two paths.
 */
class OneDnnTest {
    private static ExperimentSpec spec() {
        return ConvNetTest.spec(List.of(new ConvBlockSpec(4, 3, 1, true, 0, Activation.RELU, false, Pooling.MAX, 2),
                        new ConvBlockSpec(6, 3, 1, true, 0, Activation.RELU, false, Pooling.MAX, 3)), List.of(),
                TinySpecs.optimizer(OptimizerSpec.Type.ADAM, 0.01, 0, 0, 0), 0.5);
    }

    private static SparseNetwork build(boolean onednn) {
        String before = System.getProperty("gradflow.onednn");
        System.setProperty("gradflow.onednn", String.valueOf(onednn));
        try {
            return NetworkFactory.build(spec(), new int[]{1, ConvNetTest.SIDE, ConvNetTest.SIDE}, ConvNetTest.CLASSES, 10);
        } finally {
            if (before == null) System.clearProperty("gradflow.onednn");
            else System.setProperty("gradflow.onednn", before);
        }
    }

    private static boolean binaryHasOneDnn() {
        return NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo().contains("HAVE_ONEDNN");
    }

    @Test
    void helpersAreUsedExactlyWithAOneDnnBinary() {
        SparseNetwork n = build(true);
        Layer conv = n.net().getLayer(0);
        assertThat(OneDnn.active()).isEqualTo(binaryHasOneDnn());
        assertThat(conv.getHelper() != null).as("conv1 has a oneDNN helper").isEqualTo(binaryHasOneDnn());
        assertThat(build(false).net().getLayer(0).getHelper()).as("-Dgradflow.onednn=false").isNull();
    }

    @Test
    void oneDnnLayersGiveTheBuiltInLossAndGradients() {
        SparseNetwork fast = build(true), builtIn = build(false);
        assertThat(fast.model().params().data().asFloat()).isEqualTo(builtIn.model().params().data().asFloat());
        Dataset d = ConvNetTest.images().train();
        int[] all = Batches.identity(d.size());
        INDArray x = Batches.features(d, all, 0, d.size()), y = Batches.labels(d, all, 0, d.size());
        fast.computeGradientAndScore(x, y);
        builtIn.computeGradientAndScore(x, y);
        assertThat(fast.score()).isCloseTo(builtIn.score(), org.assertj.core.data.Offset.offset(1e-5 * Math.abs(builtIn.score())));
        float[] g1 = fast.model().gradient().gradient().dup().data().asFloat();
        float[] g2 = builtIn.model().gradient().gradient().dup().data().asFloat();
        double scale = 0;
        for (float v : g2) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < g1.length; i++) {
            assertThat(Math.abs(g1[i] - g2[i]) / scale).as("gradient element %d", i).isLessThan(1e-5);
        }
    }
}
