package dev.gradflow.charts.figure;

import dev.gradflow.charts.data.Aggregation;
import dev.gradflow.charts.data.BucketGrid;
import dev.gradflow.charts.data.BucketedMatrix;
import dev.gradflow.charts.data.Bucketing;
import dev.gradflow.charts.data.Measure;
import dev.gradflow.charts.data.RunSeries;
import dev.gradflow.charts.style.Palette;
import dev.gradflow.model.metrics.MaskEvent;

import java.awt.Color;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * a minus b, or log10(a / b): both runs are bucketed on the same grid over the steps both cover, then the bucket
 * values are subtracted, or their ratio's log10 taken (NaN where either has no value, and for the log ratio where
 * either is not positive). The automatic colour range is symmetric around 0: the largest |value| on a 1000-bucket
 * reference grid, or with a robust range the given percentile of |value| (linear interpolation between order
 * statistics, numpy's default), so one early outlier (step 0) does not wash out the rest; values beyond are clamped
 * to the end colours.
 */
final class DiffHeatmapSource implements HeatmapSource {
    /** Buckets of the reference grid that fixes the automatic colour range. */
    static final int SCALE_REFERENCE_BUCKETS = 1000;

    final RunSeries a;
    final RunSeries b;
    final Measure measure;
    final Aggregation aggregation;
    final DiffHeatmapFigure.Kind kind;
    /** Percentile of |value| that sets the automatic range, in (0, 100]; 100 = the largest |value|. */
    final double rangePercentile;
    private final long first;
    private final long last;

    DiffHeatmapSource(RunSeries a, RunSeries b, Measure measure, Aggregation aggregation) {
        this(a, b, measure, aggregation, DiffHeatmapFigure.Kind.DIFFERENCE, 100);
    }

    DiffHeatmapSource(RunSeries a, RunSeries b, Measure measure, Aggregation aggregation, DiffHeatmapFigure.Kind kind,
                      double rangePercentile) {
        if (!(rangePercentile > 0 && rangePercentile <= 100)) throw new IllegalArgumentException("range percentile must be in (0, 100]");
        this.kind = kind;
        this.rangePercentile = rangePercentile;
        if (a.layerCount() != b.layerCount()) {
            throw new IllegalArgumentException("runs have " + a.layerCount() + " and " + b.layerCount() + " layers");
        }
        if (a.stepCount() == 0 || b.stepCount() == 0) throw new IllegalArgumentException("a run has no steps");
        this.a = a;
        this.b = b;
        this.measure = measure;
        this.aggregation = aggregation;
        this.first = Math.max(a.firstStep(), b.firstStep());
        this.last = Math.min(a.lastStep(), b.lastStep());
        if (last < first) throw new IllegalArgumentException("the runs share no steps");
    }

    @Override public List<String> layerNames() { return a.layerNames(); }

    @Override public long firstStep() { return first; }

    @Override public long lastStep() { return last; }

    @Override
    public Plotted plot(BucketGrid grid) {
        BucketedMatrix ma = Bucketing.bucket(a.steps(), a.layerValues(measure), grid);
        BucketedMatrix mb = Bucketing.bucket(b.steps(), b.layerValues(measure), grid);
        double[][] va = ma.values(aggregation), vb = mb.values(aggregation);
        double[][] d = new double[va.length][grid.count()];
        int[] n = new int[grid.count()];
        for (int l = 0; l < va.length; l++) {
            for (int k = 0; k < grid.count(); k++) d[l][k] = combine(va[l][k], vb[l][k]);
        }
        for (int k = 0; k < n.length; k++) n[k] = Math.min(ma.stepsIn(k), mb.stepsIn(k));
        return new Plotted(grid, d, n);
    }

    double combine(double x, double y) {
        if (kind == DiffHeatmapFigure.Kind.LOG_RATIO) return x > 0 && y > 0 ? Math.log10(x / y) : Double.NaN;
        return x - y;
    }

    @Override
    public ColorScale autoScale(Palette palette, boolean log, Color missing) {
        Plotted p = plot(BucketGrid.over(first, last, SCALE_REFERENCE_BUCKETS));
        if (rangePercentile >= 100) return ColorScale.symmetric(palette, missing, p.values());
        double m = percentileOfAbs(p.values(), rangePercentile);
        if (!(m > 0)) return ColorScale.symmetric(palette, missing, p.values());
        return new ColorScale(palette, -m, m, false, missing);
    }

    /** q-th percentile (0..100) of |v| over the finite values, linear between order statistics; NaN if none. */
    static double percentileOfAbs(double[][] values, double q) {
        int n = 0;
        for (double[] row : values) for (double v : row) if (Double.isFinite(v)) n++;
        if (n == 0) return Double.NaN;
        double[] abs = new double[n];
        int i = 0;
        for (double[] row : values) for (double v : row) if (Double.isFinite(v)) abs[i++] = Math.abs(v);
        Arrays.sort(abs);
        double pos = q / 100.0 * (n - 1);
        int lo = (int) Math.floor(pos), hi = Math.min(n - 1, lo + 1);
        return abs[lo] + (pos - lo) * (abs[hi] - abs[lo]);
    }

    @Override
    public List<Long> markerSteps() {
        return Stream.concat(a.maskEvents().stream(), b.maskEvents().stream()).map(MaskEvent::step)
                .filter(s -> s >= first && s <= last).distinct().sorted().toList();
    }

    @Override
    public String defaultTitle() {
        return kind == DiffHeatmapFigure.Kind.LOG_RATIO
                ? a.label() + " over " + b.label() + ": " + measure.shortLabel()
                : a.label() + " minus " + b.label() + ": " + measure.shortLabel();
    }

    @Override
    public String colorLabel() {
        String m = measure.shortLabel();
        String base = kind == DiffHeatmapFigure.Kind.LOG_RATIO ? "log₁₀(a / b) of " + m : "a − b of " + m;
        return rangePercentile < 100 ? base + ", clipped" : base;
    }

    @Override
    public Map<String, Object> provenance() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("runs", List.of(HeatmapFigure.runInfo(a), HeatmapFigure.runInfo(b)));
        p.put("measure", measure.id());
        p.put("aggregation", aggregation.id());
        p.put("difference", (kind == DiffHeatmapFigure.Kind.LOG_RATIO ? "log10(a / b)" : "a - b")
                + " on a common bucket grid over steps " + first + ".." + last);
        p.put("rangePercentile", rangePercentile);
        return p;
    }
}
