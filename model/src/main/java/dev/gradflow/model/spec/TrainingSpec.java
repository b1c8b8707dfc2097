package dev.gradflow.model.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * @param batchSize  examples per update (>= 1); the last, smaller batch of an epoch is kept
 * @param epochs     passes over the training split (>= 1); the training split is reshuffled each epoch from the seed
 * @param logEvery   record per-step metrics every this many steps (1 = every step)
 * @param divergence when an exploding run ends as diverged; null = the documented defaults
 *                   ({@link DivergenceSpec#defaults()}). Written into the spec's JSON (and its hash) only when given,
 *                   so specs written before the rule existed keep their hash: the rule changes no update, it only ends
 *                   a run whose loss or gradient explodes.
 */
public record TrainingSpec(Integer batchSize, Integer epochs, Integer logEvery,
                           @JsonInclude(JsonInclude.Include.NON_NULL) DivergenceSpec divergence) {
    public TrainingSpec {
        if (batchSize == null) batchSize = 128;
        if (epochs == null) epochs = 1;
        if (logEvery == null) logEvery = 1;
    }

    /** Every field at its default; set fields with the withers below. */
    public static TrainingSpec defaults() {
        return new TrainingSpec(null, null, null, null);
    }

    public TrainingSpec withBatchSize(Integer v) { return new TrainingSpec(v, epochs, logEvery, divergence); }
    public TrainingSpec withEpochs(Integer v) { return new TrainingSpec(batchSize, v, logEvery, divergence); }
    public TrainingSpec withLogEvery(Integer v) { return new TrainingSpec(batchSize, epochs, v, divergence); }
    public TrainingSpec withDivergence(DivergenceSpec v) { return new TrainingSpec(batchSize, epochs, logEvery, v); }

    /** The divergence rule in force: the spec's, or the defaults. */
    public DivergenceSpec divergenceRule() {
        return divergence != null ? divergence : DivergenceSpec.defaults();
    }
}
