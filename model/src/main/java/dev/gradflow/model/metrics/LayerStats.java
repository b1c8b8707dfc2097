package dev.gradflow.model.metrics;

/**
 * Gradient statistics of one weight layer at one measurement.
 * All gradient norms are of the per-example mean gradient dC/dW (the loss averaged over the minibatch or
 * evaluation set), taken before the optimizer sees it.
 *
 * @param layer       index of the weight layer, 0 = closest to the input
 * @param name        stable layer name, e.g. {@code dense1}, {@code output}
 * @param l1All       ||dC/dW||_1 over all weights, masked positions included
 * @param l2All       ||dC/dW||_2 over all weights, masked positions included
 * @param l1Active    ||dC/dW (.) M||_1, active (unmasked) weights only
 * @param l2Active    ||dC/dW (.) M||_2, active weights only
 * @param weights     number of weights in the dense tensor
 * @param active      number of active (unmasked) weights
 * @param weightL2    ||W||_2 after the step's update (at evaluation points: the current weights)
 * @param updateRatio ||Delta W||_2 / ||W||_2 for the step's update (NaN where no update happened, e.g. at evaluation points)
 */
public record LayerStats(int layer, String name, double l1All, double l2All, double l1Active, double l2Active,
                         long weights, long active, double weightL2, double updateRatio) {
}
