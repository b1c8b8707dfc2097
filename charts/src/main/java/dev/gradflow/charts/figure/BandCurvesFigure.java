package dev.gradflow.charts.figure;

import dev.gradflow.charts.data.CsvTable;
import dev.gradflow.charts.data.RunGroup;
import dev.gradflow.charts.data.SeedBands;
import dev.gradflow.charts.data.SeriesNames;
import dev.gradflow.charts.style.FigureStyle;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
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

/**
 * One series (loss, test accuracy, ...) of several seed groups: each group's mean over its seeds as a line with the
 * 95 % t-interval as a translucent band (docs/charts.md "Seed groups"), the number of seeds in the legend
 * ({@code quick-demo (n=3)}). Loss curves are smoothed per run before averaging, with the same EMA weight as
 * {@link CurvesFigure}.
 */
public class BandCurvesFigure implements Figure {
    private final List<RunGroup> groups;
    private final String series;
    private FigureStyle style = FigureStyle.defaults();
    private double smoothing;
    private String title;
    private String xLabel = "training step";
    private String yLabel;
    private boolean legend = true;
    private boolean xTicks = true;
    private double[] xRange;
    private List<Drawn> lastDrawn = List.of();

    /** One drawn group: legend key, group label, its band. */
    public record Drawn(String key, String group, int seeds, SeedBands.Band band) {}

    private BandCurvesFigure(List<RunGroup> groups, String series) {
        if (groups.isEmpty()) throw new IllegalArgumentException("no groups");
        this.groups = List.copyOf(groups);
        this.series = series;
    }

    public static BandCurvesFigure of(List<RunGroup> groups, String series) { return new BandCurvesFigure(groups, series); }

    public BandCurvesFigure style(FigureStyle s) { style = s; return this; }

    /** EMA weight in [0, 1) applied to every member's curve before the mean and band (0 = raw). */
    public BandCurvesFigure smoothing(double w) {
        if (!(w >= 0 && w < 1)) throw new IllegalArgumentException("smoothing weight must be in [0, 1)");
        smoothing = w;
        return this;
    }

    public BandCurvesFigure title(String t) { title = t; return this; }

    public BandCurvesFigure axisLabels(String x, String y) { xLabel = x; yLabel = y; return this; }

    public BandCurvesFigure showLegend(boolean b) { legend = b; return this; }

    public BandCurvesFigure showStepTicks(boolean b) { xTicks = b; return this; }

    public BandCurvesFigure stepRange(double lo, double hi) { xRange = new double[]{lo, hi}; return this; }

    @Override public String kind() { return "band-curves"; }

    @Override public String title() { return title != null ? title : SeriesNames.label(series) + ", mean and 95 % band over seeds"; }

    @Override public FigureStyle style() { return style; }

    public double smoothingWeight() { return smoothing; }

    /** Bands of the last draw (computed on demand before the first). */
    public List<Drawn> drawn() { return lastDrawn.isEmpty() ? compute() : lastDrawn; }

    private List<Drawn> compute() {
        List<Drawn> out = new ArrayList<>();
        for (RunGroup g : groups) {
            SeedBands.Band b = g.band(series, smoothing);
            if (b.isEmpty()) continue;
            out.add(new Drawn(g.legendLabel(), g.label(), g.size(), b));
        }
        return out;
    }

    public JFreeChart createChart() {
        List<Drawn> drawn = compute();
        lastDrawn = drawn;
        float u = ChartStyler.unit(style);
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        DeviationRenderer r = new DeviationRenderer(true, false);
        r.setAlpha(0.22f);
        int i = 0;
        for (Drawn d : drawn) {
            String key = d.key();
            while (data.indexOf(key) >= 0) key = key + " ";
            YIntervalSeries s = new YIntervalSeries(key, false, true);
            SeedBands.Band b = d.band();
            for (int k = 0; k < b.size(); k++) s.add(b.steps()[k], b.mean()[k], b.lower()[k], b.upper()[k]);
            data.addSeries(s);
            Color c = style.theme().runColor(groups.indexOf(groupOf(d.group())));
            r.setSeriesPaint(i, c);
            r.setSeriesFillPaint(i, c);
            r.setSeriesStroke(i, new BasicStroke(1.4f * u, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND));
            if (b.size() <= 60) {
                r.setSeriesShapesVisible(i, true);
                double rad = 2.2 * u;
                r.setSeriesShape(i, new Ellipse2D.Double(-rad, -rad, 2 * rad, 2 * rad));
            }
            i++;
        }
        NumberAxis x = ChartStyler.stepAxis(xLabel);
        x.setAutoRangeIncludesZero(false);
        x.setTickLabelsVisible(xTicks);
        ChartStyler.noMargins(x);
        if (xRange != null) x.setRange(xRange[0], xRange[1]);
        NumberAxis y = new NumberAxis(yLabel != null ? yLabel : SeriesNames.label(series));
        y.setAutoRangeIncludesZero(false);
        y.setNumberFormatOverride(ChartStyler.valueFormat());
        XYPlot plot = new XYPlot(data, x, y, r);
        JFreeChart chart = new JFreeChart(title().isEmpty() ? null : title(), ChartStyler.font(style, 1, true), plot, legend);
        ChartStyler.styleChart(chart, style);
        LegendTitle lt = chart.getLegend();
        if (lt != null) lt.setPosition(RectangleEdge.BOTTOM);
        return chart;
    }

    private RunGroup groupOf(String label) {
        for (RunGroup g : groups) if (g.label().equals(label)) return g;
        return groups.get(0);
    }

    @Override
    public void draw(Graphics2D g2, Rectangle2D area) {
        ChartStyler.drawFitted(createChart(), g2, area, style);
    }

    /** Columns {@code group, series, step, mean, lower, upper, n} (n = seeds with a finite value at that step). */
    @Override
    public CsvTable csv() {
        CsvTable t = new CsvTable(List.of("group", "series", "step", "mean", "lower", "upper", "n"));
        for (Drawn d : drawn()) {
            SeedBands.Band b = d.band();
            for (int k = 0; k < b.size(); k++) t.add(d.group(), series, b.steps()[k], b.mean()[k], b.lower()[k], b.upper()[k], b.n()[k]);
        }
        return t;
    }

    @Override
    public Map<String, Object> provenance() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("figure", kind());
        p.put("title", title());
        List<Map<String, Object>> gs = new ArrayList<>();
        for (RunGroup g : groups) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("group", g.label());
            m.put("seeds", g.size());
            m.put("runs", g.members().stream().map(HeatmapFigure::runInfo).toList());
            gs.add(m);
        }
        p.put("groups", gs);
        p.put("series", series);
        p.put("band", "mean ± t_{0.975,n-1} s/sqrt(n) over seeds (docs/charts.md \"Seed groups\")");
        p.put("smoothing", Map.of("type", "ema-debiased per run, before the mean", "weight", smoothing));
        p.put("theme", style.theme().name());
        p.put("size", style.size().name());
        return p;
    }
}
