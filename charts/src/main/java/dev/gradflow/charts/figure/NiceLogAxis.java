package dev.gradflow.charts.figure;

import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.ui.RectangleEdge;

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
        if (!(lo > 0) || !(hi > lo)) return new ArrayList<>();
        double decades = Math.log10(hi / lo);
        double[] mult = decades <= 1.2 ? new double[]{1, 2, 3, 5, 7} : decades <= 2.5 ? new double[]{1, 2, 5} : new double[]{1};
        int step = decades > 8 ? (int) Math.ceil(decades / 6) : 1;
        return Ticks.logValues(lo, hi, mult, mult.length == 1 ? step : 1);
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
        return Ticks.majorTicks(values, v -> v, format, edge);
    }
}
