package dev.gradflow.model.store;

import dev.gradflow.model.metrics.MaskEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migrations on real stores written by older code: schema 1 ({@code store-v1.db}, see {@code store-v1-README.md})
 * and schema 2 with the study tables its code created outside the schema version ({@code store-v2.db}, see
 * {@code store-v2-README.md}), both to schema 3: backup first, rows preserved, new columns and tables present, the
 * same tables and columns as a new store; read-only opens read them as they are.
 */
class SchemaMigrationsTest {
    private static Path fixtureCopy(Path dir) throws Exception {
        return fixtureCopy(dir, "store-v1.db", "runs.db");
    }

    static Path fixtureCopy(Path dir, String fixture, String name) throws Exception {
        Path f = dir.resolve(name);
        try (InputStream in = SchemaMigrationsTest.class.getResourceAsStream(fixture)) {
            Files.copy(in, f);
        }
        return f;
    }

    /** Row count of every table, read with plain JDBC (independent of RunStore). */
    static Map<String, Long> counts(Path f) throws SQLException {
        Map<String, Long> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")) {
                while (rs.next()) tables.add(rs.getString(1));
            }
            for (String t : tables) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + t)) { rs.next(); out.put(t, rs.getLong(1)); }
            }
        }
        return out;
    }

    /** table -> column list with types, in order. */
    private static Map<String, List<String>> columns(Path f) throws SQLException {
        Map<String, List<String>> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")) {
                while (rs.next()) tables.add(rs.getString(1));
            }
            for (String t : tables) {
                List<String> cols = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("PRAGMA table_info(" + t + ")")) {
                    while (rs.next()) cols.add(rs.getString("name") + " " + rs.getString("type") + (rs.getInt("notnull") == 1 ? " NOT NULL" : ""));
                }
                out.put(t, cols);
            }
        }
        return out;
    }

    private static int userVersion(Path f) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void fixtureIsARealSchemaOneStoreWithMaskEvents(@TempDir Path dir) throws Exception {
        Path f = fixtureCopy(dir);
        assertThat(userVersion(f)).isEqualTo(1);
        assertThat(counts(f)).containsEntry("runs", 1L).containsEntry("mask_events", 6L).containsEntry("steps", 16L);
        assertThat(columns(f).get("mask_events")).noneMatch(c -> c.startsWith("dropped"));
    }

    @Test
    void schemaOneStoreIsBackedUpThenMigratedInPlaceWithEveryRowKept(@TempDir Path dir) throws Exception {
        Path f = fixtureCopy(dir);
        Map<String, Long> before = counts(f);
        byte[] original = Files.readAllBytes(f);
        try (RunStore store = RunStore.open(f)) {
            List<MaskEvent> events = store.maskEvents(1);
            assertThat(events).hasSize(6);
            assertThat(events.get(0)).isEqualTo(new MaskEvent(8, 0, "dense1", 1.0, 7.0 / 12));
            assertThat(events).allMatch(e -> e.dropped() == null && e.regrown() == null && e.everActive() == null);
            assertThat(store.steps(1, 0, 100)).hasSize(16);
            assertThat(store.snapshots(1)).hasSize(4); // 4 labels x 3 layers = 12 rows
            assertThat(store.run(1).orElseThrow().status().toString()).isEqualToIgnoringCase("finished");
        }
        assertThat(userVersion(f)).isEqualTo(3);
        Map<String, Long> after = counts(f);
        assertThat(after).containsAllEntriesOf(before).containsEntry("studies", 0L).containsEntry("study_runs", 0L)
                .containsEntry("run_annotations", 0L);
        assertThat(columns(f).get("mask_events")).endsWith("dropped INTEGER", "regrown INTEGER", "ever_active REAL");
        Path backup = dir.resolve("runs.db.v1.bak");
        assertThat(backup).exists();
        assertThat(userVersion(backup)).isEqualTo(1);
        assertThat(counts(backup)).isEqualTo(before);
        assertThat(columns(backup).get("mask_events")).noneMatch(c -> c.startsWith("dropped"));
        assertThat(original.length).isPositive();
        // opening again does nothing more: no second backup
        try (RunStore ignored = RunStore.open(f)) {
            assertThat(dir.resolve("runs.db.v1.bak.2")).doesNotExist();
        }
    }

    @Test
    void migratedStoreHasExactlyTheTablesAndColumnsOfANewStore(@TempDir Path dir) throws Exception {
        Path old = fixtureCopy(dir);
        try (RunStore ignored = RunStore.open(old)) { /* migrate */ }
        Path fresh = dir.resolve("new.db");
        try (RunStore ignored = RunStore.open(fresh)) { /* create */ }
        assertThat(userVersion(fresh)).isEqualTo(3);
        assertThat(columns(old)).isEqualTo(columns(fresh));
    }

    @Test
    void fixtureIsARealSchemaTwoStoreWithStudyTablesOutsideTheSchemaVersion(@TempDir Path dir) throws Exception {
        Path f = fixtureCopy(dir, "store-v2.db", "runs.db");
        assertThat(userVersion(f)).isEqualTo(2);
        assertThat(counts(f)).containsEntry("runs", 2L).containsEntry("studies", 1L).containsEntry("study_runs", 2L)
                .containsEntry("mask_events", 8L).doesNotContainKey("run_annotations");
    }

    @Test
    void schemaTwoStoreWithStudyTablesIsBackedUpThenMigratedInPlace(@TempDir Path dir) throws Exception {
        Path f = fixtureCopy(dir, "store-v2.db", "runs.db");
        Map<String, Long> before = counts(f);
        try (RunStore store = RunStore.open(f)) {
            assertThat(store.maskEvents(1)).hasSize(4).allMatch(e -> e.dropped() != null && e.everActive() != null);
            assertThat(store.studies()).extracting(StoredStudy::name).containsExactly("v2-fixture");
            assertThat(store.studyRuns(1)).extracting(r -> r.link().config()).containsExactly("type=sgd", "type=adam");
            // the tags set by schema-2 code are carried into the run's annotation
            assertThat(store.annotation(1)).isEqualTo(new RunAnnotation(1, List.of("paper", "fig3"), ""));
            assertThat(store.annotations()).extracting(RunAnnotation::runId).containsExactly(1L);
            assertThat(store.run(1).orElseThrow().tags()).isEqualTo("paper, fig3");
        }
        assertThat(userVersion(f)).isEqualTo(3);
        assertThat(counts(f)).containsAllEntriesOf(before).containsEntry("run_annotations", 1L);
        Path backup = dir.resolve("runs.db.v2.bak");
        assertThat(userVersion(backup)).isEqualTo(2);
        assertThat(counts(backup)).isEqualTo(before);
        Path fresh = dir.resolve("new.db");
        try (RunStore ignored = RunStore.open(fresh)) { /* create */ }
        assertThat(columns(f)).isEqualTo(columns(fresh));
    }

    @Test
    void readOnlyOpensReadOlderStoresAsTheyAre(@TempDir Path dir) throws Exception {
        Path v1 = fixtureCopy(dir, "store-v1.db", "v1.db"), v2 = fixtureCopy(dir, "store-v2.db", "v2.db");
        try (RunStore store = RunStore.openReadOnly(v1)) {
            assertThat(store.studies()).isEmpty();
            assertThat(store.annotations()).isEmpty();
            assertThat(store.annotation(1).tags()).isEmpty();
            assertThat(store.maskEvents(1)).hasSize(6);
        }
        try (RunStore store = RunStore.openReadOnly(v2)) {
            assertThat(store.studies()).singleElement().extracting(StoredStudy::runs).isEqualTo(2);
            assertThat(store.studyRuns(1)).hasSize(2);
            assertThat(store.annotations()).isEmpty(); // no table yet: the tags are in the runs table only
            assertThat(store.maskEvents(2)).hasSize(4).allMatch(e -> e.regrown() != null);
        }
        assertThat(userVersion(v1)).isEqualTo(1);
        assertThat(userVersion(v2)).isEqualTo(2);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("v1.db", "v2.db");
        }
    }

    @Test
    void migratedStoreTakesDynamicMaskEventsWithTheirCounts(@TempDir Path dir) throws Exception {
        Path f = fixtureCopy(dir);
        try (RunStore store = RunStore.open(f)) {
            long id = store.listRuns().get(0).id();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement st = c.createStatement()) {
                st.execute("INSERT INTO mask_events (run_id, step, layer, name, density_before, density_after, dropped, regrown, ever_active) "
                        + "VALUES (" + id + ", 20, 1, 'dense2', 0.5, 0.5, 7, 7, 0.625)");
            }
            assertThat(store.maskEvents(id)).contains(new MaskEvent(20, 1, "dense2", 0.5, 0.5, 7L, 7L, 0.625));
        }
    }

    @Test
    void aMigratedSchemaOneShardMergesIntoANewStoreWithEveryMaskEvent(@TempDir Path dir) throws Exception {
        Path shard = fixtureCopy(dir);
        try (RunStore ignored = RunStore.open(shard)) { /* a writing open migrates it (merge may read sources read-only) */ }
        Path into = dir.resolve("merged.db");
        dev.gradflow.model.study.StoreMerger.Report r = dev.gradflow.model.study.StoreMerger.merge(List.of(shard), into);
        assertThat(r.copied()).isEqualTo(1);
        assertThat(dir.resolve("runs.db.v1.bak")).exists();
        assertThat(counts(into)).containsEntry("mask_events", 6L).containsEntry("steps", 16L).containsEntry("snapshots", 12L);
        try (RunStore store = RunStore.open(into)) {
            long id = store.listRuns().get(0).id();
            assertThat(store.maskEvents(id)).hasSize(6).allMatch(e -> e.regrown() == null);
        }
    }

    @Test
    void backupNameNeverOverwritesAnEarlierBackup(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("runs.db");
        Files.writeString(dir.resolve("runs.db.v1.bak"), "older");
        assertThat(SchemaMigrations.backupFile(f, 1)).isEqualTo(dir.resolve("runs.db.v1.bak.2"));
    }
}
