package dev.gradflow.charts.data;

/**
 * Per-layer values aggregated over the buckets of a {@link BucketGrid}: {@code [layer][bucket]} arrays of the mean,
 * minimum and maximum of the finite values in each bucket (NaN where a bucket has none), and the number of finite
 * values per layer and bucket.
 */
public record BucketedMatrix(BucketGrid grid, double[][] mean, double[][] min, double[][] max, int[][] counts) {

    public int layers() { return mean.length; }

    public int buckets() { return grid.count(); }

    /** The matrix an aggregation plots. */
    public double[][] values(Aggregation a) {
        return switch (a) {
            case MEAN -> mean;
            case MIN -> min;
            case MAX -> max;
        };
    }

    /** Number of logged steps (of any layer) in bucket b. */
    public int stepsIn(int b) {
        int n = 0;
        for (int[] c : counts) n = Math.max(n, c[b]);
        return n;
    }
}
