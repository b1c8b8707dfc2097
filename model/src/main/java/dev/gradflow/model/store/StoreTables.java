package dev.gradflow.model.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What the schema of a store (or of an attached database) holds, read from {@code sqlite_master}: so that deleting
 * and merging runs carry every per-run table without a hand-kept list. {@code db} is the schema name,
 * {@code main} or the name of an attached database; it is always a constant of this package, never user input.
 */
final class StoreTables {
    /** The table linking runs to studies; it has a run_id but is copied with its study, not with its run. */
    static final String STUDY_RUNS = "study_runs";

    private StoreTables() {
    }

    /** The tables of {@code db}, in schema order, without SQLite's own. */
    static List<String> tables(Connection c, String db) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT name FROM " + db
                + ".sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid")) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    static boolean hasTable(Connection c, String db, String table) throws SQLException {
        return tables(c, db).contains(table);
    }

    /** Column names of a table, in order (empty if there is no such table). */
    static List<String> columns(Connection c, String db, String table) throws SQLException {
        List<String> cols = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA " + db + ".table_info(\"" + table.replace("\"", "\"\"") + "\")")) {
            while (rs.next()) cols.add(rs.getString("name"));
        }
        return cols;
    }

    /** Every table of {@code db} with a {@code run_id} column: the rows that belong to a run. */
    static List<String> runTables(Connection c, String db) throws SQLException {
        List<String> out = new ArrayList<>();
        for (String t : tables(c, db)) {
            if (columns(c, db, t).contains("run_id")) out.add(t);
        }
        return out;
    }
}
