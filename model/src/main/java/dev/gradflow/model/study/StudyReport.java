package dev.gradflow.model.study;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gradflow.model.study.StudyStore.StudyRun;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The tables of a study (docs/studies.md): per configuration mean and 95% CI over seeds; for SC-SDC studies the
 * one-sided p-values of H1 "sparse > dense" (Welch's t and Mann-Whitney U) laid out like the paper (rows: the
 * optimizer axis, or the first axis; columns: the other axes' values); and Kendall/Spearman correlations of each
 * gradient-flow measure (mean over evaluation points after initialization) with test loss and test accuracy,
 * separately for sparse and dense runs. Only finished runs count.
 */
public final class StudyReport {
    public static final List<String> MEASURES = List.of("gf1", "gf2", "egf1", "egf2", "egf1_pa", "egf2_pa");

    private StudyReport() {
    }

    public static List<Table> tables(List<StudyRun> all) {
        List<StudyRun> runs = all.stream().filter(r -> "finished".equals(r.status())).toList();
        List<Table> out = new ArrayList<>();
        out.add(summary(runs));
        boolean scsdc = runs.stream().anyMatch(r -> "sparse".equals(r.role()));
        if (scsdc) {
            out.add(pTable(runs, "test_accuracy", true, false));
            out.add(pTable(runs, "test_accuracy", true, true));
            out.add(pTable(runs, "test_loss", false, false));
            out.add(pTable(runs, "test_loss", false, true));
            out.add(correlations(runs, "sparse", r -> "sparse".equals(r.role())));
            out.add(correlations(runs, "dense", r -> "dense".equals(r.role())));
        } else {
            out.add(correlations(runs, "all runs", r -> true));
        }
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

    static Table summary(List<StudyRun> runs) {
        Map<String, List<StudyRun>> groups = new LinkedHashMap<>();
        for (StudyRun r : runs) {
            String key = r.config() + "|" + r.role() + "|" + (r.denseWidth() == null ? "" : r.denseWidth());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        Table.Builder t = new Table.Builder("Per configuration: mean ± 95% CI half-width over seeds (Student t)",
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

    /** Splits each configuration into (row axis value, rest label). */
    static String[] rowCol(StudyRun r) {
        Map<String, String> axes = new LinkedHashMap<>();
        try {
            JsonNode n = StudyFile.MAPPER.readTree(r.configJson() == null ? "{}" : r.configJson());
            n.fields().forEachRemaining(e -> axes.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
        } catch (IOException e) {
            return new String[]{r.config(), "all"};
        }
        if (axes.isEmpty()) return new String[]{"base", "all"};
        String rowKey = axes.containsKey("optimizer.type") ? "optimizer.type" : axes.keySet().iterator().next();
        String row = axes.remove(rowKey);
        List<String> rest = new ArrayList<>();
        axes.forEach((k, v) -> rest.add(StudyFile.shortName(k) + "=" + v));
        return new String[]{row, rest.isEmpty() ? "all" : String.join(",", rest)};
    }

    /**
     * One-sided SC-SDC p-values per configuration, pooled over dense widths and seeds: H1 sparse > dense for
     * accuracy ({@code higherBetter}), sparse < dense for loss.
     */
    static Table pTable(List<StudyRun> runs, String measure, boolean higherBetter, boolean mannWhitney) {
        LinkedHashSet<String> rows = new LinkedHashSet<>(), cols = new LinkedHashSet<>();
        Map<String, List<StudyRun>> sparse = new LinkedHashMap<>(), dense = new LinkedHashMap<>();
        for (StudyRun r : runs) {
            String[] rc = rowCol(r);
            rows.add(rc[0]);
            cols.add(rc[1]);
            String key = rc[0] + "\u0000" + rc[1];
            if ("sparse".equals(r.role())) sparse.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
            else if ("dense".equals(r.role())) dense.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        List<String> header = new ArrayList<>();
        header.add("");
        header.addAll(cols);
        String h1 = higherBetter ? "sparse > dense" : "sparse < dense";
        Table.Builder t = new Table.Builder((mannWhitney ? "Mann-Whitney U" : "Welch t") + ": one-sided p, H1 " + h1
                + " in " + measure.replace('_', ' ') + " (pooled over widths and seeds)", header);
        for (String row : rows) {
            List<String> cells = new ArrayList<>();
            List<Double> ps = new ArrayList<>();
            cells.add(row);
            ps.add(null);
            for (String col : cols) {
                String key = row + "\u0000" + col;
                double[] s = values(sparse.getOrDefault(key, List.of()), measure);
                double[] d = values(dense.getOrDefault(key, List.of()), measure);
                if (!higherBetter) {
                    s = negate(s);
                    d = negate(d);
                }
                Stats.Test test = mannWhitney ? Stats.mannWhitneyGreater(s, d) : Stats.welchGreater(s, d);
                cells.add(p(test.p()));
                ps.add(test.p());
            }
            t.row(cells, ps);
        }
        return t.build();
    }

    private static double[] negate(double[] v) {
        double[] o = new double[v.length];
        for (int i = 0; i < v.length; i++) o[i] = -v[i];
        return o;
    }

    static Table correlations(List<StudyRun> runs, String group, Predicate<StudyRun> which) {
        List<StudyRun> g = runs.stream().filter(which).toList();
        Table.Builder t = new Table.Builder("Correlation with test loss / accuracy across " + g.size() + " " + group
                + " runs (measures: mean over evaluation points after init; two-sided p)",
                List.of("measure", "tau(loss)", "p", "rho(loss)", "p", "tau(acc)", "p", "rho(acc)", "p"));
        double[] loss = values(g, "test_loss"), acc = values(g, "test_accuracy");
        for (String m : MEASURES) {
            double[] x = values(g, m);
            Stats.Test kl = Stats.kendall(x, loss), sl = Stats.spearman(x, loss);
            Stats.Test ka = Stats.kendall(x, acc), sa = Stats.spearman(x, acc);
            t.row(List.of(m, f(kl.statistic()), p(kl.p()), f(sl.statistic()), p(sl.p()), f(ka.statistic()), p(ka.p()),
                    f(sa.statistic()), p(sa.p())), java.util.Arrays.asList(null, null, kl.p(), null, sl.p(), null, ka.p(), null, sa.p()));
        }
        return t.build();
    }
}
