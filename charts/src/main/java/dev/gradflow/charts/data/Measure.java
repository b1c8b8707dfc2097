package dev.gradflow.charts.data;

import dev.gradflow.model.metrics.LayerStats;

import java.util.Locale;

/**
 * Per-layer measures a heatmap can show. Values come from {@link LayerStats}; see PAPER.md for the definitions.
 * Names and labels are ASCII so they survive every export format (PDF standard fonts included).
 */
public enum Measure {
    /** ||dC/dW (.) M||_1, active weights only. */
    L1_ACTIVE("l1_active", "L1 norm of masked gradient", "||g (.) M||_1"),
    /** ||dC/dW (.) M||_2, active weights only. */
    L2_ACTIVE("l2_active", "L2 norm of masked gradient", "||g (.) M||_2"),
    /** ||dC/dW||_1 over all weights, masked positions included. */
    L1_ALL("l1_all", "L1 norm of gradient (all weights)", "||g||_1"),
    /** ||dC/dW||_2 over all weights, masked positions included. */
    L2_ALL("l2_all", "L2 norm of gradient (all weights)", "||g||_2"),
    /** The layer's share of EGF_2: ||dC/dW_l (.) M_l||_2 / L, so the layers sum to EGF_2. */
    EGF_CONTRIBUTION("egf_contribution", "EGF_2 contribution (||g (.) M||_2 / L)", "EGF_2 share"),
    /** ||Delta W||_2 / ||W||_2 of the step's update. */
    UPDATE_RATIO("update_ratio", "update ratio ||dW||_2 / ||W||_2", "update ratio"),
    /** ||W||_2 after the update. */
    WEIGHT_L2("weight_l2", "weight L2 norm ||W||_2", "||W||_2");

    private final String id;
    private final String axisLabel;
    private final String shortLabel;

    Measure(String id, String axisLabel, String shortLabel) {
        this.id = id;
        this.axisLabel = axisLabel;
        this.shortLabel = shortLabel;
    }

    /** Stable lower-case name, e.g. {@code l2_active}. */
    public String id() { return id; }

    /** Label for a colour bar or axis. */
    public String axisLabel() { return axisLabel; }

    public String shortLabel() { return shortLabel; }

    /** The measure's value for one layer's stats, in a network of {@code layerCount} weight layers. */
    public double of(LayerStats s, int layerCount) {
        return switch (this) {
            case L1_ACTIVE -> s.l1Active();
            case L2_ACTIVE -> s.l2Active();
            case L1_ALL -> s.l1All();
            case L2_ALL -> s.l2All();
            case EGF_CONTRIBUTION -> s.l2Active() / Math.max(1, layerCount);
            case UPDATE_RATIO -> s.updateRatio();
            case WEIGHT_L2 -> s.weightL2();
        };
    }

    public static Measure fromId(String id) {
        String k = id.trim().toLowerCase(Locale.ROOT);
        for (Measure m : values()) {
            if (m.id.equals(k) || m.name().toLowerCase(Locale.ROOT).equals(k)) return m;
        }
        throw new IllegalArgumentException("unknown measure: " + id);
    }
}
