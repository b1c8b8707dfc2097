package dev.gradflow.model.data;

/** A dataset could not be found or read. The message names the file or folder and what was expected. */
public class DataException extends RuntimeException {
    public DataException(String message) { super(message); }
    public DataException(String message, Throwable cause) { super(message, cause); }
}
