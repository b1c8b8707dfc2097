package dev.gradflow.model.study;

import dev.gradflow.model.study.Stats.Alternative;
import dev.gradflow.model.study.StudyStore.StudyRun;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Effects against a baseline configuration (docs/studies.md, "Effects against a baseline"): for a study whose
 * configurations differ in a treatment (a regularization strength, an augmentation), each configuration is compared
 * with its baseline, the configuration with the same values on every other axis and the baseline's values on the
 * named ones. Runs are paired by role, dense width and seed (runs of one seed share initialization and batch order),
 * d = configuration - baseline, with its mean and 95% Student-t interval, the two-sided paired t-test, and the
 * Holm-Bonferroni adjusted p over the rows of the table. Only finished runs count.
 */
public final class StudyBaseline {
    /** Title prefix of the tables. */
    public static final String TITLE = "Against the baseline";
    /** The measures compared, in table order. */
    public static final List<String> MEASURES = List.of("test_accuracy", "test_loss", "egf2");

    private StudyBaseline() {
    }

    /** One configuration (and role and dense width) against its baseline. */
    public record Effect(String config, String baseline, String role, Integer denseWidth, int pairs, Stats.Summary diff,
                         Stats.Test t, double tHolm) {
        Effect withHolm(double p) {
            return new Effect(config, baseline, role, denseWidth, pairs, diff, t, p);
        }
    }

    /**
     * Parses {@code key=value,...}; keys are axis names as the configurations show them ({@code l2}) or full axis
     * paths ({@code optimizer.l2}).
     */
    public static Map<String, String> parse(String baseline) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : baseline.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0 || eq == part.length() - 1) {
                throw new StudyException("--baseline: expected key=value[,key=value...], got '" + part.trim() + "'");
            }
            out.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
        }
        return out;
    }

    /**
     * The effects of one measure, rows in order of first appearance of the configuration. Configurations that are
     * their own baseline, or whose baseline the study does not have, get no row.
     *
     * @throws StudyException when a key is not an axis of the study, or no configuration has a baseline
     */
    public static List<Effect> effects(List<StudyRun> all, Map<String, String> baseline, String measure) {
        List<StudyRun> runs = all.stream().filter(r -> "finished".equals(r.status())).toList();
        Map<String, List<StudyRun>> byConfig = new LinkedHashMap<>();
        Map<String, Map<String, String>> axesOf = new LinkedHashMap<>();
        for (StudyRun r : runs) {
            byConfig.computeIfAbsent(r.config(), k -> new ArrayList<>()).add(r);
            axesOf.computeIfAbsent(r.config(), k -> StudyReport.axes(r));
        }
        Map<String, String> resolved = resolve(baseline, axesOf.values());
        List<Effect> partial = new ArrayList<>();
        for (var e : byConfig.entrySet()) {
            Map<String, String> axes = axesOf.get(e.getKey());
            Map<String, String> wanted = new LinkedHashMap<>(axes);
            wanted.putAll(resolved);
            if (same(axes, wanted)) continue;
            String base = axesOf.entrySet().stream().filter(b -> same(b.getValue(), wanted)).map(Map.Entry::getKey)
                    .findFirst().orElse(null);
            if (base == null) continue;
            for (var cell : StudyReport.byCell(e.getValue()).values()) {
                StudyRun r0 = cell.get(0);
                double[][] xy = pairs(cell, byConfig.get(base), measure);
                partial.add(new Effect(e.getKey(), base, r0.role(), r0.denseWidth(), xy[0].length,
                        Stats.pairedDifference(xy[0], xy[1]), Stats.pairedT(xy[0], xy[1], Alternative.TWO_SIDED), Double.NaN));
            }
        }
        if (partial.isEmpty()) {
            throw new StudyException("--baseline: no configuration of the study differs from a configuration with "
                    + resolved + " in those axes only");
        }
        double[] holm = Stats.holm(partial.stream().mapToDouble(x -> x.t().p()).toArray());
        List<Effect> out = new ArrayList<>();
        for (int i = 0; i < partial.size(); i++) out.add(partial.get(i).withHolm(holm[i]));
        return out;
    }

    /** One table per measure of {@link #MEASURES}. */
    public static List<Table> tables(List<StudyRun> runs, Map<String, String> baseline) {
        List<Table> out = new ArrayList<>();
        for (String m : MEASURES) {
            List<Effect> effects = effects(runs, baseline, m);
            String name = m.equals("egf2") ? "EGF_2 (" + StudyReport.averaging(runs) + ")" : m.replace('_', ' ');
            Table.Builder b = new Table.Builder(TITLE + " (" + label(baseline) + "), " + name + ": each configuration "
                    + "against the one with the same other axes and the baseline's values on these, paired by role, "
                    + "dense width and seed; diff = mean of configuration - baseline, CI its 95% Student-t confidence "
                    + "interval; p: two-sided paired t-test; Holm: Holm-Bonferroni adjusted over the " + effects.size()
                    + " rows of this table",
                    List.of("config", "baseline", "role", "dense width", "pairs", "diff", "CI low", "CI high", "t", "p (t)",
                            "p Holm (t)"));
            for (Effect x : effects) {
                b.row(List.of(x.config(), x.baseline(), x.role(), x.denseWidth() == null ? "" : "" + x.denseWidth(),
                                "" + x.pairs(), StudyReport.f(x.diff().mean()), StudyReport.f(x.diff().ciLow()),
                                StudyReport.f(x.diff().ciHigh()), StudyReport.f(x.t().statistic()), StudyReport.p(x.t().p()),
                                StudyReport.p(x.tHolm())),
                        Arrays.asList(null, null, null, null, null, null, null, null, null, x.t().p(), x.tHolm()));
            }
            out.add(b.build());
        }
        return out;
    }

    static String label(Map<String, String> baseline) {
        List<String> parts = new ArrayList<>();
        baseline.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(",", parts);
    }

    /** The baseline's keys as full axis paths; each key must name an axis of the study. */
    static Map<String, String> resolve(Map<String, String> baseline, Collection<Map<String, String>> configs) {
        List<String> axes = configs.stream().flatMap(a -> a.keySet().stream()).distinct().toList();
        Map<String, String> out = new LinkedHashMap<>();
        baseline.forEach((k, v) -> {
            String axis = axes.stream().filter(a -> a.equals(k) || StudyFile.shortName(a).equals(k)).findFirst()
                    .orElseThrow(() -> new StudyException("--baseline: '" + k + "' is not an axis of the study (axes: "
                            + String.join(", ", axes.stream().map(StudyFile::shortName).toList()) + ")"));
            out.put(axis, v);
        });
        return out;
    }

    /** The same axes with the same values, numbers compared as numbers (0 = 0.0, 1e-4 = 1.0E-4). */
    static boolean same(Map<String, String> a, Map<String, String> b) {
        if (!a.keySet().equals(b.keySet())) return false;
        for (var e : a.entrySet()) if (!sameValue(e.getValue(), b.get(e.getKey()))) return false;
        return true;
    }

    static boolean sameValue(String x, String y) {
        if (x.equals(y)) return true;
        try {
            return new BigDecimal(x).compareTo(new BigDecimal(y)) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Pairs the runs of one cell with the baseline's runs of the same role, dense width and seed: {cell, baseline}. */
    static double[][] pairs(List<StudyRun> cell, List<StudyRun> baseline, String measure) {
        List<double[]> out = new ArrayList<>();
        for (StudyRun r : cell) {
            for (StudyRun b : baseline) {
                if (b.seed() == r.seed() && Objects.equals(b.role(), r.role())
                        && Objects.equals(b.denseWidth(), r.denseWidth())
                        && Double.isFinite(r.measure(measure)) && Double.isFinite(b.measure(measure))) {
                    out.add(new double[]{r.measure(measure), b.measure(measure)});
                }
            }
        }
        return StudyReport.columns(out);
    }
}
