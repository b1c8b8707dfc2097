package dev.gradflow.model.train;

import dev.gradflow.model.data.Dataset;
import dev.gradflow.model.data.DatasetSplit;
import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.metrics.StepRecord;
import dev.gradflow.model.spec.Activation;
import dev.gradflow.model.spec.ArchitectureSpec;
import dev.gradflow.model.spec.DatasetSpec;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.OptimizerSpec;
import dev.gradflow.model.spec.SpecIO;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Residual CNNs (Wide-ResNet-style) on a ComputationGraph: layout and names, exact sparsity, gradient flow. */
class ResidualCnnTest {
    static final int CLASSES = 3;

    static ExperimentSpec spec(ArchitectureSpec arch, OptimizerSpec opt, double density) {
        ExperimentSpec base = TinySpecs.spec(9, List.of(), TinySpecs.uniform(density), opt, 8, 1, 2, 24);
        return base.withName("tiny-resnet").withDataset(DatasetSpec.of(DatasetSpec.DatasetId.FASHION_MNIST_SAMPLE))
                .withArchitecture(arch);
    }

    static DatasetSplit images(int side, int n) {
        return new DatasetSplit(AugmentationTest.images("train", n, side, CLASSES, 1),
                AugmentationTest.images("test", 12, side, CLASSES, 2), "x", "synthetic");
    }

    @Test
    void layoutNamesAndProjections() {
        ArchitectureSpec arch = ArchitectureSpec.residualCnn(2, 2, 4, 2, Activation.RELU);
        ExperimentSpec s = spec(arch, TinySpecs.optimizer(OptimizerSpec.Type.SGD, 0.1, 0, 0, 0), 0.5);
        assertThat(SpecIO.parse(SpecIO.toJson(s), "t")).isEqualTo(s);
        assertThat(arch.weightLayers()).isEqualTo(12);
        SparseNetwork n = NetworkFactory.build(s, new int[]{1, 6, 6}, CLASSES, 10);
        assertThat(n.isGraph()).isTrue();
        assertThat(n.layers()).extracting(WeightLayer::name).containsExactly("stem", "s1b1conv1", "s1b1conv2", "s1b1proj",
                "s1b2conv1", "s1b2conv2", "s2b1conv1", "s2b1conv2", "s2b1proj", "s2b2conv1", "s2b2conv2", "output");
        assertThat(n.layers()).extracting(WeightLayer::kind).containsExactly("conv", "conv", "conv", "projection",
                "conv", "conv", "conv", "conv", "projection", "conv", "conv", "dense");
        assertThat(n.layers().get(0).mask().shape().dims()).containsExactly(4, 1, 3, 3);
        assertThat(n.layers().get(3).mask().shape().dims()).containsExactly(8, 4, 1, 1);
        assertThat(n.layers().get(8).mask().shape().dims()).containsExactly(16, 8, 1, 1);
        assertThat(n.layers().get(9).mask().shape().dims()).containsExactly(16, 16, 3, 3);
        assertThat(n.layers().get(11).mask().shape().dims()).containsExactly(16, CLASSES);
        assertThat(n.layers().get(1).mask().shape().fanIn()).isEqualTo(4 * 9);
        assertThat(n.layers()).allMatch(l -> l.mask().active() < l.mask().count() || l.mask().count() < 2);
        for (WeightLayer l : n.layers()) {
            float[] w = n.weights(l).dup('c').data().asFloat();
            float[] m = l.mask().values();
            for (int i = 0; i < m.length; i++) assertThat(w[i] != 0f).as(l.name()).isEqualTo(m[i] != 0f);
        }
        // shapes through the graph: stride 2 at the start of stage 2 (6x6 -> 3x3), identity skip in s1b2
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 36);
        var acts = n.graph().feedForward(x, false);
        assertThat(acts.get("s1b2add").shape()).containsExactly(2, 8, 6, 6);
        assertThat(acts.get("s2b1add").shape()).containsExactly(2, 16, 3, 3);
        INDArray expected = acts.get("s1b2conv2").add(acts.get("s1b1add"));
        assertThat(acts.get("s1b2add").sub(expected).amaxNumber().doubleValue()).isLessThan(1e-6);
        INDArray proj = acts.get("s2b1proj");
        assertThat(acts.get("s2b1add").sub(acts.get("s2b1conv2").add(proj)).amaxNumber().doubleValue()).isLessThan(1e-6);
        assertThat(acts.get("output").shape()).containsExactly(2, CLASSES);
    }

    @Test
    void maskedKernelsAndOptimizerStateStayExactlyZeroWithPReLU() {
        ExperimentSpec s = spec(ArchitectureSpec.residualCnn(2, 1, 3, 2, Activation.PRELU),
                TinySpecs.optimizer(OptimizerSpec.Type.ADAM, 0.01, 0.9, 1e-3, 0), 0.4);
        Trainer t = new Trainer(s, images(6, 32));
        SparseNetwork n = t.buildNetwork();
        assertThat(t.run(n, new TrainingObserver() { }, () -> false, true).status()).isEqualTo(RunStatus.FINISHED);
        assertThat(n.param("s1b1act1_alpha").length()).isEqualTo(3);
        assertThat(n.param("s1b1act1_alpha").getDouble(0)).isNotEqualTo(NetworkFactory.PRELU_INITIAL_SLOPE);
        int checked = Exactness.assertMaskedWeightsAndStateZero(n, n.updater(), n::keyPrefix);
        assertThat(checked).isGreaterThanOrEqualTo(n.layers().size());
    }

    @Test
    void gradientFlowMatchesFiniteDifferencesOnATinyInstance() {
        // 1 stage x 1 block, 2 stem channels widened to 4 (so s1b1proj exists), 8x8 input; smooth activation.
        // Small on purpose: the finite differences cost two forward passes per weight (254 weights).
        ExperimentSpec s = spec(ArchitectureSpec.residualCnn(1, 1, 2, 2, Activation.SWISH),
                TinySpecs.optimizer(OptimizerSpec.Type.SGD, 0.05, 0, 0, 0), 0.5);
        DatasetSplit data = images(8, 16);
        Trainer trainer = new Trainer(s, data);
        SparseNetwork n = trainer.buildNetwork();
        assertThat(n.layers()).extracting(WeightLayer::name).containsExactly("stem", "s1b1conv1", "s1b1conv2", "s1b1proj", "output");
        Dataset d = data.train();
        int[] all = Batches.identity(d.size());
        INDArray x = Batches.features(d, all, 0, d.size()), y = Batches.labels(d, all, 0, d.size());
        ConvNetTest.assertStatsClose(Trainer.gradientStats(n, x, y, d.size()).stats(), ResidualMlpTest.fd(n, x, y));

        // the listener's per-step record on the first minibatch
        int[] order = Trainer.Subsets.permutation(d.size(), NetworkFactory.stream(s.seed(), "shuffle", 0));
        int batch = s.training().batchSize();
        var fdBatch = ResidualMlpTest.fd(n, Batches.features(d, order, 0, batch), Batches.labels(d, order, 0, batch));
        TinySpecs.Recorder rec = new TinySpecs.Recorder();
        trainer.run(n, rec, () -> false, true);
        StepRecord first = rec.steps.get(0);
        ConvNetTest.assertStatsClose(first.layers(), fdBatch);
    }
}
