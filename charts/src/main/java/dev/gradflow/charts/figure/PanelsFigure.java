package dev.gradflow.charts.figure;

import dev.gradflow.charts.data.Aggregation;
import dev.gradflow.charts.data.BucketGrid;
import dev.gradflow.charts.data.CsvTable;
import dev.gradflow.charts.data.Measure;
import dev.gradflow.charts.data.RunGroup;
import dev.gradflow.charts.data.RunSeries;
import dev.gradflow.charts.data.SeedBands;
import dev.gradflow.charts.data.SeriesNames;
import dev.gradflow.charts.data.Smoothing;
import dev.gradflow.charts.style.FigureStyle;
import org.jfree.chart.text.TextUtils;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.TextAnchor;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * N runs, one row each: the run's heatmap beside its loss curve. All heatmaps share one colour scale (min/max over
 * all runs' raw values) and one step-axis range (the union of the runs' steps), shown by one colour bar at the right.
 */
public class PanelsFigure implements Figure {
    private final List<RunSeries> runs;
    private final Measure measure;
    private FigureStyle style = FigureStyle.defaults();
    private Aggregation aggregation = Aggregation.MEAN;
    private boolean logScale = true;
    private String lossSeries = SeriesNames.LOSS;
    private double smoothing = Smoothing.DEFAULT_WEIGHT;
    private String title;
    private double heatmapShare = 0.62;
    private List<HeatmapFigure> lastHeatmaps = List.of();
    private List<CurvesFigure> lastCurves = List.of();
    private ColorScale lastScale;
    private final List<RunGroup> groups;
    private List<BandCurvesFigure> lastBands = List.of();

    private PanelsFigure(List<RunSeries> runs, Measure measure, List<RunGroup> groups) {
        if (runs.isEmpty()) throw new IllegalArgumentException("no runs");
        this.runs = List.copyOf(runs);
        this.measure = measure;
        this.groups = groups == null ? null : List.copyOf(groups);
    }

    public static PanelsFigure of(List<RunSeries> runs, Measure measure) { return new PanelsFigure(runs, measure, null); }

    /**
     * One row per seed group: the heatmap of the mean per cell over its seeds ({@link RunGroup#meanSeries()}) beside
     * the loss as mean with a 95 % band ({@link BandCurvesFigure}); labels carry the number of seeds.
     */
    public static PanelsFigure ofGroups(List<RunGroup> groups, Measure measure) {
        return new PanelsFigure(groups.stream().map(RunGroup::meanSeries).toList(), measure, groups);
    }

    /** The seed groups of a figure made by {@link #ofGroups}, else null. */
    public List<RunGroup> groups() { return groups; }

    public PanelsFigure style(FigureStyle s) { style = s; return this; }

    public PanelsFigure aggregation(Aggregation a) { aggregation = a; return this; }

    public PanelsFigure logScale(boolean b) { logScale = b; return this; }

    /** Series beside each heatmap (default {@code loss}, the minibatch training loss). */
    public PanelsFigure lossSeries(String name) { lossSeries = name; return this; }

    /** EMA weight of the loss curves (default {@link Smoothing#DEFAULT_WEIGHT}, as on screen; raw line drawn faintly underneath). */
    public PanelsFigure smoothing(double w) { smoothing = w; return this; }

    public PanelsFigure title(String t) { title = t; return this; }

    @Override public String kind() { return "panels"; }

    @Override public String title() {
        if (title != null) return title;
        if (groups != null) return measure.shortLabel() + " per layer, mean of " + runs.size() + (runs.size() == 1 ? " group" : " groups") + " of seeds";
        return measure.shortLabel() + " per layer, " + runs.size() + " runs";
    }

    @Override public FigureStyle style() { return style; }

    public long firstStep() { return runs.stream().mapToLong(RunSeries::firstStep).min().orElse(0); }

    public long lastStep() { return runs.stream().mapToLong(RunSeries::lastStep).max().orElse(0); }

    /** The one colour scale of all panels: min/max over every run's raw values of the measure. */
    public ColorScale sharedScale() {
        double[][][] all = runs.stream().map(r -> r.layerValues(measure)).toArray(double[][][]::new);
        return ColorScale.fromData(style.palette(), logScale, style.theme().missing(), all);
    }

    /** Heatmaps and curves of the last draw. */
    public List<HeatmapFigure> heatmaps() { return lastHeatmaps; }

    public List<CurvesFigure> curves() { return lastCurves; }

    /** The colour bar the last draw showed (built from {@link #sharedScale()}). */
    public ColorScale colorBarScale() { return lastScale; }

    /** Width of the colour bar column: strip, tick marks, the widest tick label, the rotated label and margins. */
    private double colorBarWidth(ColorScale scale) {
        float u = ChartStyler.unit(style);
        Font tick = ChartStyler.font(style, -1, false);
        NumberFormat f = ChartStyler.valueFormat();
        double widest = 0;
        for (double v : ColorBarAxis.ticks(scale.lower(), scale.upper(), scale.isLog(), 12)) widest = Math.max(widest, TextFit.width(f.format(v), tick));
        return 6 * u + 2 * u + 8 * u + 2 * u + 1.5 * u + widest + 2 * u + TextFit.lineHeight(ChartStyler.font(style, 0, false)) + 3 * u;
    }

    @Override
    public void draw(Graphics2D g2, Rectangle2D area) {
        ColorScale scale = sharedScale();
        lastScale = scale;
        long first = firstStep(), last = lastStep();
        float u = ChartStyler.unit(style);
        g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        // JFreeChart's axes save and restore this hint; PDFGraphics2D starts without it and rejects null
        g2.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g2.setPaint(style.theme().background());
        g2.fill(area);

        double titleH = 0;
        String t = title();
        if (t != null && !t.isEmpty()) {
            Font tf = ChartStyler.font(style, 1, true);
            double w = area.getWidth() - 6 * u;
            float min = Math.max(6f, tf.getSize2D() - 1.5f);
            while (TextFit.width(t, tf) > w && tf.getSize2D() - 0.5f >= min) tf = tf.deriveFont(tf.getSize2D() - 0.5f);
            if (TextFit.width(t, tf) > w) tf = TextFit.fitWords(t, ChartStyler.font(style, 1, true), w, min);
            List<String> lines = TextFit.wrap(t, tf, w);
            double lineH = TextFit.lineHeight(tf);
            g2.setFont(tf);
            g2.setPaint(style.theme().text());
            double y = area.getY() + 3 * u;
            for (String line : lines) {
                TextUtils.drawAlignedString(line, g2, (float) area.getCenterX(), (float) y, TextAnchor.TOP_CENTER);
                y += lineH;
            }
            titleH = 3 * u + lines.size() * lineH + 2 * u;
        }
        double barW = colorBarWidth(scale);
        Rectangle2D body = new Rectangle2D.Double(area.getX(), area.getY() + titleH, area.getWidth() - barW, area.getHeight() - titleH);

        PaintScaleLegend bar = ChartStyler.colorBar(scale, measure.shortLabel() + (scale.isLog() ? ", log scale" : ""), style);
        Rectangle2D barArea = new Rectangle2D.Double(body.getMaxX(), body.getY(), barW, body.getHeight());
        ChartStyler.fitAxisLabel(bar.getAxis(), barArea.getHeight() - 12 * u, style);
        bar.draw(g2, barArea);

        List<HeatmapFigure> hs = new ArrayList<>();
        List<CurvesFigure> cs = new ArrayList<>();
        List<BandCurvesFigure> bs = new ArrayList<>();
        int n = runs.size();
        // the lowest row also carries the step axis' tick labels and title: give it that much more height
        double axisH = TextFit.lineHeight(ChartStyler.font(style, -1, false)) + TextFit.lineHeight(ChartStyler.font(style, 0, false)) + 6 * u;
        double rowH = (body.getHeight() - axisH) / n;
        double y = body.getY();
        for (int i = 0; i < n; i++) {
            RunSeries r = runs.get(i);
            boolean bottom = i == n - 1;
            double h0 = bottom ? rowH + axisH : rowH;
            HeatmapFigure h = HeatmapFigure.of(r, measure, aggregation, first, last)
                    .style(style).colorScale(scale).showColorBar(false).title(r.label())
                    .axisLabels(bottom ? "training step" : null, "layer").showStepTicks(bottom);
            double hw = body.getWidth() * heatmapShare;
            h.draw(g2, new Rectangle2D.Double(body.getX(), y, hw, h0));
            Rectangle2D right = new Rectangle2D.Double(body.getX() + hw, y, body.getWidth() - hw, h0);
            if (groups != null) {
                BandCurvesFigure c = BandCurvesFigure.of(List.of(groups.get(i)), lossSeries).style(style).smoothing(smoothing)
                        .stepRange(first, last + 1).title(SeriesNames.label(lossSeries) + ", 95 % band").showLegend(false)
                        .axisLabels(bottom ? "training step" : null, null).showStepTicks(bottom);
                c.draw(g2, right);
                bs.add(c);
            } else {
                CurvesFigure c = CurvesFigure.of(List.of(r), lossSeries).style(style).smoothing(smoothing)
                        .stepRange(first, last + 1).title(SeriesNames.label(lossSeries)).showLegend(false)
                        .axisLabels(bottom ? "training step" : null, null).showStepTicks(bottom);
                c.draw(g2, right);
                cs.add(c);
            }
            hs.add(h);
            y += h0;
        }
        lastHeatmaps = List.copyOf(hs);
        lastCurves = List.copyOf(cs);
        lastBands = List.copyOf(bs);
    }

    /**
     * Long format, both parts of every panel: {@code run, part, name, step_from, step_to, n_steps, value, smoothed}.
     * part = {@code heatmap} (name = layer, one row per bucket, value = plotted bucket value) or {@code curve}
     * (name = series, one row per logged point, step_from = step_to = step, value = raw, smoothed = EMA).
     */
    @Override
    public CsvTable csv() {
        if (lastHeatmaps.isEmpty()) throw new IllegalStateException("draw the figure before asking for its data");
        if (groups != null) return groupCsv();
        CsvTable t = new CsvTable(List.of("run", "part", "name", "step_from", "step_to", "n_steps", "value", "smoothed"));
        for (int i = 0; i < runs.size(); i++) {
            String run = runs.get(i).label();
            HeatmapSource.Plotted p = lastHeatmaps.get(i).lastPlotted();
            BucketGrid g = p.grid();
            List<String> names = runs.get(i).layerNames();
            for (int l = 0; l < names.size(); l++) {
                for (int b = 0; b < g.count(); b++) {
                    t.add(run, "heatmap", names.get(l), g.stepFrom(b), g.stepTo(b), p.stepsPerBucket()[b], p.values()[l][b], null);
                }
            }
            for (CurvesFigure.Drawn d : lastCurves.get(i).drawn()) {
                for (int k = 0; k < d.steps().length; k++) {
                    t.add(run, "curve", d.series(), d.steps()[k], d.steps()[k], 1, d.raw()[k], d.smoothed()[k]);
                }
            }
        }
        return t;
    }

    /**
     * Seed groups: {@code group, part, name, step_from, step_to, n, mean, lower, upper}. part = {@code heatmap} (name =
     * layer, one row per bucket of the mean-per-cell heatmap, n = seeds, lower/upper empty) or {@code curve} (name =
     * series, one row per step all seeds logged, n = seeds with a finite value, lower/upper = 95 % t-interval).
     */
    private CsvTable groupCsv() {
        CsvTable t = new CsvTable(List.of("group", "part", "name", "step_from", "step_to", "n", "mean", "lower", "upper"));
        for (int i = 0; i < groups.size(); i++) {
            RunGroup grp = groups.get(i);
            HeatmapSource.Plotted p = lastHeatmaps.get(i).lastPlotted();
            BucketGrid g = p.grid();
            List<String> names = runs.get(i).layerNames();
            for (int l = 0; l < names.size(); l++) {
                for (int b = 0; b < g.count(); b++) {
                    t.add(grp.label(), "heatmap", names.get(l), g.stepFrom(b), g.stepTo(b), grp.size(), p.values()[l][b], null, null);
                }
            }
            for (BandCurvesFigure.Drawn d : lastBands.get(i).drawn()) {
                SeedBands.Band band = d.band();
                for (int k = 0; k < band.size(); k++) {
                    t.add(grp.label(), "curve", band.series(), band.steps()[k], band.steps()[k], band.n()[k],
                            band.mean()[k], band.lower()[k], band.upper()[k]);
                }
            }
        }
        return t;
    }

    @Override
    public Map<String, Object> provenance() {
        return Provenance.of(this, p -> {
            p.put("runs", runs.stream().map(HeatmapFigure::runInfo).toList());
            if (groups != null) {
                p.put("groups", groups.stream().map(g -> Map.of("group", g.label(), "seeds", g.size(),
                        "runs", g.members().stream().map(RunSeries::label).toList())).toList());
                p.put("heatmap", "mean per cell over seeds");
                p.put("band", "mean ± t_{0.975,n-1} s/sqrt(n) over seeds (docs/charts.md \"Seed groups\")");
            }
            p.put("measure", measure.id());
            p.put("aggregation", aggregation.id());
            ColorScale s = lastScale != null ? lastScale : sharedScale();
            p.put("palette", s.palette().name());
            p.put("colorScale", Map.of("type", s.isLog() ? "log10" : "linear", "lower", s.lower(), "upper", s.upper(), "shared", true));
            p.put("steps", List.of(firstStep(), lastStep()));
            p.put("lossSeries", lossSeries);
            p.put("smoothing", smoothing);
        });
    }
}
