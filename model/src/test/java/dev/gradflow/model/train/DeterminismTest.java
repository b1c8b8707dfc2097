package dev.gradflow.model.train;

import dev.gradflow.model.data.DatasetSplit;
import dev.gradflow.model.metrics.EpochRecord;
import dev.gradflow.model.spec.Activation;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.LayerSpec;
import dev.gradflow.model.spec.OptimizerSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DeterminismTest {
    private static final DatasetSplit DATA = TinySpecs.split(96, 24, 8, 3, 1.0, 21);

    private static ExperimentSpec spec(long seed) {
        return TinySpecs.spec(seed, List.of(new LayerSpec(12, Activation.RELU, true, 0.2), LayerSpec.of(10, Activation.TANH)),
                TinySpecs.uniform(0.4), TinySpecs.optimizer(OptimizerSpec.Type.ADAM, 0.01, 0.9, 0, 0), 16, 2, 4, 32);
    }

    private static TinySpecs.Recorder run(ExperimentSpec spec) {
        TinySpecs.Recorder rec = new TinySpecs.Recorder();
        new Trainer(spec, DATA).run(rec, () -> false);
        return rec;
    }

    /** Epoch records minus wall time, which legitimately differs. */
    private static List<EpochRecord> withoutTime(List<EpochRecord> epochs) {
        return epochs.stream().map(e -> new EpochRecord(e.epoch(), e.step(), e.trainLoss(), e.trainAccuracy(),
                e.testLoss(), e.testAccuracy(), 0)).toList();
    }

    @Test
    void sameSpecAndSeedGiveIdenticalRecordsValueForValue() {
        TinySpecs.Recorder a = run(spec(5));
        TinySpecs.Recorder b = run(spec(5));
        assertThat(a.steps).hasSize(12);
        assertThat(a.evals).hasSize(4);
        assertThat(a.epochs).hasSize(2);
        assertThat(b.steps).isEqualTo(a.steps);
        assertThat(b.evals).isEqualTo(a.evals);
        assertThat(withoutTime(b.epochs)).isEqualTo(withoutTime(a.epochs));
    }

    @Test
    void differentSeedsDrawDifferentMasks() {
        SparseNetwork one = new Trainer(spec(5), DATA).buildNetwork();
        SparseNetwork same = new Trainer(spec(5), DATA).buildNetwork();
        SparseNetwork other = new Trainer(spec(6), DATA).buildNetwork();
        for (int i = 0; i < one.layers().size(); i++) {
            assertThat(same.layers().get(i).mask().values()).isEqualTo(one.layers().get(i).mask().values());
            assertThat(other.layers().get(i).mask().values()).isNotEqualTo(one.layers().get(i).mask().values());
            assertThat(other.layers().get(i).mask().active()).isEqualTo(one.layers().get(i).mask().active());
        }
    }
}
