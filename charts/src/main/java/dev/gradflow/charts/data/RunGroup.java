package dev.gradflow.charts.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Runs of one configuration that differ only in their seed (and name): drawn as the mean over seeds with a 95 %
 * band ({@link SeedBands}, docs/charts.md "Seed groups"). Heatmaps show {@link #meanSeries()}, the mean per cell.
 */
public final class RunGroup {
    private final String label;
    private final List<RunSeries> members;
    private RunSeries mean;

    private RunGroup(String label, List<RunSeries> members) {
        if (members.isEmpty()) throw new IllegalArgumentException("a group needs at least one run");
        this.label = label;
        this.members = List.copyOf(members);
    }

    public static RunGroup of(String label, List<RunSeries> members) { return new RunGroup(label, members); }

    /** A group of one run (a configuration with a single seed). */
    public static RunGroup single(RunSeries run) { return new RunGroup(run.label(), List.of(run)); }

    public String label() { return label; }

    /** Label with the number of seeds, as the legends show it: {@code quick-demo (n=3)}. */
    public String legendLabel() { return label + " (n=" + members.size() + ")"; }

    public int size() { return members.size(); }

    public List<RunSeries> members() { return members; }

    /**
     * Mean and band of a series over the members: each member's curve is smoothed first with the debiased EMA of
     * weight {@code smoothing} ({@link Smoothing#ema}; 0 = raw), then averaged step by step.
     */
    public SeedBands.Band band(String series, double smoothing) {
        List<Curve> curves = new ArrayList<>();
        for (RunSeries r : members) {
            Curve c = r.curve(series);
            curves.add(smoothing > 0 ? new Curve(series, c.steps(), Smoothing.ema(c.values(), smoothing)) : c);
        }
        return SeedBands.of(series, curves);
    }

    /** Logged steps that not every member has (left out of the mean series and the bands). */
    public int droppedSteps() {
        TreeSet<Long> union = new TreeSet<>();
        for (RunSeries r : members) for (long s : r.steps()) union.add(s);
        return union.size() - commonSteps().length;
    }

    private long[] commonSteps() {
        TreeSet<Long> common = null;
        for (RunSeries r : members) {
            TreeSet<Long> s = new TreeSet<>();
            for (long x : r.steps()) s.add(x);
            if (common == null) common = s;
            else common.retainAll(s);
        }
        return common.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * One series whose per-layer values (every {@link Measure}) and step series are the mean over the members with a
     * finite value, per cell, at the steps every member logged; labelled with {@link #legendLabel()}.
     */
    public synchronized RunSeries meanSeries() {
        if (mean != null) return mean;
        RunSeries first = members.get(0);
        long[] steps = commonSteps();
        List<int[]> idx = new ArrayList<>();
        for (RunSeries r : members) {
            Map<Long, Integer> at = new HashMap<>();
            for (int i = 0; i < r.steps().length; i++) at.putIfAbsent(r.steps()[i], i);
            idx.add(Arrays.stream(steps).mapToInt(s -> at.get(s)).toArray());
        }
        RunSeries.Builder b = RunSeries.builder(legendLabel(), first.layerNames(), steps);
        for (Measure m : Measure.values()) {
            if (!members.stream().allMatch(r -> r.hasMeasure(m) && r.layerCount() == first.layerCount())) continue;
            double[][] out = new double[first.layerCount()][steps.length];
            for (int l = 0; l < out.length; l++) {
                for (int k = 0; k < steps.length; k++) {
                    double sum = 0;
                    int n = 0;
                    for (int r = 0; r < members.size(); r++) {
                        double x = members.get(r).layerValues(m)[l][idx.get(r)[k]];
                        if (Double.isFinite(x)) { sum += x; n++; }
                    }
                    out[l][k] = n == 0 ? Double.NaN : sum / n;
                }
            }
            b.layerValues(m, out);
        }
        for (String s : SeriesNames.STEP_SERIES) {
            double[] out = new double[steps.length];
            for (int k = 0; k < steps.length; k++) {
                double sum = 0;
                int n = 0;
                for (int r = 0; r < members.size(); r++) {
                    Curve c = members.get(r).curve(s);
                    if (c.isEmpty()) continue;
                    double x = c.values()[idx.get(r)[k]];
                    if (Double.isFinite(x)) { sum += x; n++; }
                }
                out[k] = n == 0 ? Double.NaN : sum / n;
            }
            b.stepSeries(s, out);
        }
        mean = b.build();
        return mean;
    }
}
