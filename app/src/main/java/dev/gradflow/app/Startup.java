package dev.gradflow.app;

import dev.gradflow.app.design.DesignViewModel;
import dev.gradflow.app.design.Presets;
import dev.gradflow.app.task.BackgroundTask;
import dev.gradflow.app.task.DaemonThreads;
import dev.gradflow.model.store.RunStore;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Work started in {@code main()} before the JavaFX toolkit, on a second thread, so it overlaps the toolkit's own
 * start-up (1-2 s) instead of following it on the FX thread: opening the run store, and loading and initializing
 * the classes the first window needs (Jackson and the spec presets, the design view model, JFreeChart).
 * {@link WorkbenchApp} takes the store from here when it asks for the same file, else it opens its own.
 */
final class Startup {
    private static volatile Path storeFile;
    private static volatile CompletableFuture<RunStore> store;

    private Startup() {
    }

    static void begin() {
        Path file = Stores.defaultStore();
        CompletableFuture<RunStore> f = new CompletableFuture<>();
        storeFile = file;
        store = f;
        // The FX toolkit is not started yet: callbacks run on the preload thread itself.
        ExecutorService preload = DaemonThreads.single("gradflow-preload");
        BackgroundTask.<RunStore>wrap(task -> RunStore.open(file))
                .onSuccess(f::complete)
                .onFailure(f::completeExceptionally)
                .executeWith(preload, Runnable::run);
        BackgroundTask.wrap(Startup::preloadClasses)
                .onSuccess(v -> Diagnostics.mark("classes preloaded (background)"))
                // only a warm-up: whatever fails here fails again, reported, where it is really used
                .onFailure(e -> Diagnostics.mark("classes preloaded (background)"))
                .executeWith(preload, Runnable::run);
        preload.shutdown(); // the thread ends after these two
    }

    private static void preloadClasses() {
        Diagnostics.mark("store opened (background)");
        Presets.all();
        new DesignViewModel(s -> { });
        try {
            Class.forName("org.jfree.chart.ChartFactory");
            Class.forName("org.jfree.chart.plot.XYPlot");
            Class.forName("org.controlsfx.control.RangeSlider");
            Class.forName("dev.gradflow.app.runs.RunsView");
            Class.forName("dev.gradflow.app.compare.CompareView");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Opens {@code file}, reusing the store {@link #begin()} opened if it is the same file. */
    static RunStore open(Path file) {
        CompletableFuture<RunStore> f = store;
        if (f != null && file.equals(storeFile)) {
            store = null;
            try {
                return f.join();
            } catch (RuntimeException e) {
                // fall through: open again and let the error surface here
            }
        }
        return RunStore.open(file);
    }
}
