package dev.gradflow.model.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Numbered migrations of the run store's schema (docs/store.md, "Schema versions"). Migration {@code n} takes a store
 * of schema {@code n - 1} to schema {@code n}; its statements are the resource {@code migration-00n.sql}. New stores
 * are created at {@link #LATEST} directly from {@code schema-v<LATEST>.sql}; tests check that migrating real
 * schema-1 and schema-2 stores gives the same tables and columns.
 * <p>
 * {@link #migrate} first writes a consistent copy of the file to {@code <file>.v<from>.bak} (SQLite's
 * {@code VACUUM INTO}, which includes content still in the WAL), then applies every pending migration and the new
 * {@code user_version} in one {@code BEGIN IMMEDIATE} transaction: either the store is fully migrated or it is left
 * as it was. A second process migrating at the same time finds the new version under the write lock and does nothing.
 */
final class SchemaMigrations {
    /** The newest schema version this code writes and reads. */
    static final int LATEST = 3;

    private SchemaMigrations() {
    }

    /** The statements of migration n (schema n - 1 to n). */
    static List<String> statements(int n) {
        return StoreSchema.sqlStatements(String.format("migration-%03d.sql", n));
    }

    /** The backup file written before migrating {@code file} from schema {@code from}: the first free name. */
    static Path backupFile(Path file, int from) {
        Path b = file.resolveSibling(file.getFileName() + ".v" + from + ".bak");
        for (int i = 2; Files.exists(b); i++) b = file.resolveSibling(file.getFileName() + ".v" + from + ".bak." + i);
        return b;
    }

    /**
     * Migrates the store in {@code file} (open on {@code conn}, auto-commit, schema {@code from} with
     * {@code 1 <= from < LATEST}) to {@link #LATEST}, after backing it up.
     */
    static void migrate(Path file, Connection conn, int from) throws SQLException {
        Path backup = backupFile(file, from);
        try (PreparedStatement ps = conn.prepareStatement("VACUUM INTO ?")) {
            ps.setString(1, backup.toString());
            ps.execute();
        } catch (SQLException e) {
            throw new StoreException("Cannot back up run store " + file + " to " + backup
                    + " before migrating it from schema " + from + ": " + e.getMessage(), e);
        }
        Sql.inTransaction(conn, () -> {
            int now = userVersion(conn); // re-read under the write lock: another process may have migrated it
            if (now >= LATEST) return;
            try (Statement st = conn.createStatement()) {
                for (int n = now + 1; n <= LATEST; n++) {
                    for (String sql : statements(n)) st.execute(sql);
                }
                st.execute("PRAGMA user_version = " + LATEST); // a constant, not user input
            }
        });
    }

    private static int userVersion(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("PRAGMA user_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
