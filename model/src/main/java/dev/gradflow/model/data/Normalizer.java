package dev.gradflow.model.data;

/** Scalar normalization helpers. The statistics are one mean and one standard deviation over all values. */
final class Normalizer {
    private Normalizer() {}

    record Stats(double mean, double std) {}

    /** Mean and population standard deviation of all values (std 0 is reported as 1, so scaling stays defined). */
    static Stats stats(float[] values) {
        if (values.length == 0) return new Stats(0, 1);
        double sum = 0;
        for (float v : values) sum += v;
        double mean = sum / values.length;
        double sq = 0;
        for (float v : values) sq += (v - mean) * (v - mean);
        double std = Math.sqrt(sq / values.length);
        return new Stats(mean, std > 0 ? std : 1);
    }

    /** {@code v = (v - offset) / scale} for every value, in place. */
    static void applyInPlace(float[] values, double offset, double scale) {
        for (int i = 0; i < values.length; i++) values[i] = (float) ((values[i] - offset) / scale);
    }
}
