package dev.gradflow.charts.figure;

import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.Tick;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.ui.RectangleEdge;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

/**
 * The layer axis of heatmaps: one label per layer while rows are at least a text line high; otherwise every k-th
 * layer is labelled (input at the bottom always), so names never overlap in deep networks or small panels.
 */
final class LayerAxis extends SymbolAxis {
    LayerAxis(String label, String[] names) {
        super(label, names);
        setGridBandsVisible(false);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    protected List refreshTicksVertical(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
        List ticks = super.refreshTicksVertical(g2, dataArea, edge);
        double range = getRange().getLength();
        if (ticks.isEmpty() || range <= 0) return ticks;
        double rowH = dataArea.getHeight() / range;
        double lineH = TextFit.lineHeight(getTickLabelFont()) * 1.05;
        int k = (int) Math.ceil(lineH / Math.max(1e-9, rowH));
        if (k <= 1) return ticks;
        List out = new ArrayList();
        for (Object o : ticks) {
            double v = ((ValueTick) o).getValue();
            if (Math.floorMod(Math.round(v), k) == 0) out.add((Tick) o);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) { return o == this; }

    @Override
    public int hashCode() { return System.identityHashCode(this); }
}
