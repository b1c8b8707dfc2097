package dev.gradflow.charts.dynamic;

import dev.gradflow.charts.data.CsvTable;
import dev.gradflow.charts.figure.ColorScale;
import dev.gradflow.charts.figure.Figure;
import dev.gradflow.charts.figure.Provenance;
import dev.gradflow.charts.style.FigureStyle;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Map;

/**
 * First-layer connectivity images ({@link Connectivity}): one panel per snapshot (initialization, evaluation points,
 * end), all on one linear colour scale from 0 to the largest connectivity over the panels, with a colour bar. Under a static random mask the
 * image is flat noise around {@code density · n_out}; under RigL it concentrates on informative pixels.
 */
public final class ConnectivityFigure implements Figure {
    private final List<Connectivity> images;
    private final String label;
    private FigureStyle style = FigureStyle.defaults();
    private String title;
    private ColorScale lastScale;

    private ConnectivityFigure(List<Connectivity> images, String label) {
        if (images.isEmpty()) throw new IllegalArgumentException("no connectivity images");
        this.images = List.copyOf(images);
        this.label = label;
    }

    public static ConnectivityFigure of(List<Connectivity> images, String runLabel) {
        return new ConnectivityFigure(images, runLabel);
    }

    public ConnectivityFigure style(FigureStyle s) { style = s; return this; }

    public ConnectivityFigure title(String t) { title = t; return this; }

    public List<Connectivity> images() { return images; }

    @Override public String kind() { return "connectivity"; }

    @Override public String title() { return title != null ? title : label + ": first-layer connectivity"; }

    @Override public FigureStyle style() { return style; }

    /** The shared scale: 0 .. the largest connectivity of any pixel in any panel (at least 1). */
    public ColorScale colorScale() {
        int max = 1;
        for (Connectivity c : images) for (int d : c.degree()) max = Math.max(max, d);
        return new ColorScale(style.palette(), 0, max, false, style.theme().missing());
    }

    @Override
    public void draw(Graphics2D g2, Rectangle2D area) {
        ColorScale scale = colorScale();
        lastScale = scale;
        float font = style.size().baseFontPt();
        g2.setColor(style.theme().background());
        g2.fill(area);
        g2.setFont(g2.getFont().deriveFont(Font.BOLD, font * 1.15f));
        FontMetrics fm = g2.getFontMetrics();
        g2.setColor(style.theme().text());
        double top = area.getY() + fm.getAscent() + 4;
        g2.drawString(title(), (float) (area.getX() + 6), (float) top);
        top += 6;
        double barW = Math.max(40, font * 5);
        double w = area.getWidth() - barW - 12, h = area.getMaxY() - top - 4;
        int n = images.size();
        int cols = bestColumns(n, w, h, font);
        int rows = (n + cols - 1) / cols;
        double cell = Math.min(w / cols, h / rows);
        double labelH = font * 1.4;
        double img = Math.max(1, cell - labelH - 4);
        g2.setFont(g2.getFont().deriveFont(Font.PLAIN, font));
        Object aa = g2.getRenderingHint(RenderingHints.KEY_ANTIALIASING);
        g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF); // no seams between pixels
        for (int p = 0; p < n; p++) {
            Connectivity c = images.get(p);
            double x0 = area.getX() + 6 + (p % cols) * cell, y0 = top + (p / cols) * cell;
            g2.setColor(style.theme().text());
            drawFitted(g2, c.label() + " (step " + c.step() + ")", c.label() + " " + c.step(), x0, y0 + font, cell - 6, font);
            double px = img / c.side(), iy = y0 + labelH;
            for (int r = 0; r < c.side(); r++) {
                for (int q = 0; q < c.side(); q++) {
                    g2.setColor(new Color(scale.argb(c.degree()[r * c.side() + q]), true));
                    g2.fill(new Rectangle2D.Double(x0 + q * px, iy + r * px, px + 0.01, px + 0.01));
                }
            }
        }
        if (aa != null) g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, aa);
        double barX = Math.min(area.getMaxX() - barW, area.getX() + 6 + cols * cell + 4);
        drawColorBar(g2, scale, barX, top + labelH, Math.min(h - labelH, rows * cell - labelH - 4), font);
    }

    /**
     * A panel title that stays inside its cell: the long form if it fits, else the short form, shrunk (down to 60% of
     * the base size, never below 6) until it fits; titles of neighbouring panels never run into each other.
     */
    private static void drawFitted(Graphics2D g2, String text, String shortText, double x, double y, double width, float font) {
        Font base = g2.getFont();
        String t = g2.getFontMetrics().stringWidth(text) <= width ? text : shortText;
        float size = font;
        while (size > Math.max(6f, font * 0.6f) && g2.getFontMetrics(base.deriveFont(size)).stringWidth(t) > width) size -= 0.5f;
        g2.setFont(base.deriveFont(size));
        g2.drawString(t, (float) x, (float) y);
        g2.setFont(base);
    }

    private static int bestColumns(int n, double w, double h, float font) {
        int best = 1;
        double bestCell = 0;
        for (int cols = 1; cols <= n; cols++) {
            int rows = (n + cols - 1) / cols;
            double cell = Math.min(w / cols, h / rows) - font * 1.4;
            if (cell > bestCell) {
                bestCell = cell;
                best = cols;
            }
        }
        return best;
    }

    private void drawColorBar(Graphics2D g2, ColorScale scale, double x, double y, double h, float font) {
        double bw = Math.max(8, font);
        int steps = 64;
        for (int i = 0; i < steps; i++) {
            double v = scale.lower() + (scale.upper() - scale.lower()) * (i + 0.5) / steps;
            g2.setColor(new Color(scale.argb(v), true));
            g2.fill(new Rectangle2D.Double(x, y + h - (i + 1) * h / steps, bw, h / steps + 0.5));
        }
        g2.setColor(style.theme().axisLine());
        g2.setStroke(new BasicStroke(0.5f));
        g2.draw(new Rectangle2D.Double(x, y, bw, h));
        g2.setColor(style.theme().text());
        g2.drawString(fmt(scale.upper()), (float) (x + bw + 3), (float) (y + font * 0.8));
        g2.drawString(fmt(scale.lower()), (float) (x + bw + 3), (float) (y + h));
        g2.drawString("active", (float) (x), (float) (y - font * 0.4));
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format("%.3g", v);
    }

    /** One row per snapshot and input pixel: label, step, pixel (row-major), row, col, active_connections. */
    @Override
    public CsvTable csv() {
        CsvTable t = new CsvTable(List.of("label", "step", "pixel", "row", "col", "active_connections"));
        for (Connectivity c : images) {
            for (int i = 0; i < c.degree().length; i++) t.add(c.label(), c.step(), i, i / c.side(), i % c.side(), c.degree()[i]);
        }
        return t;
    }

    @Override
    public Map<String, Object> provenance() {
        return Provenance.of(this, p -> {
            p.put("runs", List.of(Map.of("label", label)));
            p.put("measure", "first_layer_connectivity");
            p.put("snapshots", images.stream().map(Connectivity::label).toList());
            ColorScale s = lastScale != null ? lastScale : colorScale();
            p.put("palette", s.palette().name());
            p.put("colorScale", Map.of("type", "linear", "lower", s.lower(), "upper", s.upper()));
        });
    }
}
