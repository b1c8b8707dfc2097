package dev.gradflow.model.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of {@code run_annotations} (schema 3): a run's tags and note. The runs table's older {@code tags} column
 * is kept equal to the annotation's tags (joined by ", "), so listings that show it stay right.
 */
final class Annotations {
    private Annotations() {
    }

    /** Sets a run's tags and note (callers check that the run exists, in the same transaction). */
    static void write(Connection c, long runId, List<String> tags, String note) throws SQLException {
        String encoded = RunAnnotation.encode(tags);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO main.run_annotations (run_id, tags, note) VALUES (?, ?, ?) "
                + "ON CONFLICT (run_id) DO UPDATE SET tags = excluded.tags, note = excluded.note")) {
            ps.setLong(1, runId);
            ps.setString(2, encoded);
            ps.setString(3, note == null ? "" : note);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE main.runs SET tags = ? WHERE id = ?")) {
            ps.setString(1, String.join(", ", RunAnnotation.decode(encoded)));
            ps.setLong(2, runId);
            ps.executeUpdate();
        }
    }

    /** Sets only the tags, from free text ("paper, fig3"), keeping the note. */
    static void writeTags(Connection c, long runId, String text) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO main.run_annotations (run_id, tags) VALUES (?, ?) "
                + "ON CONFLICT (run_id) DO UPDATE SET tags = excluded.tags")) {
            ps.setLong(1, runId);
            ps.setString(2, String.join(",", RunAnnotation.decode(text)));
            ps.executeUpdate();
        }
    }

    /** Every run's annotation that has a row, by run id; none for a store older than schema 3. */
    static List<RunAnnotation> all(Connection c) throws SQLException {
        List<RunAnnotation> out = new ArrayList<>();
        if (!StoreTables.hasTable(c, "main", "run_annotations")) return out;
        try (PreparedStatement ps = c.prepareStatement("SELECT run_id, tags, note FROM run_annotations ORDER BY run_id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(new RunAnnotation(rs.getLong(1), RunAnnotation.decode(rs.getString(2)), rs.getString(3)));
        }
        return out;
    }

    /** One run's annotation: no tags and an empty note when it has none. */
    static RunAnnotation of(Connection c, long runId) throws SQLException {
        if (StoreTables.hasTable(c, "main", "run_annotations")) {
            try (PreparedStatement ps = c.prepareStatement("SELECT tags, note FROM run_annotations WHERE run_id = ?")) {
                ps.setLong(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) return new RunAnnotation(runId, RunAnnotation.decode(rs.getString(1)), rs.getString(2));
                }
            }
        }
        return new RunAnnotation(runId, List.of(), "");
    }
}
