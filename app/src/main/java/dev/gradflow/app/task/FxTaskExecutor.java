package dev.gradflow.app.task;

import javafx.application.Platform;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/** Background work on a small daemon pool; UI updates through {@link Platform#runLater}. */
public final class FxTaskExecutor implements TaskExecutor, AutoCloseable {
    private final ExecutorService pool;

    public FxTaskExecutor() {
        pool = DaemonThreads.pool(2, "gradflow-bg");
    }

    /** Runs {@code work} on the pool; after {@link #close} (the window is closing) new work is dropped, not refused. */
    @Override
    public void background(Runnable work) {
        try {
            pool.execute(work);
        } catch (RejectedExecutionException closed) {
            // a refresh timer or late listener firing while the app shuts down: nothing is left to show its result
        }
    }

    @Override
    public void ui(Runnable update) {
        if (Platform.isFxApplicationThread()) update.run();
        else Platform.runLater(update);
    }

    @Override public void close() { pool.shutdownNow(); }
}
