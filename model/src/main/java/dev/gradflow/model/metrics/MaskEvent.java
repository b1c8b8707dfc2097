package dev.gradflow.model.metrics;

/**
 * A change of a layer's mask during training: at {@code step}, density went from before to after.
 * <p>
 * Dynamic sparse training (SET, RigL) fills the last three fields: {@code dropped} active weights masked,
 * {@code regrown} inactive positions activated (densities unchanged), {@code everActive} the fraction of the layer's
 * positions active at any time so far (initial mask included). Magnitude pruning leaves them null.
 */
public record MaskEvent(long step, int layer, String name, double densityBefore, double densityAfter,
                        Long dropped, Long regrown, Double everActive) {
    /** A pruning event (no drop/regrow counts). */
    public MaskEvent(long step, int layer, String name, double densityBefore, double densityAfter) {
        this(step, layer, name, densityBefore, densityAfter, null, null, null);
    }

    /** Fraction of the layer's active weights replaced by this update: regrown / active after it (0 for pruning). */
    public double turnover(long activeAfter) {
        return regrown == null || activeAfter == 0 ? 0 : (double) regrown / activeAfter;
    }
}
