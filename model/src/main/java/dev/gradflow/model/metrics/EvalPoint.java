package dev.gradflow.model.metrics;

import java.util.List;

/**
 * A measurement on the fixed evaluation set: index 0 is at initialization (before any update), then
 * N points spread evenly over training.
 *
 * @param index    0 = initialization, 1..N
 * @param step     number of updates done when measured
 * @param evalLoss loss averaged over the evaluation set (the loss whose gradient the layer stats describe)
 */
public record EvalPoint(int index, long step, double evalLoss, double trainLoss, double trainAccuracy,
                        double testLoss, double testAccuracy, NetworkFlow flow, List<LayerStats> layers) {
}
