package dev.gradflow.charts.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names of the network-level series a {@link RunSeries} offers, with axis labels.
 * Step series have one value per logged step, eval series one per evaluation point, epoch series one per epoch.
 */
public final class SeriesNames {
    private SeriesNames() {}

    public static final String LOSS = "loss";
    public static final String LR = "lr";
    public static final String GF1 = "gf1";
    public static final String GF2 = "gf2";
    public static final String EGF1 = "egf1";
    public static final String EGF2 = "egf2";
    public static final String EGF1_PER_ACTIVE = "egf1_per_active";
    public static final String EGF2_PER_ACTIVE = "egf2_per_active";

    public static final String EVAL_LOSS = "eval_loss";
    public static final String EVAL_TRAIN_LOSS = "eval_train_loss";
    public static final String EVAL_TRAIN_ACCURACY = "eval_train_accuracy";
    public static final String EVAL_TEST_LOSS = "eval_test_loss";
    public static final String EVAL_TEST_ACCURACY = "eval_test_accuracy";
    public static final String EVAL_GF1 = "eval_gf1";
    public static final String EVAL_GF2 = "eval_gf2";
    public static final String EVAL_EGF1 = "eval_egf1";
    public static final String EVAL_EGF2 = "eval_egf2";

    public static final String EPOCH_TRAIN_LOSS = "epoch_train_loss";
    public static final String EPOCH_TRAIN_ACCURACY = "epoch_train_accuracy";
    public static final String EPOCH_TEST_LOSS = "epoch_test_loss";
    public static final String EPOCH_TEST_ACCURACY = "epoch_test_accuracy";

    public static final List<String> STEP_SERIES = List.of(LOSS, LR, GF1, GF2, EGF1, EGF2, EGF1_PER_ACTIVE, EGF2_PER_ACTIVE);

    private static final Map<String, String> LABELS = new LinkedHashMap<>();
    private static final Map<String, String> SHORT = new LinkedHashMap<>();
    static {
        put(LOSS, "train loss (minibatch)", "loss");
        put(LR, "learning rate", "learning rate");
        put(GF1, "gradient flow ‖g‖₁", "‖g‖₁");
        put(GF2, "gradient flow ‖g‖₂", "‖g‖₂");
        put(EGF1, "EGF₁", "EGF₁");
        put(EGF2, "EGF₂", "EGF₂");
        put(EGF1_PER_ACTIVE, "EGF₁ per active weight", "EGF₁ / active");
        put(EGF2_PER_ACTIVE, "EGF₂ per active weight", "EGF₂ / active");
        put(EVAL_LOSS, "eval-set loss", "eval loss");
        put(EVAL_TRAIN_LOSS, "train loss", "train loss");
        put(EVAL_TRAIN_ACCURACY, "train accuracy", "train acc.");
        put(EVAL_TEST_LOSS, "test loss", "test loss");
        put(EVAL_TEST_ACCURACY, "test accuracy", "test acc.");
        put(EVAL_GF1, "gradient flow ‖g‖₁ (eval set)", "‖g‖₁ (eval)");
        put(EVAL_GF2, "gradient flow ‖g‖₂ (eval set)", "‖g‖₂ (eval)");
        put(EVAL_EGF1, "EGF₁ (eval set)", "EGF₁ (eval)");
        put(EVAL_EGF2, "EGF₂ (eval set)", "EGF₂ (eval)");
        put(EPOCH_TRAIN_LOSS, "train loss (epoch)", "train loss");
        put(EPOCH_TRAIN_ACCURACY, "train accuracy (epoch)", "train acc.");
        put(EPOCH_TEST_LOSS, "test loss (epoch)", "test loss");
        put(EPOCH_TEST_ACCURACY, "test accuracy (epoch)", "test acc.");
    }

    private static void put(String name, String label, String shortLabel) {
        LABELS.put(name, label);
        SHORT.put(name, shortLabel);
    }

    /** A short label for narrow places (small panels, axes of single-column figures); the name itself if unknown. */
    public static String shortLabel(String name) { return SHORT.getOrDefault(name, name); }

    /** The short label that goes with a long label (the label itself if it is not one of ours). */
    public static String shorter(String label) {
        for (var e : LABELS.entrySet()) if (e.getValue().equals(label)) return SHORT.get(e.getKey());
        return label;
    }

    /** Human-readable label of a series name (the name itself if unknown). */
    public static String label(String name) { return LABELS.getOrDefault(name, name); }

    /** All known series names. */
    public static List<String> all() { return List.copyOf(LABELS.keySet()); }
}
