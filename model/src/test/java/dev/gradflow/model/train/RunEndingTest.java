package dev.gradflow.model.train;

import dev.gradflow.model.data.DatasetSplit;
import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.metrics.StepRecord;
import dev.gradflow.model.spec.Activation;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.LayerSpec;
import dev.gradflow.model.spec.DivergenceSpec;
import dev.gradflow.model.spec.OptimizerSpec;
import dev.gradflow.model.spec.TrainingSpec;
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
        long at = outcome.steps() - 1;    // the step that diverged is the last one done
        assertThat(outcome.message()).startsWith("diverged at step " + at + ": ");
        assertThat(rec.steps).extracting(StepRecord::step)
                .containsExactlyElementsOf(LongStream.rangeClosed(0, at).boxed().toList());
        assertThat(rec.steps.subList(0, (int) at)).allMatch(s -> Double.isFinite(s.loss()));
    }

    @Test
    void aStepZeroDivergenceNamesStepZeroAndRecordsTheStepAsNonFinite() {
        // the first forward pass is not finite
        ExperimentSpec spec = TinySpecs.spec(2, List.of(LayerSpec.of(16, Activation.RELU)), TinySpecs.uniform(0.5),
                TinySpecs.optimizer(OptimizerSpec.Type.SGD, 0.1, 0.0, 0, 0), 16, 5, 2, 16);
        DatasetSplit data = TinySpecs.split(160, 16, 10, 3, 1e39, 3);   // float overflow: inputs are infinite
        TinySpecs.Recorder rec = new TinySpecs.Recorder();

        TrainingOutcome outcome = new Trainer(spec, data).run(rec, () -> false);

        assertThat(outcome.status()).isEqualTo(RunStatus.DIVERGED);
        assertThat(outcome.message()).startsWith("diverged at step 0: ").doesNotContain("-1");
        assertThat(rec.steps).hasSize(1);
        StepRecord s = rec.steps.get(0);
        assertThat(Double.isFinite(s.loss()) && Double.isFinite(s.flow().gf2())).as(outcome.message() + " " + s).isFalse();
        assertThat(rec.snapshots).noneMatch(x -> x.label().equals("final"));
    }

    @Test
    void anExplodingGradientEndsTheRunAsDivergedWithTheReason() {
        ExperimentSpec base = TinySpecs.spec(2, List.of(LayerSpec.of(16, Activation.RELU)), TinySpecs.uniform(0.5),
                TinySpecs.optimizer(OptimizerSpec.Type.SGD, 0.1, 0.0, 0, 0), 16, 5, 2, 16);
        DatasetSplit data = TinySpecs.split(160, 16, 10, 3, 1.0, 3);
        // a bound below every real gradient norm: the rule fires on the first logged step
        ExperimentSpec tight = withDivergence(base, DivergenceSpec.defaults().withEnabled(true).withMaxGradientNorm(1e-12));
        TrainingOutcome o = new Trainer(tight, data).run(new TinySpecs.Recorder(), () -> false);
        assertThat(o.status()).isEqualTo(RunStatus.DIVERGED);
        assertThat(o.message()).startsWith("diverged at step 0: gradient norm gf2").contains("maxGradientNorm");
        // the same run with the rules off trains to the end
        ExperimentSpec off = withDivergence(base, DivergenceSpec.defaults().withEnabled(false).withMaxGradientNorm(1e-12));
        assertThat(new Trainer(off, data).run(new TinySpecs.Recorder(), () -> false).status()).isEqualTo(RunStatus.FINISHED);
        // and with the defaults too
        assertThat(new Trainer(base, data).run(new TinySpecs.Recorder(), () -> false).status()).isEqualTo(RunStatus.FINISHED);
    }

    static ExperimentSpec withDivergence(ExperimentSpec s, DivergenceSpec d) {
        return s.withTraining(s.training().withDivergence(d));
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
