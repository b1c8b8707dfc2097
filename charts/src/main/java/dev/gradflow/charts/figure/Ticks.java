package dev.gradflow.charts.figure;

import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/** Tick values and tick labels shared by the project's own axes ({@link NiceLogAxis}, {@link ColorBarAxis}). */
final class Ticks {
    private Ticks() {
    }

    /**
     * The values {@code m * 10^k} in [lo, hi] (with a relative slack of 1e-9 at both ends) for every multiplier m and
     * every decade k that is a multiple of {@code everyDecade}; none unless 0 < lo < hi.
     */
    static List<Double> logValues(double lo, double hi, double[] multipliers, int everyDecade) {
        List<Double> out = new ArrayList<>();
        if (!(lo > 0) || !(hi > lo)) return out;
        int k0 = (int) Math.floor(Math.log10(lo)), k1 = (int) Math.ceil(Math.log10(hi));
        for (int k = k0; k <= k1; k++) {
            if (Math.floorMod(k, everyDecade) != 0) continue;
            for (double m : multipliers) {
                double v = m * Math.pow(10, k);
                if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.add(v);
            }
        }
        return out;
    }

    /**
     * Major ticks labelled with {@code format(value)}, placed at {@code axisValue(value)} (the value itself, or its
     * log10 on an axis in log units), their labels anchored away from the plot on the given edge.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    static List majorTicks(List<Double> values, DoubleUnaryOperator axisValue, NumberFormat format, RectangleEdge edge) {
        TextAnchor anchor = RectangleEdge.isLeftOrRight(edge)
                ? (edge == RectangleEdge.LEFT ? TextAnchor.CENTER_RIGHT : TextAnchor.CENTER_LEFT)
                : (edge == RectangleEdge.TOP ? TextAnchor.BOTTOM_CENTER : TextAnchor.TOP_CENTER);
        List ticks = new ArrayList();
        for (double v : values) {
            ticks.add(new NumberTick(TickType.MAJOR, axisValue.applyAsDouble(v), format.format(v), anchor,
                    TextAnchor.CENTER, 0.0));
        }
        return ticks;
    }
}
