package dev.gradflow.model.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of the study tables ({@code studies}, {@code study_runs}; schema 3, docs/studies.md). Reads of a store
 * without them (an older store opened read-only) find no studies. {@code db} is {@code main} or an attached
 * database's name (a constant of this package).
 */
final class StudyTables {
    private StudyTables() {
    }

    private static boolean present(Connection c, String db) throws SQLException {
        List<String> t = StoreTables.tables(c, db);
        return t.contains("studies") && t.contains(StoreTables.STUDY_RUNS);
    }

    /** The oldest study with this name and study file, if any. */
    static Optional<Long> find(Connection c, String db, String name, String specJson) throws SQLException {
        if (!present(c, db)) return Optional.empty();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + db
                + ".studies WHERE name = ? AND spec_json = ? ORDER BY id LIMIT 1")) {
            ps.setString(1, name);
            ps.setString(2, specJson);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    static long insert(Connection c, String name, String kind, String specJson, long createdMs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO main.studies (name, kind, spec_json, created_ms) "
                + "VALUES (?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, name);
            ps.setString(2, kind);
            ps.setString(3, specJson);
            ps.setLong(4, createdMs);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** Stores the link; {@code replace}: an existing link of the same study and run is replaced, else kept. */
    static boolean link(Connection c, StudyLink l, boolean replace) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT OR " + (replace ? "REPLACE" : "IGNORE")
                + " INTO main.study_runs (study_id, run_id, role, pair_key, config, config_json, dense_width, seed, "
                + "active_weights) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, l.studyId());
            ps.setLong(2, l.runId());
            ps.setString(3, l.role());
            ps.setString(4, l.pairKey());
            ps.setString(5, l.config());
            ps.setString(6, l.configJson());
            ps.setObject(7, l.denseWidth());
            ps.setLong(8, l.seed());
            ps.setObject(9, l.activeWeights());
            return ps.executeUpdate() > 0;
        }
    }

    static List<StoredStudy> studies(Connection c, String db) throws SQLException {
        List<StoredStudy> out = new ArrayList<>();
        if (!present(c, db)) return out;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT s.id, s.name, s.kind, s.spec_json, s.created_ms, (SELECT count(*) FROM " + db
                        + ".study_runs r WHERE r.study_id = s.id) FROM " + db + ".studies s ORDER BY s.id")) {
            while (rs.next()) {
                out.add(new StoredStudy(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5), rs.getInt(6)));
            }
        }
        return out;
    }

    private static final String LINK_COLUMNS =
            "l.study_id, l.run_id, l.role, l.pair_key, l.config, l.config_json, l.dense_width, l.seed, l.active_weights";

    private static StudyLink readLink(ResultSet rs) throws SQLException {
        Object width = rs.getObject(7), active = rs.getObject(9);
        return new StudyLink(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), width == null ? null : ((Number) width).intValue(), rs.getLong(8),
                active == null ? null : ((Number) active).longValue());
    }

    /** Every link of {@code db}, in study then run order. */
    static List<StudyLink> links(Connection c, String db) throws SQLException {
        List<StudyLink> out = new ArrayList<>();
        if (!present(c, db)) return out;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT " + LINK_COLUMNS + " FROM " + db
                + ".study_runs l ORDER BY l.study_id, l.run_id")) {
            while (rs.next()) out.add(readLink(rs));
        }
        return out;
    }

    /** The runs of a study that exist in the store, in run id order, with their name, status and results. */
    static List<StudyRunRow> runs(Connection c, long studyId) throws SQLException {
        List<StudyRunRow> out = new ArrayList<>();
        if (!present(c, "main")) return out;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + LINK_COLUMNS + ", r.name, r.status, "
                + "r.final_test_accuracy, r.final_test_loss FROM study_runs l JOIN runs r ON r.id = l.run_id "
                + "WHERE l.study_id = ? ORDER BY r.id")) {
            ps.setLong(1, studyId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StudyRunRow(readLink(rs), rs.getString(10), rs.getString(11),
                            Codec.getNullableDouble(rs, "final_test_accuracy"),
                            Codec.getNullableDouble(rs, "final_test_loss")));
                }
            }
        }
        return out;
    }
}
