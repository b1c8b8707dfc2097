package dev.gradflow.model.train;

import dev.gradflow.model.sparse.DensityAllocator;
import dev.gradflow.model.sparse.LayerMask;
import dev.gradflow.model.sparse.WeightShape;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.ShapeRules;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The network a spec trains, described without training it and without allocating its parameters: every layer in
 * order with its kind, output shape, parameter count and (for masked weight layers) weights and active weights.
 * It reads the same configuration {@link NetworkFactory#build} instantiates ({@link NetworkFactory#blueprint}), so the
 * layers, shapes and counts are the engine's own: output shapes are DL4J's {@code InputType} arithmetic, parameter
 * counts DL4J's {@code numParams} of each layer, densities those of {@link DensityAllocator} and active weights
 * {@link LayerMask#activeCount} (the count {@link LayerMask#random} draws).
 *
 * @param inputShape  shape of one example: [features] or [channels, height, width]
 * @param classes     classes of the output layer
 * @param layers      every layer (and graph vertex such as a residual {@code add}), input to output
 * @param params      all parameters of the network (DL4J's count: weights, biases, BatchNorm gamma, beta and running
 *                    mean and variance, PReLU/SReLU parameters)
 * @param weights     entries of the masked weight tensors (convolution kernels, dense and projection weights, output)
 * @param active      active (unmasked) weights at initialization
 */
public record NetworkSummary(int[] inputShape, int classes, List<Layer> layers, long params, long weights,
                             long active) {

    /**
     * One layer.
     *
     * @param name        the layer's name in the engine (e.g. {@code conv1}, {@code conv1_bn}, {@code pool1},
     *                    {@code s1b1add}, {@code output}); weight layers have the names used in the store
     * @param kind        {@code conv}, {@code dense}, {@code output}, {@code batchnorm}, {@code activation},
     *                    {@code prelu}, {@code srelu}, {@code pooling}, {@code global pooling}, {@code add} or
     *                    {@code other}; a 1x1 residual projection is {@code projection}
     * @param outputShape shape of one example's output: [units] or [channels, height, width]
     * @param params      parameters of the layer (0 for activations, pooling and vertices)
     * @param weights     entries of the layer's masked weight tensor, 0 if it has none
     * @param density     the density the engine allocates to that tensor (1 for layers without one)
     * @param active      active weights: round(density x weights), at least 1 (0 without a weight tensor)
     * @param weightShape the weight tensor's shape ([nIn, nOut] dense, [filters, inChannels, k, k] convolution), or
     *                    empty
     */
    public record Layer(String name, String kind, long[] outputShape, long params, long weights, double density,
                        long active, long[] weightShape) {
        public boolean isWeightLayer() { return weights > 0; }
    }

    /** Bias, BatchNorm and activation parameters: everything that is not a masked weight. */
    public long otherParams() { return params - weights; }

    /** Overall density of the weight layers: active / weights. */
    public double density() { return weights == 0 ? 1.0 : (double) active / weights; }

    /** Weight layers only, in the engine's order (the order of {@code sparsity.layerDensities}). */
    public List<Layer> weightLayers() { return layers.stream().filter(Layer::isWeightLayer).toList(); }

    /**
     * The summary of a spec whose dataset has a fixed shape (every id but {@code idx}).
     *
     * @throws IllegalArgumentException when the input shape is known only once the data is read ({@code idx}), or
     *                                  the spec cannot be built (invalid specs: validate first)
     */
    public static NetworkSummary of(ExperimentSpec spec) {
        int[] shape = ShapeRules.knownInputShape(spec.dataset());
        Integer classes = ShapeRules.knownClasses(spec.dataset());
        if (shape == null || classes == null) {
            throw new IllegalArgumentException("dataset " + spec.dataset().id().id()
                    + ": the input shape is known only once the files are read");
        }
        return of(spec, shape, classes);
    }

    /** The summary of a spec for examples of shape {@code inputShape} and {@code classes} classes. */
    public static NetworkSummary of(ExperimentSpec spec, int[] inputShape, int classes) {
        NetworkFactory.Blueprint b = NetworkFactory.blueprint(spec, inputShape, classes, 1);
        double[] densities = DensityAllocator.allocate(spec.sparsity(), b.shapes());
        Map<String, Integer> weightIndex = new HashMap<>();
        for (int w = 0; w < b.keyPrefixes().size(); w++) weightIndex.put(b.keyPrefixes().get(w), w);
        List<Layer> out = new ArrayList<>();
        if (b.layers() != null) {
            MultiLayerConfiguration conf = b.layers();
            List<InputType> types = conf.getLayerActivationTypes(b.input());
            for (int i = 0; i < conf.getConfs().size(); i++) {
                NeuralNetConfiguration c = conf.getConf(i);
                Layer row = row(c.getLayer().getLayerName(), c.getLayer(), types.get(i),
                        c.getLayer().initializer().numParams(c), weightIndex.get(String.valueOf(i)), b, densities);
                out.add(row);
            }
        } else {
            ComputationGraphConfiguration conf = b.graph();
            Map<String, InputType> types = conf.getLayerActivationTypes(b.input());
            for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
                GraphVertex v = e.getValue();
                org.deeplearning4j.nn.conf.layers.Layer layer = v instanceof LayerVertex lv ? lv.getLayerConf().getLayer() : null;
                String kind = layer != null ? null : v instanceof ElementWiseVertex ? "add" : "other";
                Layer row = row(e.getKey(), layer, types.get(e.getKey()), v.numParams(true),
                        weightIndex.get(e.getKey()), b, densities);
                out.add(kind == null ? row : new Layer(row.name(), kind, row.outputShape(), row.params(), row.weights(),
                        row.density(), row.active(), row.weightShape()));
            }
        }
        long params = 0, weights = 0, active = 0;
        for (Layer l : out) {
            params += l.params();
            weights += l.weights();
            active += l.active();
        }
        return new NetworkSummary(inputShape.clone(), classes, List.copyOf(out), params, weights, active);
    }

    private static Layer row(String name, org.deeplearning4j.nn.conf.layers.Layer layer, InputType type, long params,
                             Integer w, NetworkFactory.Blueprint b, double[] densities) {
        long[] shape = type.getShape(false);
        if (w == null) {
            return new Layer(name, kindOf(layer), shape, params, 0, 1.0, 0, new long[0]);
        }
        WeightShape ws = b.shapes().get(w);
        String kind = "projection".equals(b.kinds().get(w)) ? "projection" : kindOf(layer);
        return new Layer(ws.name(), kind, shape, params, ws.count(), densities[w],
                LayerMask.activeCount(ws.count(), densities[w]), ws.dims().clone());
    }

    private static String kindOf(org.deeplearning4j.nn.conf.layers.Layer l) {
        if (l == null) return "other";
        if (l instanceof OutputLayer) return "output";
        if (l instanceof ConvolutionLayer) return "conv";
        if (l instanceof DenseLayer) return "dense";
        if (l instanceof BatchNormalization) return "batchnorm";
        if (l instanceof ActivationLayer) return "activation";
        if (l instanceof ChannelPReLULayer) return "prelu";
        if (l instanceof SReLULayer) return "srelu";
        if (l instanceof SubsamplingLayer) return "pooling";
        if (l instanceof GlobalPoolingLayer) return "global pooling";
        return "other";
    }

    /** A shape as text: {@code 32x16x16} or {@code 10}. */
    public static String shapeText(long[] shape) {
        StringBuilder b = new StringBuilder();
        for (long d : shape) b.append(b.isEmpty() ? "" : "x").append(d);
        return b.toString();
    }
}
