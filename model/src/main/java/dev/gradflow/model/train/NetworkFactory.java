package dev.gradflow.model.train;

import dev.gradflow.model.sparse.DensityAllocator;
import dev.gradflow.model.sparse.Initializer;
import dev.gradflow.model.sparse.LayerMask;
import dev.gradflow.model.sparse.WeightShape;
import dev.gradflow.model.spec.Activation;
import dev.gradflow.model.spec.ConvBlockSpec;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.LayerSpec;
import dev.gradflow.model.spec.OptimizerSpec;
import dev.gradflow.model.spec.TrainingSpec;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitConstant;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import dev.gradflow.model.train.optim.Optimizers;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import dev.gradflow.model.spec.ArchitectureSpec;
import java.util.Arrays;
import java.util.function.Function;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;

/**
 * Builds the DL4J network for a spec: layers named {@code dense1..denseN, output} (with {@code bn<i>},
 * {@code act<i>}/{@code prelu<i>} around them), random fixed masks drawn from the seed, and initial weights drawn by
 * {@link Initializer} with masked positions exactly 0. Dropout p on hidden layer i is DL4J input dropout (retain
 * 1 - p) on the layer after it. L2 and weight decay apply to weights only, not to biases, BatchNorm or PReLU.
 */
public final class NetworkFactory {
    /** Initial negative slope of PReLU units (PyTorch's default); learnable, never masked. */
    public static final double PRELU_INITIAL_SLOPE = 0.25;

    static {
        OneDnn.enable(); // before any layer is built: DL4J decides on its helpers when a layer is created
    }

    private NetworkFactory() {
    }

    /** Random streams derived from the spec seed, one per purpose, so that changing one never shifts another. */
    public static SplittableRandom stream(long seed, String purpose, int index) {
        long h = seed * 0x9E3779B97F4A7C15L + purpose.hashCode() * 0xC2B2AE3D27D4EB4FL + index * 0x165667B19E3779F9L;
        return new SplittableRandom(h);
    }

    public static SparseNetwork build(ExperimentSpec spec, int inputs, int classes, long totalSteps) {
        return build(spec, new int[]{inputs}, classes, totalSteps);
    }

    /**
     * Builds the network for examples of shape {@code inputShape} ({@code [features]}, or {@code [channels, height,
     * width]} for images; an MLP flattens images).
     */
    public static SparseNetwork build(ExperimentSpec spec, int[] inputShape, int classes, long totalSteps) {
        return instantiate(spec, blueprint(spec, inputShape, classes, totalSteps));
    }

    /**
     * The network's configuration and its weight layers, without allocating or initializing any parameter: what
     * {@link #build} instantiates, and what {@link NetworkSummary} reads.
     */
    static Blueprint blueprint(ExperimentSpec spec, int[] inputShape, int classes, long totalSteps) {
        int inputs = Arrays.stream(inputShape).reduce(1, (a, b) -> a * b);
        ArchitectureSpec arch = spec.architecture();
        if (arch.type() == ArchitectureSpec.Type.RESIDUAL_MLP) return residualBlueprint(spec, inputs, classes, totalSteps);
        if (arch.type() == ArchitectureSpec.Type.RESIDUAL_CNN) return residualCnnBlueprint(spec, inputShape, classes, totalSteps);
        boolean cnn = arch.type() == ArchitectureSpec.Type.CNN;
        LayerStack stack = new LayerStack(baseConfig(spec, totalSteps).list(), weightRegularization(spec.optimizer()));
        int nIn = cnn ? addConvBlocks(stack, arch, inputShape) : inputs;
        boolean[] sparseKernels = sparseKernelLayers(spec, nIn, classes);
        double dropout = 0;
        for (int i = 0; i < arch.layers().size(); i++) {
            LayerSpec l = arch.layers().get(i);
            addDenseLayer(stack, l, i + 1, nIn, dropout, sparseKernels[i]);
            nIn = l.width();
            dropout = l.dropout();
        }
        stack.addWeightLayer(WeightShape.dense("output", nIn, classes), "dense", withDropout(
                new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("output").nOut(classes)
                        .activation(new ActivationSoftmax()), dropout));
        InputType input = cnn ? InputType.convolutionalFlat(inputShape[1], inputShape[2], inputShape[0])
                : InputType.feedForward(inputs);
        stack.list.setInputType(input);
        return new Blueprint(stack.list.build(), null, input, stack.shapes, stack.kinds, stack.keys);
    }

    /**
     * A network before its parameters exist: a {@link MultiLayerConfiguration} ({@code layers}) or a
     * {@link ComputationGraphConfiguration} ({@code graph}), the input type, and the masked weight layers in order
     * (shape, kind, DL4J parameter-key prefix: the layer index or the vertex name).
     */
    record Blueprint(MultiLayerConfiguration layers, ComputationGraphConfiguration graph, InputType input,
                     List<WeightShape> shapes, List<String> kinds, List<String> keyPrefixes) {
    }

    /**
     * Allocates and initializes the blueprint's network, then draws its masks and initial weights; layers on sparse
     * kernels ({@link SparseDenseLayer}) get their masks.
     */
    static SparseNetwork instantiate(ExperimentSpec spec, Blueprint b) {
        if (b.layers() != null) {
            MultiLayerNetwork net = new MultiLayerNetwork(b.layers());
            net.init();
            List<WeightLayer> weightLayers = masked(spec, b.shapes(), b.kinds(), b.keyPrefixes(), net::getParam);
            for (int w = 0; w < weightLayers.size(); w++) {
                if (net.getLayer(Integer.parseInt(b.keyPrefixes().get(w))) instanceof SparseDenseLayer.Impl impl) {
                    impl.setMask(weightLayers.get(w).mask().values());
                }
            }
            return new SparseNetwork(net, weightLayers);
        }
        ComputationGraph net = new ComputationGraph(b.graph());
        net.init();
        return new SparseNetwork(net, masked(spec, b.shapes(), b.kinds(), b.keyPrefixes(), net::getParam));
    }

    /** The layers of a MultiLayerNetwork being built, with the masked weight layers among them. */
    private static final class LayerStack {
        final NeuralNetConfiguration.ListBuilder list;
        final List<Regularization> regs;
        final List<WeightShape> shapes = new ArrayList<>();
        final List<String> kinds = new ArrayList<>();
        /** Parameter key prefixes of the weight layers: their layer index. */
        final List<String> keys = new ArrayList<>();
        int next;

        LayerStack(NeuralNetConfiguration.ListBuilder list, List<Regularization> regs) {
            this.list = list;
            this.regs = regs;
        }

        void add(org.deeplearning4j.nn.conf.layers.Layer layer) {
            list.layer(next++, layer);
        }

        void addWeightLayer(WeightShape shape, String kind, BaseLayer.Builder<?> layer) {
            shapes.add(shape);
            kinds.add(kind);
            keys.add(String.valueOf(next));
            regularizeWeights(layer, regs);
            add(layer.build());
        }

        /** The activation after a weight layer (and its BatchNorm), when it is a layer of its own. */
        void addActivation(String prefix, Activation a, boolean afterBatchNorm, long units, int n) {
            next = NetworkFactory.addActivation(list, next, prefix, a, afterBatchNorm, new long[]{units}, n);
        }
    }

    private static <B extends BaseLayer.Builder<?>> B withDropout(B layer, double dropout) {
        if (dropout > 0) layer.dropOut(new Dropout(1 - dropout));
        return layer;
    }

    /**
     * The activation function inside a weight layer: the identity when the activation is a layer of its own (after
     * BatchNorm, or PReLU/SReLU with parameters), else the function itself.
     */
    private static IActivation inLayerActivation(Activation a, boolean batchNorm) {
        return batchNorm || separateActivation(a) ? new ActivationIdentity() : activation(a).getActivationFunction();
    }

    /**
     * Hidden layer n: dense (with the input dropout left by the layer before; sparse kernels over its active weights
     * when {@code sparseKernels}), optional BatchNorm, activation.
     */
    private static void addDenseLayer(LayerStack stack, LayerSpec l, int n, int nIn, double dropout, boolean sparseKernels) {
        IActivation act = inLayerActivation(l.activation(), l.batchNorm());
        FeedForwardLayer.Builder<?> dense = sparseKernels
                ? new SparseDenseLayer.Builder().name("dense" + n).nOut(l.width()).activation(act)
                : new DenseLayer.Builder().name("dense" + n).nOut(l.width()).activation(act);
        stack.addWeightLayer(WeightShape.dense("dense" + n, nIn, l.width()), "dense", withDropout(dense, dropout));
        if (l.batchNorm()) stack.add(new BatchNormalization.Builder().name("bn" + n).nOut(l.width()).build());
        stack.addActivation("", l.activation(), l.batchNorm(), l.width(), n);
    }

    /** The convolutional blocks and the optional global pooling of a CNN; returns the width of the flattened output. */
    private static int addConvBlocks(LayerStack stack, ArchitectureSpec arch, int[] inputShape) {
        if (inputShape.length != 3) {
            throw new IllegalArgumentException("architecture.type cnn needs image data of shape [channels, height, width];"
                    + " this dataset's examples have shape " + Arrays.toString(inputShape));
        }
        int[] chw = inputShape.clone();
        for (int i = 0; i < arch.blocks().size(); i++) addConvBlock(stack, arch.blocks().get(i), i, chw);
        if (arch.globalPooling() == ConvBlockSpec.Pooling.NONE) return chw[0] * chw[1] * chw[2];
        stack.add(new GlobalPoolingLayer.Builder(poolingType(arch.globalPooling())).name("globalpool").build());
        return chw[0];
    }

    /** Block i: convolution, optional BatchNorm, activation, optional pooling; {@code chw} becomes its output shape. */
    private static void addConvBlock(LayerStack stack, ConvBlockSpec b, int i, int[] chw) {
        String name = "conv" + (i + 1);
        int k = b.kernel(), c = chw[0];
        ConvolutionLayer.Builder conv = new ConvolutionLayer.Builder(k, k).name(name).nOut(b.filters())
                .stride(b.stride(), b.stride())
                .convolutionMode(b.same() ? ConvolutionMode.Same : ConvolutionMode.Truncate)
                .activation(inLayerActivation(b.activation(), b.batchNorm()));
        if (!b.same()) conv.padding(b.padding(), b.padding());
        stack.addWeightLayer(new WeightShape(name, (long) c * k * k, (long) b.filters() * k * k,
                new long[]{b.filters(), c, k, k}), "conv", conv);
        int h = chw[1], w = chw[2];
        if (b.same()) {
            h = (h + b.stride() - 1) / b.stride();
            w = (w + b.stride() - 1) / b.stride();
        } else {
            h = (h + 2 * b.padding() - k) / b.stride() + 1;
            w = (w + 2 * b.padding() - k) / b.stride() + 1;
        }
        c = b.filters();
        if (h < 1 || w < 1) {
            throw new IllegalArgumentException("architecture.blocks[" + i + "]: the convolution leaves no output "
                    + "(input too small for kernel " + k + ")");
        }
        if (b.batchNorm()) stack.add(new BatchNormalization.Builder().name(name + "_bn").nOut(c).build());
        stack.next = addActivation(stack.list, stack.next, name + "_", b.activation(), b.batchNorm(), new long[]{c, h, w}, c);
        if (b.pooling() != ConvBlockSpec.Pooling.NONE) {
            if (b.poolSize() > h || b.poolSize() > w) {
                throw new IllegalArgumentException("architecture.blocks[" + i + "].poolSize: " + b.poolSize()
                        + " is larger than the " + h + "x" + w + " feature map it would pool");
            }
            stack.add(new SubsamplingLayer.Builder(poolingType(b.pooling())).name("pool" + (i + 1))
                    .kernelSize(b.poolSize(), b.poolSize()).stride(b.poolSize(), b.poolSize())
                    .convolutionMode(ConvolutionMode.Truncate).build());
            h /= b.poolSize();
            w /= b.poolSize();
        }
        chw[0] = c;
        chw[1] = h;
        chw[2] = w;
    }

    /**
     * {@code auto} kernels: a hidden layer of an MLP trains with sparse kernels when its density is at most this
     * (chosen from the density curve in docs/performance.md, "Sparse kernels").
     */
    public static final double AUTO_SPARSE_MAX_DENSITY = 0.05;

    /**
     * Which hidden layers of an MLP train with sparse kernels ({@link SparseDenseLayer}): none for other
     * architectures, with pruning or dynamic sparsity (masks change) or with {@code kernels: dense}; every hidden
     * layer with {@code kernels: sparse}; with {@code auto}, the hidden layers of density at most
     * {@link #AUTO_SPARSE_MAX_DENSITY}. The output layer always uses DL4J's dense kernels.
     */
    static boolean[] sparseKernelLayers(ExperimentSpec spec, int inputs, int classes) {
        ArchitectureSpec arch = spec.architecture();
        boolean[] out = new boolean[arch.layers().size()];
        var mode = spec.training().kernelMode();
        if (arch.type() != ArchitectureSpec.Type.MLP || mode == TrainingSpec.Kernels.DENSE
                || spec.sparsity().pruning() != null || spec.sparsity().dynamic() != null) {
            return out;
        }
        List<WeightShape> shapes = new ArrayList<>();
        long nIn = inputs;
        for (int i = 0; i < out.length; i++) {
            shapes.add(WeightShape.dense("dense" + (i + 1), nIn, arch.layers().get(i).width()));
            nIn = arch.layers().get(i).width();
        }
        shapes.add(WeightShape.dense("output", nIn, classes));
        double[] densities = DensityAllocator.allocate(spec.sparsity(), shapes);
        for (int i = 0; i < out.length; i++) {
            out[i] = mode == TrainingSpec.Kernels.SPARSE || densities[i] <= AUTO_SPARSE_MAX_DENSITY;
        }
        return out;
    }

    /**
     * A residual MLP as a DL4J ComputationGraph. Hidden layer 1 is a plain layer (input width to its width); each
     * hidden layer i >= 2 computes {@code h_i = act(bn(W_i h_{i-1} + b_i)) + skip(h_{i-1})}, added after the
     * activation by an ElementWiseVertex {@code add<i>}; skip is the identity when the widths match and otherwise a
     * masked linear projection {@code proj<i>} (weights and bias; a weight layer like any other, listed right after
     * {@code dense<i>}). Graph parameter keys are {@code <layer name>_W}.
     */
    static SparseNetwork buildResidual(ExperimentSpec spec, int inputs, int classes, long totalSteps) {
        return instantiate(spec, residualBlueprint(spec, inputs, classes, totalSteps));
    }

    static Blueprint residualBlueprint(ExperimentSpec spec, int inputs, int classes, long totalSteps) {
        List<LayerSpec> hidden = spec.architecture().layers();
        List<Regularization> regs = weightRegularization(spec.optimizer());
        var g = baseConfig(spec, totalSteps).graphBuilder().addInputs("input")
                .setInputTypes(InputType.feedForward(inputs));
        List<WeightShape> shapes = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        List<String> names = new ArrayList<>();
        String prev = "input";
        int prevWidth = inputs;
        for (int i = 0; i < hidden.size(); i++) {
            LayerSpec l = hidden.get(i);
            int n = i + 1;
            String name = "dense" + n;
            shapes.add(WeightShape.dense(name, prevWidth, l.width()));
            kinds.add("dense");
            names.add(name);
            DenseLayer.Builder dense = new DenseLayer.Builder().nOut(l.width())
                    .activation(inLayerActivation(l.activation(), l.batchNorm()));
            regularizeWeights(dense, regs);
            g.addLayer(name, dense.build(), prev);
            String cur = name;
            if (l.batchNorm()) {
                g.addLayer("bn" + n, new BatchNormalization.Builder().nOut(l.width()).build(), cur);
                cur = "bn" + n;
            }
            if (l.activation() == Activation.PRELU) {
                g.addLayer("prelu" + n, new ChannelPReLULayer("prelu" + n, l.width()), cur);
                cur = "prelu" + n;
            } else if (l.activation() == Activation.SRELU) {
                g.addLayer("srelu" + n, new SReLULayer("srelu" + n, l.width()), cur);
                cur = "srelu" + n;
            } else if (l.batchNorm()) {
                g.addLayer("act" + n, new ActivationLayer.Builder()
                        .activation(activation(l.activation()).getActivationFunction()).build(), cur);
                cur = "act" + n;
            }
            if (n >= 2) {
                String skip = prev;
                if (prevWidth != l.width()) {
                    skip = "proj" + n;
                    shapes.add(WeightShape.dense(skip, prevWidth, l.width()));
                    kinds.add("projection");
                    names.add(skip);
                    DenseLayer.Builder proj = new DenseLayer.Builder().nOut(l.width())
                            .activation(new ActivationIdentity());
                    regularizeWeights(proj, regs);
                    g.addLayer(skip, proj.build(), prev);
                }
                g.addVertex("add" + n, new ElementWiseVertex(ElementWiseVertex.Op.Add), cur, skip);
                cur = "add" + n;
            }
            prev = cur;
            prevWidth = l.width();
        }
        shapes.add(WeightShape.dense("output", prevWidth, classes));
        kinds.add("dense");
        names.add("output");
        OutputLayer.Builder out = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                .activation(new ActivationSoftmax());
        regularizeWeights(out, regs);
        g.addLayer("output", out.build(), prev);
        g.setOutputs("output");
        return new Blueprint(null, g.build(), InputType.feedForward(inputs), shapes, kinds, names);
    }

    /**
     * A small Wide-ResNet-style network as a DL4J ComputationGraph (NCHW). {@code stem}: 3x3 convolution to
     * {@code baseChannels}. Then for each stage s = 1..stages and block b = 1..blocksPerStage (prefix
     * {@code p = s<s>b<b>}), a pre-activation basic block:
     * {@code a = act(bn1(x)); out = conv2(act(bn2(conv1(a)))) + skip}, where conv1 is 3x3 with stride 2 in the first
     * block of stages after the first (else 1), conv2 is 3x3 stride 1, and skip is x itself when channels and size are
     * unchanged, otherwise the masked 1x1 convolution {@code <p>proj} (with conv1's stride) applied to {@code a} (as in
     * the reference WRN code). Stage s has {@code baseChannels * widthFactor * 2^(s-1)} channels. After the last
     * block: {@code bn}, {@code act}, global average pooling {@code globalpool}, then {@code output}. All convolutions
     * use "same" padding and have a bias; every convolution is a masked weight layer (kernel-shaped mask), listed as
     * stem, then per block conv1, conv2, proj, then output. Non-weight layers: {@code <p>bn1, <p>act1, <p>bn2, <p>act2,
     * <p>add}.
     */
    static SparseNetwork buildResidualCnn(ExperimentSpec spec, int[] inputShape, int classes, long totalSteps) {
        return instantiate(spec, residualCnnBlueprint(spec, inputShape, classes, totalSteps));
    }

    static Blueprint residualCnnBlueprint(ExperimentSpec spec, int[] inputShape, int classes, long totalSteps) {
        var arch = spec.architecture();
        if (inputShape.length != 3) {
            throw new IllegalArgumentException("architecture.type residual-cnn needs image data of shape [channels, height, width];"
                    + " this dataset's examples have shape " + Arrays.toString(inputShape));
        }
        int c = inputShape[0];
        List<Regularization> regs = weightRegularization(spec.optimizer());
        var g = baseConfig(spec, totalSteps).graphBuilder().addInputs("input")
                .setInputTypes(InputType.convolutionalFlat(inputShape[1], inputShape[2], c));
        List<WeightShape> shapes = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Activation act = arch.activation();
        int base = arch.baseChannels();
        addConv(g, regs, shapes, kinds, names, "stem", "conv", c, base, 3, 1, "input");
        String prev = "stem";
        c = base;
        for (int s = 1; s <= arch.stages(); s++) {
            int width = arch.stageChannels(s);
            for (int b = 1; b <= arch.blocksPerStage(); b++) {
                String p = "s" + s + "b" + b;
                int stride = s > 1 && b == 1 ? 2 : 1;
                g.addLayer(p + "bn1", new BatchNormalization.Builder().nOut(c).build(), prev);
                String a = addGraphActivation(g, p + "act1", act, c, p + "bn1");
                addConv(g, regs, shapes, kinds, names, p + "conv1", "conv", c, width, 3, stride, a);
                g.addLayer(p + "bn2", new BatchNormalization.Builder().nOut(width).build(), p + "conv1");
                String a2 = addGraphActivation(g, p + "act2", act, width, p + "bn2");
                addConv(g, regs, shapes, kinds, names, p + "conv2", "conv", width, width, 3, 1, a2);
                String skip = prev;
                if (c != width || stride != 1) {
                    skip = p + "proj";
                    addConv(g, regs, shapes, kinds, names, skip, "projection", c, width, 1, stride, a);
                }
                g.addVertex(p + "add", new ElementWiseVertex(ElementWiseVertex.Op.Add), p + "conv2", skip);
                prev = p + "add";
                c = width;
            }
        }
        g.addLayer("bn", new BatchNormalization.Builder().nOut(c).build(), prev);
        String last = addGraphActivation(g, "act", act, c, "bn");
        g.addLayer("globalpool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), last);
        shapes.add(WeightShape.dense("output", c, classes));
        kinds.add("dense");
        names.add("output");
        OutputLayer.Builder out = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                .activation(new ActivationSoftmax());
        regularizeWeights(out, regs);
        g.addLayer("output", out.build(), "globalpool");
        g.setOutputs("output");
        return new Blueprint(null, g.build(), InputType.convolutionalFlat(inputShape[1], inputShape[2], inputShape[0]),
                shapes, kinds, names);
    }

    private static void addConv(ComputationGraphConfiguration.GraphBuilder g,
                                List<Regularization> regs, List<WeightShape> shapes, List<String> kinds, List<String> names, String name,
                                String kind, int in, int out, int k, int stride, String input) {
        shapes.add(new WeightShape(name, (long) in * k * k, (long) out * k * k, new long[]{out, in, k, k}));
        kinds.add(kind);
        names.add(name);
        ConvolutionLayer.Builder conv = new ConvolutionLayer.Builder(k, k).nOut(out).stride(stride, stride)
                .convolutionMode(ConvolutionMode.Same)
                .activation(new ActivationIdentity());
        regularizeWeights(conv, regs);
        g.addLayer(name, conv.build(), input);
    }

    /** An activation layer in a graph on [minibatch, channels, h, w]: per-channel PReLU or a fixed function. */
    private static String addGraphActivation(ComputationGraphConfiguration.GraphBuilder g,
                                             String name, Activation a, int channels, String input) {
        if (a == Activation.PRELU) {
            g.addLayer(name, new ChannelPReLULayer(name, channels), input);
        } else {
            g.addLayer(name, new ActivationLayer.Builder().activation(activation(a).getActivationFunction()).build(), input);
        }
        return name;
    }

    /** Draws the masks and initial weights of every weight layer and sets them into the network's parameters. */
    static List<WeightLayer> masked(ExperimentSpec spec, List<WeightShape> shapes, List<String> kinds,
                                    List<String> keyPrefixes, Function<String, INDArray> param) {
        double[] densities = DensityAllocator.allocate(spec.sparsity(), shapes);
        List<WeightLayer> layers = new ArrayList<>();
        for (int w = 0; w < shapes.size(); w++) {
            WeightShape shape = shapes.get(w);
            LayerMask mask = LayerMask.random(shape, densities[w], stream(spec.seed(), "mask", w));
            float[] init = Initializer.draw(spec.init(), w, mask, stream(spec.seed(), "init", w));
            String key = keyPrefixes.get(w) + "_W";
            INDArray weights = param.apply(key);
            weights.assign(Nd4j.create(init, shape.dims(), 'c'));
            WeightLayer layer = new WeightLayer(w, shape.name(), key, keyPrefixes.get(w) + "_b", kinds.get(w), mask, null);
            layer.setMask(mask, weights);
            layers.add(layer);
        }
        return layers;
    }

    static boolean separateActivation(Activation a) {
        return a == Activation.PRELU || a == Activation.SRELU;
    }

    /**
     * Adds the activation after a (batch-normalized) affine map or convolution: a PReLU layer ({@link ChannelPReLULayer}:
     * one slope per unit, or per channel shared over height and width), or an activation layer when BatchNorm sits
     * between. Returns the next
     * layer index.
     */
    private static int addActivation(NeuralNetConfiguration.ListBuilder list, int idx,
                                     String prefix, Activation a, boolean afterBatchNorm, long[] shape, int n) {
        String suffix = prefix.isEmpty() ? String.valueOf(n) : "";
        if (a == Activation.PRELU) {
            // one slope per unit (dense) or per channel (convolutional); not DL4J's PReLULayer, whose native
            // backward pass (prelu_bp) refuses inputs longer than 64 times the slope count, i.e. minibatches over 64
            list.layer(idx++, new ChannelPReLULayer(prefix + "prelu" + suffix, shape[0]));
        } else if (a == Activation.SRELU) {
            list.layer(idx++, new SReLULayer(prefix + "srelu" + suffix, shape[0]));
        } else if (afterBatchNorm) {
            list.layer(idx++, new ActivationLayer.Builder().name(prefix + "act" + suffix)
                    .activation(activation(a).getActivationFunction()).build());
        }
        return idx;
    }

    private static PoolingType poolingType(ConvBlockSpec.Pooling p) {
        return p == ConvBlockSpec.Pooling.MAX ? PoolingType.MAX : PoolingType.AVG;
    }

    /**
     * The regularization of every masked weight parameter (never biases, BatchNorm, PReLU or SReLU parameters), each
     * at most once: L2 ({@code g <- g + l2 * w} on the masked mean gradient, before the optimizer) and decoupled weight
     * decay ({@code w <- w - lr_t * weightDecay * w} beside the optimizer step, lr_t the scheduled rate), as in
     * docs/spec.md.
     */
    static List<Regularization> weightRegularization(OptimizerSpec opt) {
        List<Regularization> out = new ArrayList<>();
        if (opt.l2() > 0) out.add(new L2Regularization(opt.l2()));
        if (opt.weightDecay() > 0) out.add(new WeightDecay(opt.weightDecay(), true));
        return List.copyOf(out);
    }

    /** Sets a weight layer's regularization explicitly: {@code regs} on its weights, none on its bias. */
    private static void regularizeWeights(BaseLayer.Builder<?> b, List<Regularization> regs) {
        b.regularization(new ArrayList<>(regs));
        b.regularizationBias(new ArrayList<>());
    }

    static NeuralNetConfiguration.Builder baseConfig(ExperimentSpec spec, long totalSteps) {
        OptimizerSpec opt = spec.optimizer();
        LearningRateSchedule schedule = new LearningRateSchedule(opt.schedule(), opt.learningRate(), totalSteps);

        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(spec.seed())
                .dataType(DataType.FLOAT)
                .updater(updater(opt, schedule))
                .weightInit(WeightInit.ZERO)
                .biasInit(0.0)
                // No network-wide regularization: it is set on each weight layer's builder (regularizeWeights), so
                // nothing else (biases, BatchNorm, PReLU/SReLU) is regularized and nothing twice.
                .regularization(List.of())
                .regularizationBias(List.of())
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED);
        switch (opt.clipping()) {
            case NORM -> base.gradientNormalization(GradientNormalization.ClipL2PerLayer)
                    .gradientNormalizationThreshold(opt.clipThreshold());
            case VALUE -> base.gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                    .gradientNormalizationThreshold(opt.clipThreshold());
            case NONE -> { }
        }
        return base;
    }

    /** DL4J's activation function for a spec activation (its {@code Activation} enum shares the spec enum's name). */
    static org.nd4j.linalg.activations.Activation activation(Activation a) {
        return switch (a) {
            case RELU -> org.nd4j.linalg.activations.Activation.RELU;
            case LEAKY_RELU -> org.nd4j.linalg.activations.Activation.LEAKYRELU;
            case PRELU -> throw new IllegalArgumentException("prelu is a layer, not an activation function");
            case SRELU -> throw new IllegalArgumentException("srelu is a layer, not an activation function");
            case ELU -> org.nd4j.linalg.activations.Activation.ELU;
            case SELU -> org.nd4j.linalg.activations.Activation.SELU;
            case SWISH -> org.nd4j.linalg.activations.Activation.SWISH;
            case GELU -> org.nd4j.linalg.activations.Activation.GELU;
            case SOFTPLUS -> org.nd4j.linalg.activations.Activation.SOFTPLUS;
            case TANH -> org.nd4j.linalg.activations.Activation.TANH;
            case SIGMOID -> org.nd4j.linalg.activations.Activation.SIGMOID;
            case IDENTITY -> org.nd4j.linalg.activations.Activation.IDENTITY;
        };
    }

    /** The spec's optimizer rule ({@link Optimizers}), its learning rate given by {@code lr} at every step. */
    static IUpdater updater(OptimizerSpec o, LearningRateSchedule lr) {
        return Optimizers.of(o, lr);
    }
}
