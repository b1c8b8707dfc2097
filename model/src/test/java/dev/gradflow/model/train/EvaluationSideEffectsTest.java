package dev.gradflow.model.train;

import dev.gradflow.model.data.Dataset;
import dev.gradflow.model.data.DatasetSplit;
import dev.gradflow.model.spec.Activation;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.LayerSpec;
import dev.gradflow.model.spec.OptimizerSpec;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Measuring gradient flow at an evaluation point must not change training. */
class EvaluationSideEffectsTest {
    @Test
    void gradientStatsLeaveParametersAndOptimizerStateUntouched() {
        ExperimentSpec spec = TinySpecs.spec(8, List.of(new LayerSpec(8, Activation.RELU, true, 0.3)), TinySpecs.uniform(0.5),
                TinySpecs.optimizer(OptimizerSpec.Type.ADAM, 0.01, 0.9, 0, 0), 16, 1, 1, 16);
        DatasetSplit data = TinySpecs.split(32, 8, 6, 3, 1.0, 2);
        SparseNetwork network = new Trainer(spec, data).buildNetwork();
        MultiLayerNetwork net = network.net();
        Dataset d = data.train();
        int[] all = Batches.identity(d.size());
        INDArray x = Batches.features(d, all, 0, d.size());
        INDArray y = Batches.labels(d, all, 0, d.size());
        net.fit(new DataSet(x, y));
        net.fit(new DataSet(x, y));
        var updater = net.getUpdater();
        INDArray state = updater.getStateViewArray().dup();
        INDArray params = net.params().dup();
        assertThat(state.neq(0).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().intValue()).isPositive();

        Trainer.gradientStats(network, x, y, d.size());

        assertThat(net.getUpdater()).as("the same updater (DL4J's clear() would drop it)").isSameAs(updater);
        assertThat(net.getUpdater().getStateViewArray()).isEqualTo(state);
        assertThat(net.params()).isEqualTo(params);
        assertThat(net.getLayer(0).conf().getLayer().getIDropout()).isNull(); // the first layer has no input dropout
        assertThat(net.getLayer(net.getnLayers() - 1).conf().getLayer().getIDropout()).as("dropout restored").isNotNull();
    }
}
