package dev.gradflow.model.metrics;

/** Per-epoch summary: losses and accuracies on the full train and test splits (inference mode), after the epoch. */
public record EpochRecord(int epoch, long step, double trainLoss, double trainAccuracy, double testLoss,
                          double testAccuracy, double seconds) {
}
