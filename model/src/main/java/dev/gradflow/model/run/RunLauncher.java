package dev.gradflow.model.run;

import dev.gradflow.model.data.DatasetLoader;
import dev.gradflow.model.data.DatasetSplit;
import dev.gradflow.model.metrics.EpochRecord;
import dev.gradflow.model.metrics.EvalPoint;
import dev.gradflow.model.metrics.MaskEvent;
import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.metrics.Snapshot;
import dev.gradflow.model.metrics.StepRecord;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.LayerSpec;
import dev.gradflow.model.spec.SpecIO;
import dev.gradflow.model.store.MetricsWriter;
import dev.gradflow.model.store.NewRun;
import dev.gradflow.model.store.RunStore;
import dev.gradflow.model.train.SparseNetwork;
import dev.gradflow.model.train.Trainer;
import dev.gradflow.model.train.TrainingObserver;
import dev.gradflow.model.train.TrainingOutcome;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import dev.gradflow.model.spec.SpecException;

/**
 * Runs an experiment end to end: loads the data (failing before anything is stored if it cannot), records the run
 * with its provenance, trains while a {@link MetricsWriter} stores metrics off the training thread, and records how
 * the run ended (finished, cancelled, diverged, or failed with the error's message). Blocking: call it off any UI
 * thread. The extra observer sees everything as it happens (progress bars, live charts).
 */
public final class RunLauncher {
    private final RunStore store;
    private final List<Path> dataDirs;

    public RunLauncher(RunStore store, List<Path> dataDirs) {
        this.store = store;
        this.dataDirs = List.copyOf(dataDirs);
    }

    /** Loads the spec's dataset; throws {@link dev.gradflow.model.data.DataException} with a clear message. */
    public DatasetSplit loadData(ExperimentSpec spec) {
        return DatasetLoader.load(spec.dataset(), spec.seed(), dataDirs);
    }

    public RunResult run(ExperimentSpec spec, TrainingObserver observer, BooleanSupplier cancelled) {
        return run(spec, loadData(spec), observer, cancelled);
    }

    public RunResult run(ExperimentSpec spec, DatasetSplit data, TrainingObserver observer, BooleanSupplier cancelled) {
        checkAgainstData(spec, data);
        Trainer trainer = new Trainer(spec, data);
        SparseNetwork network = trainer.buildNetwork();
        String hash = SpecIO.hash(spec);
        java.util.Map<String, String> provenance = new java.util.LinkedHashMap<>(Provenance.collect(data, spec.seed(), hash));
        provenance.put("kernels", network.kernels()); // the kernel mode actually used (training.kernels asks for one)
        long runId = store.createRun(new NewRun(spec.name(), SpecIO.toJson(spec), hash, spec.dataset().id().id(),
                spec.optimizer().type().id(), activationOf(spec), network.density(), spec.seed(),
                provenance, network.layerInfo()));
        MetricsWriter writer = store.writer(runId);
        TrainingOutcome outcome;
        try {
            outcome = trainer.run(network, new Tee(writer, observer), cancelled, true);
        } catch (RuntimeException | Error e) {
            closeQuietly(writer);
            store.finish(runId, RunStatus.FAILED, String.valueOf(e.getMessage() != null ? e.getMessage() : e));
            throw e;
        }
        writer.close();
        store.finish(runId, outcome.status(), outcome.message());
        return new RunResult(runId, outcome);
    }

    /**
     * The spec's rules with the loaded data's real example shape and class count (an {@code idx} folder's image size
     * is known only now): a spec the data cannot train fails here, before anything is built or stored.
     *
     * @throws dev.gradflow.model.spec.SpecException listing the problems
     */
    public static void checkAgainstData(ExperimentSpec spec, DatasetSplit data) {
        var problems = SpecIO.problems(spec, data.train().shape(), data.train().numClasses(),
                "the loaded data (" + data.source() + ")");
        if (!problems.isEmpty()) throw new SpecException(spec.name(), problems);
    }

    private static void closeQuietly(MetricsWriter writer) {
        try {
            writer.close();
        } catch (RuntimeException ignored) {
            // the training error is the one to report
        }
    }

    static String activationOf(ExperimentSpec spec) {
        List<String> ids = spec.architecture().layers().stream().map(LayerSpec::activation).map(a -> a.id()).distinct().toList();
        return ids.isEmpty() ? "none" : ids.size() == 1 ? ids.get(0) : "mixed";
    }

    /** Sends every event to the store's writer and to the caller's observer. */
    private record Tee(MetricsWriter writer, TrainingObserver other) implements TrainingObserver {
        @Override public void started(SparseNetwork network, long totalSteps) { other.started(network, totalSteps); }
        @Override public void step(StepRecord r) { writer.step(r); other.step(r); }
        @Override public void eval(EvalPoint p) { writer.eval(p); other.eval(p); }
        @Override public void epoch(EpochRecord e) { writer.epoch(e); other.epoch(e); }
        @Override public void snapshot(Snapshot s) { writer.snapshot(s); other.snapshot(s); }
        @Override public void maskEvent(MaskEvent e) { writer.maskEvent(e); other.maskEvent(e); }
        @Override public void progress(long done, long total, double loss, double eps) { other.progress(done, total, loss, eps); }
    }
}
