package dev.gradflow.charts.figure;

import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.ui.RectangleEdge;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * The axis of a colour bar. Log scales (axis units log10(value)) get ticks at 1-2-5 x 10^k or at decades, linear
 * scales at multiples of 1, 2 or 5 x 10^k; in both cases only as many as fit with a line of space between labels.
 */
final class ColorBarAxis extends NumberAxis {
    private final boolean log;
    private final NumberFormat format;

    ColorBarAxis(String label, boolean log, NumberFormat format) {
        super(label);
        this.log = log;
        this.format = format;
    }

    /** Tick values in data units for [lo, hi] (data units), at most {@code maxTicks} of them. */
    static List<Double> ticks(double lo, double hi, boolean log, int maxTicks) {
        maxTicks = Math.max(2, maxTicks);
        if (log) {
            for (double[] mult : new double[][]{{1, 2, 5}, {1}}) {
                List<Double> v = Ticks.logValues(lo, hi, mult, 1);
                if (v.size() <= maxTicks && v.size() >= 2) return v;
            }
            for (int every = 2; every < 400; every++) {
                List<Double> v = Ticks.logValues(lo, hi, new double[]{1}, every);
                if (v.size() <= maxTicks) return v;
            }
            return List.of();
        }
        double span = hi - lo;
        if (!(span > 0)) return List.of(lo);
        double raw = span / maxTicks;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = 10 * mag;
        for (double m : new double[]{1, 2, 5, 10}) {
            if (m * mag >= raw) {
                step = m * mag;
                break;
            }
        }
        List<Double> out = new ArrayList<>();
        for (double v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) out.add(Math.abs(v) < step * 1e-9 ? 0 : v);
        return out;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public List refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
        boolean vertical = RectangleEdge.isLeftOrRight(edge);
        double length = vertical ? dataArea.getHeight() : dataArea.getWidth();
        double lineH = TextFit.lineHeight(getTickLabelFont());
        int max = (int) Math.floor(length / (lineH * (vertical ? 2.0 : 4.0))) + 1;
        double lo = getLowerBound(), hi = getUpperBound();
        List<Double> values = log ? ticks(Math.pow(10, lo), Math.pow(10, hi), true, max) : ticks(lo, hi, false, max);
        return Ticks.majorTicks(values, v -> log ? Math.log10(v) : v, format, edge);
    }

    @Override
    public boolean equals(Object o) { return o == this; }

    @Override
    public int hashCode() { return System.identityHashCode(this); }
}
