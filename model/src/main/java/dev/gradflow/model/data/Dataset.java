package dev.gradflow.model.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * An in-memory labelled dataset: {@code size()} examples, each a flat float vector of
 * {@code featureCount()} values laid out row-major in {@link #features()}, plus an integer class label.
 * {@link #shape()} gives the per-example tensor shape (e.g. {@code [1, 28, 28]} for Fashion-MNIST,
 * {@code [3, 32, 32]} for CIFAR, {@code [2]} for 2-D synthetic sets); its product equals {@code featureCount()}.
 * Instances are treated as immutable: never write into the arrays you get back.
 */
public final class Dataset {
    private final String name;
    private final float[] features;
    private final int[] labels;
    private final int[] shape;
    private final int numClasses;
    private final int featureCount;

    public Dataset(String name, float[] features, int[] labels, int[] shape, int numClasses) {
        this.name = Objects.requireNonNull(name);
        this.features = Objects.requireNonNull(features);
        this.labels = Objects.requireNonNull(labels);
        this.shape = shape.clone();
        this.numClasses = numClasses;
        this.featureCount = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        if ((long) featureCount * labels.length != features.length) {
            throw new IllegalArgumentException("dataset " + name + ": " + features.length + " feature values do not fit "
                    + labels.length + " examples of shape " + Arrays.toString(shape));
        }
        for (int label : labels) {
            if (label < 0 || label >= numClasses) {
                throw new IllegalArgumentException("dataset " + name + ": label " + label + " outside 0.." + (numClasses - 1));
            }
        }
    }

    public String name() { return name; }
    public float[] features() { return features; }
    public int[] labels() { return labels; }
    public int[] shape() { return shape.clone(); }
    public int numClasses() { return numClasses; }
    public int featureCount() { return featureCount; }
    public int size() { return labels.length; }

    /** The examples at the given indices, in that order. */
    public Dataset subset(String newName, int[] indices) {
        float[] f = new float[indices.length * featureCount];
        int[] l = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(features, indices[i] * featureCount, f, i * featureCount, featureCount);
            l[i] = labels[indices[i]];
        }
        return new Dataset(newName, f, l, shape, numClasses);
    }

    /**
     * A seeded class-stratified subset of at most {@code n} examples (each class keeps its share), in the original
     * order; this dataset itself when {@code n >= size()}.
     */
    public Dataset stratifiedSubset(int n, long seed) {
        if (n >= size()) return this;
        return subset(name, StratifiedSampler.sample(labels, numClasses, n, seed));
    }

    /** The first {@code n} examples (or all, if fewer). */
    public Dataset head(int n) {
        int m = Math.min(n, size());
        int[] idx = new int[m];
        for (int i = 0; i < m; i++) idx[i] = i;
        return subset(name, idx);
    }
}
