package dev.gradflow.model.metrics;

import java.util.List;

/**
 * Network-level gradient-flow measures, as defined in docs/science.md (section 2), computed from per-layer statistics.
 * <ul>
 *   <li>{@code gf1 = ||g||_1}, {@code gf2 = ||g||_2}: standard gradient flow, all weight gradients of all layers
 *       concatenated into one vector g, masked positions included.</li>
 *   <li>{@code egf1}, {@code egf2}: Effective Gradient Flow, {@code EGF_p = (1/L) sum_l ||dC/dW_l (.) M_l||_p}.</li>
 *   <li>{@code egf1PerActive}, {@code egf2PerActive}: the per-active-weight variant,
 *       {@code (1/L) sum_l ||dC/dW_l (.) M_l||_p / n_active_l}.</li>
 * </ul>
 */
public record NetworkFlow(double gf1, double gf2, double egf1, double egf2, double egf1PerActive, double egf2PerActive) {

    public static NetworkFlow of(List<LayerStats> layers) {
        double gf1 = 0, gf2sq = 0, egf1 = 0, egf2 = 0, pa1 = 0, pa2 = 0;
        for (LayerStats s : layers) {
            gf1 += s.l1All();
            gf2sq += s.l2All() * s.l2All();
            egf1 += s.l1Active();
            egf2 += s.l2Active();
            double n = Math.max(1, s.active());
            pa1 += s.l1Active() / n;
            pa2 += s.l2Active() / n;
        }
        int count = Math.max(1, layers.size());
        return new NetworkFlow(gf1, Math.sqrt(gf2sq), egf1 / count, egf2 / count, pa1 / count, pa2 / count);
    }
}
