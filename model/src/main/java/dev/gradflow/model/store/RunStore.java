package dev.gradflow.model.store;

import dev.gradflow.model.metrics.EpochRecord;
import dev.gradflow.model.metrics.EvalPoint;
import dev.gradflow.model.metrics.LayerInfo;
import dev.gradflow.model.metrics.MaskEvent;
import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.metrics.Snapshot;
import dev.gradflow.model.metrics.StepRecord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The run store: one SQLite file (WAL mode) holding runs, their per-step and per-evaluation metrics, epoch
 * summaries, mask changes and parameter snapshots. The schema is documented in {@code docs/store.md}.
 *
 * <p>Several {@code RunStore}s, in one or several processes, may open the same file: typically one process
 * trains and writes through a {@link MetricsWriter} while others read. The methods of one instance are
 * thread-safe (they share one connection and are serialized); each writer has its own connection and thread.
 *
 * <p>All failures are reported as {@link StoreException} naming the file.
 *
 * <p>This class opens and closes the store and is its public API; the work is done by {@link StoreSchema} (the file,
 * its schema and migrations), {@link RunWriting} and {@link RunReading} (runs, annotations and study rows),
 * {@link StoreImport} (merging another store in) and {@link MetricsWriter} (metrics of a training run).
 */
public final class RunStore implements AutoCloseable {

    /** Schema version written to {@code PRAGMA user_version}. */
    public static final int SCHEMA_VERSION = SchemaMigrations.LATEST;
    /** {@code PRAGMA application_id} of a GradFlow store: 0x47466C57, ASCII 'GFlW'. */
    public static final int APPLICATION_ID = 0x47466C57;
    /** How long a connection waits for a lock held by another connection before failing. */
    static final int BUSY_TIMEOUT_MS = 30_000;

    private final Path file;
    private final Connection conn;
    private final boolean readOnly;
    private final RunWriting writing;
    private final RunReading reading;
    private final Set<MetricsWriter> writers = ConcurrentHashMap.newKeySet();
    private boolean closed;

    /** {@code schemaVersion}: the file's, older than {@link #SCHEMA_VERSION} only for a store read without upgrading it. */
    private RunStore(Path file, Connection conn, boolean readOnly, int schemaVersion) {
        this.file = file;
        this.conn = conn;
        this.readOnly = readOnly;
        this.writing = new RunWriting(conn, file);
        this.reading = new RunReading(conn, file, readOnly, schemaVersion);
    }

    /**
     * Opens (creating if needed, with parent directories) the store in {@code file}, and marks runs whose owning
     * process is gone as {@link RunStatus#INTERRUPTED}.
     *
     * @throws StoreException if the file is not a GradFlow store, has a newer schema, or cannot be opened
     */
    public static RunStore open(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        StoreSchema.checkHeader(abs);
        Path parent = abs.getParent();
        try {
            if (parent != null) Files.createDirectories(parent);
        } catch (IOException e) {
            throw new StoreException("Cannot create the folder of the run store " + abs + ": "
                    + StoreSchema.reason(e, parent), e, true);
        }
        if (!Files.exists(abs)) StoreSchema.createAtomically(abs);
        if (Files.exists(abs) && (!Files.isWritable(abs) || (parent != null && !Files.isWritable(parent)))) {
            throw new StoreException("Run store " + abs + " is read-only (" + (Files.isWritable(abs) ? "its folder " + parent
                    : "the file") + " cannot be written); commands that only read it (runs, show, export, plot, study "
                    + "report) work, training and merging into it need a writable location", null, true);
        }
        Connection conn = StoreSchema.connect(abs);
        RunStore store = new RunStore(abs, conn, false, SCHEMA_VERSION);
        try {
            StoreSchema.init(conn, abs);
            try (Statement st = conn.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
            }
            store.recoverStaleRuns();
            return store;
        } catch (SQLException e) {
            store.closeQuietly();
            throw new StoreException("Cannot open run store " + abs + ": " + e.getMessage(), e,
                    StoreSchema.isReadOnlyError(e));
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
        StoreSchema.checkHeader(abs);
        try {
            if (Files.size(abs) == 0) throw new StoreException(abs + " is an empty file, not a GradFlow run store");
        } catch (IOException e) {
            throw new StoreException("Cannot read run store " + abs + ": " + StoreSchema.reason(e, abs), e, true);
        }
        boolean live = Files.exists(abs.resolveSibling(abs.getFileName() + "-wal"));
        SQLException first = null;
        for (boolean immutable : live ? new boolean[]{false, true} : new boolean[]{true}) {
            Connection conn = null;
            try {
                conn = StoreSchema.connectReadOnly(abs, immutable);
                int[] header = StoreSchema.readHeader(conn);
                if (header[0] == 0 && header[1] == 0 && header[2] == 0) {
                    throw new StoreException(abs + " is an SQLite database without any tables, not a GradFlow run store");
                }
                StoreSchema.checkCompatible(abs, header);
                // an older schema is read as it is (a read changes nothing; a writing open migrates it): columns it
                // lacks read as missing values
                return new RunStore(abs, conn, true, header[1]);
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

    /** The store's file (absolute). */
    public Path file() { return file; }

    // ---------------------------------------------------------------------------------------------- writing

    /**
     * A batched background writer for the metrics of a run. Close it (which flushes) before {@link #finish}.
     * Writers still open are closed when this store is closed.
     */
    public MetricsWriter writer(long runId) {
        synchronized (this) {
            ensureOpen();
            ensureWritable();
            writing.requireRun(runId);
        }
        MetricsWriter w = new MetricsWriter(this, runId, StoreSchema.connectWriter(file));
        writers.add(w);
        return w;
    }

    void writerClosed(MetricsWriter w) { writers.remove(w); }

    /**
     * Marks {@code running} runs whose owning process is gone as {@code interrupted}: same host and the
     * owner's pid + start instant is not alive, or another host and no heartbeat for 10 minutes.
     *
     * @return the number of runs marked
     */
    public synchronized int recoverStaleRuns() {
        ensureOpen();
        if (readOnly) return 0;
        return writing.recoverStaleRuns();
    }

    /** Stores a new run with status {@code running}, owned by this process. */
    public synchronized long createRun(NewRun run) {
        ensureOpen();
        ensureWritable();
        return writing.createRun(run);
    }

    /**
     * Ends a run: sets its status, finish time and message (e.g. the step at which it diverged) and caches the
     * summary columns (steps done, final test accuracy and loss from the last epoch, else the last evaluation
     * point, and the mean EGF_2 over evaluation points).
     */
    public synchronized void finish(long runId, RunStatus status, String message) {
        ensureOpen();
        ensureWritable();
        writing.finish(runId, status, message);
    }

    public synchronized void rename(long id, String name) {
        ensureOpen();
        ensureWritable();
        writing.rename(id, name);
    }

    /**
     * Sets a run's tags from free text as typed ("paper, fig3"): stored as given in the runs table (listings show it)
     * and as a tag list in the run's annotation ({@link #annotation}), keeping its note.
     */
    public synchronized void setTags(long id, String tags) {
        ensureOpen();
        ensureWritable();
        writing.setTags(id, tags);
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
        ensureOpen();
        ensureWritable();
        writing.annotate(runId, tags, note);
    }

    /** The study with this name and study file (docs/studies.md), created if new; its id. */
    public synchronized long ensureStudy(String name, String kind, String specJson) {
        ensureOpen();
        ensureWritable();
        return writing.ensureStudy(name, kind, specJson);
    }

    /** Links a run to a study (replacing an earlier link of the same pair). */
    public synchronized void linkStudyRun(StudyLink link) {
        ensureOpen();
        ensureWritable();
        writing.linkStudyRun(link);
    }

    /**
     * Removes a run and all its rows: those of every table with a {@code run_id} column, including its study links and
     * annotation. Does nothing if there is no such run.
     */
    public synchronized void delete(long id) {
        ensureOpen();
        ensureWritable();
        writing.delete(id);
    }

    /** The newest run with this spec hash, whatever its status. */
    public synchronized Optional<Long> newestRunOfSpec(String specHash) {
        ensureOpen();
        return reading.newestRun(specHash, "");
    }

    /** The newest finished or diverged run (a result, not redone by a study) with this spec hash. */
    public synchronized Optional<Long> newestResultOfSpec(String specHash) {
        ensureOpen();
        return reading.newestRun(specHash, " AND status IN ('finished', 'diverged')");
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

    // ---------------------------------------------------------------------------------------------- reading

    public synchronized List<RunSummary> listRuns() {
        ensureOpen();
        return reading.listRuns();
    }

    public synchronized Optional<RunSummary> run(long id) {
        ensureOpen();
        return reading.run(id);
    }

    /**
     * Finds a run by numeric id or, failing that, by exact name.
     *
     * @throws StoreException if several runs have that name (the message lists their ids)
     */
    public synchronized Optional<RunSummary> find(String idOrName) {
        ensureOpen();
        return reading.find(idOrName);
    }

    /** The run's spec JSON, exactly as stored. */
    public synchronized String specJson(long id) {
        ensureOpen();
        return reading.specJson(id);
    }

    /** The run's provenance, sorted by key. */
    public synchronized Map<String, String> provenance(long id) {
        ensureOpen();
        return reading.provenance(id);
    }

    public synchronized List<LayerInfo> layers(long id) {
        ensureOpen();
        return reading.layers(id);
    }

    /**
     * Up to {@code limit} logged steps of a run with {@code step >= fromStepInclusive}, in step order, with their
     * per-layer statistics (layer names from the run's layer table). Suited to incremental reading of a live run.
     */
    public synchronized List<StepRecord> steps(long id, long fromStepInclusive, int limit) {
        ensureOpen();
        return reading.steps(id, fromStepInclusive, limit);
    }

    /** Number of logged steps of a run. */
    public synchronized long stepCount(long id) {
        ensureOpen();
        return reading.stepCount(id);
    }

    public synchronized List<EvalPoint> evalPoints(long id) {
        ensureOpen();
        return reading.evalPoints(id);
    }

    /** The run's mean of every network measure over its evaluation points ({@link FlowMeans}, docs/metrics.md). */
    public synchronized FlowMeans flowMeans(long id) {
        ensureOpen();
        return reading.flowMeans(id);
    }

    public synchronized List<EpochRecord> epochs(long id) {
        ensureOpen();
        return reading.epochs(id);
    }

    public synchronized List<MaskEvent> maskEvents(long id) {
        ensureOpen();
        return reading.maskEvents(id);
    }

    /** All parameter snapshots of a run, in the order they were written (init, eval01.., final). */
    public synchronized List<Snapshot> snapshots(long id) {
        ensureOpen();
        return reading.snapshots(id);
    }

    /** Every run's annotation that has tags or a note set, by run id (none in a store older than schema 3). */
    public synchronized List<RunAnnotation> annotations() {
        ensureOpen();
        return reading.annotations();
    }

    /** A run's tags and note: no tags and an empty note if none were set. */
    public synchronized RunAnnotation annotation(long runId) {
        ensureOpen();
        return reading.annotation(runId);
    }

    /** Every study, by id, with its number of linked runs (none in an older store without study tables). */
    public synchronized List<StoredStudy> studies() {
        ensureOpen();
        return reading.studies();
    }

    /** The runs linked to a study, by run id, with their name, status and final test results. */
    public synchronized List<StudyRunRow> studyRuns(long studyId) {
        ensureOpen();
        return reading.studyRuns(studyId);
    }

    // ---------------------------------------------------------------------------------------------- plumbing

    private void ensureWritable() {
        if (readOnly) throw new StoreException("Run store " + file + " was opened read-only", null, true);
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("Run store " + file + " is closed");
    }

    private void closeQuietly() {
        StoreSchema.closeQuietly(conn);
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
                if (failure == null) {
                    failure = new StoreException("Cannot close run store " + file + ": " + e.getMessage(), e);
                }
            }
        }
        if (failure != null) throw failure;
    }
}
