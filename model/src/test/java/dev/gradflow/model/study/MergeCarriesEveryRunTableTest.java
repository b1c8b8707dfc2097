package dev.gradflow.model.study;

import dev.gradflow.model.metrics.LayerInfo;
import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.store.NewRun;
import dev.gradflow.model.store.RunAnnotation;
import dev.gradflow.model.store.RunStore;
import dev.gradflow.model.store.RunSummary;
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
 * A merge carries every row that belongs to a run: the per-run tables are read from the schema here (every table with
 * a {@code run_id} column in {@code sqlite_master}), independently of the merge code, so a table added to the schema
 * and not copied by the merge fails this test. Source: the real schema-2 fixture store (two runs of a sweep study,
 * SET mask events, snapshots), migrated and annotated.
 */
class MergeCarriesEveryRunTableTest {
    @TempDir
    Path dir;

    private Path fixture(String name) throws Exception {
        Path f = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/dev/gradflow/model/store/store-v2.db")) {
            Files.copy(in, f);
        }
        return f;
    }

    /** table -> row count, for every table of the store that has a run_id column (plain JDBC). */
    private static Map<String, Long> runTableCounts(Path f) throws SQLException {
        Map<String, Long> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
                while (rs.next()) tables.add(rs.getString(1));
            }
            for (String t : tables) {
                boolean perRun = false;
                try (ResultSet rs = st.executeQuery("PRAGMA table_info(" + t + ")")) {
                    while (rs.next()) perRun |= rs.getString("name").equals("run_id");
                }
                if (!perRun) continue;
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + t)) {
                    out.put(t, rs.getLong(1));
                }
            }
        }
        return out;
    }

    private Path targetWithOneRun() {
        Path into = dir.resolve("into.db");
        try (RunStore s = RunStore.open(into)) {
            long id = s.createRun(new NewRun("already-there", "{}", "hash-x", "blobs", "sgd", "relu", 1, 1,
                    Map.of("k", "v"), List.of(new LayerInfo(0, "output", "dense", new long[]{2, 2}, 4, 4))));
            s.finish(id, RunStatus.FINISHED, "ok");
            s.annotate(id, List.of("old"), "");
        }
        return into;
    }

    @Test
    void everyTableWithARunIdIsCopiedWithItsRuns() throws Exception {
        Path src = fixture("src.db");
        try (RunStore s = RunStore.open(src)) { // migrates to the current schema
            s.annotate(2, List.of("adam"), "the better one");
        }
        Map<String, Long> source = runTableCounts(src);
        assertThat(source).as("the fixture has rows in every per-run table").allSatisfy((t, n) -> assertThat(n).as(t).isPositive());
        assertThat(source).containsKeys("run_annotations", "study_runs", "mask_events", "snapshots");
        Path into = targetWithOneRun();
        Map<String, Long> before = runTableCounts(into);

        StoreMerger.Report r = StoreMerger.merge(List.of(src), into);

        assertThat(r.copied()).isEqualTo(2);
        assertThat(r.studyLinks()).isEqualTo(2);
        Map<String, Long> after = runTableCounts(into);
        assertThat(after.keySet()).isEqualTo(source.keySet());
        for (String t : source.keySet()) {
            assertThat(after.get(t) - before.getOrDefault(t, 0L)).as("rows of %s carried by the merge", t).isEqualTo(source.get(t));
        }
    }

    @Test
    void annotationsAndStudyLinksFollowTheirRunsToTheirNewIds() throws Exception {
        Path src = fixture("src.db");
        try (RunStore s = RunStore.open(src)) {
            s.annotate(2, List.of("adam"), "the better one");
        }
        Path into = targetWithOneRun();
        StoreMerger.merge(List.of(src), into);
        try (RunStore s = RunStore.open(into)) {
            Map<String, Long> ids = new TreeMap<>();
            for (RunSummary run : s.listRuns()) ids.put(run.name(), run.id());
            long sgd = ids.get("v2-fixture/type=sgd/s1"), adam = ids.get("v2-fixture/type=adam/s1");
            assertThat(sgd).isNotEqualTo(1L); // ids were remapped
            assertThat(s.annotation(sgd)).isEqualTo(new RunAnnotation(sgd, List.of("paper", "fig3"), ""));
            assertThat(s.annotation(adam)).isEqualTo(new RunAnnotation(adam, List.of("adam"), "the better one"));
            assertThat(s.annotation(ids.get("already-there")).tags()).containsExactly("old");
        }
        try (StudyStore studies = StudyStore.open(into)) {
            var study = studies.studies().get(0);
            assertThat(study.name()).isEqualTo("v2-fixture");
            assertThat(studies.runs(study.id())).extracting(StudyStore.StudyRun::name, StudyStore.StudyRun::config)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("v2-fixture/type=sgd/s1", "type=sgd"),
                            org.assertj.core.groups.Tuple.tuple("v2-fixture/type=adam/s1", "type=adam"));
        }
    }

    @Test
    void anOlderSourceIsReadAsItIsAndItsTagsBecomeAnnotations() throws Exception {
        Path src = fixture("src.db"); // schema 2, never opened for writing
        byte[] original = Files.readAllBytes(src);
        Path into = dir.resolve("new.db");
        StoreMerger.Report r = StoreMerger.merge(List.of(src), into);
        assertThat(r.copied()).isEqualTo(2);
        assertThat(r.studyLinks()).isEqualTo(2);
        assertThat(Files.readAllBytes(src)).isEqualTo(original);
        try (RunStore s = RunStore.open(into)) {
            assertThat(s.annotations()).singleElement().extracting(RunAnnotation::tags).isEqualTo(List.of("paper", "fig3"));
            assertThat(s.maskEvents(s.listRuns().get(0).id())).hasSize(4).allMatch(e -> e.dropped() != null);
        }
    }
}
