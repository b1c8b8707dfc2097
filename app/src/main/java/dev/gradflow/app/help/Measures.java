package dev.gradflow.app.help;

import java.util.List;

/**
 * The Help > Measures text: every measure GradFlow records, in words and as a formula (the definitions of
 * docs/metrics.md and docs/science.md section 2, in the notation the figures use).
 */
public final class Measures {
    private Measures() {}

    /** One measure: its name, the ids it is stored under, the formula and what it says. */
    public record Entry(String name, String ids, String formula, String words) {}

    public static final String INTRO = "g_l = ∂C/∂W_l is the gradient of the mean minibatch loss C with respect to the "
            + "weights W_l of weight layer l (l = 1 .. L, hidden layers then the output layer). M_l is the layer's mask: "
            + "1 for an active weight, 0 for a pruned one. ⊙ multiplies element by element, so g_l ⊙ M_l keeps the "
            + "gradient of the active weights and zeroes the rest.";

    public static List<Entry> all() {
        return List.of(
                new Entry("Gradient norm of a layer, all weights", "l1_all, l2_all", "‖g_l‖₁,  ‖g_l‖₂",
                        "Size of the layer's gradient including masked positions: what the weights would receive without the mask."),
                new Entry("Masked gradient norm of a layer", "l1_active, l2_active", "‖g_l ⊙ M_l‖₁,  ‖g_l ⊙ M_l‖₂",
                        "Size of the gradient that actually reaches the layer's active weights. Heatmaps show this per layer and step."),
                new Entry("Standard gradient flow", "gf1, gf2", "GF_p = ‖g‖_p,  g = all layers' gradients concatenated",
                        "One number for the whole network; masked positions count and large layers dominate it."),
                new Entry("Effective gradient flow (EGF)", "egf1, egf2", "EGF_p = (1/L) Σ_l ‖g_l ⊙ M_l‖_p",
                        "The mean over layers of the masked gradient norms: every layer weighs the same, only active weights count."),
                new Entry("EGF per active weight", "egf1_per_active, egf2_per_active", "(1/L) Σ_l ‖g_l ⊙ M_l‖_p / n_l",
                        "EGF with each layer's norm divided by its number of active weights n_l: compares networks of different density."),
                new Entry("A layer's share of EGF₂", "egf_contribution", "‖g_l ⊙ M_l‖₂ / L",
                        "The layers' shares sum to EGF₂: the heatmap shows where the effective gradient flow comes from."),
                new Entry("Update ratio", "update_ratio", "‖ΔW_l‖₂ / ‖W_l‖₂",
                        "How far one step moved the layer relative to its size (about 10⁻³ is a common healthy value)."),
                new Entry("Weight norm", "weight_l2", "‖W_l‖₂", "Size of the layer's weights after the step's update."));
    }
}
