package dev.gradflow.model.spec;

/**
 * One hidden layer of an MLP.
 *
 * @param width      number of units (>= 1)
 * @param activation activation function after the (optionally batch-normalized) affine map
 * @param batchNorm  insert BatchNorm between the affine map and the activation
 * @param dropout    probability of dropping each unit of this layer's output during training, 0 <= p < 1
 */
public record LayerSpec(Integer width, Activation activation, Boolean batchNorm, Double dropout) {
    public LayerSpec {
        if (activation == null) activation = Activation.RELU;
        if (batchNorm == null) batchNorm = false;
        if (dropout == null) dropout = 0.0;
    }

    public static LayerSpec of(int width, Activation activation) {
        return new LayerSpec(width, activation, false, 0.0);
    }

    public LayerSpec withWidth(Integer v) { return new LayerSpec(v, activation, batchNorm, dropout); }
    public LayerSpec withBatchNorm(Boolean v) { return new LayerSpec(width, activation, v, dropout); }
    public LayerSpec withDropout(Double v) { return new LayerSpec(width, activation, batchNorm, v); }
}
