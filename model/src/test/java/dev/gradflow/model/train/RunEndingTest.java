package dev.gradflow.model.train;

import dev.gradflow.model.data.DatasetSplit;
import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.metrics.StepRecord;
import dev.gradflow.model.spec.Activation;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.LayerSpec;
import dev.gradflow.model.spec.OptimizerSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** How a run ends other than by finishing: divergence and cancellation. */
class RunEndingTest {
    @Test
    void hugeLearningRateOnUnnormalizedDataEndsDivergedNamingTheStep() {
        ExperimentSpec spec = TinySpecs.spec(2, List.of(LayerSpec.of(16, Activation.RELU)), TinySpecs.uniform(0.5),
                TinySpecs.optimizer(OptimizerSpec.Type.SGD, 10.0, 0.0, 0, 0), 16, 5, 2, 16);
        DatasetSplit data = TinySpecs.split(160, 16, 10, 3, 1000.0, 3);
        TinySpecs.Recorder rec = new TinySpecs.Recorder();

        TrainingOutcome outcome = new Trainer(spec, data).run(rec, () -> false);

        assertThat(outcome.status()).isEqualTo(RunStatus.DIVERGED);
        assertThat(outcome.steps()).isPositive().isLessThan(50);
        assertThat(outcome.message()).contains("at step " + outcome.steps());
        assertThat(rec.steps).extracting(StepRecord::step)
                .containsExactlyElementsOf(LongStream.range(0, outcome.steps()).boxed().toList());
        assertThat(rec.steps).allMatch(s -> Double.isFinite(s.loss()));
    }

    @Test
    void cancellationAfterKStepsEndsCancelledAfterExactlyKSteps() {
        int k = 5;
        ExperimentSpec spec = TinySpecs.spec(2, List.of(LayerSpec.of(8, Activation.RELU)), TinySpecs.uniform(0.5),
                TinySpecs.optimizer(OptimizerSpec.Type.SGD, 0.1, 0.0, 0, 0), 8, 3, 2, 16);
        DatasetSplit data = TinySpecs.split(64, 16, 6, 3, 1.0, 3);
        TinySpecs.Recorder rec = new TinySpecs.Recorder();

        TrainingOutcome outcome = new Trainer(spec, data).run(rec, () -> rec.progressCalls >= k);

        assertThat(outcome.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(outcome.steps()).isEqualTo(k);
        assertThat(outcome.message()).contains("cancelled after " + k + " of 24 steps");
        assertThat(rec.steps).hasSize(k);
        assertThat(rec.progressCalls).isEqualTo(k);
    }
}
