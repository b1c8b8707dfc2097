package dev.gradflow.model.store;

import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The store file and its schema: checking that a file is a GradFlow store, connecting to it, creating a new store
 * atomically from {@code schema-v<N>.sql}, and bringing an older one to the current schema through
 * {@link SchemaMigrations}. {@link RunStore} is the only caller; docs/store.md describes the file.
 */
final class StoreSchema {
    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private StoreSchema() {
    }

    static void checkHeader(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                if (Files.exists(file)) throw new StoreException(file + " is not a GradFlow run store (not a regular file)");
                return;
            }
            if (Files.size(file) == 0) return;
            byte[] head = new byte[SQLITE_HEADER.length];
            int n;
            try (InputStream in = Files.newInputStream(file)) {
                n = in.readNBytes(head, 0, head.length);
            }
            if (n < head.length || !Arrays.equals(head, SQLITE_HEADER)) {
                throw new StoreException(file + " is not a GradFlow run store (not an SQLite database)");
            }
        } catch (IOException e) {
            throw new StoreException("Cannot read run store " + file + ": " + e.getMessage(), e);
        }
    }

    /** A new connection to the file: busy timeout, NORMAL synchronous (durable against process crashes in WAL mode). */
    static Connection connect(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(RunStore.BUSY_TIMEOUT_MS);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        try {
            return config.createConnection("jdbc:sqlite:" + file);
        } catch (SQLException e) {
            throw new StoreException("Cannot open run store " + file + ": " + e.getMessage(), e);
        }
    }

    /** A connection for a {@link MetricsWriter}: as {@link #connect}, in WAL mode. */
    static Connection connectWriter(Path file) {
        Connection c = connect(file);
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
        } catch (SQLException e) {
            try { c.close(); } catch (SQLException ignored) { /* already failing */ }
            throw new StoreException("Cannot open a writer on run store " + file + ": " + e.getMessage(), e);
        }
        return c;
    }

    static Connection connectReadOnly(Path file, boolean immutable) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(RunStore.BUSY_TIMEOUT_MS);
        String url = immutable ? "jdbc:sqlite:" + file.toUri() + "?immutable=1" : "jdbc:sqlite:" + file;
        return config.createConnection(url);
    }

    /**
     * Creates a new store file with its whole schema, so that no reader ever sees a store file without tables: the
     * schema is written into a temporary file beside it, which is then linked into place (never replacing a store
     * another process created meanwhile).
     */
    static void createAtomically(Path abs) {
        Path tmp = abs.resolveSibling("." + abs.getFileName() + ".new-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try {
            Connection c;
            try {
                c = connect(tmp);
            } catch (StoreException e) {
                throw new StoreException("Cannot create run store " + abs + ": " + (Files.isWritable(abs.getParent())
                        ? e.getMessage() : "the folder " + abs.getParent() + " is read-only"), e, true);
            }
            try {
                init(c, tmp);
                try (Statement st = c.createStatement()) {
                    st.execute("PRAGMA journal_mode=WAL");
                }
            } catch (SQLException e) {
                throw new StoreException("Cannot create run store " + abs + ": " + e.getMessage(), e, isReadOnlyError(e));
            } finally {
                closeQuietly(c); // the last connection: checkpoints and removes the temporary -wal
            }
            try {
                Files.createLink(abs, tmp);
            } catch (FileAlreadyExistsException e) {
                // another process created the store meanwhile: use theirs
            } catch (UnsupportedOperationException | IOException e) {
                try {
                    Files.move(tmp, abs);
                } catch (FileAlreadyExistsException ignored) {
                    // created meanwhile
                } catch (IOException m) {
                    throw new StoreException("Cannot create run store " + abs + ": " + reason(m, abs.getParent()), m, true);
                }
            }
        } finally {
            for (String suffix : new String[]{"", "-wal", "-shm", "-journal"}) {
                try {
                    Files.deleteIfExists(tmp.resolveSibling(tmp.getFileName() + suffix));
                } catch (IOException ignored) {
                    // a leftover hidden temporary file is harmless
                }
            }
        }
    }

    /**
     * Gives the store open on {@code conn} the current schema: creates it in an empty database, migrates an older
     * GradFlow store ({@link SchemaMigrations}), and refuses another application's database or a newer schema.
     */
    static void init(Connection conn, Path file) throws SQLException {
        int[] header = readHeader(conn);
        if (header[0] == RunStore.APPLICATION_ID && header[1] == RunStore.SCHEMA_VERSION) return;
        checkCompatible(file, header);
        if (header[0] == RunStore.APPLICATION_ID && header[1] < RunStore.SCHEMA_VERSION) {
            SchemaMigrations.migrate(file, conn, header[1]);
            return;
        }
        Sql.inTransaction(conn, () -> {
            int[] h = readHeader(conn); // re-read under the write lock: another process may have created it
            checkCompatible(file, h);
            if (h[0] == RunStore.APPLICATION_ID && h[1] == RunStore.SCHEMA_VERSION) return;
            try (Statement st = conn.createStatement()) {
                for (String sql : schemaStatements()) st.execute(sql);
                // constants, not user input
                st.execute("PRAGMA application_id = " + RunStore.APPLICATION_ID);
                st.execute("PRAGMA user_version = " + RunStore.SCHEMA_VERSION);
            }
        });
    }

    /** {@code PRAGMA application_id}, {@code PRAGMA user_version} and the number of schema objects. */
    static int[] readHeader(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement()) {
            int appId, version, objects;
            try (ResultSet rs = st.executeQuery("PRAGMA application_id")) { rs.next(); appId = rs.getInt(1); }
            try (ResultSet rs = st.executeQuery("PRAGMA user_version")) { rs.next(); version = rs.getInt(1); }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_master")) { rs.next(); objects = rs.getInt(1); }
            return new int[]{appId, version, objects};
        }
    }

    static void checkCompatible(Path file, int[] header) {
        int appId = header[0], version = header[1], objects = header[2];
        boolean empty = appId == 0 && version == 0 && objects == 0;
        if (empty) return;
        if (appId != RunStore.APPLICATION_ID) {
            throw new StoreException(file + " is not a GradFlow run store (an SQLite database of another application)");
        }
        if (version > RunStore.SCHEMA_VERSION) {
            throw new StoreException("Run store " + file + " has schema version " + version
                    + ", newer than this version of GradFlow supports (" + RunStore.SCHEMA_VERSION + "); please upgrade GradFlow");
        }
        if (version < 1) {
            throw new StoreException("Run store " + file + " has an invalid schema version " + version);
        }
        // 1 <= version < RunStore.SCHEMA_VERSION: SchemaMigrations upgrades the file in init.
    }

    static List<String> schemaStatements() {
        return sqlStatements("schema-v" + RunStore.SCHEMA_VERSION + ".sql");
    }

    /** The statements of an SQL resource next to this class ({@code --} comments dropped, split at {@code ;}). */
    static List<String> sqlStatements(String resource) {
        String text;
        try (InputStream in = StoreSchema.class.getResourceAsStream(resource)) {
            if (in == null) throw new StoreException("Missing resource " + resource);
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StoreException("Cannot read resource " + resource, e);
        }
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String code = line;
            int comment = code.indexOf("--");
            if (comment >= 0) code = code.substring(0, comment);
            code = code.strip();
            if (code.isEmpty()) continue;
            current.append(code).append('\n');
            if (code.endsWith(";")) {
                statements.add(current.toString().strip());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) statements.add(current.toString().strip());
        return statements;
    }

    static boolean isReadOnlyError(SQLException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("READONLY") || m.contains("readonly") || m.contains("CANTOPEN") || m.contains("unable to open");
    }

    static String reason(IOException e, Path where) {
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof FileAlreadyExistsException) return e.getMessage() + " is a file, not a folder";
        String r = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage();
        if (where != null && !Files.isWritable(where) && Files.exists(where)) return where + " is read-only";
        return String.valueOf(r);
    }

    static void closeQuietly(Connection c) {
        try { c.close(); } catch (SQLException ignored) { /* already failing */ }
    }
}
