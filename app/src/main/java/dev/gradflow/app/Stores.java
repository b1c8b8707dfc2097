package dev.gradflow.app;

import java.nio.file.Path;

/** Where the workbench keeps its runs: {@code ~/.gradflow/runs.db}, or the system property {@code gradflow.store}. */
public final class Stores {
    public static final String PROPERTY = "gradflow.store";

    private Stores() {
    }

    public static Path defaultStore() {
        String p = System.getProperty(PROPERTY);
        if (p != null && !p.isBlank()) return Path.of(p);
        return Path.of(System.getProperty("user.home"), ".gradflow", "runs.db");
    }
}
