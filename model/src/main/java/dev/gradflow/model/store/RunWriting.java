package dev.gradflow.model.store;

import dev.gradflow.model.metrics.LayerInfo;
import dev.gradflow.model.metrics.RunStatus;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Writing runs to the store: creating and finishing runs (with their cached summary), renaming, tags and notes,
 * deleting, study links, and marking runs of vanished processes interrupted. Per-step metrics are written by
 * {@link MetricsWriter} on its own connection. Used only by {@link RunStore}, which checks that the store is open and
 * writable, serializes the calls and documents them.
 */
final class RunWriting {
    private final Connection conn;
    private final Path file;

    RunWriting(Connection conn, Path file) {
        this.conn = conn;
        this.file = file;
    }

    int recoverStaleRuns() {
        try {
            long now = System.currentTimeMillis();
            List<Long> stale = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT id, owner_host, owner_pid, owner_start_ms, heartbeat_ms FROM runs WHERE status = ?")) {
                ps.setString(1, RunStatus.RUNNING.dbName());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long pid = rs.getLong("owner_pid");
                        Long start = rs.getObject("owner_start_ms") == null ? null : rs.getLong("owner_start_ms");
                        Long heartbeat = rs.getObject("heartbeat_ms") == null ? null : rs.getLong("heartbeat_ms");
                        ProcessOwner owner = new ProcessOwner(rs.getString("owner_host"), pid, start);
                        if (owner.isStale(heartbeat, now)) stale.add(rs.getLong("id"));
                    }
                }
            }
            if (stale.isEmpty()) return 0;
            int[] count = {0};
            Sql.inTransaction(conn, () -> {
                try (PreparedStatement ps = conn.prepareStatement(
                        "UPDATE runs SET status = ?, finished_ms = COALESCE(heartbeat_ms, ?), message = COALESCE(message, ?) "
                                + "WHERE id = ? AND status = ?")) {
                    for (long id : stale) {
                        ps.setString(1, RunStatus.INTERRUPTED.dbName());
                        ps.setLong(2, now);
                        ps.setString(3, "owning process ended without finishing the run");
                        ps.setLong(4, id);
                        ps.setString(5, RunStatus.RUNNING.dbName());
                        count[0] += ps.executeUpdate();
                    }
                }
                for (long id : stale) cacheSummary(id);
            });
            return count[0];
        } catch (SQLException e) {
            throw fail("recover interrupted runs", e);
        }
    }

    long createRun(NewRun run) {
        Objects.requireNonNull(run, "run");
        ProcessOwner owner = ProcessOwner.current();
        long now = System.currentTimeMillis();
        long[] id = {0};
        try {
            Sql.inTransaction(conn, () -> {
                try (PreparedStatement ps = conn.prepareStatement(
                        "INSERT INTO runs (name, status, spec_json, spec_hash, dataset, optimizer, activation, density, "
                                + "seed, created_ms, started_ms, heartbeat_ms, owner_host, owner_pid, owner_start_ms) "
                                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                    ps.setString(1, run.name());
                    ps.setString(2, RunStatus.RUNNING.dbName());
                    ps.setString(3, run.specJson());
                    ps.setString(4, run.specHash());
                    ps.setString(5, run.dataset());
                    ps.setString(6, run.optimizer());
                    ps.setString(7, run.activation());
                    Codec.setDouble(ps, 8, run.density());
                    ps.setLong(9, run.seed());
                    ps.setLong(10, now);
                    ps.setLong(11, now);
                    ps.setLong(12, now);
                    ps.setString(13, owner.host());
                    ps.setLong(14, owner.pid());
                    ps.setObject(15, owner.startMillis());
                    ps.executeUpdate();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        keys.next();
                        id[0] = keys.getLong(1);
                    }
                }
                if (run.provenance() != null && !run.provenance().isEmpty()) {
                    try (PreparedStatement ps = conn.prepareStatement(
                            "INSERT INTO run_provenance (run_id, key, value) VALUES (?, ?, ?)")) {
                        for (Map.Entry<String, String> e : run.provenance().entrySet()) {
                            ps.setLong(1, id[0]);
                            ps.setString(2, e.getKey());
                            ps.setString(3, e.getValue());
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                }
                if (run.layers() != null && !run.layers().isEmpty()) {
                    try (PreparedStatement ps = conn.prepareStatement(
                            "INSERT INTO layers (run_id, layer, name, kind, shape, weights, active) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                        for (LayerInfo l : run.layers()) {
                            ps.setLong(1, id[0]);
                            ps.setInt(2, l.index());
                            ps.setString(3, l.name());
                            ps.setString(4, l.kind());
                            ps.setString(5, Codec.shapeToText(l.shape()));
                            ps.setLong(6, l.weights());
                            ps.setLong(7, l.active());
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                }
            });
        } catch (SQLException e) {
            throw fail("create run '" + run.name() + "'", e);
        }
        return id[0];
    }

    void finish(long runId, RunStatus status, String message) {
        Objects.requireNonNull(status, "status");
        if (status == RunStatus.RUNNING) throw new IllegalArgumentException("finish() needs a final status, not RUNNING");
        try {
            Sql.inTransaction(conn, () -> {
                try (PreparedStatement ps = conn.prepareStatement(
                        "UPDATE runs SET status = ?, finished_ms = ?, message = ? WHERE id = ?")) {
                    ps.setString(1, status.dbName());
                    ps.setLong(2, System.currentTimeMillis());
                    ps.setString(3, message);
                    ps.setLong(4, runId);
                    if (ps.executeUpdate() == 0) throw new StoreException("No run with id " + runId + " in " + file);
                }
                cacheSummary(runId);
            });
        } catch (SQLException e) {
            throw fail("finish run " + runId, e);
        }
    }

    private void cacheSummary(long runId) throws SQLException {
        long steps = 0;
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT max(COALESCE((SELECT max(step) + 1 FROM steps WHERE run_id = ?), 0), "
                        + "COALESCE((SELECT max(step) FROM epochs WHERE run_id = ?), 0), "
                        + "COALESCE((SELECT max(step) FROM eval_points WHERE run_id = ?), 0))")) {
            ps.setLong(1, runId);
            ps.setLong(2, runId);
            ps.setLong(3, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) steps = rs.getLong(1);
            }
        }
        Double acc = null, loss = null;
        boolean found = false;
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT test_accuracy, test_loss FROM epochs WHERE run_id = ? ORDER BY epoch DESC LIMIT 1")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    found = true;
                    acc = Codec.getNullableDouble(rs, "test_accuracy");
                    loss = Codec.getNullableDouble(rs, "test_loss");
                }
            }
        }
        if (!found) {
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT test_accuracy, test_loss FROM eval_points WHERE run_id = ? ORDER BY idx DESC LIMIT 1")) {
                ps.setLong(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        acc = Codec.getNullableDouble(rs, "test_accuracy");
                        loss = Codec.getNullableDouble(rs, "test_loss");
                    }
                }
            }
        }
        try (PreparedStatement ps = conn.prepareStatement(
                "UPDATE runs SET steps_done = ?, final_test_accuracy = ?, final_test_loss = ?, "
                        + "mean_egf2 = " + FlowMeans.subquery("egf2") + " WHERE id = ?")) {
            ps.setLong(1, steps);
            ps.setObject(2, acc);
            ps.setObject(3, loss);
            ps.setLong(4, runId);
            ps.setLong(5, runId);
            ps.executeUpdate();
        }
    }

    void rename(long id, String name) {
        Objects.requireNonNull(name, "name");
        updateRunColumn(id, "UPDATE runs SET name = ? WHERE id = ?", name, "rename");
    }

    void setTags(long id, String tags) {
        try {
            Sql.inTransaction(conn, () -> {
                updateRunColumn(id, "UPDATE runs SET tags = ? WHERE id = ?", tags, "set tags of");
                Annotations.writeTags(conn, id, tags);
            });
        } catch (SQLException e) {
            throw fail("set tags of run " + id, e);
        }
    }

    private void updateRunColumn(long id, String sql, String value, String what) {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, value);
            ps.setLong(2, id);
            if (ps.executeUpdate() == 0) throw new StoreException("No run with id " + id + " in " + file);
        } catch (SQLException e) {
            throw fail(what + " run " + id, e);
        }
    }

    void annotate(long runId, List<String> tags, String note) {
        Objects.requireNonNull(tags, "tags");
        RunAnnotation.encode(tags); // rejects bad tags before touching the store
        try {
            Sql.inTransaction(conn, () -> {
                requireRun(runId);
                Annotations.write(conn, runId, tags, note);
            });
        } catch (SQLException e) {
            throw fail("annotate run " + runId, e);
        }
    }

    long ensureStudy(String name, String kind, String specJson) {
        long[] id = {0};
        try {
            Sql.inTransaction(conn, () -> {
                Optional<Long> found = StudyTables.find(conn, "main", name, specJson);
                id[0] = found.isPresent() ? found.get()
                        : StudyTables.insert(conn, name, kind, specJson, System.currentTimeMillis());
            });
        } catch (SQLException e) {
            throw fail("create study " + name, e);
        }
        return id[0];
    }

    void linkStudyRun(StudyLink link) {
        try {
            StudyTables.link(conn, link, true);
        } catch (SQLException e) {
            throw fail("link run " + link.runId() + " to study " + link.studyId(), e);
        }
    }

    void delete(long id) {
        try {
            Sql.inTransaction(conn, () -> {
                for (String table : StoreTables.runTables(conn, "main")) {
                    // every table with a run_id column (names from the schema, not user input)
                    try (PreparedStatement ps = conn.prepareStatement("DELETE FROM " + table + " WHERE run_id = ?")) {
                        ps.setLong(1, id);
                        ps.executeUpdate();
                    }
                }
                try (PreparedStatement ps = conn.prepareStatement("DELETE FROM runs WHERE id = ?")) {
                    ps.setLong(1, id);
                    ps.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw fail("delete run " + id, e);
        }
    }

    void requireRun(long runId) {
        try (PreparedStatement ps = conn.prepareStatement("SELECT 1 FROM runs WHERE id = ?")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new StoreException("No run with id " + runId + " in " + file);
            }
        } catch (SQLException e) {
            throw fail("read run " + runId, e);
        }
    }

    private StoreException fail(String what, SQLException e) {
        return new StoreException("Cannot " + what + " in run store " + file + ": " + e.getMessage(), e);
    }
}
