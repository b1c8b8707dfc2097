package dev.gradflow.model.spec;

/**
 * @param batchSize examples per update (>= 1); the last, smaller batch of an epoch is kept
 * @param epochs    passes over the training split (>= 1); the training split is reshuffled each epoch from the seed
 * @param logEvery  record per-step metrics every this many steps (1 = every step)
 */
public record TrainingSpec(Integer batchSize, Integer epochs, Integer logEvery) {
    public TrainingSpec {
        if (batchSize == null) batchSize = 128;
        if (epochs == null) epochs = 1;
        if (logEvery == null) logEvery = 1;
    }
}
