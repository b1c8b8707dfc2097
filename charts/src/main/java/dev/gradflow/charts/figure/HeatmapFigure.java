package dev.gradflow.charts.figure;

import dev.gradflow.charts.data.Aggregation;
import dev.gradflow.charts.data.BucketGrid;
import dev.gradflow.charts.data.CsvTable;
import dev.gradflow.charts.data.Measure;
import dev.gradflow.charts.data.RunSeries;
import dev.gradflow.charts.style.FigureStyle;
import dev.gradflow.charts.style.Palette;
import de.rototor.pdfbox.graphics2d.PdfBoxGraphics2D;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.AbstractXYAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.svg.SVGGraphics2D;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.GraphicsDevice;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gradient-flow heatmap: x = training step, y = layer (input at the bottom, output at the top), colour = a measure
 * (log scale by default). Steps are aggregated into buckets about one device pixel wide, so drawing cost follows the
 * plot width, not the number of steps. The body is drawn as one nearest-neighbour-scaled image on raster devices and
 * as one rectangle per run of equal colour (bucket x layer) on vector devices (SVG, PDF, printers); axes, title,
 * mask-event markers and the colour bar ({@code PaintScaleLegend}) are JFreeChart's.
 */
public class HeatmapFigure implements Figure {
    /** Rendering hint: set to Boolean.TRUE on a Graphics2D to force vector drawing of the heatmap body. */
    public static final RenderingHints.Key KEY_VECTOR = new RenderingHints.Key(0x6766) {
        @Override
        public boolean isCompatibleValue(Object val) { return val instanceof Boolean; }
    };

    private final HeatmapSource source;
    private final String kind;
    private FigureStyle style = FigureStyle.defaults();
    private String title;
    private boolean logScale;
    private ColorScale fixedScale;
    private double[] fixedRange;
    private int buckets;
    private int maxVectorBuckets = 1000;
    private boolean colorBar = true;
    private boolean markers = true;
    private String xLabel = "training step";
    private String yLabel = "layer";
    private boolean xTicks = true;
    private HeatmapSource.Plotted last;
    private ColorScale lastScale;

    HeatmapFigure(HeatmapSource source, String kind, boolean logScale) {
        this.source = source;
        this.kind = kind;
        this.logScale = logScale;
    }

    /** Heatmap of one run's measure, mean per bucket, log colour scale. */
    public static HeatmapFigure of(RunSeries run, Measure measure) {
        return new HeatmapFigure(new RunHeatmapSource(run, measure, Aggregation.MEAN), "heatmap", true);
    }

    /** Heatmap with a chosen aggregation (mean, min or max per bucket). */
    public static HeatmapFigure of(RunSeries run, Measure measure, Aggregation aggregation) {
        return new HeatmapFigure(new RunHeatmapSource(run, measure, aggregation), "heatmap", true);
    }

    /** Heatmap over a given step range (e.g. shared by several panels); steps outside the run are left empty. */
    public static HeatmapFigure of(RunSeries run, Measure measure, Aggregation aggregation, long firstStep, long lastStep) {
        return new HeatmapFigure(new RunHeatmapSource(run, measure, aggregation, firstStep, lastStep), "heatmap", true);
    }

    /** Any source (for extensions). */
    public static HeatmapFigure of(HeatmapSource source, String kind, boolean logScale) {
        return new HeatmapFigure(source, kind, logScale);
    }

    // ---- options (fluent) ----

    public HeatmapFigure style(FigureStyle s) { style = s; return this; }

    public HeatmapFigure title(String t) { title = t; return this; }

    /** Log10 colour scale (default for run heatmaps; values <= 0 get the lowest colour). */
    public HeatmapFigure logScale(boolean log) { logScale = log; return this; }

    /** Fixed colour range in data units (shared scales); null = automatic from the data. */
    public HeatmapFigure colorRange(double lower, double upper) {
        if (!(upper >= lower)) throw new IllegalArgumentException("upper < lower");
        fixedRange = new double[]{lower, upper};
        return this;
    }

    /** Uses a given scale as is (palette and log flag included). */
    public HeatmapFigure colorScale(ColorScale s) { fixedScale = s; return this; }

    /** Fixed number of buckets; 0 (default) = one per device pixel of the plot width. */
    public HeatmapFigure buckets(int n) { buckets = n; return this; }

    /** Cap on buckets when drawing to vector devices (default 1000). */
    public HeatmapFigure maxVectorBuckets(int n) { maxVectorBuckets = n; return this; }

    public HeatmapFigure showColorBar(boolean b) { colorBar = b; return this; }

    public HeatmapFigure showMaskEvents(boolean b) { markers = b; return this; }

    /** Axis labels; null hides the label. */
    public HeatmapFigure axisLabels(String x, String y) { xLabel = x; yLabel = y; return this; }

    /** Shows or hides the step axis' tick labels (panels stacked over a shared step axis hide all but the lowest). */
    public HeatmapFigure showStepTicks(boolean b) { xTicks = b; return this; }

    // ---- accessors ----

    public HeatmapSource source() { return source; }

    @Override public String kind() { return kind; }

    @Override public String title() { return title != null ? title : source.defaultTitle(); }

    @Override public FigureStyle style() { return style; }

    public boolean isLogScale() { return fixedScale != null ? fixedScale.isLog() : logScale; }

    /** The colour scale the next draw uses. */
    public ColorScale colorScale() {
        if (fixedScale != null) return fixedScale.withMissing(style.theme().missing());
        Palette p = style.palette();
        if ("diff-heatmap".equals(kind) && p.kind() != Palette.Kind.DIVERGING) p = Palette.rdbu();
        if (fixedRange != null) return new ColorScale(p, fixedRange[0], fixedRange[1], logScale, style.theme().missing());
        return source.autoScale(p, logScale, style.theme().missing());
    }

    /** Matrix plotted by the last draw, or null before the first draw. */
    public HeatmapSource.Plotted lastPlotted() { return last; }

    /** Colour scale of the last draw. */
    public ColorScale lastScale() { return lastScale; }

    // ---- drawing ----

    /** Builds the JFreeChart (axes, title, markers, colour bar) around the custom body. */
    public JFreeChart createChart(ColorScale scale) {
        List<String> names = source.layerNames();
        NumberAxis x = ChartStyler.stepAxis(xLabel);
        x.setRange(source.firstStep(), source.lastStep() + 1);
        x.setTickLabelsVisible(xTicks);
        SymbolAxis y = new LayerAxis(yLabel, names.toArray(new String[0]));
        y.setRange(-0.5, names.size() - 0.5);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, false);
        XYPlot plot = new XYPlot(null, x, y, renderer);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        // On the renderer's background layer, so that foreground markers (mask events) are drawn over the body;
        // plot-level annotations would be drawn after the markers and hide them.
        renderer.addAnnotation(new Body(scale), Layer.BACKGROUND);
        if (markers) {
            float u = ChartStyler.unit(style);
            for (long s : source.markerSteps()) {
                ValueMarker m = new ValueMarker(s + 0.5, style.theme().marker(),
                        new BasicStroke(u, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{3 * u, 2 * u}, 0f));
                plot.addDomainMarker(m, Layer.FOREGROUND);
            }
        }
        JFreeChart chart = new JFreeChart(title() == null || title().isEmpty() ? null : title(),
                ChartStyler.font(style, 1, true), plot, false);
        ChartStyler.styleChart(chart, style);
        if (colorBar) chart.addSubtitle(ChartStyler.colorBar(scale, source.colorLabel() + (scale.isLog() ? ", log scale" : ""), style));
        return chart;
    }

    @Override
    public void draw(Graphics2D g2, Rectangle2D area) {
        ColorScale scale = colorScale();
        ChartStyler.drawFitted(createChart(scale), g2, area, style);
    }

    static boolean isVector(Graphics2D g2) {
        if (Boolean.TRUE.equals(g2.getRenderingHint(KEY_VECTOR))) return true;
        if (g2 instanceof SVGGraphics2D || g2 instanceof PdfBoxGraphics2D) return true;
        try {
            return g2.getDeviceConfiguration() != null
                    && g2.getDeviceConfiguration().getDevice().getType() == GraphicsDevice.TYPE_PRINTER;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private int bucketCount(Graphics2D g2, Rectangle2D dataArea, boolean vector) {
        long span = source.lastStep() - source.firstStep() + 1;
        int n;
        if (buckets > 0) {
            n = buckets;
        } else if (vector) {
            n = (int) Math.min(maxVectorBuckets, Math.ceil(dataArea.getWidth() * 2));
        } else {
            AffineTransform t = g2.getTransform();
            double sx = Math.hypot(t.getScaleX(), t.getShearY());
            n = (int) Math.max(1, Math.round(dataArea.getWidth() * (sx > 0 ? sx : 1)));
        }
        return (int) Math.max(1, Math.min(n, span));
    }

    HeatmapSource.Plotted plotted(BucketGrid grid) {
        if (last != null && last.grid().equals(grid)) return last;
        return source.plot(grid);
    }

    private void drawBody(Graphics2D g2, Rectangle2D dataArea, ValueAxis xAxis, ValueAxis yAxis, ColorScale scale) {
        boolean vector = isVector(g2);
        BucketGrid grid = BucketGrid.over(source.firstStep(), source.lastStep(), bucketCount(g2, dataArea, vector));
        HeatmapSource.Plotted p = plotted(grid);
        last = p;
        lastScale = scale;
        int nb = grid.count();
        int layers = p.values().length;
        double top = yAxis.valueToJava2D(layers - 0.5, dataArea, RectangleEdge.LEFT);
        double bottom = yAxis.valueToJava2D(-0.5, dataArea, RectangleEdge.LEFT);
        double rowH = (bottom - top) / layers;
        Shape oldClip = g2.getClip();
        Object oldInterp = g2.getRenderingHint(RenderingHints.KEY_INTERPOLATION);
        Object oldAa = g2.getRenderingHint(RenderingHints.KEY_ANTIALIASING);
        g2.clip(dataArea);
        try {
            if (!vector) {
                BufferedImage img = new BufferedImage(nb, layers, BufferedImage.TYPE_INT_ARGB);
                int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
                for (int l = 0; l < layers; l++) {
                    double[] row = p.values()[l];
                    int off = (layers - 1 - l) * nb;
                    for (int k = 0; k < nb; k++) px[off + k] = scale.argb(row[k]);
                }
                double x0 = xAxis.valueToJava2D(grid.lo(), dataArea, RectangleEdge.BOTTOM);
                double x1 = xAxis.valueToJava2D(grid.hi(), dataArea, RectangleEdge.BOTTOM);
                g2.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
                AffineTransform at = new AffineTransform((x1 - x0) / nb, 0, 0, rowH, x0, top);
                g2.drawImage(img, at, null);
            } else {
                g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
                Rectangle2D.Double r = new Rectangle2D.Double();
                for (int l = 0; l < layers; l++) {
                    double[] row = p.values()[l];
                    double y0 = top + (layers - 1 - l) * rowH;
                    int k = 0;
                    while (k < nb) {
                        int c = scale.argb(row[k]);
                        int e = k + 1;
                        while (e < nb && scale.argb(row[e]) == c) e++;
                        double xa = xAxis.valueToJava2D(grid.stepFrom(k), dataArea, RectangleEdge.BOTTOM);
                        double xb = xAxis.valueToJava2D(grid.stepFrom(e), dataArea, RectangleEdge.BOTTOM);
                        r.setRect(xa, y0, xb - xa, rowH);
                        g2.setColor(new Color(c, true));
                        g2.fill(r);
                        k = e;
                    }
                }
            }
        } finally {
            g2.setClip(oldClip);
            if (oldInterp != null) g2.setRenderingHint(RenderingHints.KEY_INTERPOLATION, oldInterp);
            if (oldAa != null) g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, oldAa);
        }
    }

    /** The heatmap body as a plot annotation: JFreeChart calls it with the final data area and axes. */
    private final class Body extends AbstractXYAnnotation {
        private final ColorScale scale;

        Body(ColorScale scale) { this.scale = scale; }

        @Override
        public void draw(Graphics2D g2, XYPlot plot, Rectangle2D dataArea, ValueAxis domainAxis, ValueAxis rangeAxis,
                         int rendererIndex, PlotRenderingInfo info) {
            if (ChartStyler.isMeasuring(g2)) return;
            drawBody(g2, dataArea, domainAxis, rangeAxis, scale);
        }
    }

    // ---- data out ----

    /**
     * The bucketed matrix of the last draw: columns {@code bucket, step_from, step_to, n_steps} then one column per
     * layer (input first) with the plotted value (empty = no data).
     */
    @Override
    public CsvTable csv() {
        if (last == null) throw new IllegalStateException("draw the figure before asking for its data");
        List<String> header = new ArrayList<>(List.of("bucket", "step_from", "step_to", "n_steps"));
        header.addAll(source.layerNames());
        CsvTable t = new CsvTable(header);
        BucketGrid g = last.grid();
        for (int b = 0; b < g.count(); b++) {
            Object[] row = new Object[header.size()];
            row[0] = b;
            row[1] = g.stepFrom(b);
            row[2] = g.stepTo(b);
            row[3] = last.stepsPerBucket()[b];
            for (int l = 0; l < last.values().length; l++) row[4 + l] = last.values()[l][b];
            t.add(row);
        }
        return t;
    }

    @Override
    public Map<String, Object> provenance() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("figure", kind);
        p.put("title", title());
        p.putAll(source.provenance());
        ColorScale s = lastScale != null ? lastScale : colorScale();
        p.put("palette", s.palette().name());
        p.put("colorScale", Map.of("type", s.isLog() ? "log10" : "linear", "lower", s.lower(), "upper", s.upper()));
        p.put("theme", style.theme().name());
        p.put("size", style.size().name());
        if (last != null) p.put("buckets", last.grid().count());
        p.put("steps", List.of(source.firstStep(), source.lastStep()));
        return p;
    }

    static Map<String, Object> runInfo(RunSeries r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", r.label());
        if (r.specHash() != null) m.put("specHash", r.specHash());
        m.put("layers", r.layerNames());
        m.put("loggedSteps", r.stepCount());
        return m;
    }
}
