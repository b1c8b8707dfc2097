package dev.gradflow.model.store;

import dev.gradflow.model.metrics.RunStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class StoreOwnershipTest {

    @TempDir
    Path dir;

    private Path db() { return dir.resolve("runs.db"); }

    @Test
    void runOfKilledProcessIsInterruptedAndKeepsCommittedSteps() throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(javaBin, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CrashChildMain.class.getName(), db().toString())
                .redirectErrorStream(true)
                .start();
        String output;
        boolean exited = child.waitFor(120, TimeUnit.SECONDS);
        output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(exited).as("child exited; output: %s", output).isTrue();
        assertThat(child.exitValue()).as("child output: %s", output).isEqualTo(3);
        long id = Long.parseLong(output.lines().filter(l -> l.startsWith("run ")).findFirst().orElseThrow().substring(4).trim());

        try (RunStore store = RunStore.open(db())) {
            RunSummary run = store.run(id).orElseThrow();
            assertThat(run.status()).isEqualTo(RunStatus.INTERRUPTED);
            assertThat(run.finishedAt()).isNotNull();
            assertThat(store.stepCount(id)).isBetween(500L, 520L);
            assertThat(store.steps(id, 0, 1000).subList(0, 500))
                    .containsExactlyElementsOf(LongStream.range(0, 500).mapToObj(Fixtures::step).toList());
            assertThat(store.evalPoints(id)).containsExactly(Fixtures.eval(0, 0));
            assertThat(run.steps()).isGreaterThanOrEqualTo(500);
        }
    }

    @Test
    void runOfThisLiveProcessIsNotInterrupted() {
        try (RunStore first = RunStore.open(db())) {
            long id = first.createRun(Fixtures.newRun("live"));
            try (MetricsWriter w = first.writer(id)) {
                w.step(Fixtures.step(0));
                w.flush();
                try (RunStore second = RunStore.open(db())) {
                    assertThat(second.run(id).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
                    assertThat(second.recoverStaleRuns()).isZero();
                }
            }
            // even without an open writer or store, the owning process (this one) is alive
            first.close();
            try (RunStore again = RunStore.open(db())) {
                assertThat(again.run(id).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
            }
        }
    }

    @Test
    void localRunWithDeadOrReusedPidIsInterrupted() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).redirectOutput(new File("/dev/null")).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        long deadPid = p.pid();
        long dead, reused;
        try (RunStore store = RunStore.open(db())) {
            dead = store.createRun(Fixtures.newRun("dead pid"));
            reused = store.createRun(Fixtures.newRun("reused pid"));
        }
        long ourStart = ProcessOwner.current().startMillis();
        sql("UPDATE runs SET owner_pid = ? WHERE id = ?", deadPid, dead);
        sql("UPDATE runs SET owner_start_ms = ? WHERE id = ?", ourStart - Duration.ofHours(1).toMillis(), reused);
        try (RunStore store = RunStore.open(db())) {
            assertThat(store.run(dead).orElseThrow().status()).isEqualTo(RunStatus.INTERRUPTED);
            assertThat(store.run(reused).orElseThrow().status()).isEqualTo(RunStatus.INTERRUPTED);
            assertThat(store.run(dead).orElseThrow().message()).contains("without finishing");
        }
    }

    @Test
    void remoteRunIsInterruptedOnlyAfterTenMinutesWithoutHeartbeat() throws Exception {
        long silent, fresh;
        try (RunStore store = RunStore.open(db())) {
            silent = store.createRun(Fixtures.newRun("silent remote"));
            fresh = store.createRun(Fixtures.newRun("fresh remote"));
        }
        long now = System.currentTimeMillis();
        sql("UPDATE runs SET owner_host = 'another-host.example', owner_pid = 1, heartbeat_ms = ? WHERE id = ?",
                now - Duration.ofMinutes(11).toMillis(), silent);
        sql("UPDATE runs SET owner_host = 'another-host.example', owner_pid = 1, heartbeat_ms = ? WHERE id = ?",
                now - Duration.ofMinutes(2).toMillis(), fresh);
        try (RunStore store = RunStore.open(db())) {
            assertThat(store.run(silent).orElseThrow().status()).isEqualTo(RunStatus.INTERRUPTED);
            assertThat(store.run(fresh).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
        }
    }

    @Test
    void finishedRunsAreNeverTouched() throws Exception {
        long id;
        try (RunStore store = RunStore.open(db())) {
            id = store.createRun(Fixtures.newRun("done"));
            store.finish(id, RunStatus.FINISHED, null);
        }
        sql("UPDATE runs SET owner_pid = ? WHERE id = ?", -5L, id);
        try (RunStore store = RunStore.open(db())) {
            assertThat(store.listRuns()).extracting(RunSummary::status).containsExactly(RunStatus.FINISHED);
        }
    }

    private void sql(String sql, Object... args) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db()); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

}
