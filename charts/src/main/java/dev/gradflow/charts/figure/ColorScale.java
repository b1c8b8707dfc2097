package dev.gradflow.charts.figure;

import dev.gradflow.charts.style.Palette;
import org.jfree.chart.renderer.PaintScale;

import java.awt.Color;
import java.awt.Paint;

/**
 * Maps values to palette colours, linear or log10. As a JFreeChart {@link PaintScale} (used by the colour bar) it
 * works in axis units: log10(value) for a log scale, the value itself otherwise. On a log scale values <= 0 get
 * the lowest colour; NaN gets the "missing" colour.
 */
public final class ColorScale implements PaintScale {
    private final Palette palette;
    private final double lower;
    private final double upper;
    private final boolean log;
    private final Color missing;

    public ColorScale(Palette palette, double lower, double upper, boolean log, Color missing) {
        if (log && !(lower > 0)) throw new IllegalArgumentException("log scale needs a positive lower bound: " + lower);
        if (!(upper >= lower)) throw new IllegalArgumentException("upper < lower: " + lower + ", " + upper);
        this.palette = palette;
        this.lower = lower;
        this.upper = upper;
        this.log = log;
        this.missing = missing;
    }

    /**
     * A scale over the finite values of the given matrices: [min, max], or on a log scale [min positive, max]. Falls
     * back to [1e-12, 1] or [0, 1] when there is nothing usable; widens a degenerate range.
     */
    public static ColorScale fromData(Palette palette, boolean log, Color missing, double[][]... matrices) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[][] m : matrices) {
            for (double[] row : m) {
                for (double v : row) {
                    if (!Double.isFinite(v) || (log && v <= 0)) continue;
                    if (v < lo) lo = v;
                    if (v > hi) hi = v;
                }
            }
        }
        if (lo > hi) {
            lo = log ? 1e-12 : 0;
            hi = 1;
        }
        if (lo == hi) {
            if (log) {
                lo /= 10;
                hi *= 10;
            } else {
                lo -= 0.5;
                hi += 0.5;
            }
        }
        return new ColorScale(palette, lo, hi, log, missing);
    }

    /** A linear scale symmetric around 0, [-maxAbs, maxAbs], over the finite values of the matrices. */
    public static ColorScale symmetric(Palette palette, Color missing, double[][]... matrices) {
        double m = 0;
        for (double[][] mat : matrices) {
            for (double[] row : mat) {
                for (double v : row) if (Double.isFinite(v)) m = Math.max(m, Math.abs(v));
            }
        }
        if (m == 0) m = 1;
        return new ColorScale(palette, -m, m, false, missing);
    }

    public Palette palette() { return palette; }

    public double lower() { return lower; }

    public double upper() { return upper; }

    public boolean isLog() { return log; }

    public Color missing() { return missing; }

    public ColorScale withMissing(Color c) { return new ColorScale(palette, lower, upper, log, c); }

    /** Position in [0, 1] of a value, NaN for NaN. */
    public double position(double v) {
        if (Double.isNaN(v)) return Double.NaN;
        double t;
        if (log) {
            if (v <= 0) return 0;
            double a = Math.log10(lower), b = Math.log10(upper);
            t = b == a ? 0.5 : (Math.log10(v) - a) / (b - a);
        } else {
            t = upper == lower ? 0.5 : (v - lower) / (upper - lower);
        }
        return Math.max(0, Math.min(1, t));
    }

    /** ARGB colour of a value. */
    public int argb(double v) {
        double t = position(v);
        return Double.isNaN(t) ? missing.getRGB() : palette.argb(t);
    }

    // ---- PaintScale, in axis units ----

    @Override
    public double getLowerBound() { return log ? Math.log10(lower) : lower; }

    @Override
    public double getUpperBound() { return log ? Math.log10(upper) : upper; }

    @Override
    public Paint getPaint(double axisValue) {
        double lo = getLowerBound(), hi = getUpperBound();
        double t = hi == lo ? 0.5 : (axisValue - lo) / (hi - lo);
        return palette.color(t);
    }

    @Override
    public String toString() {
        return (log ? "log10" : "linear") + "[" + lower + ", " + upper + "] " + palette.name();
    }
}
