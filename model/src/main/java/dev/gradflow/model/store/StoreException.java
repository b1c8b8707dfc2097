package dev.gradflow.model.store;

/**
 * A run store could not be opened, read or written. The message names the file or run concerned.
 * {@link #environment()} tells a refusal of the environment (read-only location, missing folder, permission, full
 * disk) from a mistake (not a store, unknown run).
 */
public class StoreException extends RuntimeException {
    private final boolean environment;

    public StoreException(String message) { this(message, null, false); }
    public StoreException(String message, Throwable cause) { this(message, cause, false); }

    public StoreException(String message, Throwable cause, boolean environment) {
        super(message, cause);
        this.environment = environment;
    }

    /** Whether the environment refused (the CLI exits 4), rather than the user asking for something wrong (2). */
    public boolean environment() { return environment; }
}
