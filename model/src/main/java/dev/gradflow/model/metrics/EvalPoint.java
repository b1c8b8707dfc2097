package dev.gradflow.model.metrics;

import java.util.List;

/**
 * A measurement on the fixed evaluation set at one of the P evaluation points of a run ({@code evaluation.points},
 * docs/metrics.md): index k = 0..P-1 after {@code round(k * T / (P - 1))} of the T updates, so index 0 is at
 * initialization (before any update) and index P-1 at the end of training.
 *
 * @param index    0 = initialization, ..., P-1 = end of training
 * @param step     number of updates done when measured
 * @param evalLoss loss averaged over the evaluation set (the loss whose gradient the layer stats describe)
 */
public record EvalPoint(int index, long step, double evalLoss, double trainLoss, double trainAccuracy,
                        double testLoss, double testAccuracy, NetworkFlow flow, List<LayerStats> layers) {
    /** The same measurement recorded as another evaluation point (two points on one step). */
    public EvalPoint withIndex(int newIndex) {
        return new EvalPoint(newIndex, step, evalLoss, trainLoss, trainAccuracy, testLoss, testAccuracy, flow, layers);
    }
}
