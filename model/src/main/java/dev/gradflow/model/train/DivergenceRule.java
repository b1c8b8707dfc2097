package dev.gradflow.model.train;

import dev.gradflow.model.metrics.LayerStats;
import dev.gradflow.model.spec.DivergenceSpec;

import java.util.List;
import java.util.Locale;

/**
 * Decides after each step whether a run has diverged (docs/spec.md, "training.divergence"): a non-finite loss, a
 * non-finite gradient norm on a logged step, and, when enabled, the loss rule (loss above {@code lossFactor} x the
 * loss of step 0 on {@code patience} consecutive steps) and the gradient rule (gf2 above {@code maxGradientNorm} on a
 * logged step). One instance per run; not thread-safe.
 */
final class DivergenceRule {
    private final DivergenceSpec spec;
    private double initialLoss = Double.NaN;
    private int above;

    DivergenceRule(DivergenceSpec spec) {
        this.spec = spec;
    }

    /**
     * @param step  the 0-based step just done
     * @param loss  its minibatch loss
     * @param stats its per-layer gradient statistics, or null when the step was not logged
     * @param gf2   its gradient norm gf2 (ignored when {@code stats} is null)
     * @return null if the run goes on, else why it diverged, naming the step
     */
    String check(long step, double loss, List<LayerStats> stats, double gf2) {
        String at = "diverged at step " + step + ": ";
        if (!Double.isFinite(loss)) return at + "the loss became " + loss;
        if (stats != null) {
            for (LayerStats s : stats) {
                double[] v = {s.l1All(), s.l2All(), s.l1Active(), s.l2Active()};
                for (double x : v) {
                    if (!Double.isFinite(x)) return at + "the gradient of layer " + s.name() + " became " + x;
                }
            }
        }
        if (Double.isNaN(initialLoss)) initialLoss = loss;
        if (!spec.enabled()) return null;
        if (stats != null && gf2 > spec.maxGradientNorm()) {
            return at + String.format(Locale.ROOT, "gradient norm gf2 %.3g is above training.divergence.maxGradientNorm %.3g",
                    gf2, spec.maxGradientNorm());
        }
        if (initialLoss > 0 && loss > spec.lossFactor() * initialLoss) {
            if (++above >= spec.patience()) {
                return at + String.format(Locale.ROOT, "the loss %.4g has been above training.divergence.lossFactor %.3g "
                        + "x the step-0 loss %.4g for %d consecutive step%s", loss, spec.lossFactor(), initialLoss,
                        above, above == 1 ? "" : "s");
            }
        } else {
            above = 0;
        }
        return null;
    }
}
