package dev.gradflow.charts.figure;

import dev.gradflow.charts.data.Curve;
import dev.gradflow.charts.data.RunSeries;
import dev.gradflow.charts.data.SeriesNames;
import dev.gradflow.charts.data.Smoothing;
import dev.gradflow.charts.data.CsvTable;
import dev.gradflow.charts.style.FigureStyle;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYDataset;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Line curves over training steps (loss, accuracy, EGF, gradient flow, ...), many runs overlaid. With smoothing
 * weight w &gt; 0 each series is drawn as a faint raw line with the TensorBoard-style EMA on top, so the raw data
 * is never hidden. Colour = run (or series, for a single run); dash pattern = series when several runs are shown.
 */
public class CurvesFigure implements Figure {
    private final List<RunSeries> runs;
    private final List<String> series;
    private FigureStyle style = FigureStyle.defaults();
    private double smoothing;
    private boolean logY;
    private String title;
    private String xLabel = "training step";
    private String yLabel;
    private boolean legend = true;
    private boolean xTicks = true;
    private double[] xRange;
    private boolean fitY;
    private List<Drawn> lastDrawn = List.of();

    /** One plotted series: its legend name, run, series name, steps, raw and smoothed values. */
    public record Drawn(String key, String run, String series, long[] steps, double[] raw, double[] smoothed) {}

    private CurvesFigure(List<RunSeries> runs, List<String> series) {
        if (runs.isEmpty()) throw new IllegalArgumentException("no runs");
        if (series.isEmpty()) throw new IllegalArgumentException("no series");
        this.runs = List.copyOf(runs);
        this.series = List.copyOf(series);
    }

    /** Curves of the given series names (see {@link SeriesNames}) for each run. */
    public static CurvesFigure of(List<RunSeries> runs, String... series) { return new CurvesFigure(runs, List.of(series)); }

    public static CurvesFigure of(List<RunSeries> runs, List<String> series) { return new CurvesFigure(runs, series); }

    public CurvesFigure style(FigureStyle s) { style = s; return this; }

    /** EMA weight in [0, 1): 0 = no smoothing (default), 0.6 TensorBoard's default, 0.99 heavy. */
    public CurvesFigure smoothing(double w) {
        if (!(w >= 0 && w < 1)) throw new IllegalArgumentException("smoothing weight must be in [0, 1)");
        smoothing = w;
        return this;
    }

    /** Log10 y axis; values <= 0 are not drawn (they stay in the CSV). */
    public CurvesFigure logY(boolean b) { logY = b; return this; }

    public CurvesFigure title(String t) { title = t; return this; }

    public CurvesFigure axisLabels(String x, String y) { xLabel = x; yLabel = y; return this; }

    public CurvesFigure showLegend(boolean b) { legend = b; return this; }

    /** Shows or hides the step axis' tick labels. */
    public CurvesFigure showStepTicks(boolean b) { xTicks = b; return this; }

    /** Fixed step-axis range (shared panels); null = automatic. */
    public CurvesFigure stepRange(double lo, double hi) { xRange = new double[]{lo, hi}; return this; }

    /**
     * With a {@link #stepRange}: the value axis spans only the values drawn inside that step range (plus 5 % either
     * side), so zooming into the steps also zooms the values. Off by default (the axis covers all values).
     */
    public CurvesFigure fitValuesToStepRange(boolean b) { fitY = b; return this; }

    @Override public String kind() { return "curves"; }

    @Override
    public String title() {
        if (title != null) return title;
        return series.size() == 1 ? SeriesNames.label(series.get(0)) : String.join(", ", series.stream().map(SeriesNames::label).toList());
    }

    @Override public FigureStyle style() { return style; }

    public double smoothingWeight() { return smoothing; }

    /** Series drawn by the last draw (computed on demand before the first). */
    public List<Drawn> drawn() { return lastDrawn.isEmpty() ? compute() : lastDrawn; }

    private List<Drawn> compute() {
        List<Drawn> out = new ArrayList<>();
        for (RunSeries r : runs) {
            for (String s : series) {
                Curve c = r.curve(s);
                if (c.isEmpty()) continue;
                double[] sm = smoothing > 0 ? Smoothing.ema(c.values(), smoothing) : c.values();
                String key;
                if (series.size() == 1) key = r.label();
                else if (runs.size() == 1) key = SeriesNames.label(s);
                else key = r.label() + ": " + SeriesNames.label(s);
                out.add(new Drawn(key, r.label(), s, c.steps(), c.values(), sm));
            }
        }
        return out;
    }

    private static double[][] xy(long[] x, double[] y, boolean log) {
        double[][] a = new double[2][x.length];
        for (int i = 0; i < x.length; i++) {
            a[0][i] = x[i];
            a[1][i] = log && !(y[i] > 0) ? Double.NaN : y[i];
        }
        return a;
    }

    private static final float[][] DASHES = {null, {6, 3}, {1.5f, 2.5f}, {6, 2.5f, 1.5f, 2.5f}, {10, 4}};

    public JFreeChart createChart() {
        List<Drawn> drawn = compute();
        lastDrawn = drawn;
        float u = ChartStyler.unit(style);
        DefaultXYDataset top = new DefaultXYDataset();
        DefaultXYDataset faint = new DefaultXYDataset();
        XYLineAndShapeRenderer topR = new XYLineAndShapeRenderer(true, false);
        XYLineAndShapeRenderer faintR = new XYLineAndShapeRenderer(true, false);
        topR.setDrawSeriesLineAsPath(true);
        faintR.setDrawSeriesLineAsPath(true);
        int i = 0;
        for (Drawn d : drawn) {
            int runIdx = indexOfRun(d.run());
            int serIdx = series.indexOf(d.series());
            Color c = runs.size() == 1 ? style.theme().runColor(serIdx) : style.theme().runColor(runIdx);
            float[] dash = runs.size() == 1 ? null : DASHES[serIdx % DASHES.length];
            if (dash != null) {
                dash = dash.clone();
                for (int k = 0; k < dash.length; k++) dash[k] *= u * 1.2f;
            }
            Stroke main = new BasicStroke(1.4f * u, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dash, 0f);
            String key = d.key();
            while (top.indexOf(key) >= 0) key = key + " ";
            top.addSeries(key, xy(d.steps(), d.smoothed(), logY));
            topR.setSeriesPaint(i, c);
            topR.setSeriesStroke(i, main);
            if (d.steps().length <= 60) {
                topR.setSeriesShapesVisible(i, true);
                double r = 2.2 * u;
                topR.setSeriesShape(i, new Ellipse2D.Double(-r, -r, 2 * r, 2 * r));
            }
            if (smoothing > 0) {
                faint.addSeries(key, xy(d.steps(), d.raw(), logY));
                faintR.setSeriesPaint(i, new Color(c.getRed(), c.getGreen(), c.getBlue(), 70));
                faintR.setSeriesStroke(i, new BasicStroke(0.8f * u));
                faintR.setSeriesVisibleInLegend(i, false);
            }
            i++;
        }
        NumberAxis x = ChartStyler.stepAxis(xLabel);
        x.setAutoRangeIncludesZero(false);
        x.setTickLabelsVisible(xTicks);
        ChartStyler.noMargins(x);
        if (xRange != null) x.setRange(xRange[0], xRange[1]);
        String yl = yLabel != null ? yLabel : (series.size() == 1 ? SeriesNames.label(series.get(0)) : "value");
        ValueAxis y;
        if (logY) {
            y = new NiceLogAxis(yl, ChartStyler.valueFormat());
        } else {
            NumberAxis na = new NumberAxis(yl);
            na.setAutoRangeIncludesZero(false);
            na.setNumberFormatOverride(ChartStyler.valueFormat());
            y = na;
        }
        if (fitY && xRange != null && !logY) {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (Drawn d : drawn) {
                for (int k = 0; k < d.steps().length; k++) {
                    if (d.steps()[k] < xRange[0] || d.steps()[k] > xRange[1]) continue;
                    for (double v : new double[]{d.smoothed()[k], smoothing > 0 ? d.raw()[k] : d.smoothed()[k]}) {
                        if (Double.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
                    }
                }
            }
            if (lo <= hi) {
                double pad = hi > lo ? 0.05 * (hi - lo) : Math.max(1e-12, 0.05 * Math.abs(hi));
                y.setRange(lo - pad, hi + pad);
            }
        }
        XYPlot plot = new XYPlot(top, x, y, topR);
        if (smoothing > 0) {
            plot.setDataset(1, faint);
            plot.setRenderer(1, faintR);
        }
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.REVERSE); // faint raw lines first, smoothed on top
        JFreeChart chart = new JFreeChart(title().isEmpty() ? null : title(), ChartStyler.font(style, 1, true), plot, legend);
        ChartStyler.styleChart(chart, style);
        LegendTitle lt = chart.getLegend();
        if (lt != null) lt.setPosition(RectangleEdge.BOTTOM);
        return chart;
    }

    private int indexOfRun(String label) {
        for (int k = 0; k < runs.size(); k++) if (runs.get(k).label().equals(label)) return k;
        return 0;
    }

    @Override
    public void draw(Graphics2D g2, Rectangle2D area) {
        ChartStyler.drawFitted(createChart(), g2, area, style);
    }

    /** Columns {@code run, series, step, raw, smoothed} (smoothed = raw when smoothing is off). */
    @Override
    public CsvTable csv() {
        CsvTable t = new CsvTable(List.of("run", "series", "step", "raw", "smoothed"));
        for (Drawn d : drawn()) {
            for (int k = 0; k < d.steps().length; k++) t.add(d.run(), d.series(), d.steps()[k], d.raw()[k], d.smoothed()[k]);
        }
        return t;
    }

    @Override
    public Map<String, Object> provenance() {
        return Provenance.of(this, p -> {
            p.put("runs", runs.stream().map(HeatmapFigure::runInfo).toList());
            p.put("series", series);
            p.put("smoothing", Map.of("type", "ema-debiased (TensorBoard)", "weight", smoothing));
            p.put("logY", logY);
        });
    }
}
