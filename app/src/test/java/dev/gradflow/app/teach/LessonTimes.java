package dev.gradflow.app.teach;

import dev.gradflow.model.run.RunLauncher;
import dev.gradflow.model.run.RunResult;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.store.RunStore;
import dev.gradflow.model.train.TrainingObserver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Not a test: trains every lesson's runs one after the other, as the workbench's queue does, into a fresh store and
 * prints each run's and each lesson's wall-clock time (after an untimed warm-up run) and the final test accuracy (docs/app.md, "Teach").
 * Run with the app's test class path and {@code OMP_WAIT_POLICY=PASSIVE}.
 */
public final class LessonTimes {
    public static void main(String[] args) throws Exception {
        Path store = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("lessons").resolve("runs.db");
        try (RunStore s = RunStore.open(store)) {
            RunLauncher launcher = new RunLauncher(s, List.of());
            // not timed: loads ND4J's natives and the data once, as the workbench does before its first run
            launcher.run(Lessons.tiny(Lessons.batchNorm().runs().get(0)).withName("warm-up"), new TrainingObserver() { },
                    () -> false);
            for (Lessons.Lesson lesson : Lessons.all()) {
                long start = System.nanoTime();
                StringBuilder runs = new StringBuilder();
                for (ExperimentSpec spec : lesson.runs()) {
                    long t0 = System.nanoTime();
                    RunResult r = launcher.run(spec, new TrainingObserver() { }, () -> false);
                    double acc = s.run(r.runId()).orElseThrow().finalTestAccuracy();
                    runs.append(String.format(Locale.ROOT, "  %s: %.1f s, test accuracy %.3f%n", spec.name(),
                            (System.nanoTime() - t0) / 1e9, acc));
                }
                System.out.printf(Locale.ROOT, "%s: %.1f s%n%s", lesson.title(), (System.nanoTime() - start) / 1e9, runs);
            }
        }
    }
}
