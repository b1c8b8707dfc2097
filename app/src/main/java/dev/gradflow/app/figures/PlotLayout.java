package dev.gradflow.app.figures;

import java.awt.geom.Rectangle2D;

/**
 * Where a drawn plot's data area is (pixels) and what axis ranges it spans, for mapping mouse positions to data.
 * The y axis grows upwards (row 0 of a heatmap is at the bottom).
 */
public record PlotLayout(Rectangle2D dataArea, double xLo, double xHi, double yLo, double yHi) {
    public static final PlotLayout NONE = new PlotLayout(new Rectangle2D.Double(), 0, 0, 0, 0);

    public boolean contains(double px, double py) {
        return dataArea.getWidth() > 0 && dataArea.contains(px, py);
    }

    /** Data x of a pixel column (not clamped). */
    public double x(double px) {
        return xLo + (px - dataArea.getX()) / dataArea.getWidth() * (xHi - xLo);
    }

    /** Data y of a pixel row (not clamped). */
    public double y(double py) {
        return yHi - (py - dataArea.getY()) / dataArea.getHeight() * (yHi - yLo);
    }

    /** Data units per pixel along x. */
    public double xPerPixel() {
        return dataArea.getWidth() <= 0 ? 0 : (xHi - xLo) / dataArea.getWidth();
    }
}
