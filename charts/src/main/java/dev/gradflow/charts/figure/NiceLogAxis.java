package dev.gradflow.charts.figure;

import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * A log axis with readable ticks: 1-2-5 x 10^k over narrow ranges, 10^k over wide ones, or given tick values
 * (e.g. the discrete numbers of active weights of an SC-SDC sweep). Labels are compact ASCII.
 */
public class NiceLogAxis extends LogAxis {
    private double[] fixedTicks;
    private final NumberFormat format;

    public NiceLogAxis(String label, NumberFormat format) {
        super(label);
        this.format = format;
        setSmallestValue(1e-300);
    }

    /** Ticks exactly at these values (null = automatic). */
    public void setFixedTicks(double[] values) { fixedTicks = values; }

    static List<Double> tickValues(double lo, double hi) {
        List<Double> out = new ArrayList<>();
        if (!(lo > 0) || !(hi > lo)) return out;
        double decades = Math.log10(hi / lo);
        int k0 = (int) Math.floor(Math.log10(lo)), k1 = (int) Math.ceil(Math.log10(hi));
        double[] mult = decades <= 1.2 ? new double[]{1, 2, 3, 5, 7} : decades <= 2.5 ? new double[]{1, 2, 5} : new double[]{1};
        int step = decades > 8 ? (int) Math.ceil(decades / 6) : 1;
        for (int k = k0; k <= k1; k++) {
            if (mult.length == 1 && Math.floorMod(k, step) != 0) continue;
            for (double m : mult) {
                double v = m * Math.pow(10, k);
                if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.add(v);
            }
        }
        return out;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public List refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
        double lo = getLowerBound(), hi = getUpperBound();
        List<Double> values = new ArrayList<>();
        if (fixedTicks != null) {
            for (double v : fixedTicks) if (v >= lo && v <= hi) values.add(v);
        } else {
            values = tickValues(lo, hi);
        }
        boolean vertical = RectangleEdge.isLeftOrRight(edge);
        TextAnchor anchor = vertical ? (edge == RectangleEdge.LEFT ? TextAnchor.CENTER_RIGHT : TextAnchor.CENTER_LEFT)
                : (edge == RectangleEdge.TOP ? TextAnchor.BOTTOM_CENTER : TextAnchor.TOP_CENTER);
        List ticks = new ArrayList();
        for (double v : values) ticks.add(new NumberTick(TickType.MAJOR, v, format.format(v), anchor, TextAnchor.CENTER, 0.0));
        return ticks;
    }
}
