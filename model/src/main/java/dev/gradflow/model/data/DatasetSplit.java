package dev.gradflow.model.data;

import java.util.List;

/**
 * A train/test pair plus a checksum identifying the exact data (SHA-256 of the source files or of the
 * generation parameters), recorded with every run for provenance, and warnings about data that looks wrong but can
 * still be trained on (e.g. an {@code idx} folder whose labels skip a class), each naming the file concerned.
 */
public record DatasetSplit(Dataset train, Dataset test, String checksum, String source, List<String> warnings) {
    public DatasetSplit {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public DatasetSplit(Dataset train, Dataset test, String checksum, String source) {
        this(train, test, checksum, source, List.of());
    }
}
