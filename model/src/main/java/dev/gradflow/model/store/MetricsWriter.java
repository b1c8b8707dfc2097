package dev.gradflow.model.store;

import dev.gradflow.model.metrics.EpochRecord;
import dev.gradflow.model.metrics.EvalPoint;
import dev.gradflow.model.metrics.LayerArrays;
import dev.gradflow.model.metrics.LayerStats;
import dev.gradflow.model.metrics.MaskEvent;
import dev.gradflow.model.metrics.NetworkFlow;
import dev.gradflow.model.metrics.Snapshot;
import dev.gradflow.model.metrics.StepRecord;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Batched, asynchronous writer of one run's metrics, for the training thread. The submit methods only put the
 * record on a bounded queue ({@value #QUEUE_CAPACITY} items; when it is full they wait, which is the only
 * back-pressure); a single background thread drains the queue and writes in transactions of up to
 * {@value #MAX_BATCH} items, at least every {@value #BATCH_MILLIS} ms, and refreshes the run's heartbeat. That
 * thread runs at the lowest scheduling priority ({@link BackgroundPriority}), so it does not compete with training.
 *
 * <p>A failure of the background thread is kept and rethrown (as {@link StoreException}) by {@link #flush()},
 * {@link #close()} and any later submission; records submitted after a failure are discarded.
 * Records are stored by reference: do not mutate their arrays after submitting them.
 */
public final class MetricsWriter implements AutoCloseable {

    static final int QUEUE_CAPACITY = 100_000;
    static final int MAX_BATCH = 5_000;
    static final long BATCH_MILLIS = 200;
    /** Heartbeat refresh interval while idle; while data flows it is refreshed with every transaction. */
    static final long IDLE_HEARTBEAT_MILLIS = 15_000;

    private record Flush(CountDownLatch done) {}

    private static final Object CLOSE = new Object();

    private final RunStore store;
    private final long runId;
    private final Connection conn;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Thread thread;
    private volatile Throwable failure;
    private volatile boolean closed;

    MetricsWriter(RunStore store, long runId, Connection conn) {
        this.store = store;
        this.runId = runId;
        this.conn = conn;
        this.thread = new Thread(this::drainLoop, "gradflow-store-writer-" + runId);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    public long runId() { return runId; }

    public void step(StepRecord step) { submit(Objects.requireNonNull(step, "step")); }

    public void eval(EvalPoint point) { submit(Objects.requireNonNull(point, "point")); }

    public void epoch(EpochRecord epoch) { submit(Objects.requireNonNull(epoch, "epoch")); }

    public void snapshot(Snapshot snapshot) { submit(Objects.requireNonNull(snapshot, "snapshot")); }

    public void maskEvent(MaskEvent event) { submit(Objects.requireNonNull(event, "event")); }

    /** Number of submitted items not yet taken by the background thread (for monitoring). */
    public int pending() { return queue.size(); }

    /** Blocks until everything submitted so far is committed; rethrows a background failure. */
    public void flush() {
        throwIfFailed();
        if (closed) return;
        Flush marker = new Flush(new CountDownLatch(1));
        enqueue(marker);
        awaitMarker(marker);
        throwIfFailed();
    }

    /** Flushes, stops the background thread and closes its connection; rethrows a background failure. */
    @Override
    public void close() {
        synchronized (this) {
            if (!closed) {
                closed = true;
                enqueue(CLOSE);
            }
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        store.writerClosed(this);
        throwIfFailed();
    }

    private void submit(Object item) {
        throwIfFailed();
        if (closed) throw new IllegalStateException("Metrics writer of run " + runId + " is closed");
        enqueue(item);
    }

    private void enqueue(Object item) {
        try {
            queue.put(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted while queueing metrics of run " + runId, e);
        }
    }

    private void awaitMarker(Flush marker) {
        try {
            while (!marker.done().await(100, TimeUnit.MILLISECONDS)) {
                if (!thread.isAlive()) break;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted while flushing metrics of run " + runId, e);
        }
    }

    private void throwIfFailed() {
        Throwable f = failure;
        if (f != null) {
            throw new StoreException("Writing metrics of run " + runId + " to " + store.file() + " failed: " + f.getMessage(), f);
        }
    }

    // ------------------------------------------------------------------------------------------ background thread

    private void drainLoop() {
        // The writer must not take a core from training (docs/performance.md): lowest scheduling priority.
        BackgroundPriority.lowerCurrentThread();
        List<Object> batch = new ArrayList<>();
        long lastHeartbeat = 0;
        boolean closing = false;
        try (Connection c = conn; Statements st = new Statements(c)) {
            while (!closing) {
                batch.clear();
                boolean marker = collect(batch);
                boolean hasData = false;
                for (Object o : batch) {
                    if (o == CLOSE) closing = true;
                    else if (!(o instanceof Flush)) hasData = true;
                }
                long now = System.currentTimeMillis();
                boolean beat = hasData || now - lastHeartbeat >= IDLE_HEARTBEAT_MILLIS;
                if (failure == null && (hasData || beat)) {
                    try {
                        Sql.inTransaction(c, () -> {
                            for (Object o : batch) write(st, o);
                            st.heartbeat.setLong(1, now);
                            st.heartbeat.setLong(2, runId);
                            st.heartbeat.executeUpdate();
                        });
                        lastHeartbeat = now;
                    } catch (SQLException | RuntimeException e) {
                        failure = e;
                    }
                }
                if (marker) completeMarkers(batch);
            }
        } catch (Throwable t) {
            if (failure == null) failure = t;
        } finally {
            // release anyone waiting on a flush that will never be processed
            List<Object> rest = new ArrayList<>();
            queue.drainTo(rest);
            completeMarkers(batch);
            completeMarkers(rest);
        }
    }

    /** Collects up to MAX_BATCH items within BATCH_MILLIS; stops early at a flush/close marker. Returns whether one was seen. */
    private boolean collect(List<Object> batch) throws InterruptedException {
        Object first = queue.poll(BATCH_MILLIS, TimeUnit.MILLISECONDS);
        if (first == null) return false;
        batch.add(first);
        if (isMarker(first)) return true;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BATCH_MILLIS);
        while (batch.size() < MAX_BATCH) {
            int before = batch.size();
            queue.drainTo(batch, MAX_BATCH - batch.size());
            for (int i = before; i < batch.size(); i++) {
                if (isMarker(batch.get(i))) return true;
            }
            if (batch.size() >= MAX_BATCH) break;
            long wait = deadline - System.nanoTime();
            if (wait <= 0) break;
            Object next = queue.poll(wait, TimeUnit.NANOSECONDS);
            if (next == null) break;
            batch.add(next);
            if (isMarker(next)) return true;
        }
        return false;
    }

    private static boolean isMarker(Object o) { return o == CLOSE || o instanceof Flush; }

    private static void completeMarkers(List<Object> items) {
        for (Object o : items) {
            if (o instanceof Flush f) f.done().countDown();
        }
    }

    private void write(Statements st, Object o) throws SQLException {
        if (o instanceof StepRecord s) {
            PreparedStatement ps = st.step;
            ps.setLong(1, runId);
            ps.setLong(2, s.step());
            ps.setInt(3, s.epoch());
            Codec.setDouble(ps, 4, s.loss());
            Codec.setDouble(ps, 5, s.lr());
            bindFlow(ps, 6, s.flow());
            ps.executeUpdate();
            bindLayers(st.stepLayer, s.step(), s.layers());
        } else if (o instanceof EvalPoint e) {
            PreparedStatement ps = st.eval;
            ps.setLong(1, runId);
            ps.setInt(2, e.index());
            ps.setLong(3, e.step());
            Codec.setDouble(ps, 4, e.evalLoss());
            Codec.setDouble(ps, 5, e.trainLoss());
            Codec.setDouble(ps, 6, e.trainAccuracy());
            Codec.setDouble(ps, 7, e.testLoss());
            Codec.setDouble(ps, 8, e.testAccuracy());
            bindFlow(ps, 9, e.flow());
            ps.executeUpdate();
            bindLayers(st.evalLayer, e.index(), e.layers());
        } else if (o instanceof EpochRecord e) {
            PreparedStatement ps = st.epoch;
            ps.setLong(1, runId);
            ps.setInt(2, e.epoch());
            ps.setLong(3, e.step());
            Codec.setDouble(ps, 4, e.trainLoss());
            Codec.setDouble(ps, 5, e.trainAccuracy());
            Codec.setDouble(ps, 6, e.testLoss());
            Codec.setDouble(ps, 7, e.testAccuracy());
            Codec.setDouble(ps, 8, e.seconds());
            ps.executeUpdate();
        } else if (o instanceof MaskEvent m) {
            PreparedStatement ps = st.mask;
            ps.setLong(1, runId);
            ps.setLong(2, m.step());
            ps.setInt(3, m.layer());
            ps.setString(4, m.name());
            Codec.setDouble(ps, 5, m.densityBefore());
            Codec.setDouble(ps, 6, m.densityAfter());
            MaskEventColumns.bind(ps, 7, m);
            ps.executeUpdate();
        } else if (o instanceof Snapshot s) {
            PreparedStatement ps = st.snapshot;
            for (int i = 0; i < s.layers().size(); i++) {
                LayerArrays a = s.layers().get(i);
                ps.setLong(1, runId);
                ps.setString(2, s.label());
                ps.setLong(3, s.step());
                ps.setInt(4, i);
                ps.setString(5, a.name());
                ps.setString(6, Codec.shapeToText(a.weightShape()));
                ps.setBytes(7, Codec.encodeFloats(a.weights()));
                ps.setBytes(8, Codec.encodeFloats(a.bias()));
                ps.setBytes(9, Codec.encodeFloats(a.mask()));
                ps.executeUpdate();
            }
        }
        // flush/close markers carry no data
    }

    private static void bindFlow(PreparedStatement ps, int first, NetworkFlow f) throws SQLException {
        NetworkFlow flow = f != null ? f : new NetworkFlow(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        Codec.setDouble(ps, first, flow.gf1());
        Codec.setDouble(ps, first + 1, flow.gf2());
        Codec.setDouble(ps, first + 2, flow.egf1());
        Codec.setDouble(ps, first + 3, flow.egf2());
        Codec.setDouble(ps, first + 4, flow.egf1PerActive());
        Codec.setDouble(ps, first + 5, flow.egf2PerActive());
    }

    private void bindLayers(PreparedStatement ps, long key, List<LayerStats> layers) throws SQLException {
        if (layers == null || layers.isEmpty()) return;
        for (LayerStats l : layers) {
            ps.setLong(1, runId);
            ps.setLong(2, key);
            ps.setInt(3, l.layer());
            Codec.setDouble(ps, 4, l.l1All());
            Codec.setDouble(ps, 5, l.l2All());
            Codec.setDouble(ps, 6, l.l1Active());
            Codec.setDouble(ps, 7, l.l2Active());
            ps.setLong(8, l.weights());
            ps.setLong(9, l.active());
            Codec.setDouble(ps, 10, l.weightL2());
            Codec.setDouble(ps, 11, l.updateRatio());
            ps.addBatch();
        }
        ps.executeBatch();
    }

    /** The writer thread's prepared statements. */
    private static final class Statements implements AutoCloseable {
        final PreparedStatement step, stepLayer, eval, evalLayer, epoch, mask, snapshot, heartbeat;

        Statements(Connection c) throws SQLException {
            step = c.prepareStatement("INSERT INTO steps (run_id, step, epoch, loss, lr, gf1, gf2, egf1, egf2, egf1_pa, egf2_pa) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            stepLayer = c.prepareStatement("INSERT INTO step_layers (run_id, step, layer, l1_all, l2_all, l1_active, l2_active, "
                    + "weights, active, weight_l2, update_ratio) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            eval = c.prepareStatement("INSERT INTO eval_points (run_id, idx, step, eval_loss, train_loss, train_accuracy, "
                    + "test_loss, test_accuracy, gf1, gf2, egf1, egf2, egf1_pa, egf2_pa) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            evalLayer = c.prepareStatement("INSERT INTO eval_layers (run_id, idx, layer, l1_all, l2_all, l1_active, l2_active, "
                    + "weights, active, weight_l2, update_ratio) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            epoch = c.prepareStatement("INSERT INTO epochs (run_id, epoch, step, train_loss, train_accuracy, test_loss, "
                    + "test_accuracy, seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
            mask = c.prepareStatement("INSERT INTO mask_events (run_id, step, layer, name, density_before, density_after, "
                    + MaskEventColumns.NAMES + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
            snapshot = c.prepareStatement("INSERT INTO snapshots (run_id, label, step, layer, name, shape, weights, bias, mask) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
            heartbeat = c.prepareStatement("UPDATE runs SET heartbeat_ms = ? WHERE id = ?");
        }

        @Override
        public void close() throws SQLException {
            for (PreparedStatement ps : List.of(step, stepLayer, eval, evalLayer, epoch, mask, snapshot, heartbeat)) ps.close();
        }
    }
}
