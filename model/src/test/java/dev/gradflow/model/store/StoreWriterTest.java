package dev.gradflow.model.store;

import dev.gradflow.model.metrics.StepRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreWriterTest {

    @TempDir
    Path dir;

    private Path db() { return dir.resolve("runs.db"); }

    @Test
    @Timeout(60)
    void submittingDoesNotWaitForSqlite() throws Exception {
        try (RunStore store = RunStore.open(db())) {
            long id = store.createRun(Fixtures.newRun("fast"));
            List<StepRecord> records = LongStream.range(0, 20_000).mapToObj(Fixtures::step).toList();
            try (MetricsWriter w = store.writer(id);
                 Connection blocker = DriverManager.getConnection("jdbc:sqlite:" + db());
                 Statement st = blocker.createStatement()) {
                // another connection holds the write lock: the writer thread cannot commit anything
                st.execute("BEGIN IMMEDIATE");
                long start = System.nanoTime();
                for (StepRecord r : records) w.step(r);
                long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                int pending = w.pending();
                st.execute("ROLLBACK");

                assertThat(elapsedMs).as("20k submissions while the database is locked").isLessThan(2_000);
                assertThat(pending).as("items still queued behind the lock").isGreaterThan(10_000);
                w.flush();
                assertThat(store.stepCount(id)).isEqualTo(20_000);
            }
            assertThat(store.steps(id, 19_999, 1)).containsExactly(records.get(19_999));
        }
    }

    @Test
    void flushMakesEverySubmittedRecordVisibleToOtherConnections() {
        try (RunStore store = RunStore.open(db()); RunStore reader = RunStore.open(db())) {
            long id = store.createRun(Fixtures.newRun("flush"));
            try (MetricsWriter w = store.writer(id)) {
                for (int round = 0; round < 5; round++) {
                    for (long s = round * 100L; s < (round + 1) * 100L; s++) w.step(Fixtures.step(s));
                    w.flush();
                    assertThat(reader.stepCount(id)).isEqualTo((round + 1) * 100L);
                }
            }
        }
    }

    @Test
    @Timeout(120)
    void anotherStoreReadsIncrementallyWhileTheRunIsWritten() throws Exception {
        int total = 3_000;
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (RunStore store = RunStore.open(db()); RunStore reader = RunStore.open(db())) {
            long id = store.createRun(Fixtures.newRun("live"));
            Future<?> training = pool.submit(() -> {
                try (MetricsWriter w = store.writer(id)) {
                    for (long s = 0; s < total; s++) {
                        w.step(Fixtures.step(s));
                        if (s % 300 == 0) {
                            w.eval(Fixtures.eval((int) (s / 300), s));
                            Thread.sleep(30);
                        }
                    }
                }
                return null;
            });
            List<StepRecord> seen = new ArrayList<>();
            int polls = 0;
            while (seen.size() < total) {
                long next = seen.isEmpty() ? 0 : seen.get(seen.size() - 1).step() + 1;
                List<StepRecord> chunk = reader.steps(id, next, 700);
                seen.addAll(chunk);
                reader.evalPoints(id);
                reader.listRuns();
                polls++;
                if (chunk.isEmpty()) Thread.sleep(20);
            }
            training.get(60, TimeUnit.SECONDS);
            assertThat(polls).isGreaterThan(1);
            assertThat(seen).extracting(StepRecord::step)
                    .containsExactlyElementsOf(LongStream.range(0, total).boxed().toList());
            assertThat(seen.get(1234)).isEqualTo(Fixtures.step(1234));
            assertThat(reader.evalPoints(id)).hasSize(10);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void writerFailureIsRethrownFromFlushCloseAndLaterSubmissions() {
        try (RunStore store = RunStore.open(db())) {
            long id = store.createRun(Fixtures.newRun("dup"));
            MetricsWriter w = store.writer(id);
            w.step(Fixtures.step(0));
            w.step(Fixtures.step(0)); // duplicate primary key
            assertThatThrownBy(w::flush).isInstanceOf(StoreException.class)
                    .hasMessageContaining("run " + id).hasMessageContaining(db().getFileName().toString());
            assertThatThrownBy(() -> w.step(Fixtures.step(1))).isInstanceOf(StoreException.class);
            assertThatThrownBy(w::close).isInstanceOf(StoreException.class);
            assertThat(store.stepCount(id)).as("the failed batch was rolled back").isZero();
        }
    }

    @Test
    void closingTheStoreFlushesAndClosesItsWriters() {
        long id;
        MetricsWriter w;
        try (RunStore store = RunStore.open(db())) {
            id = store.createRun(Fixtures.newRun("auto close"));
            w = store.writer(id);
            for (long s = 0; s < 1000; s++) w.step(Fixtures.step(s));
        }
        assertThatThrownBy(() -> w.step(Fixtures.step(1000))).isInstanceOf(IllegalStateException.class);
        try (RunStore store = RunStore.open(db())) {
            assertThat(store.stepCount(id)).isEqualTo(1000);
        }
    }

    @Test
    void writerRefreshesHeartbeat() throws Exception {
        try (RunStore store = RunStore.open(db())) {
            long id = store.createRun(Fixtures.newRun("beat"));
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
                 PreparedStatement reset = c.prepareStatement("UPDATE runs SET heartbeat_ms = 1 WHERE id = ?");
                 PreparedStatement read = c.prepareStatement("SELECT heartbeat_ms FROM runs WHERE id = ?")) {
                reset.setLong(1, id);
                reset.executeUpdate();
                try (MetricsWriter w = store.writer(id)) {
                    w.step(Fixtures.step(0));
                    w.flush();
                }
                read.setLong(1, id);
                try (ResultSet rs = read.executeQuery()) {
                    assertThat(rs.getLong(1)).isGreaterThan(System.currentTimeMillis() - 60_000);
                }
            }
        }
    }

    @Test
    void writerForUnknownRunIsRefused() {
        try (RunStore store = RunStore.open(db())) {
            assertThatThrownBy(() -> store.writer(77)).isInstanceOf(StoreException.class).hasMessageContaining("77");
        }
    }
}
