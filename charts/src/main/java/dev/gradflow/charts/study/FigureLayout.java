package dev.gradflow.charts.study;

import dev.gradflow.charts.figure.ChartStyler;
import dev.gradflow.charts.figure.TextFit;
import dev.gradflow.charts.style.FigureStyle;
import org.jfree.chart.text.TextUtils;
import org.jfree.chart.ui.TextAnchor;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

/** Shared layout of the study figures: background, a wrapped title, a grid of panels and a legend below them. */
final class FigureLayout {
    private FigureLayout() {
    }

    /** A legend entry: a colour swatch (a line, or a filled box) and its text. */
    record Item(Color color, String text, boolean box, float[] dash) {
        Item(Color color, String text, boolean box) { this(color, text, box, null); }
    }

    /** Dash pattern (in units of the style) of series {@code i} when there are more series than run colours: solid first. */
    static float[] dash(int i, int colours) {
        float[][] d = {null, {6, 3}, {1.5f, 2.5f}, {6, 2.5f, 1.5f, 2.5f}};
        return d[(i / Math.max(1, colours)) % d.length];
    }

    static BasicStroke stroke(float width, float[] dash, float u) {
        if (dash == null) return new BasicStroke(width);
        float[] d = dash.clone();
        for (int k = 0; k < d.length; k++) d[k] *= u;
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, d, 0f);
    }

    static void begin(Graphics2D g2, Rectangle2D area, FigureStyle style) {
        g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        // JFreeChart's axes save and restore this hint; PDF graphics start without it and reject null
        g2.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g2.setPaint(style.theme().background());
        g2.fill(area);
    }

    /** Draws the title wrapped between words at the top of {@code area}; returns the height it took. */
    static double title(Graphics2D g2, Rectangle2D area, String t, FigureStyle style) {
        if (t == null || t.isEmpty()) return 0;
        float u = ChartStyler.unit(style);
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
        return 3 * u + lines.size() * lineH + 2 * u;
    }

    private static final double SWATCH = 14;

    /** The legend's lines for a width: items flow left to right, wrapping between items. */
    private static List<List<Item>> legendLines(List<Item> items, Font f, double width, float u) {
        List<List<Item>> lines = new ArrayList<>();
        List<Item> cur = new ArrayList<>();
        double x = 0;
        for (Item it : items) {
            double w = SWATCH * u + 3 * u + TextFit.width(it.text(), f) + 9 * u;
            if (!cur.isEmpty() && x + w > width) {
                lines.add(cur);
                cur = new ArrayList<>();
                x = 0;
            }
            cur.add(it);
            x += w;
        }
        if (!cur.isEmpty()) lines.add(cur);
        return lines;
    }

    /** The largest share of a figure's height the legend may take before its font shrinks (down to 6 pt). */
    static final double LEGEND_SHARE = 0.4;

    /**
     * The legend's font: the style's small font, shrunk in half points (not below 6 pt) until every item fits on a line
     * of {@code width} and the whole legend into {@code maxHeight}.
     */
    private static Font legendFont(List<Item> items, FigureStyle style, double width, double maxHeight) {
        float u = ChartStyler.unit(style);
        Font f = ChartStyler.font(style, -1, false);
        double room = width - SWATCH * u - 12 * u;
        for (Item it : items) {
            while (TextFit.width(it.text(), f) > room && f.getSize2D() > 6f) f = f.deriveFont(Math.max(6f, f.getSize2D() - 0.5f));
        }
        while (height(items, f, width, u) > maxHeight && f.getSize2D() > 6f) f = f.deriveFont(Math.max(6f, f.getSize2D() - 0.5f));
        return f;
    }

    private static double height(List<Item> items, Font f, double width, float u) {
        return legendLines(items, f, width - 6 * u, u).size() * (TextFit.lineHeight(f) + 1.5 * u) + 4 * u;
    }

    /** Draws the legend at the bottom of {@code area}; returns its height. Items too long for a line are cut with "…". */
    static double legend(Graphics2D g2, Rectangle2D area, List<Item> items, FigureStyle style) {
        if (items.isEmpty()) return 0;
        float u = ChartStyler.unit(style);
        Font f = legendFont(items, style, area.getWidth(), LEGEND_SHARE * area.getHeight());
        double width = area.getWidth() - 6 * u;
        List<List<Item>> lines = legendLines(items, f, width, u);
        double lineH = TextFit.lineHeight(f) + 1.5 * u;
        double h = lines.size() * lineH + 4 * u;
        double y = area.getMaxY() - h + 2 * u;
        g2.setFont(f);
        for (List<Item> line : lines) {
            double total = 0;
            for (Item it : line) total += SWATCH * u + 3 * u + TextFit.width(it.text(), f) + 9 * u;
            total -= 9 * u;
            double x = area.getCenterX() - Math.min(total, width) / 2;
            double mid = y + lineH / 2;
            for (Item it : line) {
                g2.setPaint(it.color());
                if (it.box()) {
                    g2.fill(new Rectangle2D.Double(x + 2 * u, mid - 4 * u, SWATCH * u - 4 * u, 8 * u));
                } else {
                    g2.setStroke(stroke(1.6f * u, it.dash(), u));
                    g2.draw(new Line2D.Double(x, mid, x + SWATCH * u, mid));
                }
                x += SWATCH * u + 3 * u;
                g2.setPaint(style.theme().text());
                String text = it.text();
                double room = area.getMaxX() - 3 * u - x;
                if (TextFit.width(text, f) > room) text = cut(text, f, room);
                TextUtils.drawAlignedString(text, g2, (float) x, (float) mid, TextAnchor.CENTER_LEFT);
                x += TextFit.width(text, f) + 9 * u;
            }
            y += lineH;
        }
        return h;
    }

    static String cut(String text, Font f, double room) {
        String t = text;
        while (t.length() > 1 && TextFit.width(t + "…", f) > room) t = t.substring(0, t.length() - 1);
        return t + "…";
    }

    /** Columns of a grid of {@code n} panels in {@code w x h} that gives each panel the most room at about {@code aspect} width/height. */
    static int columns(int n, double w, double h, double aspect) {
        int best = 1;
        double bestScore = -1;
        for (int cols = 1; cols <= n; cols++) {
            int rows = (n + cols - 1) / cols;
            double cw = w / cols, ch = h / rows;
            double score = Math.min(cw / aspect, ch);
            if (score > bestScore + 1e-9) {
                bestScore = score;
                best = cols;
            }
        }
        return best;
    }

    /** Draws {@code text} fitted into {@code width} (shrunk down to 6 pt, else cut with "…") at an anchor. */
    static void fitted(Graphics2D g2, String text, Font f, double width, float x, float y, TextAnchor anchor) {
        Font g = f;
        while (TextFit.width(text, g) > width && g.getSize2D() > 6f) g = g.deriveFont(Math.max(6f, g.getSize2D() - 0.5f));
        String t = TextFit.width(text, g) > width ? cut(text, g, width) : text;
        g2.setFont(g);
        TextUtils.drawAlignedString(t, g2, x, y, anchor);
    }
}
