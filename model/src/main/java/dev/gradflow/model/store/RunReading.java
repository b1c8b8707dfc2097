package dev.gradflow.model.store;

import dev.gradflow.model.metrics.EpochRecord;
import dev.gradflow.model.metrics.EvalPoint;
import dev.gradflow.model.metrics.LayerArrays;
import dev.gradflow.model.metrics.LayerInfo;
import dev.gradflow.model.metrics.LayerStats;
import dev.gradflow.model.metrics.MaskEvent;
import dev.gradflow.model.metrics.NetworkFlow;
import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.metrics.Snapshot;
import dev.gradflow.model.metrics.StepRecord;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reading runs from the store: listings, a run's spec, provenance, layers, logged steps, evaluation points, epochs,
 * mask events, snapshots, annotations and study rows, as typed records. Used only by {@link RunStore}, which
 * serializes the calls (all on its connection) and documents them.
 */
final class RunReading {
    private final Connection conn;
    private final Path file;
    /** Opened read-only: stale running runs are shown as interrupted without being rewritten. */
    private final boolean readOnly;
    /** The file's schema version (older than the current one only in a read-only open). */
    private final int schemaVersion;

    RunReading(Connection conn, Path file, boolean readOnly, int schemaVersion) {
        this.conn = conn;
        this.file = file;
        this.readOnly = readOnly;
        this.schemaVersion = schemaVersion;
    }

    private static final String SUMMARY_SELECT =
            "SELECT id, name, status, dataset, optimizer, activation, density, seed, tags, created_ms, finished_ms, "
                    + "COALESCE(steps_done, (SELECT max(step) + 1 FROM steps s WHERE s.run_id = runs.id), 0) AS steps, "
                    + "final_test_accuracy, final_test_loss, mean_egf2, message, owner_host, owner_pid, owner_start_ms, "
                    + "heartbeat_ms FROM runs";

    List<RunSummary> listRuns() {
        try (PreparedStatement ps = conn.prepareStatement(SUMMARY_SELECT + " ORDER BY id")) {
            return readSummaries(ps);
        } catch (SQLException e) {
            throw fail("list runs", e);
        }
    }

    Optional<RunSummary> run(long id) {
        try (PreparedStatement ps = conn.prepareStatement(SUMMARY_SELECT + " WHERE id = ?")) {
            ps.setLong(1, id);
            return readSummaries(ps).stream().findFirst();
        } catch (SQLException e) {
            throw fail("read run " + id, e);
        }
    }

    Optional<RunSummary> find(String idOrName) {
        Objects.requireNonNull(idOrName, "idOrName");
        String key = idOrName.strip();
        if (key.matches("\\d{1,18}")) {
            Optional<RunSummary> byId = run(Long.parseLong(key));
            if (byId.isPresent()) return byId;
        }
        try (PreparedStatement ps = conn.prepareStatement(SUMMARY_SELECT + " WHERE name = ? ORDER BY id")) {
            ps.setString(1, key);
            List<RunSummary> matches = readSummaries(ps);
            if (matches.size() > 1) {
                throw new StoreException("Run name '" + key + "' is ambiguous in " + file + ": runs "
                        + matches.stream().map(r -> String.valueOf(r.id())).collect(Collectors.joining(", "))
                        + " have it; use an id");
            }
            return matches.stream().findFirst();
        } catch (SQLException e) {
            throw fail("find run '" + key + "'", e);
        }
    }

    private List<RunSummary> readSummaries(PreparedStatement ps) throws SQLException {
        List<RunSummary> out = new ArrayList<>();
        long now = System.currentTimeMillis();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                RunStatus status = RunStatus.fromDb(rs.getString("status"));
                String message = rs.getString("message");
                if (readOnly && status == RunStatus.RUNNING) {
                    // what a writable open would record (recoverStaleRuns), shown without writing
                    Long start = rs.getObject("owner_start_ms") == null ? null : rs.getLong("owner_start_ms");
                    Long heartbeat = rs.getObject("heartbeat_ms") == null ? null : rs.getLong("heartbeat_ms");
                    if (new ProcessOwner(rs.getString("owner_host"), rs.getLong("owner_pid"), start).isStale(heartbeat, now)) {
                        status = RunStatus.INTERRUPTED;
                        if (message == null) message = "owning process ended without finishing the run";
                    }
                }
                out.add(new RunSummary(rs.getLong("id"), rs.getString("name"), status,
                        rs.getString("dataset"), rs.getString("optimizer"), rs.getString("activation"),
                        Codec.getDouble(rs, "density"), rs.getLong("seed"), rs.getString("tags"),
                        Codec.getInstant(rs, "created_ms"), Codec.getInstant(rs, "finished_ms"), rs.getLong("steps"),
                        Codec.getNullableDouble(rs, "final_test_accuracy"), Codec.getNullableDouble(rs, "final_test_loss"),
                        Codec.getNullableDouble(rs, "mean_egf2"), message));
            }
        }
        return out;
    }

    String specJson(long id) {
        try (PreparedStatement ps = conn.prepareStatement("SELECT spec_json FROM runs WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new StoreException("No run with id " + id + " in " + file);
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw fail("read spec of run " + id, e);
        }
    }

    Map<String, String> provenance(long id) {
        Map<String, String> out = new LinkedHashMap<>();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT key, value FROM run_provenance WHERE run_id = ? ORDER BY key")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), rs.getString(2));
            }
            return out;
        } catch (SQLException e) {
            throw fail("read provenance of run " + id, e);
        }
    }

    List<LayerInfo> layers(long id) {
        List<LayerInfo> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT layer, name, kind, shape, weights, active FROM layers WHERE run_id = ? ORDER BY layer")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new LayerInfo(rs.getInt("layer"), rs.getString("name"), rs.getString("kind"),
                            Codec.parseShape(rs.getString("shape")), rs.getLong("weights"), rs.getLong("active")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw fail("read layers of run " + id, e);
        }
    }

    private Map<Integer, String> layerNames(long id) throws SQLException {
        Map<Integer, String> names = new HashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT layer, name FROM layers WHERE run_id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) names.put(rs.getInt(1), rs.getString(2));
            }
        }
        return names;
    }

    List<StepRecord> steps(long id, long fromStepInclusive, int limit) {
        if (limit <= 0) return List.of();
        try {
            record Row(long step, int epoch, double loss, double lr, NetworkFlow flow) {}
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT step, epoch, loss, lr, gf1, gf2, egf1, egf2, egf1_pa, egf2_pa FROM steps "
                            + "WHERE run_id = ? AND step >= ? ORDER BY step LIMIT ?")) {
                ps.setLong(1, id);
                ps.setLong(2, fromStepInclusive);
                ps.setInt(3, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Row(rs.getLong("step"), rs.getInt("epoch"), Codec.getDouble(rs, "loss"),
                                Codec.getDouble(rs, "lr"), readFlow(rs)));
                    }
                }
            }
            if (rows.isEmpty()) return List.of();
            Map<Integer, String> names = layerNames(id);
            Map<Long, List<LayerStats>> stats = new HashMap<>();
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT step AS k, " + LAYER_COLUMNS + " FROM step_layers WHERE run_id = ? AND step >= ? AND step <= ? "
                            + "ORDER BY step, layer")) {
                ps.setLong(1, id);
                ps.setLong(2, rows.get(0).step());
                ps.setLong(3, rows.get(rows.size() - 1).step());
                readLayerStats(ps, names, stats);
            }
            List<StepRecord> out = new ArrayList<>(rows.size());
            for (Row r : rows) {
                out.add(new StepRecord(r.step(), r.epoch(), r.loss(), r.lr(), r.flow(),
                        List.copyOf(stats.getOrDefault(r.step(), List.of()))));
            }
            return out;
        } catch (SQLException e) {
            throw fail("read steps of run " + id, e);
        }
    }

    long stepCount(long id) {
        try (PreparedStatement ps = conn.prepareStatement("SELECT count(*) FROM steps WHERE run_id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw fail("count steps of run " + id, e);
        }
    }

    private static final String LAYER_COLUMNS =
            "layer, l1_all, l2_all, l1_active, l2_active, weights, active, weight_l2, update_ratio";

    private static void readLayerStats(PreparedStatement ps, Map<Integer, String> names,
                                       Map<Long, List<LayerStats>> into) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                int layer = rs.getInt("layer");
                into.computeIfAbsent(rs.getLong("k"), k -> new ArrayList<>()).add(new LayerStats(layer,
                        names.getOrDefault(layer, "layer" + layer), Codec.getDouble(rs, "l1_all"),
                        Codec.getDouble(rs, "l2_all"), Codec.getDouble(rs, "l1_active"), Codec.getDouble(rs, "l2_active"),
                        rs.getLong("weights"), rs.getLong("active"), Codec.getDouble(rs, "weight_l2"),
                        Codec.getDouble(rs, "update_ratio")));
            }
        }
    }

    private static NetworkFlow readFlow(ResultSet rs) throws SQLException {
        return new NetworkFlow(Codec.getDouble(rs, "gf1"), Codec.getDouble(rs, "gf2"), Codec.getDouble(rs, "egf1"),
                Codec.getDouble(rs, "egf2"), Codec.getDouble(rs, "egf1_pa"), Codec.getDouble(rs, "egf2_pa"));
    }

    List<EvalPoint> evalPoints(long id) {
        try {
            Map<Integer, String> names = layerNames(id);
            Map<Long, List<LayerStats>> stats = new HashMap<>();
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT idx AS k, " + LAYER_COLUMNS + " FROM eval_layers WHERE run_id = ? ORDER BY idx, layer")) {
                ps.setLong(1, id);
                readLayerStats(ps, names, stats);
            }
            List<EvalPoint> out = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT idx, step, eval_loss, train_loss, train_accuracy, test_loss, test_accuracy, "
                            + "gf1, gf2, egf1, egf2, egf1_pa, egf2_pa FROM eval_points WHERE run_id = ? ORDER BY idx")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int idx = rs.getInt("idx");
                        out.add(new EvalPoint(idx, rs.getLong("step"), Codec.getDouble(rs, "eval_loss"),
                                Codec.getDouble(rs, "train_loss"), Codec.getDouble(rs, "train_accuracy"),
                                Codec.getDouble(rs, "test_loss"), Codec.getDouble(rs, "test_accuracy"), readFlow(rs),
                                List.copyOf(stats.getOrDefault((long) idx, List.of()))));
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw fail("read evaluation points of run " + id, e);
        }
    }

    FlowMeans flowMeans(long id) {
        try {
            return FlowMeans.read(conn, id);
        } catch (SQLException e) {
            throw fail("average the evaluation points of run " + id, e);
        }
    }

    List<EpochRecord> epochs(long id) {
        List<EpochRecord> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT epoch, step, train_loss, train_accuracy, test_loss, test_accuracy, seconds FROM epochs "
                        + "WHERE run_id = ? ORDER BY epoch")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new EpochRecord(rs.getInt("epoch"), rs.getLong("step"), Codec.getDouble(rs, "train_loss"),
                            Codec.getDouble(rs, "train_accuracy"), Codec.getDouble(rs, "test_loss"),
                            Codec.getDouble(rs, "test_accuracy"), Codec.getDouble(rs, "seconds")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw fail("read epochs of run " + id, e);
        }
    }

    List<MaskEvent> maskEvents(long id) {
        List<MaskEvent> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT step, layer, name, density_before, density_after, "
                        + (schemaVersion >= 2 ? MaskEventColumns.NAMES : MaskEventColumns.MISSING)
                        + " FROM mask_events WHERE run_id = ? "
                        + "ORDER BY step, id")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(MaskEventColumns.read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw fail("read mask events of run " + id, e);
        }
    }

    List<Snapshot> snapshots(long id) {
        Map<String, Long> steps = new LinkedHashMap<>();
        Map<String, List<LayerArrays>> arrays = new LinkedHashMap<>();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT label, step, name, shape, weights, bias, mask FROM snapshots WHERE run_id = ? ORDER BY id")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String label = rs.getString("label");
                    steps.putIfAbsent(label, rs.getLong("step"));
                    arrays.computeIfAbsent(label, k -> new ArrayList<>()).add(new LayerArrays(rs.getString("name"),
                            Codec.parseShape(rs.getString("shape")), Codec.decodeFloats(rs.getBytes("weights")),
                            Codec.decodeFloats(rs.getBytes("bias")), Codec.decodeFloats(rs.getBytes("mask"))));
                }
            }
        } catch (SQLException e) {
            throw fail("read snapshots of run " + id, e);
        }
        List<Snapshot> out = new ArrayList<>();
        steps.forEach((label, step) -> out.add(new Snapshot(label, step, List.copyOf(arrays.get(label)))));
        return out;
    }

    List<RunAnnotation> annotations() {
        try {
            return Annotations.all(conn);
        } catch (SQLException e) {
            throw fail("read run annotations", e);
        }
    }

    RunAnnotation annotation(long runId) {
        try {
            return Annotations.of(conn, runId);
        } catch (SQLException e) {
            throw fail("read the annotation of run " + runId, e);
        }
    }

    List<StoredStudy> studies() {
        try {
            return StudyTables.studies(conn, "main");
        } catch (SQLException e) {
            throw fail("list studies", e);
        }
    }

    List<StudyRunRow> studyRuns(long studyId) {
        try {
            return StudyTables.runs(conn, studyId);
        } catch (SQLException e) {
            throw fail("read study " + studyId, e);
        }
    }

    Optional<Long> newestRun(String specHash, String statusCondition) {
        try (PreparedStatement ps = conn.prepareStatement("SELECT id FROM runs WHERE spec_hash = ?" + statusCondition
                + " ORDER BY id DESC LIMIT 1")) {
            ps.setString(1, specHash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw fail("look up runs", e);
        }
    }

    private StoreException fail(String what, SQLException e) {
        return new StoreException("Cannot " + what + " in run store " + file + ": " + e.getMessage(), e);
    }
}
