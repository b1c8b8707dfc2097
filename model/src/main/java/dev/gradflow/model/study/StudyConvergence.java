package dev.gradflow.model.study;

import dev.gradflow.model.metrics.EpochRecord;
import dev.gradflow.model.study.StudyStore.StudyRun;
import org.apache.commons.math3.stat.regression.SimpleRegression;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Whether a study's runs had stopped improving (docs/studies.md, "Convergence"): per configuration, role and dense
 * width, the test loss after each epoch (full test split, inference mode) averaged over the group's finished runs,
 * shown for the last three epochs; the relative change in the last epoch, {@code (L_E - L_{E-1}) / L_{E-1}}; the
 * epoch (1-based) at which that mean curve is lowest; how many runs have their own lowest test loss at their last
 * epoch, i.e. were still improving when training stopped; and the trend over the last third of training: each run's
 * least-squares slope of test loss against epoch over its last {@code k = max(3, ceil(E / 3))} epochs, relative to its
 * mean test loss over those epochs, in % per epoch, averaged over the group's runs with a 95 % Student-t interval;
 * "falling" when the whole interval is below 0, "rising" when above, else "flat" (no trend the seeds can resolve).
 * Groups use the epochs all their runs have.
 */
public final class StudyConvergence {
    public static final String TITLE = "Convergence";

    private StudyConvergence() {
    }

    /** The table; {@code epochs} gives a run's epoch records (in epoch order). */
    public static Table table(List<StudyRun> all, LongFunction<List<EpochRecord>> epochs) {
        Map<String, List<StudyRun>> groups = StudyReport.byCell(all.stream().filter(r -> "finished".equals(r.status())).toList());
        Table.Builder t = new Table.Builder(TITLE + ": mean test loss over seeds after each of the last three epochs; "
                + "change in the last epoch (L_E - L_E-1) / L_E-1; epoch (from 1) of the mean curve's minimum; runs whose own "
                + "lowest test loss is at their last epoch (still improving when training stopped)",
                List.of("config", "role", "dense width", "n", "epochs", "test loss, last three epochs", "change in last epoch",
                        "epoch of minimum", "still improving", "slope, last third (% per epoch) [95% CI]", "trend"));
        for (List<StudyRun> g : groups.values()) {
            List<double[]> curves = new ArrayList<>();
            int e = Integer.MAX_VALUE;
            for (StudyRun r : g) {
                double[] c = epochs.apply(r.runId()).stream().mapToDouble(EpochRecord::testLoss).toArray();
                curves.add(c);
                e = Math.min(e, c.length);
            }
            StudyRun r0 = g.get(0);
            String width = r0.denseWidth() == null ? "" : "" + r0.denseWidth();
            String role = r0.role() == null ? "run" : r0.role();
            if (e == 0) {
                t.row(List.of(r0.config(), role, width, "" + g.size(), "0", "-", "-", "-", "-", "-", "-"));
                continue;
            }
            double[] mean = new double[e];
            for (double[] c : curves) for (int i = 0; i < e; i++) mean[i] += c[i] / curves.size();
            int argmin = 0;
            for (int i = 1; i < e; i++) if (mean[i] < mean[argmin]) argmin = i;
            int improving = 0;
            for (double[] c : curves) {
                int m = 0;
                for (int i = 1; i < e; i++) if (c[i] < c[m]) m = i;
                if (m == e - 1) improving++;
            }
            List<String> last = new ArrayList<>();
            for (int i = Math.max(0, e - 3); i < e; i++) last.add(StudyReport.f(mean[i]));
            String change = e < 2 ? "-" : String.format(Locale.ROOT, "%+.1f %%", 100 * (mean[e - 1] - mean[e - 2]) / mean[e - 2]);
            String slope = "-", trend = "-";
            int k = Math.max(3, (e + 2) / 3);
            if (e >= 3) {
                double[] slopes = new double[curves.size()];
                for (int j = 0; j < slopes.length; j++) slopes[j] = relativeSlope(curves.get(j), e - k, e);
                Stats.Summary s = Stats.summary(slopes);
                slope = String.format(Locale.ROOT, "%+.2f", s.mean());
                if (s.n() > 1) {
                    slope += String.format(Locale.ROOT, " [%+.2f, %+.2f]", s.ciLow(), s.ciHigh());
                    trend = s.ciHigh() < 0 ? "falling" : s.ciLow() > 0 ? "rising" : "flat";
                }
            }
            t.row(List.of(r0.config(), role, width, "" + g.size(), "" + e, String.join(" / ", last), change,
                    "" + (argmin + 1), improving + "/" + g.size(), slope, trend));
        }
        return t.build();
    }

    /**
     * The least-squares slope of {@code c[from..to-1]} against the epoch index (commons-math3 {@link SimpleRegression}),
     * divided by their mean, in % per epoch.
     */
    static double relativeSlope(double[] c, int from, int to) {
        SimpleRegression fit = new SimpleRegression();
        double mean = 0;
        for (int i = from; i < to; i++) {
            fit.addData(i, c[i]);
            mean += c[i] / (to - from);
        }
        return 100 * fit.getSlope() / mean;
    }
}
