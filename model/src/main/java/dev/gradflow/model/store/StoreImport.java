package dev.gradflow.model.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A source store attached read-only to a writable store, for merging stores ({@code study.StoreMerger}): the source's
 * runs, studies and study links as typed rows, and the copies into the target. Everything between
 * {@link RunStore#importFrom} and {@link #commit} is one transaction on the target; {@link #close} without commit
 * rolls it back. The source is never written (attached {@code mode=ro}, {@code immutable} when no process has it
 * open) and may be of an older schema: only the columns both stores have are copied.
 * <p>
 * A run is copied with its row of {@code runs} and its rows of every table whose schema has a {@code run_id} column
 * (found in {@code sqlite_master}, so a per-run table added to the schema is carried without a change here), except
 * {@code study_runs}, which is copied with its study ({@link #link}) because its study id must be mapped too.
 * Not thread-safe; while an import is open, use no other method of the target store.
 */
public final class StoreImport implements AutoCloseable {
    private static final String SRC = "src";

    /** A run's identity and result, for deciding whether the target has it already. */
    public record RunKey(long id, String name, String specHash, String status, Double finalTestAccuracy,
                         Double finalTestLoss) {
    }

    private final Connection conn;
    private final Path target;
    private final Path source;
    private boolean finished;

    private StoreImport(Connection conn, Path target, Path source) {
        this.conn = conn;
        this.target = target;
        this.source = source;
    }

    static StoreImport open(Connection conn, Path target, Path source) {
        Path s = source.toAbsolutePath().normalize();
        boolean live = Files.exists(s.resolveSibling(s.getFileName() + "-wal"));
        try {
            try (PreparedStatement ps = conn.prepareStatement("ATTACH DATABASE ? AS " + SRC)) {
                ps.setString(1, s.toUri() + (live ? "?mode=ro" : "?mode=ro&immutable=1"));
                ps.execute();
            }
            try (Statement st = conn.createStatement()) {
                st.execute("BEGIN IMMEDIATE");
            } catch (SQLException e) {
                detach(conn);
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot read " + s + " to merge it into " + target + ": " + e.getMessage(), e);
        }
        return new StoreImport(conn, target, s);
    }

    /** The source's runs, by id. */
    public List<RunKey> sourceRuns() {
        List<RunKey> out = new ArrayList<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT id, name, spec_hash, status, "
                + "final_test_accuracy, final_test_loss FROM " + SRC + ".runs ORDER BY id")) {
            while (rs.next()) out.add(readKey(rs));
        } catch (SQLException e) {
            throw fail("read the runs of " + source, e);
        }
        return out;
    }

    /** The target's run with this spec hash that a merge compares with: finished or diverged ones first, then the oldest. */
    public Optional<RunKey> targetRunOfSpec(String specHash) {
        try (PreparedStatement ps = conn.prepareStatement("SELECT id, name, spec_hash, status, final_test_accuracy, "
                + "final_test_loss FROM main.runs WHERE spec_hash = ? "
                + "ORDER BY CASE WHEN status IN ('finished', 'diverged') THEN 0 ELSE 1 END, id LIMIT 1")) {
            ps.setString(1, specHash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(readKey(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw fail("look up runs", e);
        }
    }

    private static RunKey readKey(ResultSet rs) throws SQLException {
        return new RunKey(rs.getLong("id"), rs.getString("name"), rs.getString("spec_hash"), rs.getString("status"),
                Codec.getNullableDouble(rs, "final_test_accuracy"), Codec.getNullableDouble(rs, "final_test_loss"));
    }

    /** Copies a source run with all its per-run rows into the target; returns its id there. */
    public long copyRun(long sourceRunId) {
        try {
            long newId = copyRunRow(sourceRunId);
            for (String table : StoreTables.runTables(conn, "main")) {
                if (table.equals(StoreTables.STUDY_RUNS) || !StoreTables.hasTable(conn, SRC, table)) continue;
                copyRows(table, sourceRunId, newId);
            }
            if (!StoreTables.hasTable(conn, SRC, "run_annotations")) annotateFromTagsColumn(newId);
            return newId;
        } catch (SQLException e) {
            throw fail("copy run " + sourceRunId + " of " + source, e);
        }
    }

    private long copyRunRow(long sourceRunId) throws SQLException {
        String cols = String.join(", ", sharedColumns("runs", "id"));
        try (PreparedStatement ins = conn.prepareStatement("INSERT INTO main.runs (" + cols + ") SELECT " + cols
                + " FROM " + SRC + ".runs WHERE id = ?", Statement.RETURN_GENERATED_KEYS)) {
            ins.setLong(1, sourceRunId);
            ins.executeUpdate();
            try (ResultSet k = ins.getGeneratedKeys()) {
                k.next();
                return k.getLong(1);
            }
        }
    }

    /** A source older than schema 3 has a run's tags only in runs.tags: they become its annotation, as migration 3 does. */
    private void annotateFromTagsColumn(long newId) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT tags FROM main.runs WHERE id = ?")) {
            ps.setLong(1, newId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && !RunAnnotation.decode(rs.getString(1)).isEmpty()) {
                    Annotations.writeTags(conn, newId, rs.getString(1));
                }
            }
        }
    }

    /** Copies the rows of one per-run table, with the new run id; a table's own row id is given anew. */
    private void copyRows(String table, long oldId, long newId) throws SQLException {
        List<String> cols = sharedColumns(table, "id");
        boolean ownId = StoreTables.columns(conn, "main", table).contains("id");
        List<String> select = cols.stream().map(col -> col.equals("run_id") ? "?" : col).toList();
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO main." + table + " (" + String.join(", ", cols)
                + ") SELECT " + String.join(", ", select) + " FROM " + SRC + "." + table + " WHERE run_id = ?"
                + (ownId ? " ORDER BY id" : ""))) {
            ps.setLong(1, newId);
            ps.setLong(2, oldId);
            ps.executeUpdate();
        }
    }

    /** The columns of a table present in both stores (the target's order), without {@code except}. */
    private List<String> sharedColumns(String table, String except) throws SQLException {
        List<String> src = StoreTables.columns(conn, SRC, table);
        List<String> out = new ArrayList<>(StoreTables.columns(conn, "main", table));
        out.removeIf(c -> c.equals(except) || !src.contains(c));
        return out;
    }

    /** The source's studies (none when it has no study tables). */
    public List<StoredStudy> sourceStudies() {
        try {
            return StudyTables.studies(conn, SRC);
        } catch (SQLException e) {
            throw fail("read the studies of " + source, e);
        }
    }

    /** The target's study with the same name and study file, created (with the source's creation time) if new. */
    public long ensureStudy(StoredStudy study) {
        try {
            Optional<Long> found = StudyTables.find(conn, "main", study.name(), study.specJson());
            return found.isPresent() ? found.get()
                    : StudyTables.insert(conn, study.name(), study.kind(), study.specJson(), study.createdMs());
        } catch (SQLException e) {
            throw fail("add study " + study.name(), e);
        }
    }

    /** The source's study links. */
    public List<StudyLink> sourceStudyLinks() {
        try {
            return StudyTables.links(conn, SRC);
        } catch (SQLException e) {
            throw fail("read the study links of " + source, e);
        }
    }

    /** Adds a link (with target ids) unless the target has one for that study and run; whether it was added. */
    public boolean link(StudyLink link) {
        try {
            return StudyTables.link(conn, link, false);
        } catch (SQLException e) {
            throw fail("link run " + link.runId() + " to study " + link.studyId(), e);
        }
    }

    /** Commits everything imported; the source is detached. */
    public void commit() {
        if (finished) throw new IllegalStateException("import of " + source + " already ended");
        try (Statement st = conn.createStatement()) {
            st.execute("COMMIT");
            finished = true;
        } catch (SQLException e) {
            throw fail("commit the merge of " + source, e);
        }
        detach(conn);
    }

    /** Rolls back unless committed, and detaches the source. */
    @Override
    public void close() {
        if (finished) return;
        finished = true;
        try (Statement st = conn.createStatement()) {
            st.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // nothing was written, or the connection is gone: nothing to undo
        }
        detach(conn);
    }

    private static void detach(Connection conn) {
        try (Statement st = conn.createStatement()) {
            st.execute("DETACH DATABASE " + SRC);
        } catch (SQLException ignored) {
            // detached already, or the connection is closing
        }
    }

    private StoreException fail(String what, SQLException e) {
        return new StoreException("Cannot " + what + " into " + target + ": " + e.getMessage(), e);
    }
}
