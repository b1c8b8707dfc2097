package dev.gradflow.model.cli;

import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.store.RunStore;
import dev.gradflow.model.store.RunSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Stopping `gradflow train` (Ctrl-C or SIGTERM: both run the JVM's shutdown hooks) keeps the run as cancelled. */
class TrainInterruptTest {
    @TempDir
    Path tmp;

    @Test
    void signalDuringTrainingEndsTheRunAsCancelledWithItsStepsKeptAndASummary() throws Exception {
        Path spec = tmp.resolve("long.json");
        Files.writeString(spec, """
                {"name": "long", "dataset": {"id": "spirals", "examples": 2000},
                 "architecture": {"layers": [{"width": 64}, {"width": 64}]},
                 "training": {"batchSize": 16, "epochs": 1000}, "evaluation": {"points": 2}}
                """);
        Path db = tmp.resolve("runs.db");
        Path out = tmp.resolve("out.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), GradflowCli.class.getName(),
                "train", spec.toString(), "--store", db.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        long steps = 0;
        while (steps < 20 && System.nanoTime() < deadline && p.isAlive()) {
            Thread.sleep(300);
            if (Files.exists(db)) {
                try (RunStore store = RunStore.open(db)) {
                    List<RunSummary> runs = store.listRuns();
                    steps = runs.isEmpty() ? 0 : store.stepCount(runs.get(0).id());
                }
            }
        }
        assertThat(steps).as("steps stored before the signal").isGreaterThanOrEqualTo(20);
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        try (RunStore store = RunStore.open(db)) {
            RunSummary run = store.listRuns().get(0);
            assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(store.stepCount(run.id())).isGreaterThanOrEqualTo(steps);
        }
        assertThat(Files.readString(out, StandardCharsets.UTF_8)).contains("run 1: cancelled", "store: ");
    }
}
