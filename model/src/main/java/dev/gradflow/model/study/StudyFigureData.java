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
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The numbers behind the study figures (docs/studies.md, "Figures"), computed from a study's runs with the same
 * definitions as {@link StudyReport}: only finished runs count; a band is the mean over seeds and its 95% Student-t
 * confidence interval {@code mean ± t(0.975, n-1) s/sqrt(n)} ({@link Stats#summary}); SC-SDC p-values and their Holm
 * adjustment are the report's ({@link StudyReport#pairedTests}, Holm over every cell of the study, whatever the
 * selection shows); correlations are the report's ({@link StudyReport#correlations}). Plain data: the charts module
 * draws it.
 */
public final class StudyFigureData {
    private StudyFigureData() {
    }

    /** Run-level values a figure can put on its y axis: final test metrics and the run means of the flow measures. */
    public static final List<String> RUN_MEASURES = List.of("test_accuracy", "test_loss", "egf1", "egf2", "egf1_pa",
            "egf2_pa", "gf1", "gf2");

    /**
     * One plotted point: x, n values (seeds), their mean, sd and 95% t interval; {@code p} and {@code pHolm} are set
     * (else NaN) where the figure prints a test at this x (SC-SDC: the paired test at this width, {@code pairs} pairs).
     */
    public record Point(double x, int n, double mean, double sd, double ciLow, double ciHigh, double p, double pHolm,
                        int pairs) {
        static Point of(double x, double[] values) {
            Stats.Summary s = Stats.summary(values);
            return new Point(x, s.n(), s.mean(), s.sd(), s.ciLow(), s.ciHigh(), Double.NaN, Double.NaN, 0);
        }

        Point withTest(double p, double pHolm, int pairs) {
            return new Point(x, n, mean, sd, ciLow, ciHigh, p, pHolm, pairs);
        }
    }

    /** A line with its band: name (a configuration, a role, ...) and points in x order. */
    public record Series(String name, List<Point> points) {
        /** "n = 3" or "n = 2–3": how many values the points' means are over. */
        public String nLabel() {
            TreeSet<Integer> ns = new TreeSet<>();
            for (Point p : points) if (p.n() > 0) ns.add(p.n());
            if (ns.isEmpty()) return "n = 0";
            return "n = " + (ns.size() == 1 ? "" + ns.first() : ns.first() + "–" + ns.last());
        }
    }

    /** One panel of a figure. */
    public record Panel(String title, List<Series> series) {
    }

    /**
     * A figure of lines with bands: panels, axis labels and scales, and x tick labels for discrete x values (empty map
     * for a continuous axis). {@code testLabel} names the printed test ("paired t, Holm"), empty when none;
     * {@code sharedY}: every panel shows the same quantity on one y range (else each panel's title is its y label).
     */
    public record Bands(String kind, String title, String xLabel, String yLabel, boolean logX, boolean logY,
                        List<Panel> panels, Map<Double, String> xTicks, String testLabel, boolean sharedY) {
    }

    /**
     * Which runs a figure shows: configurations whose label has every term of {@code config} (comma separated; a
     * {@code key=value} term must be one of the label's parts, a bare term one of its values), a role (sparse or dense;
     * null = both) and a dense width (null = all).
     */
    public record Selection(String config, String role, Integer width) {
        public static Selection all() { return new Selection(null, null, null); }

        boolean matches(StudyRun r) {
            if (role != null && !role.equals(r.role())) return false;
            if (width != null && !width.equals(r.denseWidth())) return false;
            return configMatches(r.config());
        }

        boolean configMatches(String label) {
            if (config == null || config.isBlank()) return true;
            List<String> parts = Arrays.asList((label == null ? "" : label).split(","));
            for (String term : config.split(",")) {
                String t = term.trim();
                if (t.isEmpty()) continue;
                boolean ok = t.contains("=") ? parts.contains(t)
                        : parts.stream().anyMatch(p -> p.substring(p.indexOf('=') + 1).equals(t)) || t.equals(label);
                if (!ok) return false;
            }
            return true;
        }
    }

    static List<StudyRun> finished(List<StudyRun> runs) {
        return runs.stream().filter(r -> "finished".equals(r.status())).toList();
    }

    static boolean isScsdc(List<StudyRun> runs) {
        return runs.stream().anyMatch(r -> "sparse".equals(r.role()));
    }

    /** The selected finished runs; a selection that leaves none is a {@link StudyException} listing the choices. */
    static List<StudyRun> select(List<StudyRun> all, Selection sel) {
        List<StudyRun> runs = finished(all);
        if (runs.isEmpty()) throw new StudyException("the study has no finished runs yet");
        List<StudyRun> out = runs.stream().filter(sel::matches).toList();
        if (out.isEmpty()) {
            List<String> configs = runs.stream().map(StudyRun::config).distinct().toList();
            List<Integer> widths = runs.stream().map(StudyRun::denseWidth).filter(w -> w != null).distinct().sorted().toList();
            throw new StudyException("no finished run matches the selection"
                    + (sel.config() == null ? "" : " --config " + sel.config())
                    + (sel.role() == null ? "" : " --role " + sel.role())
                    + (sel.width() == null ? "" : " --width " + sel.width())
                    + "; configurations: " + String.join(" | ", configs)
                    + (widths.isEmpty() ? "" : "; dense widths: " + widths));
        }
        return out;
    }

    /** Groups in order of first appearance. */
    static <K> Map<K, List<StudyRun>> group(List<StudyRun> runs, Function<StudyRun, K> key) {
        Map<K, List<StudyRun>> out = new LinkedHashMap<>();
        for (StudyRun r : runs) out.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r);
        return out;
    }

    static String label(String measure) {
        return switch (measure) {
            case "egf1" -> "EGF₁";
            case "egf2" -> "EGF₂";
            case "egf1_pa" -> "EGF₁ per active weight";
            case "egf2_pa" -> "EGF₂ per active weight";
            case "gf1" -> "‖g‖₁";
            case "gf2" -> "‖g‖₂";
            case "test_accuracy" -> "test accuracy";
            case "test_loss" -> "test loss";
            case "train_accuracy" -> "training accuracy";
            case "train_loss" -> "training loss";
            case "eval_loss" -> "loss on the evaluation set";
            default -> measure;
        };
    }

    /** The y-axis label of a run-level value: "test accuracy" (final), "EGF₂ (run mean)". */
    public static String runMeasureLabel(String measure) {
        return measure.startsWith("test_") ? "final " + label(measure) : label(measure) + " (run mean)";
    }

    // ---------------------------------------------------------------- EGF (any evaluation-point value) over training

    /**
     * {@code column} ({@link StudyStore#EVAL_COLUMNS}) over training: one line per configuration, the mean over its
     * seeds at each evaluation point with the 95% t band; x = the point's step (the mean over the runs, which share it
     * when they share a schedule) or, with {@code xPoints}, its index 0..P-1. SC-SDC studies: one panel per role and
     * dense width (sparse first); sweeps: one panel.
     */
    public static Bands egf(StudyStore store, List<StudyRun> all, String column, Selection sel, boolean xPoints, boolean logY) {
        if (!StudyStore.EVAL_COLUMNS.contains(column)) {
            throw new StudyException("--measure " + column + " is not an evaluation-point value; expected one of " + StudyStore.EVAL_COLUMNS);
        }
        List<Panel> out = curves(select(all, sel), r -> store.evalSeries(r.runId(), column).stream()
                .map(v -> new double[]{v.index(), xPoints ? v.index() : v.step(), v.value()}).toList());
        String title = label(column) + " over training: mean over seeds, 95% t band";
        return new Bands("egf", title, xPoints ? "evaluation point" : "training step", label(column), false, logY, out,
                Map.of(), "", true);
    }

    /** The measures of {@link #epochCurves}: the full test split's loss or accuracy after each epoch. */
    public static final List<String> EPOCH_MEASURES = List.of("test_loss", "test_accuracy");

    /**
     * The test loss or accuracy after each epoch (full test split, inference mode; the store's {@code epochs} table,
     * the curve the report's convergence table reads), one line per configuration, mean over its seeds with the 95% t
     * band; x = the epoch, 1..E. Panels as {@link #egf}.
     */
    public static Bands epochCurves(StudyStore store, List<StudyRun> all, String measure, Selection sel, boolean logY) {
        if (!EPOCH_MEASURES.contains(measure)) {
            throw new StudyException("--measure " + measure + " is not a per-epoch value; expected one of " + EPOCH_MEASURES);
        }
        boolean loss = measure.equals("test_loss");
        List<Panel> out = curves(select(all, sel), r -> store.epochs(r.runId()).stream()
                .map(e -> new double[]{e.epoch(), e.epoch() + 1, loss ? e.testLoss() : e.testAccuracy()}).toList());
        return new Bands("epochs", label(measure) + " after each epoch (full test split): mean over seeds, 95% t band", "epoch",
                label(measure), false, logY, out, Map.of(), "", true);
    }

    /**
     * One panel per role and dense width (sparse first) for SC-SDC runs, else one; in each, one series per
     * configuration whose point k is the mean over its runs of {@code points}' entries {k, x, value} (x averaged).
     */
    private static List<Panel> curves(List<StudyRun> runs, Function<StudyRun, List<double[]>> points) {
        boolean scsdc = isScsdc(runs);
        List<StudyRun> ordered = new ArrayList<>(runs);
        if (scsdc) {
            ordered.sort(java.util.Comparator.comparing((StudyRun r) -> "sparse".equals(r.role()) ? 0 : 1)
                    .thenComparing(r -> r.denseWidth() == null ? 0 : r.denseWidth()));
        }
        Map<String, List<StudyRun>> panels = group(ordered, r -> scsdc ? r.role() + ", dense width " + r.denseWidth() : "all runs");
        List<Panel> out = new ArrayList<>();
        for (var pe : panels.entrySet()) {
            List<Series> series = new ArrayList<>();
            for (var ce : group(pe.getValue(), StudyRun::config).entrySet()) {
                TreeMap<Integer, List<double[]>> byIndex = new TreeMap<>(); // index -> {x, value} per run
                for (StudyRun r : ce.getValue()) {
                    for (double[] v : points.apply(r)) byIndex.computeIfAbsent((int) v[0], k -> new ArrayList<>()).add(new double[]{v[1], v[2]});
                }
                List<Point> pts = new ArrayList<>();
                for (List<double[]> e : byIndex.values()) {
                    double x = e.stream().mapToDouble(a -> a[0]).average().orElse(Double.NaN);
                    pts.add(Point.of(x, e.stream().mapToDouble(a -> a[1]).toArray()));
                }
                series.add(new Series(ce.getKey(), pts));
            }
            out.add(new Panel(pe.getKey(), series));
        }
        return out;
    }

    // ---------------------------------------------------------------- SC-SDC against width

    /**
     * SC-SDC: {@code measure} (test_accuracy or test_loss, final) against dense width, one panel per configuration,
     * sparse and dense means over seeds with 95% t bands, and at each width the one-sided paired test of H1 "sparse
     * better" with its Holm-adjusted p ({@code wilcoxon}: the signed-rank test, else the paired t-test) exactly as the
     * report's table (Holm over every configuration and width of the study).
     */
    public static Bands scsdc(List<StudyRun> all, String measure, boolean wilcoxon, Selection sel) {
        Alternative alt = alternative(measure);
        List<StudyRun> runs = select(all, new Selection(sel.config(), null, sel.width()));
        if (!isScsdc(runs)) throw new StudyException("--kind scsdc needs an SC-SDC study (sparse/dense pairs); this one is a sweep");
        Map<String, StudyReport.PairedCell> tests = new LinkedHashMap<>();
        for (StudyReport.PairedCell c : StudyReport.pairedTests(all, measure, alt)) tests.put(c.config() + "\u0000" + c.denseWidth(), c);
        List<Panel> panels = new ArrayList<>();
        Map<Double, String> ticks = new TreeMap<>();
        for (var ce : group(runs, StudyRun::config).entrySet()) {
            List<Series> series = new ArrayList<>();
            for (String role : List.of("sparse", "dense")) {
                if (sel.role() != null && !sel.role().equals(role)) continue;
                TreeMap<Integer, List<Double>> byWidth = new TreeMap<>();
                for (StudyRun r : ce.getValue()) {
                    if (role.equals(r.role()) && r.denseWidth() != null) byWidth.computeIfAbsent(r.denseWidth(), k -> new ArrayList<>()).add(r.measure(measure));
                }
                List<Point> pts = new ArrayList<>();
                byWidth.forEach((w, v) -> {
                    Point p = Point.of(w, v.stream().mapToDouble(Double::doubleValue).toArray());
                    StudyReport.PairedCell c = tests.get(ce.getKey() + "\u0000" + w);
                    if (c != null) {
                        p = wilcoxon ? p.withTest(c.wilcoxon().p(), c.wilcoxonHolm(), c.pairs()) : p.withTest(c.t().p(), c.tHolm(), c.pairs());
                    }
                    pts.add(p);
                    ticks.put((double) w, "" + w);
                });
                series.add(new Series(role, pts));
            }
            panels.add(new Panel(ce.getKey(), series));
        }
        String test = (wilcoxon ? "Wilcoxon signed-rank" : "paired t") + ", one-sided, Holm over " + tests.size() + " cells";
        String title = "SC-SDC: final " + label(measure) + " against dense width, mean over seeds, 95% t band; p: " + test;
        return new Bands("scsdc", title, "dense width", label(measure), false, false, panels, ticks, test, true);
    }

    static Alternative alternative(String measure) {
        return switch (measure) {
            case "test_accuracy" -> Alternative.GREATER;
            case "test_loss" -> Alternative.LESS;
            default -> throw new StudyException("--measure " + measure + ": SC-SDC tests are on test_accuracy or test_loss");
        };
    }

    // ---------------------------------------------------------------- p-value table

    /** The report's SC-SDC cells of {@code measure} that the selection keeps (Holm still over all cells). */
    public static List<StudyReport.PairedCell> pvalues(List<StudyRun> all, String measure, Selection sel) {
        Alternative alt = alternative(measure);
        List<StudyRun> runs = select(all, new Selection(sel.config(), null, sel.width()));
        if (!isScsdc(runs)) throw new StudyException("--kind pvalues needs an SC-SDC study (sparse/dense pairs); this one is a sweep");
        return StudyReport.pairedTests(all, measure, alt).stream()
                .filter(c -> sel.configMatches(c.config()) && (sel.width() == null || sel.width().equals(c.denseWidth()))).toList();
    }

    /** How many cells the report's Holm adjustment of {@code measure} is over (every configuration and width). */
    public static int pairedFamily(List<StudyRun> all, String measure) {
        return StudyReport.pairedTests(all, measure, alternative(measure)).size();
    }

    // ---------------------------------------------------------------- correlations

    /**
     * The report's correlations ({@link StudyReport#correlations}): pooled groups (SC-SDC: sparse runs, dense runs;
     * sweeps: all runs) and, with {@code perGroup}, every configuration group the selection keeps.
     */
    public static List<StudyReport.Correlation> correlations(List<StudyRun> all, boolean pooled, boolean perGroup, Selection sel) {
        List<StudyRun> runs = finished(all);
        if (runs.isEmpty()) throw new StudyException("the study has no finished runs yet");
        List<StudyReport.Correlation> out = new ArrayList<>();
        if (pooled) {
            for (StudyReport.Correlation c : StudyReport.correlations(runs, true)) {
                if (sel.role() == null || c.group().startsWith(sel.role() + " ") || c.group().equals("all runs")) out.add(c);
            }
        }
        if (perGroup) {
            List<StudyRun> kept = select(all, new Selection(sel.config(), sel.role(), null));
            out.addAll(StudyReport.correlations(kept, false));
        }
        return out;
    }

    // ---------------------------------------------------------------- a run value against a numeric axis

    /**
     * Run-level {@code measures} ({@link #RUN_MEASURES}) against the numeric study axis {@code axis} (its JSON path or
     * last segment, e.g. {@code optimizer.l2} or {@code l2}; or several joined by {@code +}, whose values are added,
     * e.g. {@code l2+weightDecay} when one strength sits in a different field per optimizer): one panel per measure, one line per combination of the
     * other axes (SC-SDC: and role and dense width, unless selected), mean over seeds with 95% t bands. With
     * {@code logX} a value 0 is drawn one decade below the smallest positive value and labelled "0".
     */
    public static Bands metric(List<StudyRun> all, String axis, List<String> measures, Selection sel, boolean logX) {
        for (String m : measures) {
            if (!RUN_MEASURES.contains(m)) throw new StudyException("--measure " + m + " is not a run value; expected one of " + RUN_MEASURES);
        }
        List<StudyRun> runs = select(all, sel);
        boolean scsdc = isScsdc(runs);
        boolean roles = scsdc && runs.stream().map(StudyRun::role).distinct().count() > 1;
        boolean widths = scsdc && runs.stream().map(StudyRun::denseWidth).distinct().count() > 1;
        Map<StudyRun, Double> x = new LinkedHashMap<>();
        Map<StudyRun, String> rest = new LinkedHashMap<>();
        List<String> axisKeys = new ArrayList<>();
        for (StudyRun r : runs) {
            Map<String, JsonNode> axes = axes(r);
            List<String> keys = new ArrayList<>();
            double value = 0;
            for (String part : axis.split("\\+")) {
                String name = part.strip();
                String key = axes.containsKey(name) ? name
                        : axes.keySet().stream().filter(k -> StudyFile.shortName(k).equals(name)).findFirst().orElse(null);
                if (key == null) {
                    throw new StudyException("--axis " + name + " is not an axis of this study; its axes: "
                            + String.join(", ", axes.keySet()));
                }
                keys.add(key);
                value += numeric(axes.get(key), name, r);
            }
            axisKeys.clear();
            axisKeys.addAll(keys);
            x.put(r, value);
            List<String> parts = new ArrayList<>();
            axes.forEach((k, val) -> {
                if (!keys.contains(k)) parts.add(StudyFile.shortName(k) + "=" + StudyFile.valueLabel(val));
            });
            if (roles) parts.add(r.role());
            if (widths) parts.add("w" + r.denseWidth());
            rest.put(r, parts.isEmpty() ? "all" : String.join(",", parts));
        }
        double minPositive = x.values().stream().filter(v -> v > 0).mapToDouble(Double::doubleValue).min().orElse(1);
        boolean log = logX && x.values().stream().allMatch(v -> v >= 0) && x.values().stream().anyMatch(v -> v > 0);
        double zeroAt = minPositive / 10;
        Map<Double, String> ticks = new TreeMap<>();
        for (double v : x.values()) ticks.put(log && v == 0 ? zeroAt : v, tickLabel(v));
        List<Panel> panels = new ArrayList<>();
        for (String m : measures) {
            List<Series> series = new ArrayList<>();
            for (var ge : group(runs, rest::get).entrySet()) {
                TreeMap<Double, List<Double>> byX = new TreeMap<>();
                for (StudyRun r : ge.getValue()) byX.computeIfAbsent(x.get(r), k -> new ArrayList<>()).add(r.measure(m));
                List<Point> pts = new ArrayList<>();
                byX.forEach((xv, vals) -> pts.add(Point.of(log && xv == 0 ? zeroAt : xv, vals.stream().mapToDouble(Double::doubleValue).toArray())));
                series.add(new Series(ge.getKey(), pts));
            }
            panels.add(new Panel(runMeasureLabel(m), series));
        }
        String shortAxis = String.join(" + ", axisKeys.stream().map(StudyFile::shortName).toList());
        String title = String.join(", ", measures.stream().map(StudyFigureData::label).toList()) + " against " + shortAxis
                + ": mean over seeds, 95% t band";
        return new Bands("metric", title, shortAxis + (log ? " (log scale" + (x.containsValue(0.0) ? "; 0 drawn at " + tickLabel(zeroAt) : "") + ")" : ""),
                measures.size() == 1 ? runMeasureLabel(measures.get(0)) : "value", log, false, panels, ticks, "", measures.size() == 1);
    }

    /** An axis value as a number: JSON null reads 0 (the spec's default: no regularization for l2 / weightDecay). */
    private static double numeric(JsonNode v, String axis, StudyRun r) {
        if (v.isNumber()) return v.asDouble();
        if (v.isNull()) return 0;
        try {
            return Double.parseDouble(v.asText());
        } catch (NumberFormatException e) {
            throw new StudyException("--axis " + axis + " has the non-numeric value '" + v.asText() + "' in configuration " + r.config());
        }
    }

    /** The study's axes (JSON paths, in axis order) whose value is a number (or null, read as 0) in every run. */
    public static List<String> numericAxes(List<StudyRun> runs) {
        List<String> out = new ArrayList<>();
        if (runs.isEmpty()) return out;
        for (String k : axes(runs.get(0)).keySet()) {
            boolean numeric = runs.stream().allMatch(r -> {
                JsonNode v = axes(r).get(k);
                return v != null && (v.isNumber() || v.isNull());
            });
            if (numeric && runs.stream().anyMatch(r -> axes(r).get(k).isNumber())) out.add(k);
        }
        return out;
    }

    static String tickLabel(double v) {
        if (v == 0) return "0";
        if (v == Math.rint(v) && Math.abs(v) < 1e6) return Long.toString((long) v);
        String s = String.format(Locale.ROOT, "%.3g", v);
        if (s.contains("e")) {
            String[] me = s.split("e");
            String mant = me[0].replaceAll("\\.?0+$", "");
            int exp = Integer.parseInt(me[1]);
            return (mant.equals("1") ? "" : mant + "e") + (mant.equals("1") ? "1e" + exp : "" + exp);
        }
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    static Map<String, JsonNode> axes(StudyRun r) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        try {
            JsonNode n = StudyFile.MAPPER.readTree(r.configJson() == null ? "{}" : r.configJson());
            n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        } catch (IOException e) {
            // a label without axis values: no axes
        }
        return out;
    }
}
