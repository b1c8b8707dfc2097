package dev.gradflow.model.spec;

/**
 * When a run counts as diverged although its numbers are still finite (docs/spec.md, "training.divergence"). A run
 * whose loss or logged gradient norms stop being finite always ends as diverged; these rules also end runs that
 * explode without reaching infinity:
 * <ul>
 *   <li>loss rule: the minibatch loss is above {@code lossFactor} times the loss of step 0 on {@code patience}
 *       consecutive steps;</li>
 *   <li>gradient rule: on a logged step, the gradient norm gf2 (L2 norm of the mean-loss gradient of all weights) is
 *       above {@code maxGradientNorm}.</li>
 * </ul>
 *
 * @param enabled         false turns both rules off (non-finite values still end the run); default true
 * @param lossFactor      k of the loss rule, > 1; default 10
 * @param patience        consecutive steps the loss rule must hold, >= 1; default 10
 * @param maxGradientNorm bound of the gradient rule, > 0; default 1e6
 */
public record DivergenceSpec(Boolean enabled, Double lossFactor, Integer patience, Double maxGradientNorm) {
    public static final double DEFAULT_LOSS_FACTOR = 10;
    public static final int DEFAULT_PATIENCE = 10;
    public static final double DEFAULT_MAX_GRADIENT_NORM = 1e6;

    public DivergenceSpec {
        if (enabled == null) enabled = true;
        if (lossFactor == null) lossFactor = DEFAULT_LOSS_FACTOR;
        if (patience == null) patience = DEFAULT_PATIENCE;
        if (maxGradientNorm == null) maxGradientNorm = DEFAULT_MAX_GRADIENT_NORM;
    }

    public static DivergenceSpec defaults() {
        return new DivergenceSpec(null, null, null, null);
    }

    public DivergenceSpec withEnabled(Boolean v) { return new DivergenceSpec(v, lossFactor, patience, maxGradientNorm); }
    public DivergenceSpec withLossFactor(Double v) { return new DivergenceSpec(enabled, v, patience, maxGradientNorm); }
    public DivergenceSpec withPatience(Integer v) { return new DivergenceSpec(enabled, lossFactor, v, maxGradientNorm); }
    public DivergenceSpec withMaxGradientNorm(Double v) { return new DivergenceSpec(enabled, lossFactor, patience, v); }
}
