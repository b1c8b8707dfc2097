package dev.gradflow.app.runs;

import dev.gradflow.app.design.Presets;
import dev.gradflow.app.task.CurrentThreadTaskExecutor;
import dev.gradflow.app.task.Notifier;
import dev.gradflow.model.metrics.NetworkFlow;
import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.metrics.StepRecord;
import dev.gradflow.model.run.RunResult;
import dev.gradflow.model.train.TrainingOutcome;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TrainingQueueTest {
    private final List<String> notes = new ArrayList<>();
    private final Notifier notifier = (k, t, x) -> notes.add(k + " " + t);

    private TrainingQueue queue(TrainingQueue.Runner runner) {
        return new TrainingQueue(runner, Runnable::run, new CurrentThreadTaskExecutor(), notifier);
    }

    @Test
    void finishedRunReportsProgressRunIdAndNotifies() {
        TrainingQueue q = queue((spec, obs, cancelled) -> {
            for (int i = 1; i <= 10; i++) {
                obs.step(new StepRecord(i - 1, 0, 1.0 / i, 0.01, new NetworkFlow(1, 1, 1, 1, 1, 1), List.of()));
                obs.progress(i, 10, 1.0 / i, 100);
            }
            return new RunResult(7, new TrainingOutcome(RunStatus.FINISHED, "", 10, 0.9, 0.3, 1));
        });
        RunJob job = q.submit(Presets.tinySpirals());
        assertThat(job.state()).isEqualTo(RunJob.State.FINISHED);
        assertThat(job.progressProperty().get()).isEqualTo(1.0);
        assertThat(job.runIdProperty().get()).isEqualTo(7);
        assertThat(job.live().drainSteps()).hasSize(10);
        assertThat(q.isBusy()).isFalse();
        assertThat(notes).containsExactly("INFO Run finished");
    }

    @Test
    void cancellingStopsTheRunnerThroughTheSupplier() {
        List<Runnable> later = new ArrayList<>();
        RunJob[] job = new RunJob[1];
        boolean[] seenCancelled = {false};
        TrainingQueue q = new TrainingQueue((spec, obs, cancelled) -> {
            assertThat(cancelled.getAsBoolean()).isFalse();
            job[0].cancel();
            seenCancelled[0] = cancelled.getAsBoolean();
            return new RunResult(3, new TrainingOutcome(RunStatus.CANCELLED, "cancelled at step 4", 4, Double.NaN, Double.NaN, 1));
        }, later::add, new CurrentThreadTaskExecutor(), notifier);
        job[0] = q.submit(Presets.tinySpirals());
        later.forEach(Runnable::run);
        assertThat(seenCancelled[0]).isTrue();
        assertThat(job[0].state()).isEqualTo(RunJob.State.CANCELLED);
        assertThat(job[0].runIdProperty().get()).isEqualTo(3);
        assertThat(notes).containsExactly("INFO Run cancelled");
    }

    @Test
    void aFailingRunIsReportedAsFailedWithItsMessage() {
        TrainingQueue q = queue((spec, obs, cancelled) -> { throw new IllegalStateException("out of memory"); });
        RunJob job = q.submit(Presets.tinySpirals());
        assertThat(job.state()).isEqualTo(RunJob.State.FAILED);
        assertThat(job.messageProperty().get()).isEqualTo("out of memory");
        assertThat(notes).containsExactly("ERROR Run failed");
    }

    @Test
    void divergedRunWarns() {
        TrainingQueue q = queue((spec, obs, cancelled) ->
                new RunResult(1, new TrainingOutcome(RunStatus.DIVERGED, "loss is NaN at step 3", 3, Double.NaN, Double.NaN, 1)));
        assertThat(q.submit(Presets.tinySpirals()).state()).isEqualTo(RunJob.State.DIVERGED);
        assertThat(notes).containsExactly("WARNING Run diverged");
    }

    @Test
    void jobCancelledBeforeItStartsNeverRuns() {
        List<Runnable> later = new ArrayList<>();
        int[] ran = {0};
        TrainingQueue q = new TrainingQueue((s, o, c) -> { ran[0]++; return null; }, later::add,
                new CurrentThreadTaskExecutor(), notifier);
        RunJob job = q.submit(Presets.tinySpirals());
        q.cancel(job);
        later.forEach(Runnable::run);
        assertThat(ran[0]).isZero();
        assertThat(job.state()).isEqualTo(RunJob.State.CANCELLED);
    }

    @Test
    void durationsAreFormattedAsMinutesAndSeconds() {
        assertThat(TrainingQueue.formatDuration(75)).isEqualTo("1:15");
        assertThat(TrainingQueue.formatDuration(3700)).isEqualTo("1h01m");
    }
}
