package dev.gradflow.app.task;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The app's background threads, made in one place: daemon threads (they never keep the JVM alive), named. */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /** One long-lived daemon thread running submitted work in order. */
    public static ExecutorService single(String name) {
        return Executors.newSingleThreadExecutor(r -> thread(r, name));
    }

    /** One long-lived daemon thread that first runs {@code onStart} on itself (e.g. to lower its priority). */
    public static ExecutorService single(String name, Runnable onStart) {
        return Executors.newSingleThreadExecutor(r -> thread(() -> {
            onStart.run();
            r.run();
        }, name));
    }

    /** A fixed pool of daemon threads named {@code prefix-1, prefix-2, ...}. */
    public static ExecutorService pool(int size, String prefix) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(size, r -> thread(r, prefix + "-" + n.incrementAndGet()));
    }

    /** A new daemon thread for each piece of work (long work that must not wait for another). */
    public static Executor perTask(String name) {
        return r -> thread(r, name).start();
    }

    private static Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
