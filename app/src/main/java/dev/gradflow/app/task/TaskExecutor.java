package dev.gradflow.app.task;

/**
 * Where work runs. View models receive one through their constructor, so tests can pass
 * {@link CurrentThreadTaskExecutor} and run everything synchronously.
 */
public interface TaskExecutor {
    /** Runs short background work (store queries, file I/O) off the UI thread. */
    void background(Runnable work);

    /** Runs {@code update} on the UI thread (immediately if already there). */
    void ui(Runnable update);
}
