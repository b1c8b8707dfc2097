package dev.gradflow.model.store;

import dev.gradflow.model.metrics.EpochRecord;
import dev.gradflow.model.metrics.EvalPoint;
import dev.gradflow.model.metrics.LayerArrays;
import dev.gradflow.model.metrics.LayerStats;
import dev.gradflow.model.metrics.NetworkFlow;
import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.metrics.StepRecord;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The run store: one SQLite file (WAL mode) holding runs, their per-step and per-evaluation metrics, epoch
 * summaries, mask changes and parameter snapshots. The schema is documented in {@code docs/store.md}.
 *
 * <p>Several {@code RunStore}s, in one or several processes, may open the same file: typically one process
 * trains and writes through a {@link MetricsWriter} while others read. The methods of one instance are
 * thread-safe (they share one connection and are serialized); each writer has its own connection and thread.
 *
 * <p>All failures are reported as {@link StoreException} naming the file.
 */
public final class RunStore implements AutoCloseable {

    /** Schema version written to {@code PRAGMA user_version}. */
    public static final int SCHEMA_VERSION = SchemaMigrations.LATEST;
    /** {@code PRAGMA application_id} of a GradFlow store: 0x47466C57, ASCII 'GFlW'. */
    public static final int APPLICATION_ID = 0x47466C57;
    /** How long a connection waits for a lock held by another connection before failing. */
    static final int BUSY_TIMEOUT_MS = 30_000;

    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private final Path file;
    private final Connection conn;
    private final boolean readOnly;
    /** The schema version of the file: {@link #SCHEMA_VERSION}, or older for a store read without upgrading it. */
    private int schemaVersion = SCHEMA_VERSION;
    private final Set<MetricsWriter> writers = ConcurrentHashMap.newKeySet();
    private boolean closed;

    private RunStore(Path file, Connection conn) {
        this(file, conn, false);
    }

    private RunStore(Path file, Connection conn, boolean readOnly) {
        this.file = file;
        this.conn = conn;
        this.readOnly = readOnly;
    }

    /**
     * Opens (creating if needed, with parent directories) the store in {@code file}, and marks runs whose owning
     * process is gone as {@link RunStatus#INTERRUPTED}.
     *
     * @throws StoreException if the file is not a GradFlow store, has a newer schema, or cannot be opened
     */
    public static RunStore open(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        checkHeader(abs);
        Path parent = abs.getParent();
        try {
            if (parent != null) Files.createDirectories(parent);
        } catch (IOException e) {
            throw new StoreException("Cannot create the folder of the run store " + abs + ": " + reason(e, parent), e, true);
        }
        if (!Files.exists(abs)) createAtomically(abs);
        if (Files.exists(abs) && (!Files.isWritable(abs) || (parent != null && !Files.isWritable(parent)))) {
            throw new StoreException("Run store " + abs + " is read-only (" + (Files.isWritable(abs) ? "its folder " + parent
                    : "the file") + " cannot be written); commands that only read it (runs, show, export, plot, study "
                    + "report) work, training and merging into it need a writable location", null, true);
        }
        Connection conn = connect(abs);
        RunStore store = new RunStore(abs, conn);
        try {
            store.initSchema();
            try (Statement st = conn.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
            }
            store.recoverStaleRuns();
            return store;
        } catch (SQLException e) {
            store.closeQuietly();
            throw new StoreException("Cannot open run store " + abs + ": " + e.getMessage(), e, isReadOnlyError(e));
        } catch (RuntimeException e) {
            store.closeQuietly();
            throw e;
        }
    }

    /**
     * Opens an existing store for reading only: nothing in the file or its folder is changed or created, so it works
     * in a read-only folder, on a read-only mount and on a read-only file. While no process has the store open (no
     * {@code -wal} file beside it) the file is opened {@code immutable} (no locks, no {@code -wal}/{@code -shm} files);
     * otherwise read-only in WAL mode, which sees what a live writer has committed. Stale {@code running} runs are
     * shown as {@code interrupted} without being rewritten (a writable open does that).
     *
     * @throws StoreException if there is no store, or the file is not a GradFlow store
     */
    public static RunStore openReadOnly(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        if (!Files.exists(abs)) throw new StoreException("No run store at " + abs);
        checkHeader(abs);
        try {
            if (Files.size(abs) == 0) throw new StoreException(abs + " is an empty file, not a GradFlow run store");
        } catch (IOException e) {
            throw new StoreException("Cannot read run store " + abs + ": " + reason(e, abs), e, true);
        }
        boolean live = Files.exists(abs.resolveSibling(abs.getFileName() + "-wal"));
        SQLException first = null;
        for (boolean immutable : live ? new boolean[]{false, true} : new boolean[]{true}) {
            Connection conn = null;
            try {
                conn = connectReadOnly(abs, immutable);
                RunStore store = new RunStore(abs, conn, true);
                int[] header = store.readHeader();
                if (header[0] == 0 && header[1] == 0 && header[2] == 0) {
                    throw new StoreException(abs + " is an SQLite database without any tables, not a GradFlow run store");
                }
                store.checkCompatible(header);
                // an older schema is read as it is (a read changes nothing; a writing open migrates it): columns it
                // lacks read as missing values
                store.schemaVersion = header[1];
                return store;
            } catch (SQLException e) {
                if (first == null) first = e;
                if (conn != null) {
                    try { conn.close(); } catch (SQLException ignored) { /* failing anyway */ }
                }
            } catch (RuntimeException e) {
                if (conn != null) {
                    try { conn.close(); } catch (SQLException ignored) { /* failing anyway */ }
                }
                throw e;
            }
        }
        throw new StoreException("Cannot read run store " + abs + ": " + first.getMessage(), first, true);
    }

    /** Whether this instance was opened with {@link #openReadOnly}: every writing method then fails. */
    public boolean readOnly() { return readOnly; }

    static Connection connectReadOnly(Path file, boolean immutable) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        String url = immutable ? "jdbc:sqlite:" + file.toUri() + "?immutable=1" : "jdbc:sqlite:" + file;
        return config.createConnection(url);
    }

    /**
     * Creates a new store file with its whole schema, so that no reader ever sees a store file without tables: the
     * schema is written into a temporary file beside it, which is then linked into place (never replacing a store
     * another process created meanwhile).
     */
    private static void createAtomically(Path abs) {
        Path tmp = abs.resolveSibling("." + abs.getFileName() + ".new-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try {
            Connection c;
            try {
                c = connect(tmp);
            } catch (StoreException e) {
                throw new StoreException("Cannot create run store " + abs + ": " + (Files.isWritable(abs.getParent())
                        ? e.getMessage() : "the folder " + abs.getParent() + " is read-only"), e, true);
            }
            RunStore s = new RunStore(tmp, c);
            try {
                s.initSchema();
                try (Statement st = c.createStatement()) {
                    st.execute("PRAGMA journal_mode=WAL");
                }
            } catch (SQLException e) {
                throw new StoreException("Cannot create run store " + abs + ": " + e.getMessage(), e, isReadOnlyError(e));
            } finally {
                s.closeQuietly(); // the last connection: checkpoints and removes the temporary -wal
            }
            try {
                Files.createLink(abs, tmp);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another process created the store meanwhile: use theirs
            } catch (UnsupportedOperationException | IOException e) {
                try {
                    Files.move(tmp, abs);
                } catch (java.nio.file.FileAlreadyExistsException ignored) {
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

    private static boolean isReadOnlyError(SQLException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("READONLY") || m.contains("readonly") || m.contains("CANTOPEN") || m.contains("unable to open");
    }

    private static String reason(IOException e, Path where) {
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.FileAlreadyExistsException) return e.getMessage() + " is a file, not a folder";
        String r = e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage();
        if (where != null && !Files.isWritable(where) && Files.exists(where)) return where + " is read-only";
        return String.valueOf(r);
    }

    /** The store's file (absolute). */
    public Path file() { return file; }

    private static void checkHeader(Path file) {
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
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        try {
            return config.createConnection("jdbc:sqlite:" + file);
        } catch (SQLException e) {
            throw new StoreException("Cannot open run store " + file + ": " + e.getMessage(), e);
        }
    }

    Connection newWriterConnection() {
        Connection c = connect(file);
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
        } catch (SQLException e) {
            try { c.close(); } catch (SQLException ignored) { /* already failing */ }
            throw new StoreException("Cannot open a writer on run store " + file + ": " + e.getMessage(), e);
        }
        return c;
    }

    private void initSchema() throws SQLException {
        int[] header = readHeader();
        if (header[0] == APPLICATION_ID && header[1] == SCHEMA_VERSION) return;
        checkCompatible(header);
        if (header[0] == APPLICATION_ID && header[1] < SCHEMA_VERSION) {
            SchemaMigrations.migrate(file, conn, header[1]);
            return;
        }
        inTransaction(conn, () -> {
            int[] h = readHeader(); // re-read under the write lock: another process may have created it
            checkCompatible(h);
            if (h[0] == APPLICATION_ID && h[1] == SCHEMA_VERSION) return;
            try (Statement st = conn.createStatement()) {
                for (String sql : schemaStatements()) st.execute(sql);
                // constants, not user input
                st.execute("PRAGMA application_id = " + APPLICATION_ID);
                st.execute("PRAGMA user_version = " + SCHEMA_VERSION);
            }
        });
    }

    private int[] readHeader() throws SQLException {
        try (Statement st = conn.createStatement()) {
            int appId, version, objects;
            try (ResultSet rs = st.executeQuery("PRAGMA application_id")) { rs.next(); appId = rs.getInt(1); }
            try (ResultSet rs = st.executeQuery("PRAGMA user_version")) { rs.next(); version = rs.getInt(1); }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_master")) { rs.next(); objects = rs.getInt(1); }
            return new int[]{appId, version, objects};
        }
    }

    private void checkCompatible(int[] header) {
        int appId = header[0], version = header[1], objects = header[2];
        boolean empty = appId == 0 && version == 0 && objects == 0;
        if (empty) return;
        if (appId != APPLICATION_ID) {
            throw new StoreException(file + " is not a GradFlow run store (an SQLite database of another application)");
        }
        if (version > SCHEMA_VERSION) {
            throw new StoreException("Run store " + file + " has schema version " + version
                    + ", newer than this version of GradFlow supports (" + SCHEMA_VERSION + "); please upgrade GradFlow");
        }
        if (version < 1) {
            throw new StoreException("Run store " + file + " has an invalid schema version " + version);
        }
        // 1 <= version < SCHEMA_VERSION: SchemaMigrations upgrades the file in initSchema.
    }

    static List<String> schemaStatements() {
        return sqlStatements("schema-v" + SCHEMA_VERSION + ".sql");
    }

    /** The statements of an SQL resource next to this class ({@code --} comments dropped, split at {@code ;}). */
    static List<String> sqlStatements(String resource) {
        String text;
        try (InputStream in = RunStore.class.getResourceAsStream(resource)) {
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

    // ---------------------------------------------------------------------------------------------- ownership

    /**
     * Marks {@code running} runs whose owning process is gone as {@code interrupted}: same host and the
     * owner's pid + start instant is not alive, or another host and no heartbeat for 10 minutes.
     *
     * @return the number of runs marked
     */
    public synchronized int recoverStaleRuns() {
        ensureOpen();
        if (readOnly) return 0;
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
            inTransaction(conn, () -> {
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

    // ---------------------------------------------------------------------------------------------- writing

    /** Stores a new run with status {@code running}, owned by this process. */
    public synchronized long createRun(NewRun run) {
        Objects.requireNonNull(run, "run");
        ensureOpen();
        ensureWritable();
        ProcessOwner owner = ProcessOwner.current();
        long now = System.currentTimeMillis();
        long[] id = {0};
        try {
            inTransaction(conn, () -> {
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

    /**
     * A batched background writer for the metrics of a run. Close it (which flushes) before {@link #finish}.
     * Writers still open are closed when this store is closed.
     */
    public MetricsWriter writer(long runId) {
        synchronized (this) {
            ensureOpen();
            ensureWritable();
            requireRun(runId);
        }
        MetricsWriter w = new MetricsWriter(this, runId, newWriterConnection());
        writers.add(w);
        return w;
    }

    void writerClosed(MetricsWriter w) { writers.remove(w); }

    /**
     * Ends a run: sets its status, finish time and message (e.g. the step at which it diverged) and caches the
     * summary columns (steps done, final test accuracy and loss from the last epoch, else the last evaluation
     * point, and the mean EGF_2 over evaluation points).
     */
    public synchronized void finish(long runId, RunStatus status, String message) {
        Objects.requireNonNull(status, "status");
        if (status == RunStatus.RUNNING) throw new IllegalArgumentException("finish() needs a final status, not RUNNING");
        ensureOpen();
        ensureWritable();
        try {
            inTransaction(conn, () -> {
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

    public synchronized void rename(long id, String name) {
        Objects.requireNonNull(name, "name");
        updateRunColumn(id, "UPDATE runs SET name = ? WHERE id = ?", name, "rename");
    }

    /**
     * Sets a run's tags from free text as typed ("paper, fig3"): stored as given in the runs table (listings show it)
     * and as a tag list in the run's annotation ({@link #annotation}), keeping its note.
     */
    public synchronized void setTags(long id, String tags) {
        ensureOpen();
        ensureWritable();
        try {
            inTransaction(conn, () -> {
                updateRunColumn(id, "UPDATE runs SET tags = ? WHERE id = ?", tags, "set tags of");
                Annotations.writeTags(conn, id, tags);
            });
        } catch (SQLException e) {
            throw fail("set tags of run " + id, e);
        }
    }

    /**
     * Sets a run's tags and note (table {@code run_annotations}); the runs table's {@code tags} column becomes the
     * tags joined by ", ".
     *
     * @param tags each trimmed, empty ones dropped; a tag cannot contain a comma or a line break
     * @throws IllegalArgumentException for a tag with a comma or a line break
     * @throws StoreException if there is no such run
     */
    public synchronized void annotate(long runId, List<String> tags, String note) {
        Objects.requireNonNull(tags, "tags");
        RunAnnotation.encode(tags); // rejects bad tags before touching the store
        ensureOpen();
        ensureWritable();
        try {
            inTransaction(conn, () -> {
                requireRun(runId);
                Annotations.write(conn, runId, tags, note);
            });
        } catch (SQLException e) {
            throw fail("annotate run " + runId, e);
        }
    }

    /** Every run's annotation that has tags or a note set, by run id (none in a store older than schema 3). */
    public synchronized List<RunAnnotation> annotations() {
        ensureOpen();
        try {
            return Annotations.all(conn);
        } catch (SQLException e) {
            throw fail("read run annotations", e);
        }
    }

    /** A run's tags and note: no tags and an empty note if none were set. */
    public synchronized RunAnnotation annotation(long runId) {
        ensureOpen();
        try {
            return Annotations.of(conn, runId);
        } catch (SQLException e) {
            throw fail("read the annotation of run " + runId, e);
        }
    }

    private void updateRunColumn(long id, String sql, String value, String what) {
        ensureOpen();
        ensureWritable();
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, value);
            ps.setLong(2, id);
            if (ps.executeUpdate() == 0) throw new StoreException("No run with id " + id + " in " + file);
        } catch (SQLException e) {
            throw fail(what + " run " + id, e);
        }
    }

    // ---------------------------------------------------------------------------------------------- studies

    /** The study with this name and study file (docs/studies.md), created if new; its id. */
    public synchronized long ensureStudy(String name, String kind, String specJson) {
        ensureOpen();
        ensureWritable();
        long[] id = {0};
        try {
            inTransaction(conn, () -> {
                Optional<Long> found = StudyTables.find(conn, "main", name, specJson);
                id[0] = found.isPresent() ? found.get()
                        : StudyTables.insert(conn, name, kind, specJson, System.currentTimeMillis());
            });
        } catch (SQLException e) {
            throw fail("create study " + name, e);
        }
        return id[0];
    }

    /** Links a run to a study (replacing an earlier link of the same pair). */
    public synchronized void linkStudyRun(StudyLink link) {
        ensureOpen();
        ensureWritable();
        try {
            StudyTables.link(conn, link, true);
        } catch (SQLException e) {
            throw fail("link run " + link.runId() + " to study " + link.studyId(), e);
        }
    }

    /** Every study, by id, with its number of linked runs (none in an older store without study tables). */
    public synchronized List<StoredStudy> studies() {
        ensureOpen();
        try {
            return StudyTables.studies(conn, "main");
        } catch (SQLException e) {
            throw fail("list studies", e);
        }
    }

    /** The runs linked to a study, by run id, with their name, status and final test results. */
    public synchronized List<StudyRunRow> studyRuns(long studyId) {
        ensureOpen();
        try {
            return StudyTables.runs(conn, studyId);
        } catch (SQLException e) {
            throw fail("read study " + studyId, e);
        }
    }

    /** The newest run with this spec hash, whatever its status. */
    public synchronized Optional<Long> newestRunOfSpec(String specHash) {
        return newestRun(specHash, "");
    }

    /** The newest finished or diverged run (a result, not redone by a study) with this spec hash. */
    public synchronized Optional<Long> newestResultOfSpec(String specHash) {
        return newestRun(specHash, " AND status IN ('finished', 'diverged')");
    }

    private Optional<Long> newestRun(String specHash, String statusCondition) {
        ensureOpen();
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

    /**
     * Starts importing the store in {@code source} into this one (for merging stores): see {@link StoreImport}. The
     * source is attached read-only; until the import is committed or closed, use no other method of this store.
     */
    public synchronized StoreImport importFrom(Path source) {
        ensureOpen();
        ensureWritable();
        return StoreImport.open(conn, file, source);
    }

    /**
     * Removes a run and all its rows: those of every table with a {@code run_id} column, including its study links and
     * annotation. Does nothing if there is no such run.
     */
    public synchronized void delete(long id) {
        ensureOpen();
        ensureWritable();
        try {
            inTransaction(conn, () -> {
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

    // ---------------------------------------------------------------------------------------------- reading

    private static final String SUMMARY_SELECT =
            "SELECT id, name, status, dataset, optimizer, activation, density, seed, tags, created_ms, finished_ms, "
                    + "COALESCE(steps_done, (SELECT max(step) + 1 FROM steps s WHERE s.run_id = runs.id), 0) AS steps, "
                    + "final_test_accuracy, final_test_loss, mean_egf2, message, owner_host, owner_pid, owner_start_ms, "
                    + "heartbeat_ms FROM runs";

    public synchronized List<RunSummary> listRuns() {
        ensureOpen();
        try (PreparedStatement ps = conn.prepareStatement(SUMMARY_SELECT + " ORDER BY id")) {
            return readSummaries(ps);
        } catch (SQLException e) {
            throw fail("list runs", e);
        }
    }

    public synchronized Optional<RunSummary> run(long id) {
        ensureOpen();
        try (PreparedStatement ps = conn.prepareStatement(SUMMARY_SELECT + " WHERE id = ?")) {
            ps.setLong(1, id);
            return readSummaries(ps).stream().findFirst();
        } catch (SQLException e) {
            throw fail("read run " + id, e);
        }
    }

    /**
     * Finds a run by numeric id or, failing that, by exact name.
     *
     * @throws StoreException if several runs have that name (the message lists their ids)
     */
    public synchronized Optional<RunSummary> find(String idOrName) {
        Objects.requireNonNull(idOrName, "idOrName");
        ensureOpen();
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

    /** The run's spec JSON, exactly as stored. */
    public synchronized String specJson(long id) {
        ensureOpen();
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

    /** The run's provenance, sorted by key. */
    public synchronized Map<String, String> provenance(long id) {
        ensureOpen();
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

    public synchronized List<LayerInfo> layers(long id) {
        ensureOpen();
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

    /**
     * Up to {@code limit} logged steps of a run with {@code step >= fromStepInclusive}, in step order, with their
     * per-layer statistics (layer names from the run's layer table). Suited to incremental reading of a live run.
     */
    public synchronized List<StepRecord> steps(long id, long fromStepInclusive, int limit) {
        ensureOpen();
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

    /** Number of logged steps of a run. */
    public synchronized long stepCount(long id) {
        ensureOpen();
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

    public synchronized List<EvalPoint> evalPoints(long id) {
        ensureOpen();
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

    /** The run's mean of every network measure over its evaluation points ({@link FlowMeans}, docs/metrics.md). */
    public synchronized FlowMeans flowMeans(long id) {
        ensureOpen();
        try {
            return FlowMeans.read(conn, id);
        } catch (SQLException e) {
            throw fail("average the evaluation points of run " + id, e);
        }
    }

    public synchronized List<EpochRecord> epochs(long id) {
        ensureOpen();
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

    public synchronized List<MaskEvent> maskEvents(long id) {
        ensureOpen();
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

    /** All parameter snapshots of a run, in the order they were written (init, eval01.., final). */
    public synchronized List<Snapshot> snapshots(long id) {
        ensureOpen();
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

    // ---------------------------------------------------------------------------------------------- plumbing

    private void requireRun(long runId) {
        try (PreparedStatement ps = conn.prepareStatement("SELECT 1 FROM runs WHERE id = ?")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new StoreException("No run with id " + runId + " in " + file);
            }
        } catch (SQLException e) {
            throw fail("read run " + runId, e);
        }
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

    private StoreException fail(String what, SQLException e) {
        return new StoreException("Cannot " + what + " in run store " + file + ": " + e.getMessage(), e);
    }

    private void ensureWritable() {
        if (readOnly) throw new StoreException("Run store " + file + " was opened read-only", null, true);
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("Run store " + file + " is closed");
    }

    private void closeQuietly() {
        try { conn.close(); } catch (SQLException ignored) { /* already failing */ }
    }

    /** Closes open writers (flushing them), then the connection. Rethrows the first writer failure. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (MetricsWriter w : List.copyOf(writers)) {
            try {
                w.close();
            } catch (RuntimeException e) {
                if (failure == null) failure = e;
            }
        }
        synchronized (this) {
            if (closed) return;
            closed = true;
            try {
                conn.close();
            } catch (SQLException e) {
                if (failure == null) failure = fail("close", e);
            }
        }
        if (failure != null) throw failure;
    }
}
