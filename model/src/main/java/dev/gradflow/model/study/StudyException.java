package dev.gradflow.model.study;

/** A user mistake in a study file, a shard argument or a merge: the message says what and where. */
public class StudyException extends RuntimeException {
    public StudyException(String message) {
        super(message);
    }
}
