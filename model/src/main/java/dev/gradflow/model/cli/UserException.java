package dev.gradflow.model.cli;

/** A mistake in what the user asked for (unknown run, bad option value): printed as a message, exit status 2. */
final class UserException extends RuntimeException {
    UserException(String message) { super(message); }
}
