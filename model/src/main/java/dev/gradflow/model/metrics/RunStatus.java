package dev.gradflow.model.metrics;

import java.util.Locale;

/** Lifecycle of a run in the store. */
public enum RunStatus {
    RUNNING, FINISHED, CANCELLED, DIVERGED, FAILED, INTERRUPTED;

    public String dbName() { return name().toLowerCase(Locale.ROOT); }

    public static RunStatus fromDb(String s) { return valueOf(s.toUpperCase(Locale.ROOT)); }
}
