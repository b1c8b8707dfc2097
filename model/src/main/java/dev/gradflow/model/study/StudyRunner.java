package dev.gradflow.model.study;

import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.run.RunLauncher;
import dev.gradflow.model.run.RunResult;
import dev.gradflow.model.spec.SpecIO;
import dev.gradflow.model.store.RunStore;
import dev.gradflow.model.train.TrainingObserver;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

/**
 * Runs a study plan into one store and links every run to the study. Resumable: a planned run whose spec hash
 * already has a finished (or diverged) run in the store is linked, not trained again.
 *
 * <p>{@code workers == 1}: runs one after the other in this JVM. {@code workers > 1}: that many separate JVMs
 * ({@code gradflow train SPEC --store FILE}, same classpath) train concurrently into the same store (SQLite WAL);
 * this process links each run when its JVM ends. Separate JVMs keep ND4J's native thread pools and memory apart.
 */
public final class StudyRunner {
    /** Events of a study run; called from the runner's threads. */
    public interface Listener {
        default void planned(StudyPlan plan, int alreadyDone) { }
        default void skipped(PlannedRun run, long runId) { }
        default void started(PlannedRun run) { }
        default void progress(PlannedRun run, long stepsDone, long totalSteps) { }
        default void finished(PlannedRun run, long runId, String status, double seconds) { }
        default void failed(PlannedRun run, String message) { }
    }

    public record Result(long studyId, int trained, int skipped, int failed, double seconds) {
    }

    private final Path store;
    private final List<Path> dataDirs;

    public StudyRunner(Path store, List<Path> dataDirs) {
        this.store = store;
        this.dataDirs = List.copyOf(dataDirs);
    }

    public Result run(StudyPlan plan, int workers, Listener listener, BooleanSupplier cancelled) {
        long t0 = System.nanoTime();
        try (StudyStore studies = StudyStore.open(store)) {
            long studyId = studies.ensureStudy(plan.file().name(), plan.file().kind(), plan.file().json());
            List<PlannedRun> todo = new ArrayList<>();
            int skipped = 0;
            for (PlannedRun r : plan.runs()) {
                var done = studies.doneRun(r.hash());
                if (done.isPresent()) {
                    studies.link(studyId, done.get(), r);
                    skipped++;
                } else {
                    todo.add(r);
                }
            }
            listener.planned(plan, skipped);
            for (PlannedRun r : plan.runs()) {
                studies.doneRun(r.hash()).ifPresent(id -> listener.skipped(r, id));
            }
            AtomicInteger trained = new AtomicInteger(), failed = new AtomicInteger();
            if (workers <= 1) inProcess(studies, studyId, todo, listener, cancelled, trained, failed);
            else inWorkers(studies, studyId, todo, workers, listener, cancelled, trained, failed);
            return new Result(studyId, trained.get(), skipped, failed.get(), (System.nanoTime() - t0) / 1e9);
        }
    }

    private void inProcess(StudyStore studies, long studyId, List<PlannedRun> todo, Listener listener,
                           BooleanSupplier cancelled, AtomicInteger trained, AtomicInteger failed) {
        try (RunStore runs = RunStore.open(store)) {
            RunLauncher launcher = new RunLauncher(runs, dataDirs);
            for (PlannedRun r : todo) {
                if (cancelled.getAsBoolean()) return;
                listener.started(r);
                long t = System.nanoTime();
                try {
                    RunResult result = launcher.run(r.spec(), new TrainingObserver() {
                        @Override
                        public void progress(long done, long total, double loss, double eps) {
                            listener.progress(r, done, total);
                        }
                    }, cancelled);
                    studies.link(studyId, result.runId(), r);
                    trained.incrementAndGet();
                    listener.finished(r, result.runId(), result.outcome().status().dbName(), (System.nanoTime() - t) / 1e9);
                } catch (RuntimeException e) {
                    failed.incrementAndGet();
                    studies.latestRun(r.hash()).ifPresent(id -> studies.link(studyId, id, r));
                    listener.failed(r, String.valueOf(e.getMessage()));
                }
            }
        }
    }

    private void inWorkers(StudyStore studies, long studyId, List<PlannedRun> todo, int workers, Listener listener,
                           BooleanSupplier cancelled, AtomicInteger trained, AtomicInteger failed) {
        ConcurrentLinkedQueue<PlannedRun> queue = new ConcurrentLinkedQueue<>(todo);
        Path tmp;
        try {
            tmp = Files.createTempDirectory("gradflow-study");
        } catch (IOException e) {
            throw new StudyException("cannot create a temporary folder for worker specs: " + e.getMessage());
        }
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            Thread th = new Thread(() -> {
                PlannedRun next;
                while ((next = queue.poll()) != null && !cancelled.getAsBoolean()) {
                    final PlannedRun r = next;
                    listener.started(r);
                    long t = System.nanoTime();
                    try {
                        Path spec = tmp.resolve(r.hash() + ".json");
                        SpecIO.write(r.spec(), spec);
                        Process p = workerProcess(spec, store, dataDirs, workers, tmp.resolve(r.hash() + ".log")).start();
                        while (!p.waitFor(500, TimeUnit.MILLISECONDS)) {
                            if (cancelled.getAsBoolean()) {
                                // SIGTERM: the child's shutdown hook stores the run as cancelled; give it time to
                                p.destroy();
                                if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
                            }
                        }
                        var id = studies.latestRun(r.hash());
                        id.ifPresent(i -> studies.link(studyId, i, r));
                        var done = studies.doneRun(r.hash());
                        if (done.isPresent()) {
                            trained.incrementAndGet();
                            listener.finished(r, done.get(), "finished", (System.nanoTime() - t) / 1e9);
                        } else {
                            failed.incrementAndGet();
                            listener.failed(r, "worker exited with status " + p.exitValue() + " (log: "
                                    + tmp.resolve(r.hash() + ".log") + ")");
                        }
                    } catch (IOException | RuntimeException e) {
                        failed.incrementAndGet();
                        listener.failed(r, String.valueOf(e.getMessage()));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }, "gradflow-study-worker-" + w);
            th.start();
            threads.add(th);
        }
        for (Thread th : threads) {
            try {
                th.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * The worker JVM for one run: {@code java -Xmx.. -cp <this classpath> GradflowCli train SPEC --store FILE}, with
     * {@code OMP_WAIT_POLICY=PASSIVE} and {@code OMP_NUM_THREADS=max(1, cores / workers)} unless already set (so N
     * workers do not each spin threads on every core), output to {@code log}.
     */
    public static ProcessBuilder workerProcess(Path spec, Path store, List<Path> dataDirs, int workers, Path log) {
        List<String> cmd = new ArrayList<>(List.of(javaCommand(), "-Xmx" + workerHeapMb(workers) + "m",
                "-cp", System.getProperty("java.class.path"),
                "dev.gradflow.model.cli.GradflowCli", "train", spec.toString(), "--store", store.toString()));
        for (Path d : dataDirs) cmd.addAll(List.of("--data-dir", d.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
        pb.environment().putIfAbsent("OMP_NUM_THREADS",
                String.valueOf(Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, workers))));
        return pb;
    }

    /**
     * Heap of one worker JVM in MB: system property {@code gradflow.worker.xmx} or environment variable
     * {@code GRADFLOW_WORKER_XMX} (MB) if set, else physical memory / (workers + 1) clamped to 512..4096 MB (ND4J's
     * arrays live off-heap, so the heap is not all a worker uses).
     */
    public static long workerHeapMb(int workers) {
        String set = System.getProperty("gradflow.worker.xmx", System.getenv("GRADFLOW_WORKER_XMX"));
        if (set != null && !set.isBlank()) {
            try {
                return Math.max(64, Long.parseLong(set.trim()));
            } catch (NumberFormatException e) {
                throw new StudyException("gradflow.worker.xmx / GRADFLOW_WORKER_XMX must be a number of MB, not " + set);
            }
        }
        long physical = 8L << 30;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
            physical = os.getTotalMemorySize();
        }
        return Math.max(512, Math.min(4096, physical / (Math.max(1, workers) + 1) >> 20));
    }

    static String javaCommand() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    @SuppressWarnings("unused")
    private static String pathSeparator() { return File.pathSeparator; }
}
