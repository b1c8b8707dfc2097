package dev.gradflow.model.train;

import dev.gradflow.model.data.Dataset;
import dev.gradflow.model.data.DatasetSplit;
import dev.gradflow.model.metrics.LayerStats;
import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.metrics.StepRecord;
import dev.gradflow.model.spec.Activation;
import dev.gradflow.model.spec.ArchitectureSpec;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.LayerSpec;
import dev.gradflow.model.spec.OptimizerSpec;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Residual MLPs on a ComputationGraph: names, projections, exact sparsity and gradient flow like the MLP path. */
class ResidualMlpTest {
    static final int FEATURES = 6, CLASSES = 3;

    static ExperimentSpec spec(List<LayerSpec> layers, OptimizerSpec opt) {
        ExperimentSpec base = TinySpecs.spec(5, layers, TinySpecs.uniform(0.5), opt, 8, 1, 2, 24);
        return base.withName("tiny-residual").withArchitecture(ArchitectureSpec.of(ArchitectureSpec.Type.RESIDUAL_MLP, layers));
    }

    @Test
    void identitySkipsWhereWidthsMatchAndMaskedProjectionsWhereTheyDiffer() {
        ExperimentSpec s = spec(List.of(LayerSpec.of(8, Activation.RELU), LayerSpec.of(8, Activation.RELU),
                LayerSpec.of(5, Activation.RELU)), TinySpecs.optimizer(OptimizerSpec.Type.SGD, 0.1, 0, 0, 0));
        assertThat(s.architecture().weightLayers()).isEqualTo(5);
        SparseNetwork n = NetworkFactory.build(s, FEATURES, CLASSES, 10);
        assertThat(n.isGraph()).isTrue();
        assertThat(n.layers()).extracting(WeightLayer::name).containsExactly("dense1", "dense2", "dense3", "proj3", "output");
        assertThat(n.layers()).extracting(WeightLayer::weightKey).containsExactly("dense1_W", "dense2_W", "dense3_W", "proj3_W", "output_W");
        assertThat(n.layers().get(3).mask().shape().dims()).containsExactly(8, 5);
        assertThat(n.layers()).allMatch(l -> l.mask().active() < l.mask().count());
        // h2 = relu(W2 h1 + b2) + h1: check the graph's activations on one example
        INDArray x = org.nd4j.linalg.factory.Nd4j.rand(DataType.FLOAT, 1, FEATURES);
        var acts = n.graph().feedForward(x, false);
        INDArray h1 = acts.get("dense1"), h2 = acts.get("add2");
        INDArray expected = org.nd4j.linalg.ops.transforms.Transforms.relu(h1.mmul(n.param("dense2_W")).addRowVector(n.param("dense2_b"))).add(h1);
        assertThat(h2.sub(expected).amaxNumber().doubleValue()).isLessThan(1e-5);
    }

    @ParameterizedTest
    @EnumSource(value = OptimizerSpec.Type.class, names = {"ADAM", "MOMENTUM"})
    void maskedWeightsAndOptimizerStateStayExactlyZeroInTheGraph(OptimizerSpec.Type type) {
        ExperimentSpec s = spec(List.of(new LayerSpec(10, Activation.RELU, true, 0.0), LayerSpec.of(10, Activation.PRELU),
                new LayerSpec(7, Activation.SWISH, true, 0.0)), TinySpecs.optimizer(type, 0.01, 0.9, 1e-3, 0));
        DatasetSplit data = TinySpecs.split(64, 16, FEATURES, CLASSES, 1.0, 3);
        Trainer t = new Trainer(s, data);
        SparseNetwork n = t.buildNetwork();
        assertThat(t.run(n, new TrainingObserver() { }, () -> false, true).status()).isEqualTo(RunStatus.FINISHED);
        int checked = Exactness.assertMaskedWeightsAndStateZero(n, n.updater(), n::keyPrefix);
        assertThat(checked).isGreaterThanOrEqualTo(n.layers().size());
    }

    @Test
    void gradientFlowOfAResidualNetMatchesFiniteDifferences() {
        ExperimentSpec s = spec(List.of(LayerSpec.of(6, Activation.TANH), LayerSpec.of(6, Activation.SWISH),
                LayerSpec.of(4, Activation.TANH)), TinySpecs.optimizer(OptimizerSpec.Type.SGD, 0.05, 0, 0, 0));
        DatasetSplit data = TinySpecs.split(40, 12, FEATURES, CLASSES, 1.0, 5);
        Trainer trainer = new Trainer(s, data);
        SparseNetwork n = trainer.buildNetwork();
        Dataset d = data.train();
        int[] all = Batches.identity(d.size());
        INDArray x = Batches.features(d, all, 0, d.size()), y = Batches.labels(d, all, 0, d.size());
        ConvNetTest.assertStatsClose(Trainer.gradientStats(n, x, y, d.size()).stats(), fd(n, x, y));

        int[] order = Trainer.Subsets.permutation(d.size(), NetworkFactory.stream(s.seed(), "shuffle", 0));
        int batch = s.training().batchSize();
        List<LayerStats> fdBatch = fd(n, Batches.features(d, order, 0, batch), Batches.labels(d, order, 0, batch));
        TinySpecs.Recorder rec = new TinySpecs.Recorder();
        trainer.run(n, rec, () -> false, true);
        StepRecord first = rec.steps.get(0);
        ConvNetTest.assertStatsClose(first.layers(), fdBatch);
        assertThat(rec.evals).hasSize(2);
    }

    static List<LayerStats> fd(SparseNetwork n, INDArray x, INDArray y) {
        ComputationGraph dn = n.graph().convertDataType(DataType.DOUBLE);
        DataSet ds = new DataSet(x.castTo(DataType.DOUBLE), y.castTo(DataType.DOUBLE));
        return ConvNetTest.finiteDifferenceStats(n.layers(), dn::getParam, () -> dn.score(ds, true));
    }
}
