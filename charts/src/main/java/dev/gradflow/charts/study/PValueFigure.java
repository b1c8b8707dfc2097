package dev.gradflow.charts.study;

import dev.gradflow.charts.data.CsvTable;
import dev.gradflow.charts.figure.ChartStyler;
import dev.gradflow.charts.figure.ColorScale;
import dev.gradflow.charts.figure.Figure;
import dev.gradflow.charts.figure.TextFit;
import dev.gradflow.charts.style.FigureStyle;
import dev.gradflow.model.study.StudyReport.PairedCell;
import org.jfree.chart.text.TextUtils;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.TextAnchor;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The SC-SDC p-value table as a heatmap: one row per configuration, one column per dense width; colour = log10 of the
 * one-sided p (raw, or Holm-adjusted with {@code adjusted}), cell text that p; a cell whose Holm-adjusted p is below
 * 0.05 is framed and its text ends in {@code *}. Empty cells: no pair finished.
 */
public final class PValueFigure implements Figure {
    /** The smallest p the colour scale resolves; smaller ones get its end colour. */
    public static final double FLOOR = 1e-4;

    private final List<PairedCell> cells;
    private final boolean wilcoxon;
    private final boolean adjusted;
    private final String measure;
    private final int family;
    private FigureStyle style = FigureStyle.defaults();
    private String title;

    private PValueFigure(List<PairedCell> cells, int family, String measure, boolean wilcoxon, boolean adjusted) {
        if (cells.isEmpty()) throw new IllegalArgumentException("no SC-SDC cells");
        this.cells = List.copyOf(cells);
        this.family = family;
        this.measure = measure;
        this.wilcoxon = wilcoxon;
        this.adjusted = adjusted;
    }

    /**
     * Cells of {@code StudyFigureData.pvalues}; {@code family}: how many cells the Holm adjustment is over (the whole
     * study's table, also when fewer are shown); {@code measure} as the report names it (test_accuracy, test_loss).
     */
    public static PValueFigure of(List<PairedCell> cells, int family, String measure, boolean wilcoxon, boolean adjusted) {
        return new PValueFigure(cells, family, measure, wilcoxon, adjusted);
    }

    public PValueFigure style(FigureStyle s) { style = s; return this; }

    public PValueFigure title(String t) { title = t; return this; }

    @Override public String kind() { return "study-pvalues"; }

    @Override
    public String title() {
        if (title != null) return title;
        return "SC-SDC: one-sided " + (wilcoxon ? "Wilcoxon signed-rank" : "paired t") + " p" + (adjusted ? " (Holm-adjusted)" : "")
                + ", H1 sparse better in " + measure.replace('_', ' ') + "; * and frame: Holm-adjusted p < 0.05 over the "
                + family + " cells";
    }

    @Override public FigureStyle style() { return style; }

    double p(PairedCell c) { return adjusted ? holm(c) : wilcoxon ? c.wilcoxon().p() : c.t().p(); }

    double holm(PairedCell c) { return wilcoxon ? c.wilcoxonHolm() : c.tHolm(); }

    List<String> rows() {
        List<String> out = new ArrayList<>();
        for (PairedCell c : cells) if (!out.contains(c.config())) out.add(c.config());
        return out;
    }

    List<Integer> widths() {
        TreeSet<Integer> w = new TreeSet<>();
        for (PairedCell c : cells) w.add(c.denseWidth() == null ? 0 : c.denseWidth());
        return new ArrayList<>(w);
    }

    PairedCell cell(String config, int width) {
        for (PairedCell c : cells) if (c.config().equals(config) && (c.denseWidth() == null ? 0 : c.denseWidth()) == width) return c;
        return null;
    }

    /** A row's label: the row axis value, then the other axes (as in the report, with a space after each comma). */
    static String rowLabel(PairedCell c) {
        return c.otherAxes().equals("-") ? c.rowValue() : c.rowValue() + ", " + c.otherAxes().replaceAll(",(?=[\\w.|]+=)", ", ");
    }

    /**
     * Every label broken into lines at its ", " separators (greedily, as many parts per line as fit {@code width}) in
     * {@code f}; null when a part is wider than {@code width} or a label needs more lines than a row of height
     * {@code rowHeight} holds.
     */
    static List<List<String>> wrapAll(List<String> labels, Font f, double width, double rowHeight) {
        int room = (int) Math.floor(rowHeight / TextFit.lineHeight(f));
        List<List<String>> out = new ArrayList<>();
        for (String text : labels) {
            List<String> lines = new ArrayList<>();
            String line = null;
            for (String part : text.split("(?<=,) ")) {
                if (TextFit.width(part, f) > width) return null;
                String joined = line == null ? part : line + " " + part;
                if (line != null && TextFit.width(joined, f) > width) {
                    lines.add(line);
                    line = part;
                } else {
                    line = joined;
                }
            }
            lines.add(line);
            if (lines.size() > Math.max(1, room)) return null;
            out.add(lines);
        }
        return out;
    }

    public ColorScale colorScale() {
        return new ColorScale(style.palette(), FLOOR, 1, true, style.theme().missing());
    }

    static String text(double p) {
        if (Double.isNaN(p)) return "–";
        if (p < 1e-3) return String.format(Locale.ROOT, "%.0e", p).replace("e-0", "e-");
        return p < 0.1 ? String.format(Locale.ROOT, "%.3f", p) : String.format(Locale.ROOT, "%.2f", p);
    }

    @Override
    public void draw(Graphics2D g2, Rectangle2D area) {
        FigureLayout.begin(g2, area, style);
        float u = ChartStyler.unit(style);
        double titleH = FigureLayout.title(g2, area, title(), style);
        ColorScale scale = colorScale();
        List<String> rows = rows();
        List<Integer> widths = widths();
        Font label = ChartStyler.font(style, -1, false);
        Font axis = ChartStyler.font(style, 0, false);
        // colour bar column at the right
        double barW = 6 * u + 8 * u + 4 * u + TextFit.width("10⁻⁴", label) + 4 * u + TextFit.lineHeight(axis) + 8 * u;
        Rectangle2D body = new Rectangle2D.Double(area.getX() + 3 * u, area.getY() + titleH, area.getWidth() - barW - 6 * u,
                area.getHeight() - titleH - 3 * u);
        double headH = TextFit.lineHeight(label) * 2 + 4 * u; // "dense width" and the widths
        double rh = (body.getHeight() - headH) / rows.size();
        // row labels: at most 60% of the body; the label type if they fit on one line, else wrapped after a comma onto
        // as many lines as the row holds, else smaller type (down to 6 pt), and only then cut with "..."
        List<String> rowLabels = new ArrayList<>();
        for (String r : rows) rowLabels.add(rowLabel(cellOfRow(r)));
        double maxLabel = body.getWidth() * 0.6;
        Font rowFont = label;
        List<List<String>> wrapped = wrapAll(rowLabels, rowFont, maxLabel, rh);
        while (wrapped == null && rowFont.getSize2D() > 6f) {
            rowFont = rowFont.deriveFont(Math.max(6f, rowFont.getSize2D() - 0.5f));
            wrapped = wrapAll(rowLabels, rowFont, maxLabel, rh);
        }
        double widestLine = 0;
        if (wrapped != null) for (List<String> ls : wrapped) widestLine = Math.max(widestLine, widest(ls, rowFont));
        double labelW = Math.min(maxLabel, wrapped != null ? widestLine : widest(rowLabels, rowFont)) + 4 * u;
        double gx = body.getX() + labelW, gy = body.getY() + headH;
        double gw = body.getMaxX() - gx, gh = body.getMaxY() - gy;
        double cw = gw / widths.size();
        g2.setPaint(style.theme().text());
        g2.setFont(label);
        TextUtils.drawAlignedString("dense width", g2, (float) (gx + gw / 2), (float) body.getY() + u, TextAnchor.TOP_CENTER);
        for (int j = 0; j < widths.size(); j++) {
            TextUtils.drawAlignedString("" + widths.get(j), g2, (float) (gx + (j + 0.5) * cw), (float) (gy - 1.5 * u), TextAnchor.BOTTOM_CENTER);
        }
        // cell text: one size that fits every cell
        Font cellFont = ChartStyler.font(style, -1, false);
        double widestText = 0;
        for (PairedCell c : cells) widestText = Math.max(widestText, TextFit.width(text(p(c)) + "*", cellFont));
        while ((widestText * 1.0 > cw - 3 * u || TextFit.lineHeight(cellFont) > rh - u) && cellFont.getSize2D() > 6f) {
            float s = Math.max(6f, cellFont.getSize2D() - 0.5f);
            widestText *= s / cellFont.getSize2D();
            cellFont = cellFont.deriveFont(s);
        }
        boolean showText = TextFit.lineHeight(cellFont) <= rh + 0.5 && widestText <= cw;
        for (int i = 0; i < rows.size(); i++) {
            double y = gy + i * rh;
            g2.setPaint(style.theme().text());
            if (wrapped == null) {
                FigureLayout.fitted(g2, rowLabels.get(i), rowFont, labelW - 4 * u, (float) (gx - 3 * u), (float) (y + rh / 2), TextAnchor.CENTER_RIGHT);
            } else {
                List<String> lines = wrapped.get(i);
                double lh = TextFit.lineHeight(rowFont), top = y + rh / 2 - lh * lines.size() / 2;
                g2.setFont(rowFont);
                for (int k = 0; k < lines.size(); k++) {
                    TextUtils.drawAlignedString(lines.get(k), g2, (float) (gx - 3 * u), (float) (top + (k + 0.5) * lh), TextAnchor.CENTER_RIGHT);
                }
            }
            for (int j = 0; j < widths.size(); j++) {
                PairedCell c = cell(rows.get(i), widths.get(j));
                Rectangle2D r = new Rectangle2D.Double(gx + j * cw, y, cw, rh);
                double p = c == null ? Double.NaN : p(c);
                Color fill = Double.isNaN(p) ? style.theme().missing() : new Color(scale.argb(Math.max(FLOOR, p)), true);
                g2.setPaint(fill);
                g2.fill(r);
                g2.setPaint(style.theme().background());
                g2.setStroke(new BasicStroke(0.6f * u));
                g2.draw(r);
                boolean significant = c != null && holm(c) < 0.05;
                if (showText) {
                    g2.setFont(cellFont);
                    g2.setPaint(luminance(fill) > 0.5 ? Color.BLACK : Color.WHITE);
                    TextUtils.drawAlignedString(text(p) + (significant ? "*" : ""), g2, (float) r.getCenterX(), (float) r.getCenterY(), TextAnchor.CENTER);
                }
                if (significant) {
                    g2.setPaint(style.theme().text());
                    g2.setStroke(new BasicStroke(1.6f * u));
                    g2.draw(new Rectangle2D.Double(r.getX() + 0.8 * u, r.getY() + 0.8 * u, r.getWidth() - 1.6 * u, r.getHeight() - 1.6 * u));
                }
            }
        }
        PaintScaleLegend bar = ChartStyler.colorBar(scale, "one-sided p" + (adjusted ? ", Holm" : ""), style);
        bar.draw(g2, new Rectangle2D.Double(area.getMaxX() - barW - 3 * u, gy - 4 * u, barW, gh + 4 * u));
    }

    private PairedCell cellOfRow(String config) {
        for (PairedCell c : cells) if (c.config().equals(config)) return c;
        throw new IllegalStateException(config);
    }

    private static double widest(List<String> texts, Font f) {
        return texts.stream().mapToDouble(s -> TextFit.width(s, f)).max().orElse(0);
    }

    static double luminance(Color c) {
        return (0.2126 * c.getRed() + 0.7152 * c.getGreen() + 0.0722 * c.getBlue()) / 255.0;
    }

    /**
     * The plotted numbers: {@code config, dense_width, pairs, diff, ci95_low, ci95_high, statistic, p, p_holm,
     * significant} (significant: Holm-adjusted p &lt; 0.05); {@code test} names the test.
     */
    @Override
    public CsvTable csv() {
        CsvTable t = new CsvTable(List.of("config", "dense_width", "test", "pairs", "diff", "ci95_low", "ci95_high", "statistic", "p", "p_holm", "significant"));
        for (PairedCell c : cells) {
            var test = wilcoxon ? c.wilcoxon() : c.t();
            t.add(c.config(), c.denseWidth(), wilcoxon ? "wilcoxon" : "paired_t", c.pairs(), c.diff().mean(), c.diff().ciLow(),
                    c.diff().ciHigh(), test.statistic(), test.p(), holm(c), holm(c) < 0.05);
        }
        return t;
    }

    @Override
    public Map<String, Object> provenance() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("figure", kind());
        p.put("title", title());
        p.put("measure", measure);
        p.put("test", wilcoxon ? "wilcoxon signed-rank, one-sided" : "paired t, one-sided");
        p.put("colour", adjusted ? "log10 Holm-adjusted p" : "log10 p");
        p.put("holm", "Holm-Bonferroni over " + family + " cells");
        p.put("palette", style.palette().name());
        p.put("colorScale", Map.of("type", "log10", "lower", FLOOR, "upper", 1.0));
        p.put("theme", style.theme().name());
        p.put("size", style.size().name());
        return p;
    }
}
