package dev.gradflow.model.cli;

import dev.gradflow.model.store.RunStore;
import dev.gradflow.model.store.RunSummary;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import dev.gradflow.model.spec.Messages;
import java.nio.file.Files;

/** The shared {@code --store} option: a run store file, by default {@code ~/.gradflow/runs.db}. */
public final class StoreOption {
    @Option(names = "--store", paramLabel = "FILE", description = "Run store (SQLite file). Default: ~/.gradflow/runs.db")
    Path store;

    static Path defaultStore() {
        return Path.of(System.getProperty("user.home"), ".gradflow", "runs.db");
    }

    Path path() {
        return store != null ? store : defaultStore();
    }

    RunStore open() {
        return RunStore.open(path());
    }

    /**
     * Opens an existing store for reading only ({@link RunStore#openReadOnly}): reading commands never create a store
     * on a typo and never write, so they work on read-only folders, mounts and files.
     */
    RunStore openExisting() {
        return openForReading(path());
    }

    /** {@link #openExisting()} for any path (also used by {@code plot}). */
    public static RunStore openForReading(Path p) {
        if (!Files.exists(p)) {
            throw new UserException("no run store at " + p + " (train a run first, or pass --store FILE)");
        }
        return RunStore.openReadOnly(p);
    }

    static RunSummary find(RunStore store, String run) {
        return store.find(run).orElseThrow(() -> new UserException("no run '" + Messages.shorten(run, 60) + "' in " + store.file()
                + " (see `gradflow runs --store " + store.file() + "`)"));
    }
}
