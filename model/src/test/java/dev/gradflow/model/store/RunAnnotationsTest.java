package dev.gradflow.model.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Run tags and notes (run_annotations, schema 3): written through the store, read back as typed records. */
class RunAnnotationsTest {
    @TempDir
    Path dir;

    @Test
    void annotateStoresTagsAndNoteAndMirrorsTagsIntoTheRunsTable() throws Exception {
        Path db = dir.resolve("runs.db");
        long a, b;
        try (RunStore store = RunStore.open(db)) {
            a = store.createRun(Fixtures.newRun("a"));
            b = store.createRun(Fixtures.newRun("b"));
            assertThat(store.annotation(a)).isEqualTo(new RunAnnotation(a, List.of(), ""));
            store.annotate(a, List.of(" paper ", "", "fig3"), "best run so far\nsecond line");
            store.annotate(b, List.of(), "only a note");
            assertThat(store.annotations()).containsExactly(
                    new RunAnnotation(a, List.of("paper", "fig3"), "best run so far\nsecond line"),
                    new RunAnnotation(b, List.of(), "only a note"));
            assertThat(store.run(a).orElseThrow().tags()).isEqualTo("paper, fig3");
            // setTags (the free text of the runs table) keeps the note
            store.setTags(a, "paper,  rerun");
            assertThat(store.annotation(a)).isEqualTo(new RunAnnotation(a, List.of("paper", "rerun"), "best run so far\nsecond line"));
            assertThat(store.run(a).orElseThrow().tags()).isEqualTo("paper,  rerun");
        }
        // the stored form, read with plain JDBC
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT tags, note FROM run_annotations WHERE run_id = " + a)) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("paper,rerun");
            assertThat(rs.getString(2)).isEqualTo("best run so far\nsecond line");
        }
    }

    @Test
    void badTagsAndUnknownRunsAreRefusedWithoutWriting() {
        try (RunStore store = RunStore.open(dir.resolve("runs.db"))) {
            long a = store.createRun(Fixtures.newRun("a"));
            assertThatThrownBy(() -> store.annotate(a, List.of("a,b"), "")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'a,b'").hasMessageContaining("comma");
            assertThatThrownBy(() -> store.annotate(999, List.of("x"), "")).isInstanceOf(StoreException.class)
                    .hasMessageContaining("999");
            assertThat(store.annotations()).isEmpty();
        }
    }

    @Test
    void deletingARunRemovesItsAnnotationAndStudyLinks() {
        try (RunStore store = RunStore.open(dir.resolve("runs.db"))) {
            long a = store.createRun(Fixtures.newRun("a"));
            long study = store.ensureStudy("s", "sweep", "{}");
            assertThat(store.ensureStudy("s", "sweep", "{}")).isEqualTo(study);
            store.linkStudyRun(new StudyLink(study, a, "run", null, "c", "{}", null, 1, null));
            store.annotate(a, List.of("x"), "n");
            assertThat(store.studies()).singleElement().extracting(StoredStudy::runs).isEqualTo(1);
            store.delete(a);
            assertThat(store.annotations()).isEmpty();
            assertThat(store.studies()).singleElement().extracting(StoredStudy::runs).isEqualTo(0);
        }
    }

    @Test
    void aReadOnlyStoreRefusesAnnotations() {
        Path db = dir.resolve("runs.db");
        long a;
        try (RunStore store = RunStore.open(db)) {
            a = store.createRun(Fixtures.newRun("a"));
        }
        try (RunStore store = RunStore.openReadOnly(db)) {
            assertThatThrownBy(() -> store.annotate(a, List.of("x"), "")).isInstanceOf(StoreException.class)
                    .hasMessageContaining("read-only");
        }
    }
}
