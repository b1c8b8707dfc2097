package dev.gradflow.app.task;

import javafx.application.Platform;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** Background work on a small daemon pool; UI updates through {@link Platform#runLater}. */
public final class FxTaskExecutor implements TaskExecutor, AutoCloseable {
    private final ExecutorService pool;

    public FxTaskExecutor() {
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "gradflow-bg-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override public void background(Runnable work) { pool.execute(work); }

    @Override
    public void ui(Runnable update) {
        if (Platform.isFxApplicationThread()) update.run();
        else Platform.runLater(update);
    }

    @Override public void close() { pool.shutdownNow(); }
}
