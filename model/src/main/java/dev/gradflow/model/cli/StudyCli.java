package dev.gradflow.model.cli;

import dev.gradflow.model.study.PlannedRun;
import dev.gradflow.model.study.StudyPlan;
import dev.gradflow.model.study.StudyRunner;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import dev.gradflow.model.spec.Messages;
import dev.gradflow.model.study.StudyReport;
import dev.gradflow.model.study.StudyStore;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Shared by {@code sweep} and {@code scsdc}: runs a plan with progress lines and a summary. */
final class StudyCli {
    private StudyCli() {
    }

    /** Options shared by sweep and scsdc, checked before any work: unknown values are rejected, not ignored. */
    static void checkOptions(int workers, String reportFormat, String option) {
        if (workers < 1 || workers > 256) throw new UserException("--workers " + workers + " is not allowed; expected 1 to 256");
        if (reportFormat != null && !List.of("text", "csv", "latex").contains(reportFormat)) {
            throw new UserException(option + " " + Messages.shorten(reportFormat, 40)
                    + " is not known; expected text, csv or latex");
        }
    }

    static void printPlan(StudyPlan plan, PrintStream out) {
        out.printf("study %s (%s): %d runs in %d units%n", plan.file().name(), plan.file().kind(), plan.runs().size(), plan.units());
        for (String w : plan.warnings()) out.println("warning: " + w);
    }

    static int run(StudyPlan plan, Path store, int workers, List<Path> dataDirs, String format) {
        PrintStream out = System.out;
        printPlan(plan, out);
        AtomicBoolean cancel = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        // Ctrl-C / SIGTERM: stop starting runs, let the current ones store themselves as cancelled (in-process, or
        // worker JVMs get SIGTERM), and only then let the JVM exit, so nothing is left 'running' in the store.
        Thread hook = new Thread(() -> {
            cancel.set(true);
            try {
                finished.await(90, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "gradflow-study-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
        AtomicInteger done = new AtomicInteger();
        int total = plan.runs().size();
        StudyRunner.Result result;
        try {
        result = new StudyRunner(store, dataDirs).run(plan, workers, new StudyRunner.Listener() {
            @Override public void planned(StudyPlan p, int alreadyDone) {
                done.set(alreadyDone);
                if (alreadyDone > 0) out.printf("resuming: %d of %d runs already in %s%n", alreadyDone, total, store);
            }
            @Override public void started(PlannedRun r) {
                System.err.printf("[%d/%d] %s%n", done.get() + 1, total, Messages.printable(r.name()));
            }
            @Override public void finished(PlannedRun r, long runId, String status, double seconds) {
                out.printf(Locale.ROOT, "[%d/%d] run %d %s: %s in %.1f s%n", done.incrementAndGet(), total, runId, Messages.printable(r.name()), status, seconds);
            }
            @Override public void failed(PlannedRun r, String message) {
                out.printf("[%d/%d] %s failed: %s%n", done.incrementAndGet(), total, Messages.printable(r.name()), message);
            }
        }, cancel::get);
        } finally {
            finished.countDown();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // shutting down
        }
        out.printf(Locale.ROOT, "study %d: %d trained, %d already done, %d failed in %.1f s (store %s)%n", result.studyId(),
                result.trained(), result.skipped(), result.failed(), result.seconds(), store);
        if (format != null) {
            try (var s = StudyStore.open(store)) {
                out.println();
                out.print(StudyReport.render(
                        StudyReport.tables(s, result.studyId()), format));
            }
        }
        return result.failed() == 0 && !cancel.get() ? 0 : 1;
    }
}
