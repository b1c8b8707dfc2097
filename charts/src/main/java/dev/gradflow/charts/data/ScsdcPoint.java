package dev.gradflow.charts.data;

/**
 * One trained network of an SC-SDC comparison: its group (e.g. {@code sparse} or {@code dense}), its number of
 * active weights, its seed and the value to plot (e.g. test accuracy).
 */
public record ScsdcPoint(String group, double activeWeights, long seed, double value) {
}
