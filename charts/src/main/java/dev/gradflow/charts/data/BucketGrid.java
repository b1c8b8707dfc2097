package dev.gradflow.charts.data;

/**
 * A partition of the integer step range {@code [lo, hi)} into {@code count} contiguous buckets of (nearly) equal
 * width. Bucket {@code b} holds the steps {@code stepFrom(b) <= s <= stepTo(b)}; all arithmetic is exact integer.
 */
public record BucketGrid(long lo, long hi, int count) {
    public BucketGrid {
        if (hi <= lo) throw new IllegalArgumentException("empty step range [" + lo + ", " + hi + ")");
        if (count < 1) throw new IllegalArgumentException("count < 1");
        if (count > hi - lo) throw new IllegalArgumentException("more buckets than steps");
    }

    /** A grid over the steps {@code first..last} (inclusive) with at most {@code maxBuckets} buckets. */
    public static BucketGrid over(long first, long last, int maxBuckets) {
        long span = last - first + 1;
        return new BucketGrid(first, last + 1, (int) Math.max(1, Math.min(maxBuckets, span)));
    }

    public long span() { return hi - lo; }

    /** First step of bucket b (b may equal count: then hi). */
    public long stepFrom(int b) {
        return lo + Math.floorDiv((long) b * span() + count - 1, count);
    }

    /** Last step (inclusive) of bucket b. */
    public long stepTo(int b) { return stepFrom(b + 1) - 1; }

    /** The bucket of a step, or -1 outside the grid. */
    public int bucketOf(long step) {
        if (step < lo || step >= hi) return -1;
        return (int) (((step - lo) * (long) count) / span());
    }
}
