package dev.gradflow.model.train;

import dev.gradflow.model.spec.OptimizerSpec;
import dev.gradflow.model.train.optim.Optimizers;
import dev.gradflow.model.train.optim.TorchUpdater;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The optimizers on a vector long enough to be split across cores and copied chunk by chunk (the fast path of
 * {@link TorchUpdater}): every element's update over several steps agrees with the double-precision replay
 * {@link OptimizerReplay}, including the last, partial chunk and positions whose gradient is always 0 (masked), whose
 * update must stay exactly 0.
 */
class LargeVectorUpdateTest {
    @ParameterizedTest
    @EnumSource(OptimizerSpec.Type.class)
    void everyElementOfALongVectorFollowsTheDoublePrecisionReplay(OptimizerSpec.Type type) {
        int n = 70_001; // above the split threshold (2^16), not a multiple of the chunk
        OptimizerSpec o = OptimizerSpec.of(type, 0.01);
        TorchUpdater config = Optimizers.of(o, null);
        int k = config.stateKeys().size();
        GradientUpdater<?> u = config.instantiate(k == 0 ? null : Nd4j.zeros(DataType.FLOAT, 1, (long) k * n), true);
        OptimizerReplay replay = new OptimizerReplay(o, n);
        SplittableRandom rng = new SplittableRandom(7);
        double[] zero = new double[n];
        for (int t = 0; t < 4; t++) {
            float[] g = new float[n];
            double[] gd = new double[n];
            for (int i = 0; i < n; i++) {
                g[i] = i % 10 == 3 ? 0f : (float) (rng.nextGaussian() * (1 + i % 7));
                gd[i] = g[i];
            }
            INDArray grad = Nd4j.create(g, new long[]{1, n});
            u.applyUpdater(grad, t, 0);
            float[] update = grad.data().asFloat();
            double[] expected = replay.step(zero, gd, 0.01, 0); // new value of a parameter at 0 = minus the update
            double scale = 0;
            for (double e : expected) scale = Math.max(scale, Math.abs(e));
            for (int i = 0; i < n; i++) {
                if (i % 10 == 3) {
                    assertThat(update[i]).as("%s: masked position %d at step %d", type, i, t + 1).isEqualTo(0f);
                    continue;
                }
                double err = Math.abs(-update[i] - expected[i]) / scale;
                if (err > 1e-5) {
                    throw new AssertionError(type + ": element " + i + " at step " + (t + 1) + ": update " + update[i]
                            + ", replay " + -expected[i] + " (relative deviation " + err + ")");
                }
            }
        }
    }
}
