package dev.gradflow.charts.figure;

import dev.gradflow.charts.data.ScsdcPoint;
import dev.gradflow.charts.data.CsvTable;
import dev.gradflow.charts.style.FigureStyle;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYDataset;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * SC-SDC: value (e.g. test accuracy) against the number of active weights (log x), one line per group (sparse,
 * dense), mean over seeds with a 95% confidence band (Student t, mean +- t(0.975, n-1) * sd / sqrt(n)); individual
 * seeds drawn as faint dots.
 */
public class ScsdcFigure implements Figure {
    private final List<ScsdcPoint> points;
    private FigureStyle style = FigureStyle.defaults();
    private String title = "SC-SDC: sparse vs dense";
    private String xLabel = "active weights";
    private String yLabel = "test accuracy";
    private boolean logX = true;
    private boolean showPoints = true;

    /** Mean and 95% CI of one group at one number of active weights. */
    public record Stat(String group, double activeWeights, int n, double mean, double sd, double ciLow, double ciHigh) {}

    private ScsdcFigure(List<ScsdcPoint> points) {
        if (points.isEmpty()) throw new IllegalArgumentException("no points");
        this.points = List.copyOf(points);
    }

    public static ScsdcFigure of(List<ScsdcPoint> points) { return new ScsdcFigure(points); }

    public ScsdcFigure style(FigureStyle s) { style = s; return this; }

    public ScsdcFigure title(String t) { title = t; return this; }

    public ScsdcFigure axisLabels(String x, String y) { xLabel = x; yLabel = y; return this; }

    public ScsdcFigure logX(boolean b) { logX = b; return this; }

    public ScsdcFigure showPoints(boolean b) { showPoints = b; return this; }

    @Override public String kind() { return "scsdc"; }

    @Override public String title() { return title; }

    @Override public FigureStyle style() { return style; }

    /** Groups in order of first appearance. */
    public List<String> groups() { return points.stream().map(ScsdcPoint::group).distinct().toList(); }

    /** Two-sided 95% Student-t quantile t(0.975, df). */
    public static double t975(int df) {
        final double[] t = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
                2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048,
                2.045, 2.042};
        if (df < 1) return Double.NaN;
        if (df <= 30) return t[df - 1];
        return 1.95996 + 2.5 / df;
    }

    /** Per group and number of active weights: mean, sd and 95% CI over seeds (finite values only). */
    public List<Stat> stats() {
        List<Stat> out = new ArrayList<>();
        for (String g : groups()) {
            TreeMap<Double, List<Double>> by = new TreeMap<>();
            for (ScsdcPoint p : points) {
                if (p.group().equals(g) && Double.isFinite(p.value())) by.computeIfAbsent(p.activeWeights(), k -> new ArrayList<>()).add(p.value());
            }
            for (var e : by.entrySet()) {
                List<Double> v = e.getValue();
                int n = v.size();
                double mean = v.stream().mapToDouble(Double::doubleValue).sum() / n;
                double sumSquares = 0;
                for (double x : v) sumSquares += (x - mean) * (x - mean);
                double sd = n > 1 ? Math.sqrt(sumSquares / (n - 1)) : 0;
                double half = n > 1 ? t975(n - 1) * sd / Math.sqrt(n) : 0;
                out.add(new Stat(g, e.getKey(), n, mean, sd, mean - half, mean + half));
            }
        }
        return out;
    }

    public JFreeChart createChart() {
        float u = ChartStyler.unit(style);
        List<String> groups = groups();
        List<Stat> stats = stats();
        YIntervalSeriesCollection bands = new YIntervalSeriesCollection();
        DeviationRenderer dr = new DeviationRenderer(true, true);
        dr.setAlpha(0.22f);
        DefaultXYDataset dots = new DefaultXYDataset();
        XYLineAndShapeRenderer dotR = new XYLineAndShapeRenderer(false, true);
        for (int i = 0; i < groups.size(); i++) {
            String g = groups.get(i);
            Color c = style.theme().runColor(i);
            YIntervalSeries s = new YIntervalSeries(g);
            for (Stat st : stats) if (st.group().equals(g)) s.add(st.activeWeights(), st.mean(), st.ciLow(), st.ciHigh());
            bands.addSeries(s);
            dr.setSeriesPaint(i, c);
            dr.setSeriesFillPaint(i, c);
            dr.setSeriesStroke(i, new BasicStroke(1.5f * u));
            double r = 2.4 * u;
            dr.setSeriesShape(i, new Ellipse2D.Double(-r, -r, 2 * r, 2 * r));
            List<ScsdcPoint> ps = points.stream().filter(p -> p.group().equals(g) && Double.isFinite(p.value())).toList();
            double[][] xy = new double[2][ps.size()];
            for (int k = 0; k < ps.size(); k++) {
                xy[0][k] = ps.get(k).activeWeights();
                xy[1][k] = ps.get(k).value();
            }
            dots.addSeries(g, xy);
            dotR.setSeriesPaint(i, new Color(c.getRed(), c.getGreen(), c.getBlue(), 110));
            double rd = 1.5 * u;
            dotR.setSeriesShape(i, new Ellipse2D.Double(-rd, -rd, 2 * rd, 2 * rd));
            dotR.setSeriesVisibleInLegend(i, false);
        }
        ValueAxis x;
        if (logX) {
            NiceLogAxis la = new NiceLogAxis(xLabel, ChartStyler.stepFormat());
            la.setFixedTicks(points.stream().mapToDouble(ScsdcPoint::activeWeights).distinct().sorted().toArray());
            x = la;
        } else {
            NumberAxis na = new NumberAxis(xLabel);
            na.setAutoRangeIncludesZero(false);
            na.setNumberFormatOverride(ChartStyler.valueFormat());
            x = na;
        }
        NumberAxis y = new NumberAxis(yLabel);
        y.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(bands, x, y, dr);
        if (showPoints) {
            plot.setDataset(1, dots);
            plot.setRenderer(1, dotR);
        }
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.REVERSE);
        JFreeChart chart = new JFreeChart(title, ChartStyler.font(style, 1, true), plot, true);
        ChartStyler.styleChart(chart, style);
        LegendTitle lt = chart.getLegend();
        if (lt != null) lt.setPosition(RectangleEdge.BOTTOM);
        return chart;
    }

    @Override
    public void draw(Graphics2D g2, Rectangle2D area) { ChartStyler.drawFitted(createChart(), g2, area, style); }

    /**
     * Columns {@code kind, group, active_weights, seed, value, n_seeds, mean, sd, ci95_low, ci95_high}:
     * kind {@code point} rows are the input points (seed, value), kind {@code mean} rows the plotted line and band.
     */
    @Override
    public CsvTable csv() {
        CsvTable t = new CsvTable(List.of("kind", "group", "active_weights", "seed", "value", "n_seeds", "mean", "sd", "ci95_low", "ci95_high"));
        for (Stat s : stats()) t.add("mean", s.group(), s.activeWeights(), null, null, s.n(), s.mean(), s.sd(), s.ciLow(), s.ciHigh());
        for (ScsdcPoint p : points) t.add("point", p.group(), p.activeWeights(), p.seed(), p.value(), null, null, null, null, null);
        return t;
    }

    @Override
    public Map<String, Object> provenance() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("figure", kind());
        p.put("title", title);
        p.put("groups", groups());
        p.put("points", points.size());
        p.put("seeds", points.stream().map(ScsdcPoint::seed).distinct().count());
        p.put("band", "95% CI of the mean, Student t over seeds");
        p.put("y", yLabel);
        p.put("logX", logX);
        p.put("theme", style.theme().name());
        p.put("size", style.size().name());
        return p;
    }
}
