package dev.gradflow.model.store;

/** A run store could not be opened, read or written. The message names the file or run concerned. */
public class StoreException extends RuntimeException {
    public StoreException(String message) { super(message); }
    public StoreException(String message, Throwable cause) { super(message, cause); }
}
