package dev.gradflow.charts.study;

import dev.gradflow.charts.data.CsvTable;
import dev.gradflow.charts.figure.ChartStyler;
import dev.gradflow.charts.figure.Figure;
import dev.gradflow.charts.figure.NiceLogAxis;
import dev.gradflow.charts.figure.TextFit;
import dev.gradflow.charts.style.FigureStyle;
import dev.gradflow.model.study.StudyFigureData.Bands;
import dev.gradflow.model.study.StudyFigureData.Panel;
import dev.gradflow.model.study.StudyFigureData.Point;
import dev.gradflow.model.study.StudyFigureData.Series;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.text.TextUtils;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Study figure of lines with 95% bands ({@link Bands}: EGF over training, SC-SDC against width, a value against a
 * study axis): a grid of panels on one y range (when the panels show the same quantity), one colour per series name
 * over all panels, one legend below with each series' n. SC-SDC panels print the Holm-adjusted p of each width above
 * it ({@code *} when below 0.05).
 */
public final class BandsFigure implements Figure {
    private final Bands data;
    private FigureStyle style = FigureStyle.defaults();

    private BandsFigure(Bands data) {
        if (data.panels().isEmpty()) throw new IllegalArgumentException("nothing to draw");
        this.data = data;
    }

    public static BandsFigure of(Bands data) { return new BandsFigure(data); }

    public BandsFigure style(FigureStyle s) { style = s; return this; }

    public Bands data() { return data; }

    @Override public String kind() { return "study-" + data.kind(); }

    @Override public String title() { return data.title(); }

    @Override public FigureStyle style() { return style; }

    /** Series names over all panels, in order of first appearance: their colour index. */
    List<String> names() {
        List<String> out = new ArrayList<>();
        for (Panel p : data.panels()) for (Series s : p.series()) if (!out.contains(s.name())) out.add(s.name());
        return out;
    }

    /**
     * The legend's text of a series: its name without the {@code common} parts ({@link #commonParts}) and n over every
     * panel it appears in.
     */
    String legendText(String name, List<String> common) {
        java.util.TreeSet<Integer> ns = new java.util.TreeSet<>();
        for (Panel p : data.panels()) for (Series s : p.series()) if (s.name().equals(name)) for (Point pt : s.points()) if (pt.n() > 0) ns.add(pt.n());
        String n = ns.isEmpty() ? "n = 0" : "n = " + (ns.size() == 1 ? "" + ns.first() : ns.first() + "–" + ns.last());
        String shown = String.join(",", java.util.Arrays.stream(name.split(",")).filter(part -> !common.contains(part)).toList());
        return shown + " (" + n + ")";
    }

    /**
     * The {@code key=value} parts every series name shares (e.g. {@code type=adam} when a figure shows one optimizer's
     * configurations): the legend states them once instead of on every line. None when there is one series, or a
     * name is not a list of {@code key=value} parts, or dropping them would leave a name empty.
     */
    List<String> commonParts() {
        List<String> names = names();
        if (names.size() < 2) return List.of();
        List<String> common = new ArrayList<>(List.of(names.get(0).split(",")));
        for (String name : names) {
            List<String> parts = List.of(name.split(","));
            if (parts.stream().anyMatch(part -> part.indexOf('=') <= 0)) return List.of();
            common.retainAll(parts);
        }
        for (String name : names) if (common.containsAll(List.of(name.split(",")))) return List.of();
        return common;
    }

    private static boolean hasTests(Panel p) {
        return p.series().stream().flatMap(s -> s.points().stream()).anyMatch(pt -> !Double.isNaN(pt.pHolm()));
    }

    /** y range {lo, hi} over the panels' means and bands (positive values only on a log axis). */
    double[] yRange(List<Panel> panels) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Panel p : panels) {
            for (Series s : p.series()) {
                for (Point pt : s.points()) {
                    for (double v : new double[]{pt.mean(), pt.ciLow(), pt.ciHigh()}) {
                        if (!Double.isFinite(v) || (data.logY() && !(v > 0))) continue;
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
        }
        if (!(lo <= hi)) return new double[]{data.logY() ? 0.1 : 0, 1};
        if (data.logY()) {
            if (hi / lo < 1.5) { lo /= 1.25; hi *= 1.25; }
            return new double[]{lo / 1.1, hi * 1.1};
        }
        double span = hi - lo;
        if (span == 0) span = Math.max(1e-9, Math.abs(hi) * 0.1);
        return new double[]{lo - 0.05 * span, hi + 0.05 * span};
    }

    /** An axis with ticks exactly at the given values and labels (discrete x: widths, regularization strengths). */
    static final class FixedTicks extends NumberAxis {
        private final Map<Double, String> ticks;
        private final boolean log;

        FixedTicks(String label, Map<Double, String> ticks, boolean log) {
            super(label);
            this.ticks = ticks;
            this.log = log;
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        public List refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
            List out = new ArrayList();
            for (var e : ticks.entrySet()) {
                double v = log ? Math.log10(e.getKey()) : e.getKey();
                if (v >= getLowerBound() - 1e-9 && v <= getUpperBound() + 1e-9) {
                    out.add(new NumberTick(TickType.MAJOR, v, tickText(e.getValue()), TextAnchor.TOP_CENTER, TextAnchor.CENTER, 0.0));
                }
            }
            return out;
        }
    }

    /** A numeric tick label in the figures' notation (5×10⁻⁴, −0.5); other labels as given. */
    static String tickText(String label) {
        try {
            double v = Double.parseDouble(label);
            return v == 0 ? "0" : ChartStyler.valueFormat().format(v);
        } catch (NumberFormatException e) {
            return label;
        }
    }

    private double xOf(double x) { return data.logX() ? Math.log10(x) : x; }

    private JFreeChart chart(Panel p, List<String> names, double[] yr, boolean yLabel, boolean xLabel, double cellWidth) {
        float u = ChartStyler.unit(style);
        YIntervalSeriesCollection bands = new YIntervalSeriesCollection();
        DeviationRenderer r = new DeviationRenderer(true, true);
        r.setAlpha(0.2f);
        int i = 0;
        for (Series s : p.series()) {
            YIntervalSeries ys = new YIntervalSeries(s.name());
            for (Point pt : s.points()) {
                if (!Double.isFinite(pt.mean()) || (data.logY() && !(pt.mean() > 0))) continue;
                double lo = Double.isFinite(pt.ciLow()) ? pt.ciLow() : pt.mean(), hi = Double.isFinite(pt.ciHigh()) ? pt.ciHigh() : pt.mean();
                if (data.logY()) lo = Math.max(lo, yr[0]); // a band reaching 0 or below is cut at the axis (the CSV keeps it)
                ys.add(xOf(pt.x()), pt.mean(), lo, hi);
            }
            bands.addSeries(ys);
            Color c = style.theme().runColor(names.indexOf(s.name()));
            r.setSeriesPaint(i, c);
            r.setSeriesFillPaint(i, c);
            r.setSeriesStroke(i, FigureLayout.stroke(1.4f * u, FigureLayout.dash(names.indexOf(s.name()), style.theme().runColors().size()), u));
            double rad = 2 * u;
            r.setSeriesShape(i, new Ellipse2D.Double(-rad, -rad, 2 * rad, 2 * rad));
            r.setSeriesShapesVisible(i, s.points().size() <= 30);
            i++;
        }
        String xl = xLabel ? data.xLabel() : null;
        ValueAxis x;
        if (!data.xTicks().isEmpty()) {
            FixedTicks fx = new FixedTicks(xl, data.xTicks(), data.logX());
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (double v : data.xTicks().keySet()) { lo = Math.min(lo, xOf(v)); hi = Math.max(hi, xOf(v)); }
            double pad = hi > lo ? (hi - lo) * 0.08 : 1;
            fx.setRange(lo - pad, hi + pad);
            x = fx;
        } else {
            NumberAxis na = ChartStyler.stepAxis(xl);
            na.setAutoRangeIncludesZero(false);
            na.setLowerMargin(0.02);
            na.setUpperMargin(0.02);
            x = na;
        }
        String yl = data.sharedY() ? (yLabel ? data.yLabel() : null) : p.title().replace(",", ", ").replace(",  ", ", ");
        ValueAxis y;
        boolean tests = hasTests(p);
        if (data.logY()) {
            NiceLogAxis la = new NiceLogAxis(yl, ChartStyler.valueFormat());
            la.setRange(yr[0], yr[1]);
            y = la;
        } else {
            NumberAxis na = new NumberAxis(yl);
            na.setAutoRangeIncludesZero(false);
            na.setNumberFormatOverride(ChartStyler.valueFormat());
            double top = tests ? yr[1] + (yr[1] - yr[0]) * 0.22 : yr[1];
            na.setRange(yr[0], top);
            y = na;
        }
        XYPlot plot = new XYPlot(bands, x, y, r);
        // a space after each comma lets a long configuration label wrap between its axes
        String title = data.sharedY() || data.panels().size() == 1 ? p.title().replace(",", ", ").replace(",  ", ", ") : null;
        JFreeChart chart = new JFreeChart(title, ChartStyler.font(style, 0, true), plot, false);
        ChartStyler.styleChart(chart, style);
        if (chart.getTitle() != null) chart.getTitle().setFont(panelTitleFont(chart.getTitle().getText(), cellWidth));
        return chart;
    }

    @Override
    public void draw(Graphics2D g2, Rectangle2D area) {
        FigureLayout.begin(g2, area, style);
        float u = ChartStyler.unit(style);
        double titleH = FigureLayout.title(g2, area, title(), style);
        List<String> names = names();
        List<String> common = commonParts();
        List<FigureLayout.Item> items = new ArrayList<>();
        if (!common.isEmpty()) items.add(new FigureLayout.Item(style.theme().background(), "all: " + String.join(",", common), true));
        for (int i = 0; i < names.size(); i++) {
            items.add(new FigureLayout.Item(style.theme().runColor(i), legendText(names.get(i), common), false,
                    FigureLayout.dash(i, style.theme().runColors().size())));
        }
        if (!data.testLabel().isEmpty()) items.add(new FigureLayout.Item(style.theme().background(), "p above each width: " + data.testLabel() + "; * p < 0.05", true));
        double legendH = FigureLayout.legend(g2, area, items, style);
        Rectangle2D body = new Rectangle2D.Double(area.getX(), area.getY() + titleH, area.getWidth(), area.getHeight() - titleH - legendH);
        List<Panel> panels = data.panels();
        int n = panels.size();
        int cols = FigureLayout.columns(n, body.getWidth(), body.getHeight(), 1.35);
        int rows = (n + cols - 1) / cols;
        double cw = body.getWidth() / cols, ch = body.getHeight() / rows;
        double[] shared = yRange(panels);
        for (int k = 0; k < n; k++) {
            int row = k / cols, col = k % cols;
            boolean bottom = row == rows - 1 || k + cols >= n;
            double[] yr = data.sharedY() ? shared : yRange(List.of(panels.get(k)));
            JFreeChart chart = chart(panels.get(k), names, yr, col == 0, bottom, cw);
            Rectangle2D cell = new Rectangle2D.Double(body.getX() + col * cw, body.getY() + row * ch, cw, ch);
            ChartRenderingInfo info = ChartStyler.drawFitted(chart, g2, cell, style);
            if (hasTests(panels.get(k))) drawTests(g2, panels.get(k), (XYPlot) chart.getPlot(), info.getPlotInfo().getDataArea(), u);
        }
    }

    /**
     * A panel title's font: the axis-label size in bold, shrunk (not below 6 pt) until the title fits the panel with a
     * margin; titles that still do not fit are wrapped between words when drawn.
     */
    private Font panelTitleFont(String title, double cellWidth) {
        float u = ChartStyler.unit(style);
        double room = (cellWidth - 12 * u) * 0.94;
        Font f = ChartStyler.font(style, 0, true);
        while (TextFit.width(title, f) > room && f.getSize2D() > 6f) f = f.deriveFont(Math.max(6f, f.getSize2D() - 0.5f));
        return f;
    }

    /** The p of each width, centred above it at the top of the data area; smaller type or two rows when crowded. */
    private void drawTests(Graphics2D g2, Panel p, XYPlot plot, Rectangle2D dataArea, float u) {
        Map<Double, Point> byX = new LinkedHashMap<>();
        for (Series s : p.series()) for (Point pt : s.points()) if (!Double.isNaN(pt.pHolm())) byX.putIfAbsent(pt.x(), pt);
        List<double[]> pos = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (var e : byX.entrySet()) {
            pos.add(new double[]{plot.getDomainAxis().valueToJava2D(xOf(e.getKey()), dataArea, RectangleEdge.BOTTOM)});
            texts.add(pText(e.getValue().pHolm()));
        }
        Font f = ChartStyler.font(style, -1, false);
        double gap = Double.POSITIVE_INFINITY;
        for (int i = 1; i < pos.size(); i++) gap = Math.min(gap, Math.abs(pos.get(i)[0] - pos.get(i - 1)[0]));
        double widest = texts.stream().mapToDouble(t -> TextFit.width(t, ChartStyler.font(style, -1, false))).max().orElse(0);
        while (widest * (f.getSize2D() / ChartStyler.font(style, -1, false).getSize2D()) + 2 * u > gap && f.getSize2D() > 6f) {
            f = f.deriveFont(Math.max(6f, f.getSize2D() - 0.5f));
        }
        double w = widest * (f.getSize2D() / ChartStyler.font(style, -1, false).getSize2D());
        boolean stagger = w + 2 * u > gap;
        g2.setFont(f);
        g2.setPaint(style.theme().text());
        double lh = TextFit.lineHeight(f);
        for (int i = 0; i < pos.size(); i++) {
            double x = Math.max(dataArea.getMinX() + w / 2 + u, Math.min(dataArea.getMaxX() - w / 2 - u, pos.get(i)[0]));
            double y = dataArea.getMinY() + 1.5 * u + (stagger && i % 2 == 1 ? lh : 0);
            TextUtils.drawAlignedString(texts.get(i), g2, (float) x, (float) y, TextAnchor.TOP_CENTER);
        }
    }

    static String pText(double p) {
        String v = p < 1e-3 ? String.format(Locale.ROOT, "%.0e", p).replace("e-0", "e-") : p < 0.1 ? String.format(Locale.ROOT, "%.3f", p)
                : String.format(Locale.ROOT, "%.2f", p);
        return "p=" + v + (p < 0.05 ? "*" : "");
    }

    /**
     * The plotted numbers: {@code panel, series, x, x_label, n, mean, sd, ci95_low, ci95_high, pairs, p, p_holm};
     * p columns are filled where the figure prints a test (SC-SDC: every row of that configuration and width).
     */
    @Override
    public CsvTable csv() {
        CsvTable t = new CsvTable(List.of("panel", "series", "x", "x_label", "n", "mean", "sd", "ci95_low", "ci95_high", "pairs", "p", "p_holm"));
        for (Panel p : data.panels()) {
            for (Series s : p.series()) {
                for (Point pt : s.points()) {
                    String xl = data.xTicks().getOrDefault(pt.x(), "");
                    boolean test = !Double.isNaN(pt.p());
                    t.add(p.title(), s.name(), pt.x(), xl, pt.n(), pt.mean(), pt.sd(), pt.ciLow(), pt.ciHigh(),
                            test ? pt.pairs() : null, test ? pt.p() : null, test ? pt.pHolm() : null);
                }
            }
        }
        return t;
    }

    @Override
    public Map<String, Object> provenance() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("figure", kind());
        p.put("title", title());
        p.put("panels", data.panels().stream().map(Panel::title).toList());
        p.put("series", names());
        p.put("band", "95% CI of the mean over seeds, Student t: mean ± t(0.975, n-1) s/sqrt(n)");
        if (!data.testLabel().isEmpty()) p.put("test", data.testLabel());
        p.put("x", data.xLabel());
        p.put("y", data.yLabel());
        p.put("logX", data.logX());
        p.put("logY", data.logY());
        p.put("theme", style.theme().name());
        p.put("size", style.size().name());
        return p;
    }
}
