package dev.gradflow.app.task;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

class BackgroundTaskTest {
    /** Records which callbacks ran through the callback executor (the "UI thread"). */
    private final List<String> onUi = new ArrayList<>();
    private final List<Runnable> queued = new ArrayList<>();
    private final Executor background = queued::add;
    private final Executor ui = r -> { onUi.add("ui"); r.run(); };

    @Test
    void successDeliversTheResultOnTheCallbackExecutorAfterTheWorkRan() {
        List<Object> got = new ArrayList<>();
        BackgroundTask.wrap(t -> 6 * 7).onSuccess(got::add).onFailure(got::add).executeWith(background, ui);
        assertThat(got).as("nothing runs before the background executor runs the work").isEmpty();
        queued.forEach(Runnable::run);
        assertThat(got).containsExactly(42);
        assertThat(onUi).hasSize(1);
    }

    @Test
    void failureDeliversTheExceptionAndNoResult() {
        List<Object> got = new ArrayList<>();
        BackgroundTask.wrap(t -> { throw new IllegalStateException("broken"); })
                .onSuccess(v -> got.add("success")).onFailure(e -> got.add(e.getMessage()))
                .executeWith(Runnable::run, ui);
        assertThat(got).containsExactly("broken");
    }

    @Test
    void progressReportsArriveInOrderOnTheCallbackExecutor() {
        List<BackgroundTask.Progress> got = new ArrayList<>();
        BackgroundTask.wrap(t -> {
            t.updateProgress(0.5, "half");
            t.updateProgress(1, "done");
            return null;
        }).onProgress(got::add).executeWith(Runnable::run, ui);
        assertThat(got).containsExactly(new BackgroundTask.Progress(0.5, "half"), new BackgroundTask.Progress(1, "done"));
        assertThat(onUi).hasSize(3); // two reports and the (empty) success
    }

    @Test
    void cancelStopsWorkThatPollsForIt() {
        List<Object> got = new ArrayList<>();
        BackgroundTask<Integer> task = BackgroundTask.wrap(t -> {
            int rounds = 0;
            while (!t.isCancelled() && rounds < 1000) rounds++;
            return rounds;
        });
        task.onSuccess(got::add).executeWith(background, ui);
        task.cancel();
        queued.forEach(Runnable::run);
        assertThat(task.isCancelled()).isTrue();
        assertThat(got).containsExactly(0);
    }

    @Test
    void runnableWorkSucceedsWithNull() {
        List<Object> got = new ArrayList<>();
        int[] ran = {0};
        BackgroundTask.wrap(() -> ran[0]++).onSuccess(got::add).executeWith(new CurrentThreadTaskExecutor());
        assertThat(ran[0]).isEqualTo(1);
        assertThat(got).containsExactly((Object) null);
    }

    @Test
    void workSubmittedAfterTheExecutorClosedIsDroppedNotThrown() {
        FxTaskExecutor executor = new FxTaskExecutor();
        executor.close();
        java.util.concurrent.atomic.AtomicBoolean ran = new java.util.concurrent.atomic.AtomicBoolean();
        org.assertj.core.api.Assertions.assertThatCode(() -> executor.background(() -> ran.set(true))).doesNotThrowAnyException();
        org.assertj.core.api.Assertions.assertThat(ran).isFalse();
    }
}
