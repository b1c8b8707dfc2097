package dev.gradflow.charts.figure;

import dev.gradflow.charts.data.CsvTable;
import dev.gradflow.charts.style.FigureStyle;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.Map;

/**
 * A figure built from plain data and a style. The same object draws to any Graphics2D (screen, PNG, SVG, PDF).
 * Data-dependent aggregation (heatmap buckets) follows the device pixel width of the last {@link #draw} call;
 * {@link #csv()} reports exactly what that call plotted.
 */
public interface Figure {
    /** {@code heatmap}, {@code diff-heatmap}, {@code curves}, {@code panels} or {@code scsdc}. */
    String kind();

    String title();

    FigureStyle style();

    /** Draws the whole figure into {@code area} (user-space units; points for paper sizes). */
    void draw(Graphics2D g2, Rectangle2D area);

    /** The data plotted by the last draw (figures drawn at least once; exporters draw first). */
    CsvTable csv();

    /** What the figure shows, for provenance sidecars: runs, measure, palette, scale, options. */
    Map<String, Object> provenance();
}
