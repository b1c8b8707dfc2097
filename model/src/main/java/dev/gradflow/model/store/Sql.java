package dev.gradflow.model.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Transactions on a store connection (in auto-commit mode), shared by the store, its writers and migrations. */
final class Sql {
    private Sql() {
    }

    @FunctionalInterface
    interface SqlWork {
        void run() throws SQLException;
    }

    /** Runs {@code work} in a {@code BEGIN IMMEDIATE} transaction on {@code c} (which is in auto-commit mode). */
    static void inTransaction(Connection c, SqlWork work) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
        }
        boolean ok = false;
        try {
            work.run();
            try (Statement st = c.createStatement()) {
                st.execute("COMMIT");
            }
            ok = true;
        } finally {
            if (!ok) {
                try (Statement st = c.createStatement()) {
                    st.execute("ROLLBACK");
                } catch (SQLException ignored) {
                    // the original failure matters more
                }
            }
        }
    }
}
