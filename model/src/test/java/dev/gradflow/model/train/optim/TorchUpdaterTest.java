package dev.gradflow.model.train.optim;

import dev.gradflow.model.spec.Activation;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.LayerSpec;
import dev.gradflow.model.spec.OptimizerSpec;
import dev.gradflow.model.spec.ScheduleSpec;
import dev.gradflow.model.train.LearningRateSchedule;
import dev.gradflow.model.train.NetworkFactory;
import dev.gradflow.model.train.SparseNetwork;
import dev.gradflow.model.train.TinySpecs;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The optimizers as DL4J sees them: state layout, JSON copies of a configuration, step counts, contiguous or not. */
class TorchUpdaterTest {
    private static final LearningRateSchedule SCHEDULE =
            new LearningRateSchedule(ScheduleSpec.of(ScheduleSpec.Type.STEP).withWarmupSteps(2).withStepSize(3).withGamma(0.5), 0.1, 20);

    static IUpdater updater(OptimizerSpec.Type type) {
        return Optimizers.of(OptimizerSpec.of(type, 0.1), SCHEDULE);
    }

    @ParameterizedTest
    @EnumSource(OptimizerSpec.Type.class)
    void survivesDl4jsJsonCopyOfTheConfiguration(OptimizerSpec.Type type) {
        ExperimentSpec spec = TinySpecs.spec(2, List.of(LayerSpec.of(4, Activation.TANH)), TinySpecs.uniform(0.5),
                OptimizerSpec.of(type, 0.1), 8, 1, 0, 8);
        SparseNetwork n = NetworkFactory.build(spec, 3, 2, 10);
        MultiLayerConfiguration conf = n.net().getLayerWiseConfigurations();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        for (int i = 0; i < conf.getConfs().size(); i++) {
            IUpdater a = ((BaseLayer) conf.getConf(i).getLayer()).getIUpdater();
            IUpdater b = ((BaseLayer) back.getConf(i).getLayer()).getIUpdater();
            assertThat(b).isInstanceOf(TorchUpdater.class).hasSameClassAs(a);
            assertThat(b.toString()).isEqualTo(a.toString());
            for (int t = 0; t < 8; t++) assertThat(b.getLearningRate(t, 0)).isEqualTo(a.getLearningRate(t, 0));
        }
        // DL4J's own use of that copy: a double-precision clone of the network (as the finite-difference tests use)
        MultiLayerNetwork doubles = n.net().convertDataType(DataType.DOUBLE);
        assertThat(doubles.params().dataType()).isEqualTo(DataType.DOUBLE);
    }

    @ParameterizedTest
    @EnumSource(OptimizerSpec.Type.class)
    void stateIsOneViewPerKeyInTheStateArrayStartingAtZero(OptimizerSpec.Type type) {
        TorchUpdater config = (TorchUpdater) updater(type);
        int n = 5, k = config.stateKeys().size();
        assertThat(config.stateSize(n)).isEqualTo((long) k * n);
        if (k == 0) {
            assertThat(config.instantiate((INDArray) null, true).getState()).isEmpty();
            return;
        }
        INDArray view = Nd4j.rand(DataType.FLOAT, 1, k * n);
        GradientUpdater<?> u = config.instantiate(view, true);
        assertThat(view.sumNumber().doubleValue()).as("initialized to 0").isZero();
        INDArray g = Nd4j.create(new float[]{0.3f, -0.2f, 0f, 0.05f, 1f}, new long[]{1, n});
        u.applyUpdater(g, 0, 0);
        assertThat(u.getState().keySet()).containsExactlyElementsOf(config.stateKeys());
        int key = 0;
        for (var e : u.getState().entrySet()) {
            INDArray s = (INDArray) e.getValue();
            for (int i = 0; i < n; i++) {
                assertThat(s.getFloat(0, i)).as("%s[%d] is the view", e.getKey(), i).isEqualTo(view.getFloat(0, key * n + i));
            }
            key++;
        }
    }

    /** A non-contiguous gradient (a column of a matrix) takes the copy path and gets the same update. */
    @ParameterizedTest
    @EnumSource(OptimizerSpec.Type.class)
    void stridedArraysGiveTheSameUpdateAsContiguousOnes(OptimizerSpec.Type type) {
        TorchUpdater config = (TorchUpdater) updater(type);
        int n = 4, k = config.stateKeys().size();
        GradientUpdater<?> flat = config.instantiate(k == 0 ? null : Nd4j.zeros(DataType.FLOAT, 1, k * n), true);
        GradientUpdater<?> strided = config.instantiate(k == 0 ? null : Nd4j.zeros(DataType.FLOAT, 1, k * n), true);
        float[] values = {0.5f, -1f, 0.25f, 2f};
        for (int t = 0; t < 3; t++) {
            INDArray g1 = Nd4j.create(values, new long[]{1, n});
            INDArray matrix = Nd4j.zeros(DataType.FLOAT, n, 3);
            matrix.getColumn(1).assign(Nd4j.create(values, new long[]{n}));
            INDArray g2 = matrix.getColumn(1);
            assertThat(g2.elementWiseStride()).isNotEqualTo(1);
            flat.applyUpdater(g1, t, 0);
            strided.applyUpdater(g2, t, 0);
            for (int i = 0; i < n; i++) assertThat(g2.getFloat(i)).isEqualTo(g1.getFloat(0, i));
        }
    }

    /**
     * The chunked, split run over native memory (TorchUpdater.runChunked) gives bit for bit what the rule's element loop
     * gives when run once over the whole vector on plain float arrays: on a vector above the split threshold whose
     * length is not a multiple of the chunk, over several steps, state included.
     */
    @ParameterizedTest
    @EnumSource(OptimizerSpec.Type.class)
    void chunkedUpdateIsBitIdenticalToTheElementLoop(OptimizerSpec.Type type) {
        TorchUpdater config = Optimizers.of(OptimizerSpec.of(type, 0.01), null);
        int n = 3 * TorchUpdater.CHUNK * 12 + 5, k = config.stateKeys().size();
        assertThat(n).isGreaterThan(1 << 16);
        INDArray view = Nd4j.zeros(DataType.FLOAT, 1, (long) Math.max(1, k) * n);
        GradientUpdater<?> u = config.instantiate(k == 0 ? null : view, true);
        float[][] state = new float[k][n];
        double[] memo = new double[4];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        for (int t = 0; t < 3; t++) {
            float[] g = new float[n];
            for (int i = 0; i < n; i++) g[i] = i % 9 == 0 ? 0f : i % 9 == 1 ? -0f : (float) rng.nextGaussian();
            INDArray grad = Nd4j.create(g.clone(), new long[]{1, n});
            u.applyUpdater(grad, t, 0);
            TorchUpdater.Buf[] sb = new TorchUpdater.Buf[k];
            for (int s = 0; s < k; s++) sb[s] = new PlainBuf(state[s]);
            config.step(config.getLearningRate(t, 0), t + 1L, memo).run(new PlainBuf(g), sb, 0, n);
            assertThat(grad.data().asFloat()).as("%s update at step %d", type, t + 1).isEqualTo(g);
            for (int s = 0; s < k; s++) {
                float[] engine = view.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                        org.nd4j.linalg.indexing.NDArrayIndex.interval((long) s * n, (long) (s + 1) * n)).dup().data().asFloat();
                assertThat(engine).as("%s state %s at step %d", type, config.stateKeys().get(s), t + 1).isEqualTo(state[s]);
            }
        }
    }

    /**
     * Adam's skipping of zero-gradient, zero-state positions (masked weights) changes nothing, bit for bit: updates and
     * states equal the loop without skipping, for gradients +0 and -0 at always-masked positions, positions that
     * become 0 after having had a gradient (their state is not 0, so they are not skipped), and ordinary ones; with
     * and without AMSGrad.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void adamsZeroSkipIsBitIdenticalToTheFullLoop(boolean amsgrad) {
        Adam adam = new Adam(0.01, null, 0.9, 0.999, 1e-8, amsgrad);
        int n = 5000, k = adam.stateKeys().size();
        float[][] fast = new float[k][n], full = new float[k][n];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        for (int t = 1; t <= 6; t++) {
            float[] g = new float[n];
            for (int i = 0; i < n; i++) {
                g[i] = i % 4 == 0 ? 0f : i % 4 == 1 ? -0f : i % 4 == 2 && t > 3 ? 0f : (float) rng.nextGaussian();
            }
            float[] gFast = g.clone(), gFull = g.clone();
            TorchUpdater.Buf[] sf = new TorchUpdater.Buf[k], sl = new TorchUpdater.Buf[k];
            for (int s = 0; s < k; s++) {
                sf[s] = new PlainBuf(fast[s]);
                sl[s] = new PlainBuf(full[s]);
            }
            adam.step(0.01, t, true).run(new PlainBuf(gFast), sf, 0, n);
            adam.step(0.01, t, false).run(new PlainBuf(gFull), sl, 0, n);
            for (int i = 0; i < n; i++) {
                if (Float.floatToRawIntBits(gFast[i]) != Float.floatToRawIntBits(gFull[i])) {
                    throw new AssertionError("step " + t + ", element " + i + ": " + gFast[i] + " vs " + gFull[i]);
                }
            }
            for (int s = 0; s < k; s++) {
                for (int i = 0; i < n; i++) {
                    assertThat(Float.floatToRawIntBits(fast[s][i])).as("state %d element %d", s, i)
                            .isEqualTo(Float.floatToRawIntBits(full[s][i]));
                }
            }
        }
    }

    /** The element loop's view of a plain float array, as the rules were first run over native memory. */
    private static final class PlainBuf extends TorchUpdater.Buf {
        private final float[] a;

        PlainBuf(float[] a) { this.a = a; }

        @Override public double get(int i) { return a[i]; }

        @Override public void set(int i, double v) { a[i] = (float) v; }
    }

    /**
     * NAdam's momentum product: carried from step to step, recomputed when the step count does not continue (a fresh
     * updater, or a restart as after a lottery-ticket rewind); both give the same update.
     */
    @Test
    void nadamsMomentumProductFollowsTheStepCount() {
        TorchUpdater config = (TorchUpdater) updater(OptimizerSpec.Type.NADAM);
        INDArray view = Nd4j.zeros(DataType.DOUBLE, 1, 2);
        GradientUpdater<?> chained = config.instantiate(view, true);
        double first = update(chained, 0);
        for (int t = 1; t < 3; t++) update(chained, t);
        view.assign(0);
        double chainedFourth = update(chained, 3);
        double freshFourth = update(config.instantiate(Nd4j.zeros(DataType.DOUBLE, 1, 2), true), 3);
        assertThat(chainedFourth).isCloseTo(freshFourth, within(1e-15 * Math.abs(freshFourth)));
        view.assign(0);
        assertThat(update(chained, 0)).as("first update again after a restart").isEqualTo(first);
    }

    private static double update(GradientUpdater<?> u, int iteration) {
        INDArray g = Nd4j.create(new double[]{0.4}, new long[]{1, 1});
        u.applyUpdater(g, iteration, 0);
        return g.getDouble(0, 0);
    }

    @Test
    void theLearningRateIsTheSchedulesAtTheUpdateIndex() {
        for (OptimizerSpec.Type type : OptimizerSpec.Type.values()) {
            IUpdater u = updater(type);
            assertThat(u.hasLearningRate()).isTrue();
            assertThat(u.getLearningRate(0, 0)).isCloseTo(0.05, within(1e-15));
            assertThat(u.getLearningRate(1, 0)).isCloseTo(0.1, within(1e-15));
            assertThat(u.getLearningRate(5, 7)).isCloseTo(0.05, within(1e-15));
            IUpdater copy = u.clone();
            assertThat(copy).hasSameClassAs(u).hasToString(u.toString());
            assertThat(copy.getLearningRate(5, 0)).isEqualTo(u.getLearningRate(5, 0));
        }
    }
}
