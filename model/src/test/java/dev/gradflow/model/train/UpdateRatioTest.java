package dev.gradflow.model.train;

import dev.gradflow.model.data.DatasetSplit;
import dev.gradflow.model.metrics.LayerStats;
import dev.gradflow.model.spec.Activation;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.LayerSpec;
import dev.gradflow.model.spec.OptimizerSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class UpdateRatioTest {
    @ParameterizedTest
    @EnumSource(value = OptimizerSpec.Type.class, names = {"SGD", "MOMENTUM", "ADAMW"})
    void updateRatioIsNormOfWeightChangeOverNormOfNewWeights(OptimizerSpec.Type type) {
        ExperimentSpec spec = TinySpecs.spec(4, List.of(LayerSpec.of(8, Activation.RELU)), TinySpecs.uniform(0.4),
                TinySpecs.optimizer(type, 0.05, 0.9, 1e-3, type == OptimizerSpec.Type.ADAMW ? 0.01 : 0.0), 16, 1, 1, 16);
        DatasetSplit data = TinySpecs.split(16, 8, 6, 3, 1.0, 9);
        Trainer trainer = new Trainer(spec, data);
        assertThat(trainer.totalSteps()).isEqualTo(1);
        SparseNetwork network = trainer.buildNetwork();
        List<float[]> before = new ArrayList<>();
        for (WeightLayer l : network.layers()) before.add(network.weights(l).dup('c').data().asFloat());

        TinySpecs.Recorder rec = new TinySpecs.Recorder();
        trainer.run(network, rec, () -> false, true);

        assertThat(rec.steps).hasSize(1);
        for (WeightLayer l : network.layers()) {
            float[] after = network.weights(l).dup('c').data().asFloat();
            float[] b = before.get(l.index());
            double diff = 0, norm = 0;
            for (int i = 0; i < after.length; i++) {
                diff += Math.pow((double) after[i] - b[i], 2);
                norm += (double) after[i] * after[i];
            }
            double expected = Math.sqrt(diff) / Math.sqrt(norm);
            LayerStats s = rec.steps.get(0).layers().get(l.index());
            assertThat(expected).isPositive();
            assertThat(s.weightL2()).as("%s ||W||", l.name()).isCloseTo(Math.sqrt(norm), within(1e-5 * Math.sqrt(norm)));
            assertThat(s.updateRatio()).as("%s update ratio", l.name()).isCloseTo(expected, within(1e-3 * expected));
        }
    }
}
