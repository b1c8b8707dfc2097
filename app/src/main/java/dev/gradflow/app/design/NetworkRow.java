package dev.gradflow.app.design;

import dev.gradflow.model.train.NetworkSummary;

/**
 * One layer of the engine's network as the design view shows it (views do not see the engine's train package): the
 * texts and counts of a {@link NetworkSummary.Layer}.
 *
 * @param name        the engine's layer name ({@code conv1}, {@code pool1}, {@code output}, ...)
 * @param kind        conv, dense, output, batchnorm, activation, prelu, srelu, pooling, global pooling, add, projection
 * @param output      one example's output shape, e.g. {@code 32x16x16}
 * @param params      parameters of the layer (weights, biases, BatchNorm, PReLU)
 * @param weights     entries of its masked weight tensor (0 if none)
 * @param density     density the engine allocates to that tensor
 * @param active      active weights
 * @param weightShape the weight tensor's shape: {@code 784 x 256} (dense, in x out) or {@code 32x3x3x3} (kernel)
 */
public record NetworkRow(String name, String kind, String output, long params, long weights, double density,
                         long active, String weightShape) {

    public boolean isWeightLayer() { return weights > 0; }

    static NetworkRow of(NetworkSummary.Layer l) {
        long[] w = l.weightShape();
        String ws = w.length == 2 ? w[0] + " x " + w[1] : NetworkSummary.shapeText(w);
        return new NetworkRow(l.name(), l.kind(), NetworkSummary.shapeText(l.outputShape()), l.params(), l.weights(),
                l.density(), l.active(), ws);
    }
}
