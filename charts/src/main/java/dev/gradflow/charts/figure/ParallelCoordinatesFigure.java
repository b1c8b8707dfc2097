package dev.gradflow.charts.figure;

import dev.gradflow.charts.data.CsvTable;
import dev.gradflow.charts.style.FigureStyle;
import org.jfree.chart.text.TextUtils;
import org.jfree.chart.ui.TextAnchor;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A sweep in parallel coordinates: one vertical axis per field (the spec fields that vary across the runs, then
 * results such as final test accuracy, final test loss and mean EGF₂), one polyline per run through its values.
 * Each numeric axis runs linearly from the smallest value (bottom) to the largest (top) of its runs; a categorical
 * axis puts its values, sorted, at equal distances. A run without a value on an axis has a gap there.
 * <p>
 * Brushing: {@link #brush(int, double, double)} keeps a value range on an axis; the runs inside every brushed range
 * are {@link #selected()} and drawn in colour, the others faint grey. {@link #layout()} gives the pixel geometry of
 * the last draw so a viewer can map the mouse to an axis and a value.
 */
public class ParallelCoordinatesFigure implements Figure {
    /** One axis: its name and one value per run (NaN = none); categorical axes hold category indices. */
    public record Axis(String name, double[] values, List<String> categories) {
        /** A numeric axis. */
        public static Axis numeric(String name, double[] values) { return new Axis(name, values.clone(), null); }

        /** A categorical axis over the distinct non-null values, sorted; null = no value. */
        public static Axis categorical(String name, String[] values) {
            TreeSet<String> distinct = new TreeSet<>();
            for (String v : values) if (v != null) distinct.add(v);
            List<String> cats = List.copyOf(distinct);
            double[] idx = new double[values.length];
            for (int i = 0; i < values.length; i++) idx[i] = values[i] == null ? Double.NaN : cats.indexOf(values[i]);
            return new Axis(name, idx, cats);
        }

        public boolean isCategorical() { return categories != null; }

        /** Value at the bottom of the axis: the smallest value (category 0), widened when all values are equal. */
        public double lo() { return range()[0]; }

        /** Value at the top of the axis. */
        public double hi() { return range()[1]; }

        private double[] range() {
            if (isCategorical()) {
                int k = categories.size();
                return k <= 1 ? new double[]{-0.5, 0.5} : new double[]{0, k - 1};
            }
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (double v : values) if (Double.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
            if (lo > hi) return new double[]{0, 1};
            if (lo == hi) {
                double d = lo == 0 ? 0.5 : Math.abs(lo) * 0.5;
                return new double[]{lo - d, hi + d};
            }
            return new double[]{lo, hi};
        }

        /** The text of a value on this axis (category name or number). */
        public String format(double v) {
            if (!Double.isFinite(v)) return "";
            if (isCategorical()) return categories.get((int) Math.round(v));
            return formatNumber(v);
        }
    }

    /** Pixel geometry of the last draw: x of each axis, y of the axes' top (largest value) and bottom. */
    public record Layout(double[] axisX, double top, double bottom) {
        public static final Layout NONE = new Layout(new double[0], 0, 0);

        /** The axis whose x is nearest {@code px} and within {@code tolerance}, or -1. */
        public int axisNear(double px, double tolerance) {
            int best = -1;
            double bd = tolerance;
            for (int i = 0; i < axisX.length; i++) {
                double d = Math.abs(axisX[i] - px);
                if (d <= bd) { bd = d; best = i; }
            }
            return best;
        }
    }

    private final List<String> runs;
    private final List<Axis> axes;
    private final Map<Integer, double[]> brushes = new TreeMap<>();
    private FigureStyle style = FigureStyle.defaults();
    private String title;
    private volatile Layout layout = Layout.NONE;

    private ParallelCoordinatesFigure(List<String> runs, List<Axis> axes) {
        if (axes.isEmpty()) throw new IllegalArgumentException("no axes");
        for (Axis a : axes) {
            if (a.values().length != runs.size()) throw new IllegalArgumentException(a.name() + ": " + a.values().length + " values for " + runs.size() + " runs");
        }
        this.runs = List.copyOf(runs);
        this.axes = List.copyOf(axes);
    }

    /** Runs (labels) and axes, each with one value per run. */
    public static ParallelCoordinatesFigure of(List<String> runLabels, List<Axis> axes) {
        return new ParallelCoordinatesFigure(runLabels, axes);
    }

    public ParallelCoordinatesFigure style(FigureStyle s) { style = s; return this; }

    public ParallelCoordinatesFigure title(String t) { title = t; return this; }

    /** Keeps the runs whose value on {@code axis} lies in [min(a, b), max(a, b)] (replaces that axis' brush). */
    public ParallelCoordinatesFigure brush(int axis, double a, double b) {
        brushes.put(axis, new double[]{Math.min(a, b), Math.max(a, b)});
        return this;
    }

    public ParallelCoordinatesFigure clearBrush(int axis) { brushes.remove(axis); return this; }

    public ParallelCoordinatesFigure clearBrushes() { brushes.clear(); return this; }

    /** Brushed ranges by axis index. */
    public Map<Integer, double[]> brushes() { return Map.copyOf(brushes); }

    /** Indices of the runs inside every brush (all runs when nothing is brushed); a missing value is outside. */
    public List<Integer> selected() {
        List<Integer> out = new ArrayList<>();
        for (int r = 0; r < runs.size(); r++) {
            boolean in = true;
            for (var e : brushes.entrySet()) {
                double v = axes.get(e.getKey()).values()[r];
                if (!(v >= e.getValue()[0] && v <= e.getValue()[1])) { in = false; break; }
            }
            if (in) out.add(r);
        }
        return out;
    }

    public List<Axis> axes() { return axes; }

    public List<String> runs() { return runs; }

    /** Geometry of the last draw ({@link Layout#NONE} before it). */
    public Layout layout() { return layout; }

    /** Pixel y of {@code value} on {@code axis} in the last layout: linear from bottom (lo) to top (hi). */
    public double y(int axis, double value) {
        Axis a = axes.get(axis);
        Layout l = layout;
        return l.bottom() - (value - a.lo()) / (a.hi() - a.lo()) * (l.bottom() - l.top());
    }

    /** The value of {@code axis} at pixel row {@code py} of the last layout (inverse of {@link #y}). */
    public double valueAt(int axis, double py) {
        Axis a = axes.get(axis);
        Layout l = layout;
        return a.lo() + (l.bottom() - py) / (l.bottom() - l.top()) * (a.hi() - a.lo());
    }

    @Override public String kind() { return "parallel-coordinates"; }

    @Override public String title() { return title != null ? title : "Sweep: " + runs.size() + (runs.size() == 1 ? " run" : " runs"); }

    @Override public FigureStyle style() { return style; }

    static String formatNumber(double v) {
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e5)) return String.format(Locale.ROOT, "%.2g", v).replace("e-0", "e-").replace("e+0", "e");
        NumberFormat f = NumberFormat.getInstance(Locale.ROOT);
        f.setGroupingUsed(false);
        f.setMaximumFractionDigits(a >= 100 ? 0 : a >= 1 ? 2 : 4);
        return f.format(v);
    }

    /** Labels of an axis: top and bottom values, or every category that fits. */
    private List<String> tickTexts(Axis a) {
        if (a.isCategorical()) return a.categories();
        return List.of(a.format(a.hi()), a.format(a.lo()));
    }

    @Override
    public void draw(Graphics2D g2, Rectangle2D area) {
        float u = ChartStyler.unit(style);
        g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g2.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g2.setPaint(style.theme().background());
        g2.fill(area);
        double pad = 4 * u;
        double y = area.getY() + 3 * u;

        // title: whole words, shrunk by up to 1.5 pt
        String t = title();
        Font tf = ChartStyler.font(style, 1, true);
        double tw = area.getWidth() - 2 * pad;
        tf = TextFit.fitWords(t, tf, tw, Math.max(6f, tf.getSize2D() - 1.5f));
        List<String> lines = TextFit.wrap(t, tf, tw);
        g2.setFont(tf);
        g2.setPaint(style.theme().text());
        for (String line : lines) {
            TextUtils.drawAlignedString(line, g2, (float) area.getCenterX(), (float) y, TextAnchor.TOP_CENTER);
            y += TextFit.lineHeight(tf);
        }
        y += 2 * u;

        int n = axes.size();
        // axis names and tick labels: as large as fits between neighbouring axes (names staggered on up to 3 rows)
        Font nameFont = ChartStyler.font(style, 0, false);
        Font tickFont = ChartStyler.font(style, -1, false);
        double gap = 3 * u;
        double firstHalf = 0, lastHalf = 0;
        int rows = 1;
        double spacing = 0;
        float minPt = 6f;
        search:
        for (Font nf = nameFont, tkf = tickFont; ; nf = nf.deriveFont(Math.max(minPt, nf.getSize2D() - 0.5f)),
                tkf = tkf.deriveFont(Math.max(minPt, tkf.getSize2D() - 0.5f))) {
            for (rows = 1; rows <= 3; rows++) {
                firstHalf = Math.max(halfWidth(0, nf, tkf, rows), pad);
                lastHalf = Math.max(halfWidth(n - 1, nf, tkf, rows), pad);
                spacing = n == 1 ? 0 : (area.getWidth() - 2 * pad - firstHalf - lastHalf) / (n - 1);
                if (fits(nf, tkf, rows, spacing, gap)) {
                    nameFont = nf;
                    tickFont = tkf;
                    break search;
                }
            }
            if (nf.getSize2D() <= minPt && tkf.getSize2D() <= minPt) {
                nameFont = nf;
                tickFont = tkf;
                rows = 3;
                firstHalf = Math.max(halfWidth(0, nf, tkf, rows), pad);
                lastHalf = Math.max(halfWidth(n - 1, nf, tkf, rows), pad);
                spacing = n == 1 ? 0 : (area.getWidth() - 2 * pad - firstHalf - lastHalf) / (n - 1);
                break;
            }
        }
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) xs[i] = n == 1 ? area.getCenterX() : area.getX() + pad + firstHalf + i * spacing;
        double nameH = TextFit.lineHeight(nameFont), tickH = TextFit.lineHeight(tickFont);
        g2.setFont(nameFont);
        g2.setPaint(style.theme().text());
        for (int i = 0; i < n; i++) {
            TextUtils.drawAlignedString(axes.get(i).name(), g2, (float) xs[i], (float) (y + (i % rows) * nameH), TextAnchor.TOP_CENTER);
        }
        y += rows * nameH + 2 * u;
        double top = y + tickH + 2 * u;
        double bottom = area.getMaxY() - pad - tickH - 2 * u;
        if (bottom - top < 10 * u) bottom = top + 10 * u;
        layout = new Layout(xs, top, bottom);

        // brushes, axes and their labels
        g2.setFont(tickFont);
        for (var e : brushes.entrySet()) {
            int i = e.getKey();
            double y1 = y(i, Math.min(e.getValue()[1], axes.get(i).hi())), y2 = y(i, Math.max(e.getValue()[0], axes.get(i).lo()));
            Color c = style.theme().text();
            g2.setPaint(new Color(c.getRed(), c.getGreen(), c.getBlue(), 40));
            g2.fill(new Rectangle2D.Double(xs[i] - 5 * u, Math.min(y1, y2), 10 * u, Math.abs(y2 - y1)));
        }
        g2.setStroke(new BasicStroke(0.8f * u));
        for (int i = 0; i < n; i++) {
            Axis a = axes.get(i);
            g2.setPaint(style.theme().axisLine());
            g2.draw(new Line2D.Double(xs[i], top, xs[i], bottom));
            g2.setPaint(style.theme().text());
            if (a.isCategorical()) {
                int k = a.categories().size();
                double step = k <= 1 ? Double.MAX_VALUE : (bottom - top) / (k - 1);
                int every = (int) Math.max(1, Math.ceil(tickH / step));
                for (int c = 0; c < k; c += every) {
                    String text = a.categories().get(c);
                    double w = TextFit.width(text, tickFont) + 2 * u;
                    g2.setPaint(style.theme().background());
                    g2.fill(new Rectangle2D.Double(xs[i] - w / 2, y(i, c) - tickH / 2, w, tickH));
                    g2.setPaint(style.theme().text());
                    TextUtils.drawAlignedString(text, g2, (float) xs[i], (float) y(i, c), TextAnchor.CENTER);
                }
            } else {
                TextUtils.drawAlignedString(a.format(a.hi()), g2, (float) xs[i], (float) (top - 2 * u), TextAnchor.BOTTOM_CENTER);
                TextUtils.drawAlignedString(a.format(a.lo()), g2, (float) xs[i], (float) (bottom + 2 * u), TextAnchor.TOP_CENTER);
            }
        }

        // polylines: unselected runs faint grey first, selected ones in colour on top
        List<Integer> sel = selected();
        boolean[] isSel = new boolean[runs.size()];
        for (int r : sel) isSel[r] = true;
        g2.setStroke(new BasicStroke(1.4f * u, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Color grey = style.theme().grid();
        for (int pass = 0; pass < 2; pass++) {
            for (int r = 0; r < runs.size(); r++) {
                if (isSel[r] != (pass == 1)) continue;
                Color c = isSel[r] ? style.theme().runColor(r) : new Color(grey.getRed(), grey.getGreen(), grey.getBlue(), 140);
                g2.setPaint(c);
                g2.draw(polyline(r, xs));
            }
        }
    }

    /** The run's path through its values, broken where a value is missing. */
    private Path2D polyline(int r, double[] xs) {
        Path2D.Double p = new Path2D.Double();
        boolean pen = false;
        for (int i = 0; i < axes.size(); i++) {
            double v = axes.get(i).values()[r];
            if (!Double.isFinite(v)) { pen = false; continue; }
            double py = y(i, v);
            if (pen) p.lineTo(xs[i], py);
            else p.moveTo(xs[i], py);
            pen = true;
        }
        return p;
    }

    private double halfWidth(int i, Font nf, Font tkf, int rows) {
        double w = TextFit.width(axes.get(i).name(), nf);
        for (String s : tickTexts(axes.get(i))) w = Math.max(w, TextFit.width(s, tkf));
        return w / 2;
    }

    /** Whether names (on {@code rows} staggered rows) and tick labels of neighbouring axes keep {@code gap} apart. */
    private boolean fits(Font nf, Font tkf, int rows, double spacing, double gap) {
        int n = axes.size();
        if (n == 1) return true;
        if (spacing <= 0) return false;
        for (int i = 0; i + 1 < n; i++) {
            double ti = 0, tj = 0;
            for (String s : tickTexts(axes.get(i))) ti = Math.max(ti, TextFit.width(s, tkf));
            for (String s : tickTexts(axes.get(i + 1))) tj = Math.max(tj, TextFit.width(s, tkf));
            if (ti / 2 + tj / 2 + gap > spacing) return false;
        }
        for (int i = 0; i + rows < n; i++) {
            double wi = TextFit.width(axes.get(i).name(), nf), wj = TextFit.width(axes.get(i + rows).name(), nf);
            if (wi / 2 + wj / 2 + gap > rows * spacing) return false;
        }
        return true;
    }

    /** Columns {@code run}, one per axis (numbers, or category names), and {@code selected} (true/false). */
    @Override
    public CsvTable csv() {
        List<String> header = new ArrayList<>();
        header.add("run");
        for (Axis a : axes) header.add(a.name());
        header.add("selected");
        CsvTable t = new CsvTable(header);
        List<Integer> sel = selected();
        for (int r = 0; r < runs.size(); r++) {
            Object[] row = new Object[axes.size() + 2];
            row[0] = runs.get(r);
            for (int i = 0; i < axes.size(); i++) {
                Axis a = axes.get(i);
                double v = a.values()[r];
                row[i + 1] = !Double.isFinite(v) ? null : a.isCategorical() ? a.categories().get((int) v) : (Object) v;
            }
            row[axes.size() + 1] = sel.contains(r);
            t.add(row);
        }
        return t;
    }

    @Override
    public Map<String, Object> provenance() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("figure", kind());
        p.put("title", title());
        p.put("runs", runs);
        List<Map<String, Object>> ax = new ArrayList<>();
        for (Axis a : axes) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", a.name());
            m.put("type", a.isCategorical() ? "categorical" : "linear");
            if (a.isCategorical()) m.put("categories", a.categories());
            else m.put("range", List.of(a.lo(), a.hi()));
            ax.add(m);
        }
        p.put("axes", ax);
        Map<String, Object> b = new LinkedHashMap<>();
        brushes.forEach((k, v) -> b.put(axes.get(k).name(), Arrays.stream(v).boxed().toList()));
        p.put("brushes", b);
        p.put("theme", style.theme().name());
        p.put("size", style.size().name());
        return p;
    }
}
