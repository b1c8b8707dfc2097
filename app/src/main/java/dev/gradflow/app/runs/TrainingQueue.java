package dev.gradflow.app.runs;

import dev.gradflow.app.task.Notifier;
import dev.gradflow.app.task.TaskExecutor;
import dev.gradflow.model.metrics.EpochRecord;
import dev.gradflow.model.metrics.EvalPoint;
import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.metrics.StepRecord;
import dev.gradflow.model.run.RunResult;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.Messages;
import dev.gradflow.model.train.SparseNetwork;
import dev.gradflow.model.train.TrainingObserver;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Runs training jobs one at a time on a dedicated executor (never the UI thread). Each job reports progress, ETA
 * and throughput at most every {@link #UI_INTERVAL_NANOS}; cancelling keeps what was measured (the engine records
 * the run as cancelled). The user is notified when a job ends.
 */
public final class TrainingQueue {
    /** Runs one spec; the app passes {@code RunLauncher::run}. */
    @FunctionalInterface
    public interface Runner {
        RunResult run(ExperimentSpec spec, TrainingObserver observer, BooleanSupplier cancelled);
    }

    static final long UI_INTERVAL_NANOS = 200_000_000L;

    private final Runner runner;
    private final Executor trainingThread;
    private final TaskExecutor tasks;
    private final Notifier notifier;
    private final ObservableList<RunJob> jobs = FXCollections.observableArrayList();
    private final ObjectProperty<RunJob> current = new SimpleObjectProperty<>();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private Consumer<RunJob> onJobDone = j -> { };
    private Consumer<RunJob> onJobStarted = j -> { };
    private int pending;

    public TrainingQueue(Runner runner, Executor trainingThread, TaskExecutor tasks, Notifier notifier) {
        this.runner = runner;
        this.trainingThread = trainingThread;
        this.tasks = tasks;
        this.notifier = notifier;
    }

    /** Queues a run of {@code spec}; call on the UI thread. */
    public RunJob submit(ExperimentSpec spec) {
        RunJob job = new RunJob(spec);
        jobs.add(0, job);
        pending++;
        busy.set(true);
        trainingThread.execute(() -> execute(job));
        return job;
    }

    public void cancel(RunJob job) {
        job.cancel();
        if (job.state() == RunJob.State.QUEUED) job.messageProperty().set("cancelling before start");
    }

    public void cancelAll() {
        jobs.forEach(RunJob::cancel);
    }

    /** Called on the UI thread after each job ends (for refreshing the runs table). */
    public void setOnJobDone(Consumer<RunJob> c) { onJobDone = c; }

    /** Called on the UI thread once a job's run is recorded in the store and training begins. */
    public void setOnJobStarted(Consumer<RunJob> c) { onJobStarted = c; }

    private void execute(RunJob job) {
        if (job.cancelRequested()) {
            tasks.ui(() -> finish(job, RunJob.State.CANCELLED, "cancelled before it started", -1));
            return;
        }
        tasks.ui(() -> {
            job.stateProperty().set(RunJob.State.RUNNING);
            job.messageProperty().set("loading data");
            current.set(job);
        });
        long start = System.nanoTime();
        Observer obs = new Observer(job, start);
        try {
            RunResult result = runner.run(job.spec(), obs, job::cancelRequested);
            obs.flush();
            RunStatus st = result.outcome().status();
            RunJob.State state = switch (st) {
                case FINISHED -> RunJob.State.FINISHED;
                case CANCELLED, INTERRUPTED -> RunJob.State.CANCELLED;
                case DIVERGED -> RunJob.State.DIVERGED;
                default -> RunJob.State.FAILED;
            };
            String msg = result.outcome().message();
            tasks.ui(() -> finish(job, state, msg == null || msg.isBlank() ? st.dbName() : msg, result.runId()));
        } catch (RuntimeException | Error e) {
            String msg = e.getMessage() != null ? e.getMessage() : e.toString();
            tasks.ui(() -> finish(job, RunJob.State.FAILED, msg, job.runIdProperty().get()));
        }
    }

    private void finish(RunJob job, RunJob.State state, String message, long runId) {
        job.stateProperty().set(state);
        job.messageProperty().set(message);
        if (runId >= 0) job.runIdProperty().set(runId);
        if (state == RunJob.State.FINISHED) job.progressProperty().set(1);
        job.etaProperty().set("");
        if (current.get() == job) current.set(null);
        pending--;
        busy.set(pending > 0);
        switch (state) {
            case FINISHED -> notifier.notify(Notifier.Kind.INFO, "Run finished", Messages.printable(job.name()) + ": " + message);
            case CANCELLED -> notifier.notify(Notifier.Kind.INFO, "Run cancelled", Messages.printable(job.name()) + ": measurements so far are kept");
            case DIVERGED -> notifier.notify(Notifier.Kind.WARNING, "Run diverged", Messages.printable(job.name()) + ": " + message);
            case FAILED -> notifier.notify(Notifier.Kind.ERROR, "Run failed", job.name() + ": " + message);
            default -> { }
        }
        onJobDone.accept(job);
    }

    /** Forwards metrics to the job's live buffer and throttles progress updates to the UI. */
    private final class Observer implements TrainingObserver {
        private final RunJob job;
        private final long start;
        private long lastUi;
        private volatile long done, total;
        private volatile double loss, eps;

        Observer(RunJob job, long start) {
            this.job = job;
            this.start = start;
        }

        @Override public void started(SparseNetwork network, long totalSteps) {
            total = totalSteps;
            tasks.ui(() -> {
                job.messageProperty().set("training");
                onJobStarted.accept(job);
            });
        }

        @Override public void step(StepRecord r) { job.live().add(r); }

        @Override public void eval(EvalPoint p) { job.live().add(p); }

        @Override public void epoch(EpochRecord e) { job.live().add(e); }

        @Override
        public void progress(long stepsDone, long totalSteps, double l, double examplesPerSecond) {
            done = stepsDone;
            total = totalSteps;
            loss = l;
            eps = examplesPerSecond;
            long now = System.nanoTime();
            if (now - lastUi >= UI_INTERVAL_NANOS || stepsDone == totalSteps) {
                lastUi = now;
                flush();
            }
        }

        void flush() {
            long d = done, t = total;
            double l = loss, e = eps;
            double elapsed = (System.nanoTime() - start) / 1e9;
            tasks.ui(() -> {
                if (job.state().done()) return;
                job.progressProperty().set(t == 0 ? 0 : (double) d / t);
                job.throughputProperty().set(String.format(Locale.ROOT, "%.0f ex/s", e));
                job.etaProperty().set(d == 0 ? "" : formatDuration(elapsed * (t - d) / d));
                job.messageProperty().set(String.format(Locale.ROOT, "step %d / %d, loss %.4f", d, t, l));
            });
        }
    }

    static String formatDuration(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    public ObservableList<RunJob> jobs() { return jobs; }
    public ObjectProperty<RunJob> currentProperty() { return current; }
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }
    public boolean isBusy() { return busy.get(); }
}
