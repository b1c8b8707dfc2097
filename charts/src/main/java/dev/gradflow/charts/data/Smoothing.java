package dev.gradflow.charts.data;

/** Exponential moving average as TensorBoard's scalar dashboard does it. */
public final class Smoothing {
    private Smoothing() {}

    /**
     * The one default EMA weight of loss curves, on screen and in exported figures (TensorBoard's default). The app's
     * smoothing slider starts here and passes its value to both.
     */
    public static final double DEFAULT_WEIGHT = 0.6;

    /**
     * Debiased EMA with weight {@code w} in [0, 1): {@code last = w*last + (1-w)*x},
     * {@code smoothed = last / (1 - w^k)} after k finite values. Weight 0 returns a copy of the input.
     * Non-finite values are passed through unchanged and do not update the average.
     */
    public static double[] ema(double[] values, double weight) {
        if (!(weight >= 0 && weight < 1)) throw new IllegalArgumentException("smoothing weight must be in [0, 1): " + weight);
        double[] out = new double[values.length];
        double last = 0;
        int k = 0;
        for (int i = 0; i < values.length; i++) {
            double x = values[i];
            if (!Double.isFinite(x)) {
                out[i] = x;
                continue;
            }
            last = last * weight + (1 - weight) * x;
            k++;
            double debias = weight == 0 ? 1 : 1 - Math.pow(weight, k);
            out[i] = last / debias;
        }
        return out;
    }
}
