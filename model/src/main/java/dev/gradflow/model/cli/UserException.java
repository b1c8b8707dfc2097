package dev.gradflow.model.cli;

/** A mistake in what the user asked for (unknown run, bad option value): printed as a message, exit status 2. */
public final class UserException extends RuntimeException {
    public UserException(String message) { super(message); }
}
