package dev.gradflow.model.store;

import dev.gradflow.model.metrics.RunStatus;

import java.time.Instant;

/**
 * One row of the runs table, for listings. Nullable fields are null until known
 * (e.g. {@code finalTestAccuracy} of a run still training).
 */
public record RunSummary(long id, String name, RunStatus status, String dataset, String optimizer, String activation,
                         double density, long seed, String tags, Instant createdAt, Instant finishedAt,
                         long steps, Double finalTestAccuracy, Double finalTestLoss, Double meanEgf2,
                         String message) {
}
