package dev.gradflow.charts.figure;

import dev.gradflow.charts.style.FigureStyle;
import dev.gradflow.charts.style.Theme;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.TickUnits;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;

import java.awt.Font;
import java.awt.RenderingHints;
import java.text.DecimalFormat;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;

/** Applies a {@link FigureStyle} (theme colours, font sizes) to JFreeChart objects. */
public final class ChartStyler {
    private ChartStyler() {}

    static {
        // JFreeChart's workaround draws rotated strings as TextLayout outlines, which turns rotated axis labels into
        // paths in SVG/PDF. Plain drawString with a rotated transform keeps them as text everywhere.
        org.jfree.chart.text.TextUtils.setUseDrawRotatedStringWorkaround(false);
    }

    public static final String FONT_FAMILY = Font.SANS_SERIF;

    public static Font font(FigureStyle s, float delta, boolean bold) {
        return new Font(FONT_FAMILY, bold ? Font.BOLD : Font.PLAIN, 1).deriveFont(Math.max(4f, s.size().baseFontPt() + delta));
    }

    /** Scale of strokes and gaps relative to a 10 pt base font. */
    public static float unit(FigureStyle s) { return s.size().baseFontPt() / 10f; }

    public static void styleChart(JFreeChart chart, FigureStyle s) {
        org.jfree.chart.text.TextUtils.setUseDrawRotatedStringWorkaround(false);
        Theme t = s.theme();
        chart.setBackgroundPaint(t.background());
        chart.setBorderVisible(false);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.getRenderingHints().put(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        float u = unit(s);
        chart.setPadding(new RectangleInsets(3 * u, 3 * u, 3 * u, 6 * u));
        TextTitle title = chart.getTitle();
        if (title != null) {
            title.setFont(font(s, 1, true));
            title.setPaint(t.text());
            title.setMargin(new RectangleInsets(0, 0, 3 * u, 0));
        }
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setItemFont(font(s, -1, false));
            legend.setItemPaint(t.text());
            legend.setBackgroundPaint(t.background());
            legend.setFrame(BlockBorder.NONE);
            legend.setItemLabelPadding(new RectangleInsets(1, 2 * u, 1, 6 * u));
        }
        if (chart.getPlot() instanceof XYPlot p) stylePlot(p, s);
    }

    public static void stylePlot(XYPlot p, FigureStyle s) {
        Theme t = s.theme();
        p.setBackgroundPaint(t.plotBackground());
        p.setOutlinePaint(t.axisLine());
        p.setDomainGridlinePaint(t.grid());
        p.setRangeGridlinePaint(t.grid());
        p.setAxisOffset(RectangleInsets.ZERO_INSETS);
        for (int i = 0; i < p.getDomainAxisCount(); i++) styleAxis(p.getDomainAxis(i), s);
        for (int i = 0; i < p.getRangeAxisCount(); i++) styleAxis(p.getRangeAxis(i), s);
    }

    public static void styleAxis(Axis a, FigureStyle s) {
        if (a == null) return;
        Theme t = s.theme();
        float u = unit(s);
        a.setLabelFont(font(s, 0, false));
        a.setLabelPaint(t.text());
        a.setTickLabelFont(font(s, -1, false));
        a.setTickLabelPaint(t.text());
        a.setAxisLinePaint(t.axisLine());
        a.setTickMarkPaint(t.axisLine());
        a.setTickMarkOutsideLength(3 * u);
        a.setTickLabelInsets(new RectangleInsets(1.5 * u, 1.5 * u, 1.5 * u, 1.5 * u));
        a.setLabelInsets(new RectangleInsets(2 * u, 2 * u, 2 * u, 2 * u));
    }

    /** A vertical colour bar for a colour scale, drawn by JFreeChart's {@link PaintScaleLegend}. */
    public static PaintScaleLegend colorBar(ColorScale scale, String label, FigureStyle s) {
        org.jfree.chart.text.TextUtils.setUseDrawRotatedStringWorkaround(false);
        NumberAxis axis = new NumberAxis(label);
        axis.setRange(scale.getLowerBound(), scale.getUpperBound());
        if (scale.isLog()) {
            axis.setNumberFormatOverride(new Pow10Format());
            if (scale.getUpperBound() - scale.getLowerBound() >= 2.5) {
                TickUnits units = new TickUnits();
                for (int k = 1; k <= 64; k *= 2) units.add(new NumberTickUnit(k, new Pow10Format()));
                axis.setStandardTickUnits(units);
            }
        }
        styleAxis(axis, s);
        axis.setAxisLineVisible(false);
        axis.setTickMarksVisible(false);
        axis.setTickLabelInsets(new RectangleInsets(1, 3 * unit(s), 1, 1));
        PaintScaleLegend legend = new PaintScaleLegend(scale, axis);
        float u = unit(s);
        legend.setSubdivisionCount(256);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setAxisLocation(org.jfree.chart.axis.AxisLocation.BOTTOM_OR_RIGHT);
        legend.setStripWidth(9 * u);
        legend.setStripOutlineVisible(true);
        legend.setStripOutlinePaint(s.theme().axisLine());
        legend.setAxisOffset(2 * u);
        legend.setMargin(new RectangleInsets(4 * u, 8 * u, 4 * u, 2 * u));
        legend.setBackgroundPaint(s.theme().background());
        legend.setPadding(new RectangleInsets(2 * u, 2 * u, 2 * u, 2 * u));
        return legend;
    }

    /** Formats an axis value x (in log10 units) as 10^x, in plain ASCII ("0.01", "100", "1e-5", "3.16e4"). */
    public static final class Pow10Format extends NumberFormat {
        @Override
        public StringBuffer format(double x, StringBuffer sb, FieldPosition pos) {
            return sb.append(formatValue(Math.pow(10, x), Math.abs(x - Math.rint(x)) < 1e-9 ? (int) Math.rint(x) : null));
        }

        @Override
        public StringBuffer format(long x, StringBuffer sb, FieldPosition pos) { return format((double) x, sb, pos); }

        @Override
        public Number parse(String source, ParsePosition parsePosition) { return null; }

        static String formatValue(double v, Integer decade) {
            if (decade != null) {
                int k = decade;
                if (k >= -2 && k <= 3) return new DecimalFormat("0.##").format(Math.pow(10, k));
                return "1e" + k;
            }
            double a = Math.abs(v);
            if (a >= 1e-2 && a < 1e4) return new DecimalFormat("0.###").format(v);
            String e = String.format(java.util.Locale.ROOT, "%.2e", v);
            return e.replace("e+0", "e").replace("e-0", "e-").replace("e+", "e");
        }
    }

    /** Formats plain values compactly in ASCII: 0.001 -> "1e-3", 0.25 -> "0.25", 20000 -> "2e4". */
    public static NumberFormat valueFormat() {
        return new NumberFormat() {
            @Override
            public StringBuffer format(double v, StringBuffer sb, FieldPosition pos) {
                if (v == 0) return sb.append('0');
                double k = Math.log10(Math.abs(v));
                boolean decade = Math.abs(k - Math.rint(k)) < 1e-9;
                return sb.append(Pow10Format.formatValue(v, decade && v > 0 ? (int) Math.rint(k) : null));
            }

            @Override
            public StringBuffer format(long v, StringBuffer sb, FieldPosition pos) { return format((double) v, sb, pos); }

            @Override
            public Number parse(String source, ParsePosition parsePosition) { return null; }
        };
    }

    /** Number format for axes: compact, ASCII, no grouping surprises (e.g. 100000 -> "100k"). */
    public static NumberFormat stepFormat() {
        return new NumberFormat() {
            @Override
            public StringBuffer format(double v, StringBuffer sb, FieldPosition pos) {
                double a = Math.abs(v);
                if (a >= 1e6) return sb.append(trim(v / 1e6)).append('M');
                if (a >= 1e3) return sb.append(trim(v / 1e3)).append('k');
                return sb.append(trim(v));
            }

            @Override
            public StringBuffer format(long v, StringBuffer sb, FieldPosition pos) { return format((double) v, sb, pos); }

            @Override
            public Number parse(String source, ParsePosition parsePosition) { return null; }

            private String trim(double v) { return new DecimalFormat("0.##").format(v); }
        };
    }

    static ValueAxis noMargins(ValueAxis a) {
        a.setLowerMargin(0);
        a.setUpperMargin(0);
        return a;
    }
}
