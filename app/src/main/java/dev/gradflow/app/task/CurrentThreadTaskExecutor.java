package dev.gradflow.app.task;

/** Runs everything immediately on the calling thread: for unit tests of view models. */
public final class CurrentThreadTaskExecutor implements TaskExecutor {
    @Override public void background(Runnable work) { work.run(); }

    @Override public void ui(Runnable update) { update.run(); }
}
