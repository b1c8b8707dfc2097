package dev.gradflow.model.study;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code gradflow sweep --workers 2} for real: separate worker JVMs into one SQLite store, killed mid-way (SIGTERM, as
 * Ctrl-C or a batch system would), resumed, then resumed again after one run is marked interrupted. Tiny spirals runs.
 */
class SweepWorkersTest {
    static final String GRID = """
            { "name": "workers",
              "base": { "dataset": { "id": "spirals", "examples": 200 },
                        "architecture": { "layers": [ { "width": 8 } ] },
                        "optimizer": { "type": "adam", "learningRate": 0.01 },
                        "training": { "batchSize": 32, "epochs": 1 },
                        "evaluation": { "points": 2, "examples": 40, "snapshots": false } },
              "axes": { "optimizer.type": ["sgd", "momentum", "adam"] },
              "seeds": [1, 2] }
            """;

    @Test
    void workerProcessGetsPassiveOmpAndABoundedHeap(@TempDir Path dir) {
        ProcessBuilder pb = StudyRunner.workerProcess(dir.resolve("s.json"), dir.resolve("r.db"), List.of(dir), 2, dir.resolve("log"));
        assertThat(pb.environment()).containsEntry("OMP_WAIT_POLICY", "PASSIVE").containsKey("OMP_NUM_THREADS");
        assertThat(pb.command()).anyMatch(a -> a.matches("-Xmx\\d+m"));
        assertThat(pb.command()).containsSubsequence("train", dir.resolve("s.json").toString(), "--store", dir.resolve("r.db").toString());
        assertThat(pb.command()).containsSubsequence("--data-dir", dir.toString());
        assertThat(StudyRunner.workerHeapMb(2)).isBetween(512L, 4096L);
        System.setProperty("gradflow.worker.xmx", "700");
        try {
            assertThat(StudyRunner.workerHeapMb(2)).isEqualTo(700);
        } finally {
            System.clearProperty("gradflow.worker.xmx");
        }
    }

    @Test
    void twoWorkersKilledMidwayResumeWithoutRedoingFinishedRuns(@TempDir Path dir) throws Exception {
        Path grid = dir.resolve("workers.json"), store = dir.resolve("runs.db");
        Files.writeString(grid, GRID);
        StudyPlan plan = StudyPlan.of(StudyFile.read(grid));
        assertThat(plan.runs()).hasSize(6);

        // 1. the CLI, as a user runs it, killed (SIGTERM) as soon as the first run has finished
        Process sweep = new ProcessBuilder(StudyRunner.javaCommand(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "dev.gradflow.model.cli.GradflowCli", "sweep", grid.toString(), "--store", store.toString(), "--workers", "2")
                .redirectError(dir.resolve("sweep.err").toFile()).redirectOutput(dir.resolve("sweep.out").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (sweep.isAlive() && System.nanoTime() < deadline
                && Files.readAllLines(dir.resolve("sweep.out")).stream().noneMatch(l -> l.matches("\\[\\d/6] run \\d+ .*: finished in .*"))) {
            Thread.sleep(100);
        }
        sweep.destroy(); // SIGTERM
        assertThat(sweep.waitFor(120, TimeUnit.SECONDS)).as("sweep exits after SIGTERM").isTrue();
        List<String> out = Files.readAllLines(dir.resolve("sweep.out"));
        Map<String, List<String>> afterKill = statuses(store);
        long finishedBefore = count(afterKill, "finished");
        assertThat(finishedBefore).as("output %s, store %s", out, afterKill).isBetween(1L, 5L);
        assertThat(afterKill.values()).as("no run left 'running' after a clean kill: %s", afterKill)
                .noneMatch(l -> l.contains("running"));
        assertThat(afterKill.values()).as("no spec trained twice: %s", afterKill)
                .allMatch(l -> l.stream().filter("finished"::equals).count() <= 1);

        // 2. the same sweep again resumes: only the missing runs are trained
        var runner = new StudyRunner(store, List.of());
        var resumed = runner.run(plan, 2, new StudyRunner.Listener() { }, () -> false);
        assertThat(resumed.skipped()).isEqualTo((int) finishedBefore);
        assertThat(resumed.trained()).isEqualTo(6 - (int) finishedBefore);
        assertThat(resumed.failed()).isZero();
        Map<String, List<String>> all = statuses(store);
        assertThat(all).hasSize(6);
        assertThat(all.values()).allMatch(l -> l.stream().filter("finished"::equals).count() == 1);

        // 3. a run that a crash left 'interrupted' is trained again, nothing else
        String victim = plan.runs().get(3).hash();
        exec(store, "UPDATE runs SET status = 'interrupted' WHERE spec_hash = '" + victim + "'");
        var again = runner.run(plan, 2, new StudyRunner.Listener() { }, () -> false);
        assertThat(again.trained()).isEqualTo(1);
        assertThat(again.skipped()).isEqualTo(5);
        Map<String, List<String>> end = statuses(store);
        assertThat(end.get(victim)).containsExactlyInAnyOrder("interrupted", "finished");
        assertThat(end.values()).allMatch(l -> l.stream().filter("finished"::equals).count() == 1);

        try (StudyStore s = StudyStore.open(store)) {
            assertThat(s.studies()).hasSize(1);
            var runs = s.runs(s.studies().get(0).id());
            assertThat(runs.stream().filter(r -> r.status().equals("finished")).map(StudyStore.StudyRun::name).distinct())
                    .hasSize(6);
            assertThat(runs).filteredOn(r -> r.status().equals("finished")).allMatch(r -> r.testAccuracy() != null);
        }
    }

    static Map<String, List<String>> statuses(Path store) throws Exception {
        Map<String, List<String>> m = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT spec_hash, status FROM runs ORDER BY id")) {
            while (rs.next()) m.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
        }
        return m;
    }

    static long count(Map<String, List<String>> m, String status) {
        return m.values().stream().flatMap(List::stream).filter(status::equals).count();
    }

    static void exec(Path store, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store); Statement st = c.createStatement()) {
            st.executeUpdate(sql);
        }
    }
}
