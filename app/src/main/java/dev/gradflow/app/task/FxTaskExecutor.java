package dev.gradflow.app.task;

import javafx.application.Platform;

import java.util.concurrent.ExecutorService;

/** Background work on a small daemon pool; UI updates through {@link Platform#runLater}. */
public final class FxTaskExecutor implements TaskExecutor, AutoCloseable {
    private final ExecutorService pool;

    public FxTaskExecutor() {
        pool = DaemonThreads.pool(2, "gradflow-bg");
    }

    @Override public void background(Runnable work) { pool.execute(work); }

    @Override
    public void ui(Runnable update) {
        if (Platform.isFxApplicationThread()) update.run();
        else Platform.runLater(update);
    }

    @Override public void close() { pool.shutdownNow(); }
}
