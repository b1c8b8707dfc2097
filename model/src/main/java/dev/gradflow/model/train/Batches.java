package dev.gradflow.model.train;

import dev.gradflow.model.data.Dataset;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import java.util.SplittableRandom;

/** Copies examples of a dataset into reusable feature and one-hot label arrays. */
final class Batches {
    private Batches() {
    }

    static INDArray features(Dataset d, int[] order, int from, int count) {
        return features(d, order, from, count, null, null);
    }

    /** A training minibatch, augmented (on a copy; the dataset is never changed) when {@code augmenter} is active. */
    static INDArray features(Dataset d, int[] order, int from, int count, Augmenter augmenter,
                             SplittableRandom rng) {
        int f = d.featureCount();
        float[] src = d.features();
        float[] buf = new float[count * f];
        for (int i = 0; i < count; i++) {
            System.arraycopy(src, order[from + i] * f, buf, i * f, f);
        }
        if (augmenter != null && augmenter.active()) augmenter.apply(buf, count, rng);
        return Nd4j.create(buf, new long[]{count, f}, 'c');
    }

    static INDArray labels(Dataset d, int[] order, int from, int count) {
        int c = d.numClasses();
        float[] buf = new float[count * c];
        int[] labels = d.labels();
        for (int i = 0; i < count; i++) buf[i * c + labels[order[from + i]]] = 1f;
        return Nd4j.create(buf, new long[]{count, c}, 'c');
    }

    static int[] identity(int n) {
        int[] o = new int[n];
        for (int i = 0; i < n; i++) o[i] = i;
        return o;
    }

    static INDArray all(Dataset d) {
        return features(d, identity(d.size()), 0, d.size()).castTo(DataType.FLOAT);
    }
}
