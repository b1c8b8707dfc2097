package dev.gradflow.model.sparse;

import java.util.SplittableRandom;
import java.util.Arrays;

/**
 * A fixed binary mask for one weight tensor, row-major over {@link WeightShape#dims()}: exactly
 * {@code round(density * count)} positions (at least 1) are active, chosen uniformly at random without replacement.
 * A density of 1 gives a dense layer, which needs no masking ({@link #isDense()}).
 */
public final class LayerMask {
    private final WeightShape shape;
    private final float[] values;
    private final long active;

    private LayerMask(WeightShape shape, float[] values, long active) {
        this.shape = shape;
        this.values = values;
        this.active = active;
    }

    /** The number of active positions of a layer of {@code n} weights at {@code density}: round(d n), at least 1. */
    public static long activeCount(long n, double density) {
        return Math.max(1, Math.min(n, Math.round(density * n)));
    }

    public static LayerMask random(WeightShape shape, double density, SplittableRandom rng) {
        int n = Math.toIntExact(shape.count());
        int k = (int) activeCount(n, density);
        float[] values = new float[n];
        if (k == n) {
            Arrays.fill(values, 1f);
            return new LayerMask(shape, values, n);
        }
        // Partial Fisher-Yates: the first k entries of a random permutation are the active positions.
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
            values[idx[i]] = 1f;
        }
        return new LayerMask(shape, values, k);
    }

    /** A mask from explicit 0/1 values (e.g. from magnitude pruning). */
    public static LayerMask of(WeightShape shape, float[] values) {
        long active = 0;
        for (float v : values) if (v != 0f) active++;
        return new LayerMask(shape, values.clone(), active);
    }

    public WeightShape shape() { return shape; }

    /** Row-major 0/1 values; do not modify. */
    public float[] values() { return values; }

    public long active() { return active; }

    public long count() { return values.length; }

    public double density() { return (double) active / values.length; }

    public boolean isDense() { return active == values.length; }
}
