package dev.gradflow.model.data;

/**
 * A train/test pair plus a checksum identifying the exact data (SHA-256 of the source files or of the
 * generation parameters), recorded with every run for provenance.
 */
public record DatasetSplit(Dataset train, Dataset test, String checksum, String source) {
}
