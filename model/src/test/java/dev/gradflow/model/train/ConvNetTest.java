package dev.gradflow.model.train;

import dev.gradflow.model.data.Dataset;
import dev.gradflow.model.data.DatasetSplit;
import dev.gradflow.model.metrics.LayerStats;
import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.metrics.StepRecord;
import dev.gradflow.model.sparse.DensityAllocator;
import dev.gradflow.model.sparse.Initializer;
import dev.gradflow.model.sparse.WeightShape;
import dev.gradflow.model.spec.Activation;
import dev.gradflow.model.spec.ArchitectureSpec;
import dev.gradflow.model.spec.ConvBlockSpec;
import dev.gradflow.model.spec.ConvBlockSpec.Pooling;
import dev.gradflow.model.spec.DatasetSpec;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.InitSpec;
import dev.gradflow.model.spec.LayerSpec;
import dev.gradflow.model.spec.OptimizerSpec;
import dev.gradflow.model.spec.SparsitySpec;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Convolutional networks: layout of masked kernels, exact sparsity, gradient flow against finite differences, ERK. */
class ConvNetTest {
    static final int SIDE = 6, CLASSES = 3;

    static DatasetSplit images() {
        return new DatasetSplit(AugmentationTest.images("train", 48, SIDE, CLASSES, 1),
                AugmentationTest.images("test", 12, SIDE, CLASSES, 2), "x", "synthetic");
    }

    static ExperimentSpec spec(List<ConvBlockSpec> blocks, List<LayerSpec> head, OptimizerSpec opt, double density) {
        ExperimentSpec base = TinySpecs.spec(9, head, TinySpecs.uniform(density), opt, 8, 1, 2, 24);
        return base.withName("tiny-cnn").withDataset(DatasetSpec.of(DatasetSpec.DatasetId.FASHION_MNIST_SAMPLE))
                .withArchitecture(ArchitectureSpec.cnn(blocks, null, head));
    }

    /** conv1 (2 filters 3x3, same) + avg pool 2 -> 3x3x2; conv2 (3 filters 2x2, valid) -> 2x2x3; output. Smooth. */
    static ExperimentSpec smooth(OptimizerSpec opt) {
        return spec(List.of(new ConvBlockSpec(2, 3, 1, true, 0, Activation.TANH, false, Pooling.AVG, 2),
                new ConvBlockSpec(3, 2, 1, false, 0, Activation.SWISH, false, Pooling.NONE, null)), List.of(), opt, 0.5);
    }

    @Test
    void layersAreNamedAndKernelsAreMaskedInOutInKhKwOrder() {
        ExperimentSpec s = spec(List.of(new ConvBlockSpec(4, 3, 1, true, 0, Activation.RELU, true, Pooling.MAX, 2),
                        new ConvBlockSpec(5, 3, 1, false, 1, Activation.RELU, false, Pooling.AVG, 3)),
                List.of(LayerSpec.of(7, Activation.ELU)), TinySpecs.optimizer(OptimizerSpec.Type.SGD, 0.1, 0, 0, 0), 0.3);
        SparseNetwork n = NetworkFactory.build(s, new int[]{1, SIDE, SIDE}, CLASSES, 10);
        assertThat(n.layers()).extracting(WeightLayer::name).containsExactly("conv1", "conv2", "dense1", "output");
        assertThat(n.layers()).extracting(WeightLayer::kind).containsExactly("conv", "conv", "dense", "dense");
        WeightLayer conv2 = n.layers().get(1);
        assertThat(conv2.mask().shape().dims()).containsExactly(5, 4, 3, 3);
        assertThat(conv2.mask().shape().fanIn()).isEqualTo(4 * 9);
        assertThat(n.weights(conv2).shape()).containsExactly(5, 4, 3, 3);
        assertThat(n.weights(conv2).ordering()).isEqualTo('c');
        assertThat(FlatNorms.isFlat(n.weights(conv2))).isTrue();
        // 6x6 -> same conv -> max pool 2 -> 3x3 -> conv 3x3 padding 1 -> 3x3 -> avg pool 3 -> 1x1x5 -> dense1
        assertThat(n.layers().get(2).mask().shape().dims()).containsExactly(5, 7);
        // masked positions are 0 in the weights, in the kernel's own [out, in, kh, kw] order
        float[] w = n.weights(conv2).dup('c').data().asFloat();
        float[] m = conv2.mask().values();
        for (int i = 0; i < m.length; i++) assertThat(w[i] != 0f).isEqualTo(m[i] != 0f);
        // He init with fan-in = in * kh * kw
        assertThat(Initializer.std(InitSpec.defaults(), conv2.mask().shape(), 1.0)).isEqualTo(Math.sqrt(2.0 / 36));
    }

    @ParameterizedTest
    @EnumSource(value = OptimizerSpec.Type.class, names = {"ADAM", "MOMENTUM", "NESTEROV"})
    void maskedKernelsAndTheirOptimizerStateStayExactlyZero(OptimizerSpec.Type type) {
        ExperimentSpec s = spec(List.of(new ConvBlockSpec(4, 3, 1, true, 0, Activation.RELU, true, Pooling.MAX, 2),
                        new ConvBlockSpec(4, 2, 1, true, 0, Activation.ELU, false, Pooling.NONE, null)),
                List.of(LayerSpec.of(6, Activation.PRELU)), TinySpecs.optimizer(type, 0.01, 0.9, 1e-3, 0), 0.3);
        Trainer t = new Trainer(s, images());
        SparseNetwork n = t.buildNetwork();
        var outcome = t.run(n, new TrainingObserver() { }, () -> false, true);
        assertThat(outcome.status()).isEqualTo(RunStatus.FINISHED);
        MultiLayerNetwork net = n.net();
        int checked = Exactness.assertMaskedWeightsAndStateZero(n, (MultiLayerUpdater) net.getUpdater(),
                layer -> String.valueOf(Arrays.asList(net.getLayers()).indexOf(layer)));
        assertThat(checked).isGreaterThanOrEqualTo(n.layers().size());
    }

    @Test
    void gradientFlowOfAConvNetMatchesFiniteDifferencesOfTheMeanLoss() {
        ExperimentSpec s = smooth(TinySpecs.optimizer(OptimizerSpec.Type.SGD, 0.05, 0, 0, 0));
        DatasetSplit data = images();
        Trainer trainer = new Trainer(s, data);
        SparseNetwork n = trainer.buildNetwork();
        Dataset d = data.train();
        int[] all = Batches.identity(d.size());
        INDArray x = Batches.features(d, all, 0, d.size()), y = Batches.labels(d, all, 0, d.size());
        List<LayerStats> fd = finiteDifferenceStats(n, x, y);
        assertStatsClose(Trainer.gradientStats(n, x, y, d.size()).stats(), fd);

        // the per-step record (listener, fused norms over the conv views) on the first minibatch
        int[] order = Trainer.Subsets.permutation(d.size(), NetworkFactory.stream(s.seed(), "shuffle", 0));
        int batch = s.training().batchSize();
        List<LayerStats> fdBatch = finiteDifferenceStats(n, Batches.features(d, order, 0, batch), Batches.labels(d, order, 0, batch));
        TinySpecs.Recorder rec = new TinySpecs.Recorder();
        trainer.run(n, rec, () -> false, true);
        StepRecord first = rec.steps.get(0);
        assertStatsClose(first.layers(), fdBatch);
    }

    /** Central differences of the mean loss in double precision over every weight (masked ones included). */
    static List<LayerStats> finiteDifferenceStats(SparseNetwork n, INDArray x, INDArray y) {
        MultiLayerNetwork dn = n.net().convertDataType(DataType.DOUBLE);
        DataSet ds = new DataSet(x.castTo(DataType.DOUBLE), y.castTo(DataType.DOUBLE));
        return finiteDifferenceStats(n.layers(), dn::getParam, () -> dn.score(ds, true));
    }

    /**
     * Per-layer L1/L2 norms, over all and over active weights, of the central-difference gradient of {@code loss}
     * with respect to every weight, read and nudged through {@code param} (a double-precision network's parameters).
     */
    static List<LayerStats> finiteDifferenceStats(List<WeightLayer> layers, java.util.function.Function<String, INDArray> param,
                                                  java.util.function.DoubleSupplier loss) {
        List<LayerStats> out = new java.util.ArrayList<>();
        double h = 1e-5;
        for (WeightLayer l : layers) {
            INDArray w = param.apply(l.weightKey());
            long[] dims = l.mask().shape().dims();
            float[] mask = l.mask().values();
            double l1 = 0, l2 = 0, l1a = 0, l2a = 0;
            for (int k = 0; k < mask.length; k++) {
                long[] idx = rowMajorIndex(k, dims);
                double orig = w.getDouble(idx);
                w.putScalar(idx, orig + h);
                double up = loss.getAsDouble();
                w.putScalar(idx, orig - h);
                double down = loss.getAsDouble();
                w.putScalar(idx, orig);
                double g = (up - down) / (2 * h);
                l1 += Math.abs(g);
                l2 += g * g;
                if (mask[k] != 0f) {
                    l1a += Math.abs(g);
                    l2a += g * g;
                }
            }
            out.add(new LayerStats(l.index(), l.name(), l1, Math.sqrt(l2), l1a, Math.sqrt(l2a), l.mask().count(),
                    l.mask().active(), Double.NaN, Double.NaN));
        }
        return out;
    }

    static long[] rowMajorIndex(int k, long[] dims) {
        long[] idx = new long[dims.length];
        long rest = k;
        for (int d = dims.length - 1; d >= 0; d--) {
            idx[d] = rest % dims[d];
            rest /= dims[d];
        }
        return idx;
    }

    static void assertStatsClose(List<LayerStats> actual, List<LayerStats> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        double rel = 2e-3;
        for (int i = 0; i < expected.size(); i++) {
            LayerStats a = actual.get(i), e = expected.get(i);
            assertThat(a.name()).isEqualTo(e.name());
            assertThat(a.l1All()).as("%s l1All", e.name()).isCloseTo(e.l1All(), within(rel * e.l1All()));
            assertThat(a.l2All()).as("%s l2All", e.name()).isCloseTo(e.l2All(), within(rel * e.l2All()));
            assertThat(a.l1Active()).as("%s l1Active", e.name()).isCloseTo(e.l1Active(), within(rel * e.l1Active()));
            assertThat(a.l2Active()).as("%s l2Active", e.name()).isCloseTo(e.l2Active(), within(rel * e.l2Active()));
            assertThat(e.l1Active()).as("%s: masked gradients are not zero", e.name()).isLessThan(e.l1All());
        }
    }

    @Test
    void erkAccountsForKernelSize() {
        WeightShape conv = new WeightShape("conv1", 3 * 9, 16 * 9, new long[]{16, 3, 3, 3});
        WeightShape conv2 = new WeightShape("conv2", 16 * 9, 32 * 9, new long[]{32, 16, 3, 3});
        WeightShape dense = WeightShape.dense("output", 512, 10);
        List<WeightShape> shapes = List.of(conv, conv2, dense);
        double[] d = DensityAllocator.allocate(SparsitySpec.of(0.2, SparsitySpec.Distribution.ERK), shapes);
        // density proportional to (out + in + kh + kw) / (out * in * kh * kw): the kernel dims count
        double s1 = (16 + 3 + 3 + 3) / (16.0 * 3 * 9), s2 = (32 + 16 + 3 + 3) / (32.0 * 16 * 9), s3 = (512 + 10) / (512.0 * 10);
        assertThat(d[0] / d[1]).isCloseTo(s1 / s2, within(1e-9));
        assertThat(d[1] / d[2]).isCloseTo(s2 / s3, within(1e-9));
        assertThat(Arrays.stream(d).max().getAsDouble()).isLessThan(1.0);
        double total = 0.2 * (conv.count() + conv2.count() + dense.count());
        assertThat(d[0] * conv.count() + d[1] * conv2.count() + d[2] * dense.count()).isCloseTo(total, within(1e-6));
    }
}
