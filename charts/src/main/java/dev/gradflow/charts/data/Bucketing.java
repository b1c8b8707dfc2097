package dev.gradflow.charts.data;

import java.util.Arrays;

/**
 * Aggregates per-step values into buckets so that drawing cost follows the pixel width, not the number of steps.
 * One pass over the data: O(layers x steps) time, O(layers x buckets) memory.
 */
public final class Bucketing {
    private Bucketing() {}

    /**
     * @param steps  ascending steps (need not be contiguous)
     * @param values {@code [layer][stepIndex]} values; non-finite values are ignored
     */
    public static BucketedMatrix bucket(long[] steps, double[][] values, BucketGrid grid) {
        int n = steps.length;
        int nb = grid.count();
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = grid.bucketOf(steps[i]);
        int layers = values.length;
        double[][] mean = new double[layers][nb];
        double[][] min = new double[layers][nb];
        double[][] max = new double[layers][nb];
        int[][] counts = new int[layers][nb];
        for (int l = 0; l < layers; l++) {
            double[] v = values[l];
            double[] sum = mean[l];
            double[] mn = min[l];
            double[] mx = max[l];
            int[] c = counts[l];
            Arrays.fill(mn, Double.POSITIVE_INFINITY);
            Arrays.fill(mx, Double.NEGATIVE_INFINITY);
            for (int i = 0; i < n; i++) {
                int b = idx[i];
                double x = v[i];
                if (b < 0 || !Double.isFinite(x)) continue;
                sum[b] += x;
                c[b]++;
                if (x < mn[b]) mn[b] = x;
                if (x > mx[b]) mx[b] = x;
            }
            for (int b = 0; b < nb; b++) {
                if (c[b] == 0) {
                    sum[b] = Double.NaN;
                    mn[b] = Double.NaN;
                    mx[b] = Double.NaN;
                } else {
                    sum[b] /= c[b];
                }
            }
        }
        return new BucketedMatrix(grid, mean, min, max, counts);
    }

    /** Buckets a run's measure over its whole step range into at most {@code maxBuckets} buckets. */
    public static BucketedMatrix bucket(RunSeries run, Measure m, int maxBuckets) {
        return bucket(run.steps(), run.layerValues(m), BucketGrid.over(run.firstStep(), run.lastStep(), maxBuckets));
    }
}
