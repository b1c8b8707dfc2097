package dev.gradflow.app.task;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One piece of background work with four channels (as JabRef's {@code BackgroundTask}): the result
 * ({@link #onSuccess}), an error ({@link #onFailure}), progress reports ({@link #onProgress}, sent by the work through
 * {@link #updateProgress}) and cancellation ({@link #cancel}, polled by the work through {@link #isCancelled}).
 * The work runs on the background executor; every callback runs on the callback executor (the FX thread in the app,
 * the calling thread in tests). Without an {@code onFailure} callback a failure is dropped, as the hand-written
 * {@code catch} blocks this replaces did.
 *
 * @param <V> the result type ({@code Void} for work without one)
 */
public final class BackgroundTask<V> {
    /** The work; it may report progress and poll for cancellation through the task it is given. */
    @FunctionalInterface
    public interface Work<V> {
        V call(BackgroundTask<V> task) throws Exception;
    }

    /** A progress report: {@code fraction} in 0..1 (NaN when unknown) and a short message. */
    public record Progress(double fraction, String message) {
    }

    private final Work<V> work;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private Consumer<? super V> onSuccess = v -> { };
    private Consumer<Throwable> onFailure = e -> { };
    private Consumer<Progress> onProgress = p -> { };
    private volatile Executor callbacks = Runnable::run;

    private BackgroundTask(Work<V> work) { this.work = work; }

    public static <V> BackgroundTask<V> wrap(Work<V> work) { return new BackgroundTask<>(work); }

    /** Work without a result (its success callback receives null). */
    public static BackgroundTask<Void> wrap(Runnable work) {
        return new BackgroundTask<>(t -> {
            work.run();
            return null;
        });
    }

    public BackgroundTask<V> onSuccess(Consumer<? super V> callback) { onSuccess = callback; return this; }

    public BackgroundTask<V> onFailure(Consumer<Throwable> callback) { onFailure = callback; return this; }

    public BackgroundTask<V> onProgress(Consumer<Progress> callback) { onProgress = callback; return this; }

    /** Asks the work to stop; it ends at its next {@link #isCancelled()} check. */
    public void cancel() { cancelled.set(true); }

    public boolean isCancelled() { return cancelled.get(); }

    /** Called by the work: delivers a progress report on the callback executor. */
    public void updateProgress(double fraction, String message) {
        Progress p = new Progress(fraction, message);
        callbacks.execute(() -> onProgress.accept(p));
    }

    /** Runs the work on {@code background}; callbacks run on {@code callbacks}. Returns this task (to cancel it). */
    public BackgroundTask<V> executeWith(Executor background, Executor callbacks) {
        this.callbacks = callbacks;
        background.execute(this::runNow);
        return this;
    }

    /** Runs the work with {@code tasks}: in the background, callbacks on the UI thread. */
    public BackgroundTask<V> executeWith(TaskExecutor tasks) {
        return executeWith(tasks::background, tasks::ui);
    }

    private void runNow() {
        V result;
        try {
            result = work.call(this);
        } catch (Throwable e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            callbacks.execute(() -> onFailure.accept(e));
            return;
        }
        callbacks.execute(() -> onSuccess.accept(result));
    }
}
