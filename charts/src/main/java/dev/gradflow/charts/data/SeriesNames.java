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
    static {
        LABELS.put(LOSS, "train loss (minibatch)");
        LABELS.put(LR, "learning rate");
        LABELS.put(GF1, "gradient flow ||g||_1");
        LABELS.put(GF2, "gradient flow ||g||_2");
        LABELS.put(EGF1, "EGF_1");
        LABELS.put(EGF2, "EGF_2");
        LABELS.put(EGF1_PER_ACTIVE, "EGF_1 per active weight");
        LABELS.put(EGF2_PER_ACTIVE, "EGF_2 per active weight");
        LABELS.put(EVAL_LOSS, "eval-set loss");
        LABELS.put(EVAL_TRAIN_LOSS, "train loss");
        LABELS.put(EVAL_TRAIN_ACCURACY, "train accuracy");
        LABELS.put(EVAL_TEST_LOSS, "test loss");
        LABELS.put(EVAL_TEST_ACCURACY, "test accuracy");
        LABELS.put(EVAL_GF1, "gradient flow ||g||_1 (eval set)");
        LABELS.put(EVAL_GF2, "gradient flow ||g||_2 (eval set)");
        LABELS.put(EVAL_EGF1, "EGF_1 (eval set)");
        LABELS.put(EVAL_EGF2, "EGF_2 (eval set)");
        LABELS.put(EPOCH_TRAIN_LOSS, "train loss (epoch)");
        LABELS.put(EPOCH_TRAIN_ACCURACY, "train accuracy (epoch)");
        LABELS.put(EPOCH_TEST_LOSS, "test loss (epoch)");
        LABELS.put(EPOCH_TEST_ACCURACY, "test accuracy (epoch)");
    }

    /** Human-readable label of a series name (the name itself if unknown). */
    public static String label(String name) { return LABELS.getOrDefault(name, name); }

    /** All known series names. */
    public static List<String> all() { return List.copyOf(LABELS.keySet()); }
}
