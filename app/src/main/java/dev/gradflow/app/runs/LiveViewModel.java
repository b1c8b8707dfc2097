package dev.gradflow.app.runs;

import dev.gradflow.charts.data.Aggregation;
import dev.gradflow.charts.data.Measure;
import dev.gradflow.charts.data.RunSeries;
import dev.gradflow.charts.data.SeriesNames;
import dev.gradflow.charts.figure.CurvesFigure;
import dev.gradflow.charts.figure.HeatmapFigure;
import dev.gradflow.charts.style.FigureStyle;
import dev.gradflow.model.spec.Messages;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * State of the live charts of the job being trained, testable without the toolkit: the loss points drawn so far
 * (thinned: above {@link #MAX_POINTS}, every other point is dropped and only every k-th new step is kept, k doubling)
 * and the heatmap's columns (above {@link #MAX_HEATMAP_STEPS}, neighbouring steps are merged two by two, mean of the
 * finite values, keeping the later step). {@link LiveView} calls {@link #apply} with each batch it drains from the
 * job's {@link LiveMetrics} and draws the figures this class builds (the charts module's curves and heatmap).
 * Not thread-safe: used on the FX thread only; the figures it returns hold copies.
 */
public final class LiveViewModel {
    /** Above this many loss points, only every k-th step is drawn (k doubles as needed). */
    static final int MAX_POINTS = 4000;
    /** Above this many heatmap columns, neighbouring steps are merged (mean) two by two. */
    static final int MAX_HEATMAP_STEPS = 50_000;

    /** What a batch changed. */
    public enum Change { NOTHING, LOSS, LOSS_AND_HEATMAP }

    private final int maxPoints;
    private final int maxHeatmapSteps;
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("No run is training. Design a spec and press Train (Ctrl+Enter).");
    private String jobName;
    // loss points drawn so far (thinned)
    private long[] lossX = new long[256];
    private double[] lossY = new double[256];
    private int lossCount;
    private long[] testX = new long[64];
    private double[] testY = new double[64];
    private int testCount;
    private int stride = 1;
    private long seen;
    // columns of the heatmap so far
    private String[] layerNames = new String[0];
    private long[] steps = new long[1024];
    private double[][] values = new double[0][];
    private int columns;
    // zoomed step range; NaN = the whole run so far (follows the run as it grows)
    private double zoomLo = Double.NaN, zoomHi = Double.NaN;

    /** Smallest step span when zooming in. */
    static final double MIN_SPAN = 4;

    public LiveViewModel() {
        this(MAX_POINTS, MAX_HEATMAP_STEPS);
    }

    /** With smaller limits, for tests. */
    LiveViewModel(int maxPoints, int maxHeatmapSteps) {
        this.maxPoints = maxPoints;
        this.maxHeatmapSteps = maxHeatmapSteps;
    }

    /** Starts over for the job named {@code name}. */
    public void start(String name) {
        jobName = name;
        stride = 1;
        seen = 0;
        lossCount = 0;
        testCount = 0;
        layerNames = new String[0];
        values = new double[0][];
        columns = 0;
        resetZoom();
        title.set("Live: " + Messages.printable(name));
    }

    public ReadOnlyStringProperty titleProperty() { return title.getReadOnlyProperty(); }

    /** The job shown, or null before the first. */
    public String jobName() { return jobName; }

    /** Applies one drained batch. */
    public Change apply(List<LiveMetrics.StepPoint> batch, List<LiveMetrics.TestPoint> tests) {
        if (jobName == null || (batch.isEmpty() && tests.isEmpty())) return Change.NOTHING;
        for (LiveMetrics.StepPoint p : batch) {
            append(p);
            if (seen++ % stride != 0) continue;
            if (Double.isFinite(p.loss())) addLoss(p.step(), p.loss());
        }
        for (LiveMetrics.TestPoint t : tests) {
            if (Double.isFinite(t.testLoss())) addTest(t.step(), t.testLoss());
        }
        if (lossCount > maxPoints) thin();
        return batch.isEmpty() ? Change.LOSS : Change.LOSS_AND_HEATMAP;
    }

    private void append(LiveMetrics.StepPoint p) {
        if (layerNames.length == 0 && p.layerNames().length > 0) {
            layerNames = p.layerNames().clone();
            values = new double[layerNames.length][steps.length];
        }
        if (layerNames.length == 0) return;
        if (columns == steps.length) {
            if (columns >= maxHeatmapSteps) halve();
            else {
                steps = Arrays.copyOf(steps, columns * 2);
                for (int l = 0; l < values.length; l++) values[l] = Arrays.copyOf(values[l], columns * 2);
            }
        }
        steps[columns] = p.step();
        for (int l = 0; l < values.length; l++) values[l][columns] = l < p.layerL2Active().length ? p.layerL2Active()[l] : Double.NaN;
        columns++;
    }

    /** Merges neighbouring columns (mean of the finite values), keeping the later step. */
    private void halve() {
        int half = columns / 2;
        for (int k = 0; k < half; k++) {
            steps[k] = steps[2 * k + 1];
            for (double[] row : values) {
                double a = row[2 * k], b = row[2 * k + 1];
                row[k] = Double.isNaN(a) ? b : Double.isNaN(b) ? a : (a + b) / 2;
            }
        }
        columns = half;
    }

    private void addLoss(long x, double y) {
        if (lossCount == lossX.length) {
            lossX = Arrays.copyOf(lossX, lossCount * 2);
            lossY = Arrays.copyOf(lossY, lossCount * 2);
        }
        lossX[lossCount] = x;
        lossY[lossCount++] = y;
    }

    private void addTest(long x, double y) {
        if (testCount == testX.length) {
            testX = Arrays.copyOf(testX, testCount * 2);
            testY = Arrays.copyOf(testY, testCount * 2);
        }
        testX[testCount] = x;
        testY[testCount++] = y;
    }

    /** Halves the number of drawn loss points (keeping the first and last) and doubles the stride for new ones. */
    private void thin() {
        stride *= 2;
        int kept = 0;
        for (int i = 0; i < lossCount; i++) {
            if (i % 2 == 0 || i == lossCount - 1) {
                lossX[kept] = lossX[i];
                lossY[kept++] = lossY[i];
            }
        }
        lossCount = kept;
    }

    /** Loss points currently drawn. */
    public int lossPoints() { return lossCount; }

    /** Steps of the loss points currently drawn (a copy). */
    long[] lossSteps() { return Arrays.copyOf(lossX, lossCount); }

    /** Every k-th new step is drawn. */
    int stride() { return stride; }

    /** Columns in the heatmap so far. */
    public int heatmapColumns() { return columns; }

    /** The heatmap so far as a series (copies, safe to hand to the render thread), or null when it has no column. */
    public RunSeries heatmapSeries() {
        if (columns == 0 || jobName == null) return null;
        double[][] v = new double[values.length][];
        for (int l = 0; l < v.length; l++) v[l] = Arrays.copyOf(values[l], columns);
        return RunSeries.builder(jobName + " (live)", List.of(layerNames), Arrays.copyOf(steps, columns))
                .layerValues(Measure.L2_ACTIVE, v).build();
    }

    /** The live heatmap of ‖∂C/∂W ⊙ M‖₂ per layer, or null when nothing was measured yet. */
    public HeatmapFigure heatmapFigure(FigureStyle style) {
        RunSeries s = heatmapSeries();
        if (s == null) return null;
        if (!isZoomed()) return heatmapFigure(s, style);
        return HeatmapFigure.of(s, Measure.L2_ACTIVE, Aggregation.MEAN, (long) Math.floor(zoomLo), (long) Math.ceil(zoomHi))
                .style(style).title(s.label() + ": " + Measure.L2_ACTIVE.shortLabel() + " per layer");
    }

    static HeatmapFigure heatmapFigure(RunSeries s, FigureStyle style) {
        return HeatmapFigure.of(s, Measure.L2_ACTIVE).style(style).title(s.label() + ": " + Measure.L2_ACTIVE.shortLabel() + " per layer");
    }

    /**
     * The loss so far as the charts module's curves figure: training loss per (drawn) step and test loss at the
     * evaluation points, unsmoothed; null when there is no point yet.
     */
    public CurvesFigure lossFigure(FigureStyle style) {
        if (lossCount == 0 && testCount == 0) return null;
        RunSeries train = lossSeries("train loss (step)", lossX, lossY, lossCount);
        RunSeries test = lossSeries("test loss", testX, testY, testCount);
        CurvesFigure f = CurvesFigure.of(List.of(train, test), SeriesNames.LOSS).style(style).smoothing(0)
                .title("Loss").axisLabels("step", "loss");
        if (isZoomed()) f.stepRange(zoomLo, zoomHi).fitValuesToStepRange(true);
        return f;
    }

    // ---- zoom (shared by both live charts) and hover ----

    /** Steps of everything collected so far: {first, last}, or null before the first point. */
    double[] fullRange() {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < lossCount; i++) { lo = Math.min(lo, lossX[i]); hi = Math.max(hi, lossX[i]); }
        for (int i = 0; i < testCount; i++) { lo = Math.min(lo, testX[i]); hi = Math.max(hi, testX[i]); }
        if (columns > 0) { lo = Math.min(lo, steps[0]); hi = Math.max(hi, steps[columns - 1]); }
        return lo > hi ? null : new double[]{lo, hi};
    }

    /** Whether the charts show a zoomed step range (else the whole run, growing as it trains). */
    public boolean isZoomed() { return !Double.isNaN(zoomLo); }

    /** The visible step range: the zoomed one, or everything so far; null before the first point. */
    public double[] visibleRange() {
        if (isZoomed()) return new double[]{zoomLo, zoomHi};
        double[] f = fullRange();
        return f == null ? null : new double[]{f[0], Math.max(f[1], f[0] + 1)};
    }

    /** Zooms by {@code factor} (< 1 = in) keeping step {@code anchor} where it is on screen. */
    public void zoom(double factor, double anchor) {
        double[] v = visibleRange();
        if (v == null) return;
        double span = Math.max(MIN_SPAN, (v[1] - v[0]) * factor);
        double a = Math.max(v[0], Math.min(v[1], anchor));
        double t = (a - v[0]) / (v[1] - v[0]);
        setRange(a - t * span, a - t * span + span);
    }

    /** Shows steps {@code lo .. hi} (either order), clamped to the run so far, at least {@link #MIN_SPAN} wide. */
    public void setRange(double lo, double hi) {
        double[] f = fullRange();
        if (f == null) return;
        double a = Math.min(lo, hi), b = Math.max(lo, hi);
        double full = Math.max(f[1] - f[0], 1);
        double span = Math.min(full, Math.max(Math.min(MIN_SPAN, full), b - a));
        if (a < f[0]) a = f[0];
        if (a + span > f[0] + full) a = f[0] + full - span;
        if (span >= full && a <= f[0]) { resetZoom(); return; }
        zoomLo = a;
        zoomHi = a + span;
    }

    /** Back to the whole run (double-click). */
    public void resetZoom() { zoomLo = Double.NaN; zoomHi = Double.NaN; }

    /** Tooltip text of the loss chart at {@code step}: the nearest drawn training-loss point and test-loss point. */
    public String describeLoss(double step) {
        List<String> parts = new ArrayList<>();
        int k = nearest(lossX, lossCount, step);
        if (k >= 0) parts.add("step " + lossX[k] + "\ntrain loss " + fmt(lossY[k]));
        int t = nearest(testX, testCount, step);
        if (t >= 0 && (k < 0 || Math.abs(testX[t] - step) <= Math.abs(lossX[k] - step) + Math.max(1, stride))) {
            parts.add("test loss " + fmt(testY[t]) + " (step " + testX[t] + ")");
        }
        return String.join("\n", parts);
    }

    /** Tooltip text of the heatmap at {@code step} and layer row {@code layerY}: layer, nearest step, value. */
    public String describeHeatmap(double step, double layerY) {
        int layer = (int) Math.round(layerY);
        if (columns == 0 || layer < 0 || layer >= layerNames.length) return "";
        int k = nearest(steps, columns, step);
        return "layer " + layerNames[layer] + "\nstep " + steps[k] + "\n" + Measure.L2_ACTIVE.shortLabel() + " " + fmt(values[layer][k]);
    }

    private static int nearest(long[] xs, int n, double step) {
        int best = -1;
        double bd = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double d = Math.abs(xs[i] - step);
            if (d < bd) { bd = d; best = i; }
        }
        return best;
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) return "n/a";
        double a = Math.abs(v);
        return a != 0 && (a < 1e-3 || a >= 1e5) ? String.format(Locale.ROOT, "%.4e", v) : String.format(Locale.ROOT, "%.6g", v);
    }

    /** One curve as a series of its own (sorted by step: evaluation points and epochs may arrive interleaved). */
    private static RunSeries lossSeries(String label, long[] x, double[] y, int count) {
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Long.compare(x[a], x[b]));
        long[] sx = new long[count];
        double[] sy = new double[count];
        for (int i = 0; i < count; i++) {
            sx[i] = x[order[i]];
            sy[i] = y[order[i]];
        }
        return RunSeries.builder(label, List.of(), sx).stepSeries(SeriesNames.LOSS, sy).build();
    }
}
