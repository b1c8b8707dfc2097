package dev.gradflow.charts.data;

import dev.gradflow.model.metrics.LayerStats;

import java.util.Locale;

/**
 * Per-layer measures a heatmap can show. Values come from {@link LayerStats}; definitions in docs/metrics.md and
 * docs/science.md. Labels use proper notation (‖g ⊙ M‖₂): every figure draws, embeds or names the bundled DejaVu Sans
 * ({@code FigureFonts}), which has these glyphs; {@link #id()} stays ASCII for files and command lines.
 */
public enum Measure {
    /** ‖∂C/∂W ⊙ M‖₁, active weights only. */
    L1_ACTIVE("l1_active", "masked gradient ‖g ⊙ M‖₁", "‖g ⊙ M‖₁"),
    /** ‖∂C/∂W ⊙ M‖₂, active weights only. */
    L2_ACTIVE("l2_active", "masked gradient ‖g ⊙ M‖₂", "‖g ⊙ M‖₂"),
    /** ‖∂C/∂W‖₁ over all weights, masked positions included. */
    L1_ALL("l1_all", "full gradient ‖g‖₁ (all weights)", "‖g‖₁"),
    /** ‖∂C/∂W‖₂ over all weights, masked positions included. */
    L2_ALL("l2_all", "full gradient ‖g‖₂ (all weights)", "‖g‖₂"),
    /** The layer's share of EGF₂: ‖∂C/∂W_l ⊙ M_l‖₂ / L, so the layers sum to EGF₂. */
    EGF_CONTRIBUTION("egf_contribution", "EGF₂ share ‖g ⊙ M‖₂ / L", "EGF₂ share"),
    /** ‖ΔW‖₂ / ‖W‖₂ of the step's update. */
    UPDATE_RATIO("update_ratio", "update ratio ‖ΔW‖₂ / ‖W‖₂", "‖ΔW‖₂ / ‖W‖₂"),
    /** ‖W‖₂ after the update. */
    WEIGHT_L2("weight_l2", "weight norm ‖W‖₂", "‖W‖₂");

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
