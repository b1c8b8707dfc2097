package dev.gradflow.charts.data;

/** A plain x/y series: training step and value (NaN = missing). Arrays are not copied. */
public record Curve(String name, long[] steps, double[] values) {
    public Curve {
        if (steps.length != values.length) throw new IllegalArgumentException("steps and values differ in length");
    }

    public int size() { return steps.length; }

    public boolean isEmpty() { return steps.length == 0; }
}
