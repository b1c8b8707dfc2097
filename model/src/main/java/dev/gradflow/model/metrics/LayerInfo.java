package dev.gradflow.model.metrics;

/**
 * A weight layer of a run: its index (0 = nearest the input), stable name, kind ({@code dense} or {@code conv}),
 * weight tensor shape, and counts of all and of active weights at the start of training.
 */
public record LayerInfo(int index, String name, String kind, long[] shape, long weights, long active) {
}
