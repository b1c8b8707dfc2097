package dev.gradflow.model.study;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gradflow.model.study.Stats.Alternative;
import dev.gradflow.model.study.StudyStore.StudyRun;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.Comparator;

/**
 * The tables of a study (docs/studies.md). Only finished runs count.
 * <ul>
 *   <li>Per configuration (and role and dense width): mean and 95% Student-t CI over seeds.</li>
 *   <li>SC-SDC: for test accuracy and test loss, one row per configuration and dense width (never pooled over
 *       widths): the pairs (sparse and dense run of the same configuration, width and seed), the mean paired
 *       difference sparse - dense with its 95% t CI, and the one-sided paired t-test and Wilcoxon signed-rank test of
 *       H1 "sparse better than dense" (higher accuracy, lower loss), each with its raw p and its Holm-Bonferroni
 *       adjusted p over the rows of the table.</li>
 *   <li>Correlations of each gradient-flow measure (run mean over the evaluation points, {@link
 *       dev.gradflow.model.store.FlowMeans}) with final test loss and test accuracy: Kendall tau-b and Spearman rho
 *       with two-sided p ({@link Stats}), pooled over configurations (per role for SC-SDC) and per configuration
 *       group, with n.</li>
 * </ul>
 */
public final class StudyReport {
    public static final List<String> MEASURES = List.of("egf1", "egf2", "egf1_pa", "egf2_pa", "gf1", "gf2");
    /** Title prefix of the SC-SDC tables. */
    public static final String SCSDC_TITLE = "SC-SDC paired tests";

    private StudyReport() {
    }

    public static List<Table> tables(List<StudyRun> all) {
        List<StudyRun> runs = all.stream().filter(r -> "finished".equals(r.status())).toList();
        List<Table> out = new ArrayList<>();
        out.add(summary(runs));
        boolean scsdc = runs.stream().anyMatch(r -> "sparse".equals(r.role()));
        if (scsdc) {
            out.add(pairedTable(runs, "test_accuracy", Alternative.GREATER));
            out.add(pairedTable(runs, "test_loss", Alternative.LESS));
            out.add(pooledCorrelations(runs));
        } else {
            out.add(pooledCorrelations(runs));
        }
        out.add(groupCorrelations(runs, scsdc));
        return out;
    }

    /** The tables of {@link #tables(List)} for a study of {@code store}, then its {@link StudyConvergence} table. */
    public static List<Table> tables(StudyStore store, long studyId) {
        return tables(store, store.runs(studyId));
    }

    /**
     * {@link #tables(StudyStore, long)} with the {@link StudyBaseline} tables after the per-configuration one, when
     * {@code baseline} (axis=value pairs, {@link StudyBaseline#parse}) is not empty.
     */
    public static List<Table> tables(StudyStore store, long studyId, Map<String, String> baseline) {
        List<StudyRun> runs = store.runs(studyId);
        List<Table> out = new ArrayList<>(tables(store, runs));
        if (!baseline.isEmpty()) out.addAll(1, StudyBaseline.tables(runs, baseline));
        return out;
    }

    /** {@link #tables(StudyStore, long)} of runs already read from {@code store} (which is read for their epochs). */
    public static List<Table> tables(StudyStore store, List<StudyRun> runs) {
        List<Table> out = new ArrayList<>(tables(runs));
        out.add(StudyConvergence.table(runs, store::epochs));
        return out;
    }

    public static String render(List<Table> tables, String format) {
        StringBuilder sb = new StringBuilder();
        for (Table t : tables) sb.append(t.render(format)).append('\n');
        return sb.toString();
    }

    static String f(double v) {
        if (Double.isNaN(v)) return "-";
        double a = Math.abs(v);
        return a != 0 && (a < 1e-3 || a >= 1e4) ? String.format(Locale.ROOT, "%.3e", v) : String.format(Locale.ROOT, "%.4f", v);
    }

    static String p(double v) {
        return Double.isNaN(v) ? "-" : v < 1e-4 ? String.format(Locale.ROOT, "%.1e", v) : String.format(Locale.ROOT, "%.4f", v);
    }

    static String ci(Stats.Summary s) {
        if (s.n() == 0) return "-";
        return f(s.mean()) + (s.n() > 1 ? " ± " + f(s.halfWidth()) : "");
    }

    static double[] values(List<StudyRun> runs, String measure) {
        return runs.stream().mapToDouble(r -> r.measure(measure)).toArray();
    }

    /** "P = 11" (or "P = 5..11" when runs differ): the number of evaluation points the run means are over. */
    static String pointsLabel(List<StudyRun> runs) {
        TreeSet<Integer> ps = new TreeSet<>();
        for (StudyRun r : runs) ps.add(r.evalPoints());
        if (ps.isEmpty()) return "P";
        return "P = " + (ps.size() == 1 ? "" + ps.first() : ps.first() + ".." + ps.last());
    }

    static String averaging(List<StudyRun> runs) {
        return "run mean over its " + pointsLabel(runs) + " evaluation points, initialization and end included";
    }

    /** The runs grouped by configuration, role and dense width, in order of first appearance. */
    static Map<String, List<StudyRun>> byCell(List<StudyRun> runs) {
        Map<String, List<StudyRun>> groups = new LinkedHashMap<>();
        for (StudyRun r : runs) {
            String key = r.config() + "|" + r.role() + "|" + (r.denseWidth() == null ? "" : r.denseWidth());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        return groups;
    }

    static Table summary(List<StudyRun> runs) {
        Map<String, List<StudyRun>> groups = byCell(runs);
        Table.Builder t = new Table.Builder("Per configuration: mean ± 95% CI half-width over seeds (Student t); "
                + "EGF_2, EGF_1: " + averaging(runs),
                List.of("config", "role", "dense width", "active weights", "n", "test accuracy", "test loss", "EGF_2", "EGF_1"));
        for (List<StudyRun> g : groups.values()) {
            StudyRun r0 = g.get(0);
            t.row(List.of(r0.config(), r0.role(), r0.denseWidth() == null ? "" : "" + r0.denseWidth(),
                    r0.activeWeights() == null ? "" : "" + r0.activeWeights(), "" + g.size(),
                    ci(Stats.summary(values(g, "test_accuracy"))), ci(Stats.summary(values(g, "test_loss"))),
                    ci(Stats.summary(values(g, "egf2"))), ci(Stats.summary(values(g, "egf1")))));
        }
        return t.build();
    }

    /** The axis values of a configuration, in axis order. */
    static Map<String, String> axes(StudyRun r) {
        Map<String, String> axes = new LinkedHashMap<>();
        try {
            JsonNode n = StudyFile.MAPPER.readTree(r.configJson() == null ? "{}" : r.configJson());
            n.fields().forEachRemaining(e -> axes.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
        } catch (IOException e) {
            axes.put("config", r.config());
        }
        return axes;
    }

    /** The axis the SC-SDC rows are led by: {@code optimizer.type} if varied, else the first axis. */
    static String rowAxis(List<StudyRun> runs) {
        for (StudyRun r : runs) {
            Map<String, String> a = axes(r);
            if (a.isEmpty()) continue;
            return a.containsKey("optimizer.type") ? "optimizer.type" : a.keySet().iterator().next();
        }
        return null;
    }

    /** Splits a configuration into (row axis value, label of the other axes). */
    static String[] rowCol(StudyRun r, String rowAxis) {
        Map<String, String> axes = axes(r);
        if (axes.isEmpty() || rowAxis == null) return new String[]{"base", "-"};
        String row = axes.remove(rowAxis);
        List<String> rest = new ArrayList<>();
        axes.forEach((k, v) -> rest.add(StudyFile.shortName(k) + "=" + v));
        return new String[]{row == null ? "-" : row, rest.isEmpty() ? "-" : String.join(",", rest)};
    }

    /** Paired by {@code pair_key} (configuration, dense width, seed): {sparse values, dense values}. */
    static double[][] pairs(List<StudyRun> cell, String measure) {
        Map<String, StudyRun> sparse = new LinkedHashMap<>(), dense = new LinkedHashMap<>();
        for (StudyRun r : cell) {
            if (r.pairKey() == null) continue;
            if ("sparse".equals(r.role())) sparse.put(r.pairKey(), r);
            else if ("dense".equals(r.role())) dense.put(r.pairKey(), r);
        }
        List<double[]> out = new ArrayList<>();
        sparse.forEach((k, s) -> {
            StudyRun d = dense.get(k);
            if (d != null && Double.isFinite(s.measure(measure)) && Double.isFinite(d.measure(measure))) {
                out.add(new double[]{s.measure(measure), d.measure(measure)});
            }
        });
        return columns(out);
    }

    /** Pairs {x, y} as two columns: {xs, ys}. */
    static double[][] columns(List<double[]> pairs) {
        double[][] xy = new double[2][pairs.size()];
        for (int i = 0; i < pairs.size(); i++) {
            xy[0][i] = pairs.get(i)[0];
            xy[1][i] = pairs.get(i)[1];
        }
        return xy;
    }

    /**
     * One SC-SDC cell (configuration and dense width): the pairs' effect size and the one-sided tests of H1 "sparse
     * better", with their Holm-Bonferroni adjusted p over all cells of the same measure ({@link #pairedTests}).
     *
     * @param rowValue   the value of the row axis ({@link #rowAxis}) in this configuration
     * @param otherAxes  the other axes' values, {@code key=value,...}, or "-"
     */
    public record PairedCell(String config, String rowValue, String otherAxes, Integer denseWidth, int pairs,
                             Stats.Summary diff, Stats.Test t, Stats.Test wilcoxon, double tHolm, double wilcoxonHolm) {
    }

    /**
     * SC-SDC: one cell per configuration and dense width, in the report's row order (configurations in order of first
     * appearance, then widths ascending). d = sparse - dense over the pairs; H1 sparse better: {@code alt} GREATER
     * (accuracy) or LESS (loss). Holm-Bonferroni over all cells, separately per test. Only finished runs count.
     */
    public static List<PairedCell> pairedTests(List<StudyRun> all, String measure, Alternative alt) {
        List<StudyRun> runs = all.stream().filter(r -> "finished".equals(r.status())).toList();
        String rowAxis = rowAxis(runs);
        Map<String, List<StudyRun>> cells = new LinkedHashMap<>();
        Map<String, String[]> labels = new LinkedHashMap<>();
        // rows in order of first appearance of the configuration, then by width
        Map<String, Integer> configOrder = new LinkedHashMap<>();
        for (StudyRun r : runs) configOrder.putIfAbsent(r.config(), configOrder.size());
        List<StudyRun> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparing((StudyRun r) -> configOrder.get(r.config()))
                .thenComparing(r -> r.denseWidth() == null ? 0 : r.denseWidth()));
        Map<String, StudyRun> first = new LinkedHashMap<>();
        for (StudyRun r : sorted) {
            if (!"sparse".equals(r.role()) && !"dense".equals(r.role())) continue;
            String key = r.config() + "\u0000" + r.denseWidth();
            cells.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
            first.putIfAbsent(key, r);
            labels.putIfAbsent(key, rowCol(r, rowAxis));
        }
        int m = cells.size();
        double[] pt = new double[m], pw = new double[m];
        List<Object[]> partial = new ArrayList<>();
        int i = 0;
        for (var e : cells.entrySet()) {
            double[][] xy = pairs(e.getValue(), measure);
            Stats.Test t = Stats.pairedT(xy[0], xy[1], alt);
            Stats.Test w = Stats.wilcoxon(xy[0], xy[1], alt);
            pt[i] = t.p();
            pw[i] = w.p();
            partial.add(new Object[]{xy[0].length, Stats.pairedDifference(xy[0], xy[1]), t, w});
            i++;
        }
        double[] ht = Stats.holm(pt), hw = Stats.holm(pw);
        List<PairedCell> out = new ArrayList<>();
        i = 0;
        for (String key : cells.keySet()) {
            StudyRun r = first.get(key);
            String[] l = labels.get(key);
            Object[] c = partial.get(i);
            out.add(new PairedCell(r.config(), l[0], l[1], r.denseWidth(), (Integer) c[0], (Stats.Summary) c[1],
                    (Stats.Test) c[2], (Stats.Test) c[3], ht[i], hw[i]));
            i++;
        }
        return out;
    }

    /** The axis the SC-SDC rows are led by, as the tables name it ({@code config} when the study has no axes). */
    public static String rowAxisName(List<StudyRun> runs) {
        String a = rowAxis(runs);
        return a == null ? "config" : StudyFile.shortName(a);
    }

    /**
     * SC-SDC: one row per configuration and dense width ({@link #pairedTests}). d = sparse - dense over the pairs; H1
     * sparse better: {@code alt} GREATER (accuracy) or LESS (loss). Holm-Bonferroni over the rows, separately per test.
     */
    static Table pairedTable(List<StudyRun> runs, String measure, Alternative alt) {
        List<PairedCell> cells = pairedTests(runs, measure, alt);
        int m = cells.size();
        String name = measure.replace('_', ' ');
        String h1 = alt == Alternative.GREATER ? "sparse > dense" : "sparse < dense";
        String title = SCSDC_TITLE + ", " + name + ": H1 " + h1 + " (sparse better), one-sided; paired by seed within "
                + "each configuration and dense width (never pooled over widths); diff = mean of sparse - dense, CI its "
                + "95% Student-t confidence interval; p: paired t-test and Wilcoxon signed-rank; Holm: Holm-Bonferroni adjusted over the "
                + m + " rows of this table, per test";
        Table.Builder b = new Table.Builder(title, List.of(rowAxisName(runs),
                "other axes", "dense width", "pairs", "diff (S-D)", "CI low", "CI high", "t", "p (t)", "p Holm (t)",
                "W+", "p (W)", "p Holm (W)"));
        for (PairedCell c : cells) {
            b.row(List.of(c.rowValue(), c.otherAxes(), c.denseWidth() == null ? "-" : "" + c.denseWidth(), "" + c.pairs(),
                            f(c.diff().mean()), f(c.diff().ciLow()), f(c.diff().ciHigh()), f(c.t().statistic()), p(c.t().p()),
                            p(c.tHolm()), f(c.wilcoxon().statistic()), p(c.wilcoxon().p()), p(c.wilcoxonHolm())),
                    Arrays.asList(null, null, null, null, null, null, null, null, c.t().p(), c.tHolm(), null,
                            c.wilcoxon().p(), c.wilcoxonHolm()));
        }
        return b.build();
    }

    static final List<String> CORRELATION_HEADER = List.of("group", "measure", "n", "tau (loss)", "p", "rho (loss)", "p",
            "tau (acc)", "p", "rho (acc)", "p");

    static String correlationNote(List<StudyRun> runs) {
        return "Kendall tau-b and Spearman rho with final test loss and accuracy; each measure is the " + averaging(runs)
                + " (arithmetic mean); two-sided p, exact or permutation for small n (n <= " + Stats.PERMUTATION_MAX_N
                + "; Kendall without ties n <= " + Stats.KENDALL_EXACT_MAX_N + "), asymptotic above; not adjusted for "
                + "multiple testing";
    }

    /** Pooled over all configurations: one group per role (SC-SDC) or all runs (sweeps). */
    static Table pooledCorrelations(List<StudyRun> runs) {
        Table.Builder t = new Table.Builder("Correlation, pooled over configurations: " + correlationNote(runs),
                CORRELATION_HEADER);
        correlationRows(t, correlations(runs, true));
        return t.build();
    }

    /** One group per configuration (and role for SC-SDC, pooled over its dense widths and seeds). */
    static Table groupCorrelations(List<StudyRun> runs, boolean scsdc) {
        Table.Builder t = new Table.Builder("Per configuration group: correlation within each configuration"
                + (scsdc ? " and role (over its dense widths and seeds)" : " (over its seeds)") + ": " + correlationNote(runs),
                CORRELATION_HEADER);
        correlationRows(t, correlations(runs, false));
        return t.build();
    }

    /**
     * Kendall tau-b and Spearman rho of one measure (run mean) with final test loss and accuracy over a group of runs,
     * two-sided p; {@code n} runs have the measure, loss and accuracy defined.
     */
    public record Correlation(String group, String measure, int n, Stats.Test kendallLoss, Stats.Test spearmanLoss,
                              Stats.Test kendallAccuracy, Stats.Test spearmanAccuracy) {
    }

    /**
     * The correlation rows the report shows, every measure of {@link #MEASURES} per group: pooled over
     * configurations (SC-SDC: "sparse runs", "dense runs"; sweeps: "all runs") when {@code pooled}, else one group per
     * configuration (SC-SDC: and role, e.g. "type=adam sparse"). Only finished runs count.
     */
    public static List<Correlation> correlations(List<StudyRun> all, boolean pooled) {
        List<StudyRun> runs = all.stream().filter(r -> "finished".equals(r.status())).toList();
        boolean scsdc = runs.stream().anyMatch(r -> "sparse".equals(r.role()));
        Map<String, List<StudyRun>> groups = new LinkedHashMap<>();
        if (pooled) {
            if (!scsdc) groups.put("all runs", runs);
            else for (String role : List.of("sparse", "dense")) groups.put(role + " runs", runs.stream().filter(r -> role.equals(r.role())).toList());
        } else {
            for (StudyRun r : runs) groups.computeIfAbsent(scsdc ? r.config() + " " + r.role() : r.config(), k -> new ArrayList<>()).add(r);
        }
        List<Correlation> out = new ArrayList<>();
        groups.forEach((group, g) -> out.addAll(correlations(group, g)));
        return out;
    }

    /** Every measure of {@link #MEASURES} against final test loss and accuracy over one group of runs. */
    public static List<Correlation> correlations(String group, List<StudyRun> g) {
        List<Correlation> out = new ArrayList<>();
        double[] loss = values(g, "test_loss"), acc = values(g, "test_accuracy");
        for (String m : MEASURES) {
            double[] x = values(g, m);
            int n = 0;
            for (int i = 0; i < x.length; i++) if (Double.isFinite(x[i]) && Double.isFinite(loss[i]) && Double.isFinite(acc[i])) n++;
            out.add(new Correlation(group, m, n, Stats.kendall(x, loss), Stats.spearman(x, loss),
                    Stats.kendall(x, acc), Stats.spearman(x, acc)));
        }
        return out;
    }

    static void correlationRows(Table.Builder t, List<Correlation> rows) {
        for (Correlation c : rows) {
            Stats.Test kl = c.kendallLoss(), sl = c.spearmanLoss(), ka = c.kendallAccuracy(), sa = c.spearmanAccuracy();
            t.row(List.of(c.group(), c.measure(), "" + c.n(), f(kl.statistic()), p(kl.p()), f(sl.statistic()), p(sl.p()),
                    f(ka.statistic()), p(ka.p()), f(sa.statistic()), p(sa.p())),
                    Arrays.asList(null, null, null, null, kl.p(), null, sl.p(), null, ka.p(), null, sa.p()));
        }
    }
}
