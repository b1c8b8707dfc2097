package dev.gradflow.model.store;

import java.nio.file.Path;

/**
 * Child process for {@link StoreOwnershipTest}: creates a run, writes and flushes 500 steps, queues a few more,
 * prints the run id and halts without finishing the run or closing anything (as if killed).
 */
public final class CrashChildMain {
    private CrashChildMain() {}

    public static void main(String[] args) {
        RunStore store = RunStore.open(Path.of(args[0]));
        long id = store.createRun(Fixtures.newRun("crashing"));
        MetricsWriter writer = store.writer(id);
        for (long s = 0; s < 500; s++) writer.step(Fixtures.step(s));
        writer.eval(Fixtures.eval(0, 0));
        writer.flush();
        for (long s = 500; s < 520; s++) writer.step(Fixtures.step(s));
        System.out.println("run " + id);
        System.out.flush();
        Runtime.getRuntime().halt(3);
    }
}
