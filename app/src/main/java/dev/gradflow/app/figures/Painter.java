package dev.gradflow.app.figures;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;

/**
 * Draws something (usually a charts figure) into an area of a Graphics2D and says where its data went, so the
 * view can map the mouse back to data. Called on the render thread, never on the FX thread.
 */
@FunctionalInterface
public interface Painter {
    /** Draws into {@code area}; returns the plot layout, or {@link PlotLayout#NONE} when there is no data area. */
    PlotLayout paint(Graphics2D g2, Rectangle2D area);
}
