package dev.gradflow.model.train;

import dev.gradflow.model.metrics.RunStatus;

/**
 * How a training run ended.
 *
 * @param status            finished, cancelled or diverged
 * @param message           human-readable detail (e.g. the step where the loss became NaN)
 * @param steps             updates done
 * @param finalTestAccuracy accuracy on the full test split after the last completed epoch, NaN if none completed
 * @param finalTestLoss     loss on the full test split after the last completed epoch, NaN if none completed
 * @param seconds           wall time of the training loop
 */
public record TrainingOutcome(RunStatus status, String message, long steps, double finalTestAccuracy,
                              double finalTestLoss, double seconds) {
}
