package dev.gradflow.model.sparse;

import java.util.Arrays;

/**
 * Shape of one weight tensor as the sparsity code sees it: fan-in and fan-out (for a convolution, channels times
 * kernel area) and the dimensions used by ERK ({@code [nIn, nOut]} for dense layers,
 * {@code [out, in, kh, kw]} for convolutions).
 */
public record WeightShape(String name, long fanIn, long fanOut, long[] dims) {
    public long count() {
        return Arrays.stream(dims).reduce(1, (a, b) -> a * b);
    }

    public static WeightShape dense(String name, long nIn, long nOut) {
        return new WeightShape(name, nIn, nOut, new long[]{nIn, nOut});
    }

    /** The ERK score: sum of the dimensions over their product (RigL's Erdos-Renyi-Kernel). */
    double erkScore() {
        double sum = Arrays.stream(dims).sum();
        return sum / count();
    }
}
