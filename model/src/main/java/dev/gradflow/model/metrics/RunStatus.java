package dev.gradflow.model.metrics;

/** Lifecycle of a run in the store. */
public enum RunStatus {
    RUNNING, FINISHED, CANCELLED, DIVERGED, FAILED, INTERRUPTED;

    public String dbName() { return name().toLowerCase(java.util.Locale.ROOT); }

    public static RunStatus fromDb(String s) { return valueOf(s.toUpperCase(java.util.Locale.ROOT)); }
}
