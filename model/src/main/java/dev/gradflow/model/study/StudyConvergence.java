package dev.gradflow.model.study;

import dev.gradflow.model.metrics.EpochRecord;
import dev.gradflow.model.study.StudyStore.StudyRun;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Whether a study's runs had stopped improving (docs/studies.md, "Convergence"): per configuration, role and dense
 * width, the test loss after each epoch (full test split, inference mode) averaged over the group's finished runs,
 * shown for the last three epochs; the relative change in the last epoch, {@code (L_E - L_{E-1}) / L_{E-1}}; the
 * epoch (1-based) at which that mean curve is lowest; and how many runs have their own lowest test loss at their last
 * epoch, i.e. were still improving when training stopped. Groups use the epochs all their runs have.
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
                        "epoch of minimum", "still improving"));
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
                t.row(List.of(r0.config(), role, width, "" + g.size(), "0", "-", "-", "-", "-"));
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
            t.row(List.of(r0.config(), role, width, "" + g.size(), "" + e, String.join(" / ", last), change,
                    "" + (argmin + 1), improving + "/" + g.size()));
        }
        return t.build();
    }
}
