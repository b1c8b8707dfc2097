package dev.gradflow.model.store;

import dev.gradflow.model.metrics.EpochRecord;
import dev.gradflow.model.metrics.EvalPoint;
import dev.gradflow.model.metrics.LayerInfo;
import dev.gradflow.model.metrics.LayerStats;
import dev.gradflow.model.metrics.MaskEvent;
import dev.gradflow.model.metrics.NetworkFlow;
import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.metrics.Snapshot;
import dev.gradflow.model.metrics.StepRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreRunStoreTest {

    @TempDir
    Path dir;

    private Path db() { return dir.resolve("nested/dir/runs.db"); }

    @Test
    void createsSchemaAndRoundTripsRunMetadata() throws Exception {
        Instant before = Instant.now().minusMillis(1);
        try (RunStore store = RunStore.open(db())) {
            long id = store.createRun(Fixtures.newRun("baseline"));
            RunSummary r = store.run(id).orElseThrow();
            assertThat(r.name()).isEqualTo("baseline");
            assertThat(r.status()).isEqualTo(RunStatus.RUNNING);
            assertThat(r.dataset()).isEqualTo("fashion-mnist");
            assertThat(r.optimizer()).isEqualTo("adam");
            assertThat(r.activation()).isEqualTo("relu");
            assertThat(r.density()).isEqualTo(0.5);
            assertThat(r.seed()).isEqualTo(7L);
            assertThat(r.createdAt()).isAfterOrEqualTo(before).isBeforeOrEqualTo(Instant.now());
            assertThat(r.finishedAt()).isNull();
            assertThat(r.steps()).isZero();
            assertThat(r.finalTestAccuracy()).isNull();
            assertThat(store.specJson(id)).isEqualTo("{\"seed\":7}");
            assertThat(store.provenance(id)).containsExactly(
                    org.assertj.core.api.Assertions.entry("dl4j.version", "1.0.0-M2.1"),
                    org.assertj.core.api.Assertions.entry("java.version", "17"));
            List<LayerInfo> layers = store.layers(id);
            assertThat(layers).hasSize(2);
            assertThat(layers.get(0)).usingRecursiveComparison().isEqualTo(Fixtures.LAYERS.get(0));
            assertThat(layers.get(1)).usingRecursiveComparison().isEqualTo(Fixtures.LAYERS.get(1));
        }
        assertThat(Files.exists(db())).isTrue();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
             Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("PRAGMA user_version")) {
                assertThat(rs.getInt(1)).isEqualTo(RunStore.SCHEMA_VERSION);
            }
            try (ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
                assertThat(rs.getString(1)).isEqualTo("wal");
            }
            try (ResultSet rs = st.executeQuery("SELECT spec_hash, owner_pid FROM runs")) {
                assertThat(rs.getString(1)).isEqualTo("ab12");
                assertThat(rs.getLong(2)).isEqualTo(ProcessHandle.current().pid());
            }
        }
    }

    @Test
    void roundTripsStepsIncrementallyWithNaN() {
        try (RunStore store = RunStore.open(db())) {
            long id = store.createRun(Fixtures.newRun("steps"));
            List<LayerStats> nanLayers = List.of(
                    new LayerStats(0, "dense1", Double.NaN, 1, 2, 3, 12, 6, Double.NaN, Double.NaN),
                    new LayerStats(1, "output", 1, 2, 3, 4, 6, 6, 5, Double.POSITIVE_INFINITY));
            StepRecord nanStep = new StepRecord(250, 2, Double.NaN, 1e-3,
                    new NetworkFlow(Double.NaN, 1, 2, 3, 4, Double.NaN), nanLayers);
            try (MetricsWriter w = store.writer(id)) {
                for (long s = 0; s < 250; s++) w.step(Fixtures.step(s));
                w.step(nanStep);
            }
            assertThat(store.stepCount(id)).isEqualTo(251);
            assertThat(store.steps(id, 0, 10)).hasSize(10)
                    .first().isEqualTo(Fixtures.step(0));
            List<StepRecord> page = store.steps(id, 100, 50);
            assertThat(page).extracting(StepRecord::step).containsExactlyElementsOf(
                    java.util.stream.LongStream.range(100, 150).boxed().toList());
            for (StepRecord r : page) assertThat(r).isEqualTo(Fixtures.step(r.step()));
            StepRecord last = store.steps(id, 250, 100).get(0);
            assertThat(last.loss()).isNaN();
            assertThat(last.flow().gf1()).isNaN();
            assertThat(last.flow().egf2PerActive()).isNaN();
            assertThat(last.layers().get(0).l1All()).isNaN();
            assertThat(last.layers().get(0).updateRatio()).isNaN();
            // infinities are stored as NULL like NaN (StoreNonFiniteTest) and read back as NaN
            assertThat(last.layers().get(1).updateRatio()).isNaN();
            assertThat(last.layers().get(0)).isEqualTo(nanStep.layers().get(0)); // record equality: NaN == NaN
            assertThat(last.flow()).isEqualTo(nanStep.flow());
            assertThat(store.steps(id, 251, 10)).isEmpty();
            assertThat(store.run(id).orElseThrow().steps()).isEqualTo(251);
        }
    }

    @Test
    void roundTripsEvalPointsEpochsMaskEventsAndSnapshots() {
        try (RunStore store = RunStore.open(db())) {
            long id = store.createRun(Fixtures.newRun("all"));
            List<EvalPoint> evals = List.of(Fixtures.eval(0, 0), Fixtures.eval(1, 50), Fixtures.eval(2, 100));
            List<EpochRecord> epochs = List.of(Fixtures.epoch(0, 50), Fixtures.epoch(1, 100));
            List<MaskEvent> masks = List.of(new MaskEvent(40, 0, "dense1", 0.5, 0.4), new MaskEvent(40, 1, "output", 1.0, Double.NaN));
            List<Snapshot> snaps = List.of(Fixtures.snapshot("init", 0), Fixtures.snapshot("eval01", 50), Fixtures.snapshot("final", 100));
            try (MetricsWriter w = store.writer(id)) {
                evals.forEach(w::eval);
                epochs.forEach(w::epoch);
                masks.forEach(w::maskEvent);
                snaps.forEach(w::snapshot);
            }
            assertThat(store.evalPoints(id)).containsExactlyElementsOf(evals);
            assertThat(store.epochs(id)).containsExactlyElementsOf(epochs);
            assertThat(store.maskEvents(id)).containsExactlyElementsOf(masks);
            List<Snapshot> read = store.snapshots(id);
            assertThat(read).extracting(Snapshot::label).containsExactly("init", "eval01", "final");
            assertThat(read).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(snaps);
        }
    }

    @Test
    void finishCachesSummary() {
        try (RunStore store = RunStore.open(db())) {
            long id = store.createRun(Fixtures.newRun("done"));
            try (MetricsWriter w = store.writer(id)) {
                for (long s = 0; s < 100; s++) w.step(Fixtures.step(s));
                w.eval(Fixtures.eval(0, 0));
                w.eval(Fixtures.eval(1, 100));
                w.epoch(Fixtures.epoch(0, 100));
            }
            store.finish(id, RunStatus.DIVERGED, "diverged at step 99");
            RunSummary r = store.run(id).orElseThrow();
            assertThat(r.status()).isEqualTo(RunStatus.DIVERGED);
            assertThat(r.message()).isEqualTo("diverged at step 99");
            assertThat(r.finishedAt()).isNotNull();
            assertThat(r.steps()).isEqualTo(100);
            assertThat(r.finalTestAccuracy()).isEqualTo(Fixtures.epoch(0, 100).testAccuracy());
            assertThat(r.finalTestLoss()).isEqualTo(Fixtures.epoch(0, 100).testLoss());
            double meanEgf2 = (Fixtures.eval(0, 0).flow().egf2() + Fixtures.eval(1, 100).flow().egf2()) / 2;
            assertThat(r.meanEgf2()).isCloseTo(meanEgf2, org.assertj.core.data.Offset.offset(1e-12));

            long noEpochs = store.createRun(Fixtures.newRun("evals only"));
            try (MetricsWriter w = store.writer(noEpochs)) {
                w.eval(Fixtures.eval(0, 0));
                w.eval(Fixtures.eval(3, 30));
            }
            store.finish(noEpochs, RunStatus.CANCELLED, null);
            RunSummary r2 = store.run(noEpochs).orElseThrow();
            assertThat(r2.finalTestAccuracy()).isEqualTo(Fixtures.eval(3, 30).testAccuracy());
            assertThat(r2.steps()).isEqualTo(30);
            assertThatThrownBy(() -> store.finish(noEpochs, RunStatus.RUNNING, null)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.finish(9999, RunStatus.FINISHED, null)).hasMessageContaining("9999");
        }
    }

    @Test
    void findsByIdAndUniqueNameAndRejectsAmbiguousNames() {
        try (RunStore store = RunStore.open(db())) {
            long a = store.createRun(Fixtures.newRun("alpha"));
            long b1 = store.createRun(Fixtures.newRun("beta"));
            long b2 = store.createRun(Fixtures.newRun("beta"));
            assertThat(store.find(String.valueOf(a)).orElseThrow().id()).isEqualTo(a);
            assertThat(store.find("alpha").orElseThrow().id()).isEqualTo(a);
            assertThat(store.find("gamma")).isEmpty();
            assertThatThrownBy(() -> store.find("beta"))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("ambiguous").hasMessageContaining(b1 + ", " + b2);
            store.rename(b2, "beta2");
            assertThat(store.find("beta").orElseThrow().id()).isEqualTo(b1);
            store.rename(b1, "42");
            assertThat(store.find("42").orElseThrow().id()).isEqualTo(b1); // no run 42: falls back to the name
            assertThat(store.listRuns()).extracting(RunSummary::id).containsExactly(a, b1, b2);
        }
    }

    @Test
    void renamesTagsAndDeletesAllRowsOfARun() throws Exception {
        try (RunStore store = RunStore.open(db())) {
            long keep = store.createRun(Fixtures.newRun("keep"));
            long gone = store.createRun(Fixtures.newRun("gone"));
            for (long id : new long[]{keep, gone}) {
                try (MetricsWriter w = store.writer(id)) {
                    w.step(Fixtures.step(0));
                    w.eval(Fixtures.eval(0, 0));
                    w.epoch(Fixtures.epoch(0, 1));
                    w.maskEvent(new MaskEvent(0, 0, "dense1", 0.5, 0.4));
                    w.snapshot(Fixtures.snapshot("init", 0));
                }
            }
            store.rename(keep, "kept");
            store.setTags(keep, "lth,baseline");
            assertThat(store.run(keep).orElseThrow().name()).isEqualTo("kept");
            assertThat(store.run(keep).orElseThrow().tags()).isEqualTo("lth,baseline");
            assertThatThrownBy(() -> store.rename(12345, "x")).hasMessageContaining("12345");

            store.delete(gone);
            assertThat(store.run(gone)).isEmpty();
            assertThat(store.listRuns()).extracting(RunSummary::id).containsExactly(keep);
            assertThat(store.stepCount(keep)).isEqualTo(1);
            assertThat(store.snapshots(keep)).hasSize(1);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db()); Statement st = c.createStatement()) {
            for (String table : List.of("run_provenance", "layers", "steps", "step_layers", "eval_points", "eval_layers",
                    "epochs", "mask_events", "snapshots")) {
                try (ResultSet rs = st.executeQuery("SELECT count(DISTINCT run_id) FROM " + table)) {
                    assertThat(rs.getInt(1)).as(table).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void refusesNewerSchemaVersion() throws Exception {
        try (RunStore store = RunStore.open(db())) {
            store.createRun(Fixtures.newRun("x"));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db()); Statement st = c.createStatement()) {
            st.execute("PRAGMA user_version = " + (RunStore.SCHEMA_VERSION + 1));
        }
        assertThatThrownBy(() -> RunStore.open(db()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(db().toAbsolutePath().toString())
                .hasMessageContaining("schema version " + (RunStore.SCHEMA_VERSION + 1));
    }

    @Test
    void refusesFilesThatAreNotGradFlowStores() throws Exception {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello, this is not a database at all");
        assertThatThrownBy(() -> RunStore.open(text))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(text.toAbsolutePath().toString()).hasMessageContaining("not a GradFlow run store");
        assertThat(Files.readString(text)).startsWith("hello");

        Path other = dir.resolve("other.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
        }
        assertThatThrownBy(() -> RunStore.open(other))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(other.toAbsolutePath().toString()).hasMessageContaining("another application");
    }

    @Test
    void reopensExistingStoreAndSchemaResourceParses() {
        assertThat(StoreSchema.schemaStatements()).hasSizeGreaterThanOrEqualTo(11)
                .allSatisfy(s -> assertThat(s).startsWith("CREATE").endsWith(";"));
        long id;
        try (RunStore store = RunStore.open(db())) {
            id = store.createRun(Fixtures.newRun("persist"));
            store.finish(id, RunStatus.FINISHED, null);
        }
        try (RunStore store = RunStore.open(db())) {
            assertThat(store.run(id).orElseThrow().status()).isEqualTo(RunStatus.FINISHED);
        }
    }
}
