package dev.gradflow.charts.study;

import dev.gradflow.charts.data.CsvTable;
import dev.gradflow.charts.figure.ChartStyler;
import dev.gradflow.charts.figure.Figure;
import dev.gradflow.charts.style.FigureStyle;
import dev.gradflow.model.study.Stats;
import dev.gradflow.model.study.StudyReport.Correlation;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.category.DefaultCategoryDataset;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Correlation bars: for each group (pooled sparse / dense / all runs, or a configuration group) and target (final test
 * loss, final test accuracy) one panel with a horizontal bar per gradient-flow measure (run means) and coefficient
 * (Kendall tau-b, Spearman rho), on one -1..1 axis. Bars whose two-sided p (unadjusted, as in the report) is 0.05 or
 * more are drawn faint.
 */
public final class CorrelationFigure implements Figure {
    public static final List<String> TARGETS = List.of("test_loss", "test_accuracy");

    private final List<Correlation> rows;
    private final List<String> targets;
    private FigureStyle style = FigureStyle.defaults();
    private String title;

    private CorrelationFigure(List<Correlation> rows, List<String> targets) {
        if (rows.isEmpty()) throw new IllegalArgumentException("no correlations");
        this.rows = List.copyOf(rows);
        this.targets = List.copyOf(targets);
    }

    /** Rows of {@code StudyFigureData.correlations}; {@code targets}: test_loss and/or test_accuracy. */
    public static CorrelationFigure of(List<Correlation> rows, List<String> targets) { return new CorrelationFigure(rows, targets); }

    public CorrelationFigure style(FigureStyle s) { style = s; return this; }

    public CorrelationFigure title(String t) { title = t; return this; }

    @Override public String kind() { return "study-correlations"; }

    @Override
    public String title() {
        if (title != null) return title;
        return "Kendall τ_b and Spearman ρ of each measure (run mean over its evaluation points) with final test "
                + String.join(" and ", targets.stream().map(t -> t.substring(5)).toList()) + "; faint: p ≥ 0.05 (two-sided, unadjusted)";
    }

    @Override public FigureStyle style() { return style; }

    List<String> groups() {
        List<String> out = new ArrayList<>();
        for (Correlation c : rows) if (!out.contains(c.group())) out.add(c.group());
        return out;
    }

    static String measureLabel(String m) {
        return switch (m) {
            case "egf1" -> "EGF₁";
            case "egf2" -> "EGF₂";
            case "egf1_pa" -> "EGF₁/active";
            case "egf2_pa" -> "EGF₂/active";
            case "gf1" -> "‖g‖₁";
            case "gf2" -> "‖g‖₂";
            default -> m;
        };
    }

    static Stats.Test test(Correlation c, String target, boolean kendall) {
        return target.equals("test_loss") ? (kendall ? c.kendallLoss() : c.spearmanLoss())
                : (kendall ? c.kendallAccuracy() : c.spearmanAccuracy());
    }

    /** "type=sgd,batchNorm=false sparse" (a configuration group of an SC-SDC study) as "type=sgd, batchNorm=false (sparse)". */
    static String groupTitle(String group) {
        String g = group.replace(",", ", ").replace(",  ", ", ");
        for (String role : List.of("sparse", "dense")) {
            if (g.endsWith(" " + role) && !g.equals(role + " runs")) return g.substring(0, g.length() - role.length() - 1) + " (" + role + ")";
        }
        return g;
    }

    private JFreeChart chart(String group, String target, boolean valueLabel) {
        float u = ChartStyler.unit(style);
        DefaultCategoryDataset ds = new DefaultCategoryDataset();
        Map<String, Correlation> byMeasure = new LinkedHashMap<>();
        int n = 0;
        for (Correlation c : rows) {
            if (!c.group().equals(group)) continue;
            byMeasure.put(measureLabel(c.measure()), c);
            n = Math.max(n, c.n());
            ds.addValue(test(c, target, true).statistic(), "Kendall τ_b", measureLabel(c.measure()));
            ds.addValue(test(c, target, false).statistic(), "Spearman ρ", measureLabel(c.measure()));
        }
        Color k = style.theme().runColor(0), s = style.theme().runColor(1);
        BarRenderer r = new BarRenderer() {
            @Override
            public Paint getItemPaint(int row, int column) {
                Correlation c = byMeasure.get((String) ds.getColumnKey(column));
                double p = test(c, target, row == 0).p();
                Color base = row == 0 ? k : s;
                return p < 0.05 ? base : new Color(base.getRed(), base.getGreen(), base.getBlue(), 70);
            }
        };
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setDrawBarOutline(false);
        r.setItemMargin(0.05);
        CategoryAxis cat = new CategoryAxis(null);
        cat.setCategoryMargin(0.25);
        cat.setMaximumCategoryLabelWidthRatio(0.45f); // whole labels ("EGF₂/active"), never "EGF₂..."
        cat.setLowerMargin(0.04);
        cat.setUpperMargin(0.04);
        NumberAxis val = new NumberAxis(valueLabel ? "correlation" : null);
        val.setRange(-1.05, 1.05);
        val.setStandardTickUnits(NumberAxis.createStandardTickUnits()); // 0.5 where there is room, else 1
        val.setNumberFormatOverride(ChartStyler.valueFormat());
        CategoryPlot plot = new CategoryPlot(ds, cat, val, r);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setRangeAxisLocation(org.jfree.chart.axis.AxisLocation.BOTTOM_OR_LEFT);
        val.setTickLabelsVisible(valueLabel);
        plot.setBackgroundPaint(style.theme().plotBackground());
        plot.setOutlinePaint(style.theme().axisLine());
        plot.setRangeGridlinePaint(style.theme().grid());
        plot.setRangeZeroBaselineVisible(true);
        plot.setRangeZeroBaselinePaint(style.theme().axisLine());
        plot.setRangeZeroBaselineStroke(new BasicStroke(0.8f * u));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        ChartStyler.styleAxis(cat, style);
        ChartStyler.styleAxis(val, style);
        String t = groupTitle(group) + ": " + target.substring(5) + " (n = " + n + ")";
        JFreeChart chart = new JFreeChart(t, ChartStyler.font(style, 0, true), plot, false);
        ChartStyler.styleChart(chart, style);
        chart.getTitle().setFont(ChartStyler.font(style, 0, true));
        return chart;
    }

    @Override
    public void draw(Graphics2D g2, Rectangle2D area) {
        FigureLayout.begin(g2, area, style);
        double titleH = FigureLayout.title(g2, area, title(), style);
        List<FigureLayout.Item> items = List.of(new FigureLayout.Item(style.theme().runColor(0), "Kendall τ_b", true),
                new FigureLayout.Item(style.theme().runColor(1), "Spearman ρ", true));
        double legendH = FigureLayout.legend(g2, area, items, style);
        Rectangle2D body = new Rectangle2D.Double(area.getX(), area.getY() + titleH, area.getWidth(), area.getHeight() - titleH - legendH);
        List<String> groups = groups();
        // one column per group and one row per target; many groups wrap into blocks of rows (loss row, accuracy row)
        int t = targets.size();
        int cols = FigureLayout.columns(groups.size(), body.getWidth(), body.getHeight() / t, 1.3);
        int blocks = (groups.size() + cols - 1) / cols;
        int rowsN = blocks * t;
        double cw = body.getWidth() / cols, ch = body.getHeight() / rowsN;
        for (int gi = 0; gi < groups.size(); gi++) {
            for (int ti = 0; ti < t; ti++) {
                int row = (gi / cols) * t + ti, col = gi % cols;
                JFreeChart chart = chart(groups.get(gi), targets.get(ti), row == rowsN - 1);
                ChartStyler.drawFitted(chart, g2, new Rectangle2D.Double(body.getX() + col * cw, body.getY() + row * ch, cw, ch), style);
            }
        }
    }

    /** The plotted numbers: {@code group, target, measure, coefficient, n, value, p}. */
    @Override
    public CsvTable csv() {
        CsvTable t = new CsvTable(List.of("group", "target", "measure", "coefficient", "n", "value", "p"));
        for (String target : targets) {
            for (Correlation c : rows) {
                for (boolean kendall : new boolean[]{true, false}) {
                    Stats.Test x = test(c, target, kendall);
                    t.add(c.group(), target, c.measure(), kendall ? "kendall_tau_b" : "spearman_rho", c.n(), x.statistic(), x.p());
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
        p.put("groups", groups());
        p.put("targets", targets);
        p.put("coefficients", List.of("kendall_tau_b", "spearman_rho"));
        p.put("p", "two-sided, exact or permutation for small n, not adjusted (docs/studies.md)");
        p.put("theme", style.theme().name());
        p.put("size", style.size().name());
        return p;
    }
}
