package dev.gradflow.model.train;

import dev.gradflow.model.sparse.LayerMask;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A masked weight layer of a built network: its index among weight layers, stable name, the DL4J parameter keys
 * of its weight and bias, its mask (as 0/1 values and as an array in the weight view's order), and kind.
 */
public final class WeightLayer {
    final int index;
    final String name;
    final String weightKey;
    final String biasKey;
    final String kind;
    LayerMask mask;
    INDArray maskArray; // null when dense (no masking needed)
    int[] activeIndices; // linear indices of active weights in the weight view's memory order; null when dense
    float[] maskFlat; // the mask as 0/1 in the weight view's memory order; null when dense

    WeightLayer(int index, String name, String weightKey, String biasKey, String kind, LayerMask mask, INDArray maskArray) {
        this.index = index;
        this.name = name;
        this.weightKey = weightKey;
        this.biasKey = biasKey;
        this.kind = kind;
        this.mask = mask;
        this.maskArray = maskArray;
    }

    /** Sets the mask (at build time, or when pruning changes it), keeping the derived arrays in step. */
    void setMask(LayerMask newMask, INDArray weights) {
        this.mask = newMask;
        if (newMask.isDense()) {
            this.maskArray = null;
            this.activeIndices = null;
            this.maskFlat = null;
        } else {
            this.maskArray = Nd4j.create(newMask.values(), newMask.shape().dims(), 'c')
                    .castTo(weights.dataType()).dup(weights.ordering());
            this.activeIndices = FlatNorms.activeIndices(newMask.values(), newMask.shape().dims(), weights.ordering(), newMask.active());
            float[] flat = new float[Math.toIntExact(newMask.count())];
            for (int k : activeIndices) flat[k] = 1f;
            this.maskFlat = flat;
        }
    }

    public int index() { return index; }
    public String name() { return name; }
    public String kind() { return kind; }
    public LayerMask mask() { return mask; }
    public String weightKey() { return weightKey; }
    public String biasKey() { return biasKey; }
}
