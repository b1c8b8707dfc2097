package dev.gradflow.model.metrics;

import java.util.List;

/**
 * Metrics of one training step (one minibatch update).
 *
 * @param step  0-based index of the update
 * @param epoch 0-based epoch the step belongs to
 * @param loss  training loss of the minibatch (mean over its examples, before the update; excludes regularization)
 * @param lr    learning rate used for the update
 */
public record StepRecord(long step, int epoch, double loss, double lr, NetworkFlow flow, List<LayerStats> layers) {
}
