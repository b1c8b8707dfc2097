package dev.gradflow.charts.figure;

import dev.gradflow.charts.data.SeriesNames;
import dev.gradflow.charts.style.FigureFonts;
import dev.gradflow.charts.style.FigureStyle;
import dev.gradflow.charts.style.Theme;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.TickUnits;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.text.TextUtils;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.List;
import java.util.Locale;

/** Applies a {@link FigureStyle} (theme colours, font sizes) to JFreeChart objects. */
public final class ChartStyler {
    private ChartStyler() {}

    static {
        // JFreeChart's workaround draws rotated strings as TextLayout outlines, which turns rotated axis labels into
        // paths in SVG/PDF. Plain drawString with a rotated transform keeps them as text everywhere.
        TextUtils.setUseDrawRotatedStringWorkaround(false);
    }

    public static final String FONT_FAMILY = FigureFonts.FAMILY;

    /** The bundled figure font ({@link FigureFonts}) at the style's base size plus {@code delta} points. */
    public static Font font(FigureStyle s, float delta, boolean bold) {
        return FigureFonts.font(bold, Math.max(4f, s.size().baseFontPt() + delta));
    }

    /** Scale of strokes and gaps relative to a 10 pt base font. */
    public static float unit(FigureStyle s) { return s.size().baseFontPt() / 10f; }

    public static void styleChart(JFreeChart chart, FigureStyle s) {
        TextUtils.setUseDrawRotatedStringWorkaround(false);
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

    /** A vertical colour bar for a colour scale, drawn by JFreeChart's {@link PaintScaleLegend}; 1-2-5 or decade ticks. */
    public static PaintScaleLegend colorBar(ColorScale scale, String label, FigureStyle s) {
        TextUtils.setUseDrawRotatedStringWorkaround(false);
        NumberAxis axis = new ColorBarAxis(label, scale.isLog(), valueFormat());
        axis.setRange(scale.getLowerBound(), scale.getUpperBound());
        styleAxis(axis, s);
        axis.setAxisLineVisible(false);
        axis.setTickMarksVisible(true);
        axis.setTickMarkInsideLength(0);
        axis.setTickMarkOutsideLength(2 * unit(s));
        axis.setTickLabelInsets(new RectangleInsets(1, 1.5 * unit(s), 1, 1));
        PaintScaleLegend legend = new PaintScaleLegend(scale, axis);
        float u = unit(s);
        legend.setSubdivisionCount(256);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
        legend.setStripWidth(8 * u);
        legend.setStripOutlineVisible(true);
        legend.setStripOutlinePaint(s.theme().axisLine());
        legend.setAxisOffset(0);
        legend.setMargin(new RectangleInsets(4 * u, 6 * u, 4 * u, 0));
        legend.setBackgroundPaint(s.theme().background());
        legend.setPadding(new RectangleInsets(2 * u, 2 * u, 2 * u, 0));
        return legend;
    }

    // ---------------- fitting text to the space it gets ----------------

    /**
     * Rendering hint set on the measuring pass of {@link #drawFitted}: figure bodies (heatmap cells) may skip their
     * drawing when it is {@code Boolean.TRUE}.
     */
    public static final RenderingHints.Key KEY_MEASURING = new RenderingHints.Key(0x6767) {
        @Override
        public boolean isCompatibleValue(Object val) { return val instanceof Boolean; }
    };

    public static boolean isMeasuring(Graphics2D g2) { return Boolean.TRUE.equals(g2.getRenderingHint(KEY_MEASURING)); }

    /**
     * Draws a chart after fitting its text into {@code area}: titles break between words (their font shrinks by up to
     * 1.5 pt first if a single word would not fit), then a measuring pass lays the chart out and every axis label
     * longer than its axis is replaced by its short form ({@link dev.gradflow.charts.data.SeriesNames#shorter}),
     * shrunk by up to 1.5 pt, or, as a last resort, left out. Returns the rendering info of the final draw.
     */
    public static ChartRenderingInfo drawFitted(JFreeChart chart, Graphics2D g2, Rectangle2D area, FigureStyle s) {
        fitTitles(chart, area, s);
        ChartRenderingInfo probe = new ChartRenderingInfo();
        BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        Graphics2D m = img.createGraphics();
        try {
            m.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            m.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            m.setRenderingHint(KEY_MEASURING, Boolean.TRUE);
            chart.draw(m, area, probe);
        } finally {
            m.dispose();
        }
        Rectangle2D data = probe.getPlotInfo().getDataArea();
        Rectangle2D plotArea = probe.getPlotInfo().getPlotArea();
        if (chart.getPlot() instanceof XYPlot p) {
            for (int i = 0; i < p.getDomainAxisCount(); i++) fitAxisLabel(p.getDomainAxis(i), data.getWidth(), s);
            for (int i = 0; i < p.getRangeAxisCount(); i++) fitAxisLabel(p.getRangeAxis(i), data.getHeight(), s);
        }
        for (int i = 0; i < chart.getSubtitleCount(); i++) {
            if (chart.getSubtitle(i) instanceof PaintScaleLegend bar) {
                RectangleInsets mg = bar.getMargin(), pd = bar.getPadding();
                double len = plotArea.getHeight() - mg.getTop() - mg.getBottom() - pd.getTop() - pd.getBottom();
                fitAxisLabel(bar.getAxis(), len, s);
            }
        }
        ChartRenderingInfo info = new ChartRenderingInfo();
        chart.draw(g2, area, info);
        return info;
    }

    /** Wraps the chart's title (and text subtitles) between words to the width they get. */
    static void fitTitles(JFreeChart chart, Rectangle2D area, FigureStyle s) {
        RectangleInsets pad = chart.getPadding();
        double w = area.getWidth() - pad.getLeft() - pad.getRight();
        if (chart.getTitle() != null) fitTitle(chart.getTitle(), w, s);
        for (int i = 0; i < chart.getSubtitleCount(); i++) {
            if (chart.getSubtitle(i) instanceof TextTitle t) fitTitle(t, w, s);
        }
    }

    static void fitTitle(TextTitle t, double width, FigureStyle s) {
        String text = t.getText();
        if (text == null || text.isBlank()) return;
        RectangleInsets mg = t.getMargin(), pd = t.getPadding();
        double w = width - mg.getLeft() - mg.getRight() - pd.getLeft() - pd.getRight() - 1;
        String flat = text.replace('\n', ' ');
        Font f = t.getFont();
        float min = Math.max(6f, f.getSize2D() - 1.5f);
        if (TextFit.width(flat, f) > w) {
            Font one = f;
            while (TextFit.width(flat, one) > w && one.getSize2D() - 0.5f >= min) one = one.deriveFont(one.getSize2D() - 0.5f);
            // one line at a slightly smaller size if that is enough, else lines of whole words
            f = TextFit.width(flat, one) <= w ? one : TextFit.fitWords(flat, f, w, min);
        }
        t.setFont(f);
        t.setText(String.join("\n", TextFit.wrap(flat, f, w)));
    }

    /** Makes an axis label fit {@code length}: short form, then up to 1.5 pt smaller, else no label. */
    static void fitAxisLabel(Axis a, double length, FigureStyle s) {
        if (a == null || a.getLabel() == null || a.getLabel().isEmpty()) return;
        Font f = a.getLabelFont();
        if (TextFit.width(a.getLabel(), f) <= length) return;
        String shortLabel = SeriesNames.shorter(a.getLabel());
        if (!shortLabel.equals(a.getLabel()) && TextFit.width(shortLabel, f) <= length) {
            a.setLabel(shortLabel);
            return;
        }
        float min = Math.max(6f, f.getSize2D() - 1.5f);
        for (String label : List.of(a.getLabel(), shortLabel)) {
            for (float size = f.getSize2D() - 0.5f; size >= min; size -= 0.5f) {
                Font g = f.deriveFont(size);
                if (TextFit.width(label, g) <= length) {
                    a.setLabel(label);
                    a.setLabelFont(g);
                    return;
                }
            }
        }
        a.setLabel(null);
    }

    /** Formats an axis value x (in log10 units) as 10^x: "0.01", "100", "10⁻⁵", "3.16×10⁴". */
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
                if (k >= -2 && k <= 3) return new DecimalFormat("0.##", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(Math.pow(10, k));
                return "10" + superscript(k);
            }
            double a = Math.abs(v);
            if (a == 0) return "0";
            if (a >= 1e-2 && a < 1e4) return minus(new DecimalFormat("0.###", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(v));
            int k = (int) Math.floor(Math.log10(a));
            double mant = v / Math.pow(10, k);
            String m = new DecimalFormat("0.##", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(mant);
            if (m.equals("10") || m.equals("-10")) {
                k++;
                m = m.startsWith("-") ? "-1" : "1";
            }
            return minus(m) + "×10" + superscript(k);
        }

        /** Superscript digits and minus: -5 -> "⁻⁵". */
        static String superscript(int k) {
            String digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
            StringBuilder b = new StringBuilder();
            if (k < 0) b.append('⁻');
            for (char c : Integer.toString(Math.abs(k)).toCharArray()) b.append(digits.charAt(c - '0'));
            return b.toString();
        }

        /** Typographic minus sign instead of the hyphen. */
        static String minus(String s) { return s.replace('-', '−'); }
    }

    /** Formats plain values compactly: 0.001 -> "10⁻³", 0.25 -> "0.25", 20000 -> "2×10⁴", -0.5 -> "−0.5". */
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

    /** Number format for step axes: compact, no grouping surprises (e.g. 100000 -> "100k"). */
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

            private String trim(double v) { return new DecimalFormat("0.##", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(v); }
        };
    }

    /** A training-step axis: whole-number ticks only (1-2-5 steps), compact labels. */
    public static NumberAxis stepAxis(String label) {
        NumberAxis x = new NumberAxis(label);
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits(Locale.ROOT));
        x.setNumberFormatOverride(stepFormat());
        return x;
    }

    static ValueAxis noMargins(ValueAxis a) {
        a.setLowerMargin(0);
        a.setUpperMargin(0);
        return a;
    }
}
