package dev.gradflow.app.design;

import dev.gradflow.model.sparse.DensityAllocator;
import dev.gradflow.model.sparse.WeightShape;
import dev.gradflow.model.spec.DatasetSpec;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.LayerSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Size of a designed network without building it: weight layers (hidden layers then the output layer), their
 * densities as the engine will allocate them, and the approximate forward cost (2 FLOPs per active weight).
 */
public record SpecSummary(long inputs, int classes, List<Layer> layers, long totalWeights, long activeWeights) {

    public record Layer(String name, long nIn, long nOut, long weights, double density, long active) {
    }

    public long flopsPerExample() { return 2 * activeWeights; }

    public double density() { return totalWeights == 0 ? 0 : (double) activeWeights / totalWeights; }

    public static SpecSummary of(ExperimentSpec spec) {
        long in = inputsOf(spec.dataset());
        int classes = classesOf(spec.dataset());
        List<WeightShape> shapes = new ArrayList<>();
        long prev = in;
        int i = 1;
        for (LayerSpec l : spec.architecture().layers()) {
            long w = l.width() == null ? 0 : Math.max(0, l.width());
            shapes.add(WeightShape.dense("dense" + i++, prev, w));
            prev = w;
        }
        shapes.add(WeightShape.dense("output", prev, classes));
        double[] d;
        try {
            d = DensityAllocator.allocate(spec.sparsity(), shapes);
        } catch (RuntimeException e) {
            d = new double[shapes.size()];
            Arrays.fill(d, spec.sparsity().density());
        }
        List<Layer> layers = new ArrayList<>();
        long total = 0, active = 0;
        for (int k = 0; k < shapes.size(); k++) {
            WeightShape s = shapes.get(k);
            long count = s.count();
            long a = Math.round(d[k] * count);
            layers.add(new Layer(s.name(), s.fanIn(), s.fanOut(), count, d[k], a));
            total += count;
            active += a;
        }
        return new SpecSummary(in, classes, List.copyOf(layers), total, active);
    }

    static long inputsOf(DatasetSpec ds) {
        return switch (ds.id()) {
            case FASHION_MNIST, FASHION_MNIST_SAMPLE, IDX -> 784;
            case CIFAR10, CIFAR100 -> 3072;
            case SPIRALS, CIRCLES, XOR, BLOBS -> 2;
        };
    }

    static int classesOf(DatasetSpec ds) {
        return switch (ds.id()) {
            case FASHION_MNIST, FASHION_MNIST_SAMPLE, IDX, CIFAR10 -> 10;
            case CIFAR100 -> ds.labels() == DatasetSpec.CifarLabels.COARSE ? 20 : 100;
            case XOR, CIRCLES -> 2;
            case SPIRALS, BLOBS -> ds.classes();
        };
    }
}
