package dev.gradflow.model.train;

import dev.gradflow.model.sparse.DensityAllocator;
import dev.gradflow.model.sparse.Initializer;
import dev.gradflow.model.sparse.LayerMask;
import dev.gradflow.model.sparse.WeightShape;
import dev.gradflow.model.spec.Activation;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.LayerSpec;
import dev.gradflow.model.spec.OptimizerSpec;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PReLULayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.weights.WeightInitConstant;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.AMSGrad;
import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.AdaMax;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nadam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds the DL4J network for a spec: layers named {@code dense1..denseN, output} (with {@code bn<i>},
 * {@code act<i>}/{@code prelu<i>} around them), random fixed masks drawn from the seed, and initial weights drawn by
 * {@link Initializer} with masked positions exactly 0. Dropout p on hidden layer i is DL4J input dropout (retain
 * 1 - p) on the layer after it. L2 and weight decay apply to weights only, not to biases, BatchNorm or PReLU.
 */
public final class NetworkFactory {
    /** Initial negative slope of PReLU units (PyTorch's default); learnable, never masked. */
    public static final double PRELU_INITIAL_SLOPE = 0.25;

    private NetworkFactory() {
    }

    /** Random streams derived from the spec seed, one per purpose, so that changing one never shifts another. */
    public static SplittableRandom stream(long seed, String purpose, int index) {
        long h = seed * 0x9E3779B97F4A7C15L + purpose.hashCode() * 0xC2B2AE3D27D4EB4FL + index * 0x165667B19E3779F9L;
        return new SplittableRandom(h);
    }

    public static SparseNetwork build(ExperimentSpec spec, int inputs, int classes, long totalSteps) {
        List<LayerSpec> hidden = spec.architecture().layers();
        List<WeightShape> shapes = new ArrayList<>();
        int nIn = inputs;
        for (int i = 0; i < hidden.size(); i++) {
            shapes.add(WeightShape.dense("dense" + (i + 1), nIn, hidden.get(i).width()));
            nIn = hidden.get(i).width();
        }
        shapes.add(WeightShape.dense("output", nIn, classes));
        double[] densities = DensityAllocator.allocate(spec.sparsity(), shapes);

        OptimizerSpec opt = spec.optimizer();
        LearningRateSchedule schedule = new LearningRateSchedule(opt.schedule(), opt.learningRate(), totalSteps);
        List<Regularization> regularization = new ArrayList<>();
        if (opt.l2() > 0) regularization.add(new L2Regularization(opt.l2()));
        if (opt.weightDecay() > 0) regularization.add(new WeightDecay(opt.weightDecay(), true));

        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(spec.seed())
                .dataType(DataType.FLOAT)
                .updater(updater(opt, schedule))
                .weightInit(WeightInit.ZERO)
                .biasInit(0.0)
                .regularization(regularization)
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
        var list = base.list();
        List<Integer> weightLayerIndex = new ArrayList<>();
        int idx = 0;
        double pendingDropout = 0;
        for (int i = 0; i < hidden.size(); i++) {
            LayerSpec l = hidden.get(i);
            int n = i + 1;
            boolean separateActivation = l.batchNorm() || l.activation() == Activation.PRELU;
            DenseLayer.Builder dense = new DenseLayer.Builder().name("dense" + n).nOut(l.width())
                    .activation(separateActivation ? org.nd4j.linalg.activations.Activation.IDENTITY.getActivationFunction()
                            : activation(l.activation()).getActivationFunction());
            if (pendingDropout > 0) dense.dropOut(new Dropout(1 - pendingDropout));
            weightLayerIndex.add(idx);
            list.layer(idx++, dense.build());
            if (l.batchNorm()) {
                list.layer(idx++, new BatchNormalization.Builder().name("bn" + n).nOut(l.width()).build());
            }
            if (l.activation() == Activation.PRELU) {
                list.layer(idx++, new PReLULayer.Builder().name("prelu" + n).inputShape(l.width())
                        .weightInit(new WeightInitConstant(PRELU_INITIAL_SLOPE)).build());
            } else if (l.batchNorm()) {
                list.layer(idx++, new ActivationLayer.Builder().name("act" + n)
                        .activation(activation(l.activation()).getActivationFunction()).build());
            }
            pendingDropout = l.dropout();
        }
        OutputLayer.Builder out = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("output").nOut(classes)
                .activation(org.nd4j.linalg.activations.Activation.SOFTMAX);
        if (pendingDropout > 0) out.dropOut(new Dropout(1 - pendingDropout));
        weightLayerIndex.add(idx);
        list.layer(idx, out.build());
        list.setInputType(InputType.feedForward(inputs));

        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();

        List<WeightLayer> layers = new ArrayList<>();
        for (int w = 0; w < shapes.size(); w++) {
            WeightShape shape = shapes.get(w);
            LayerMask mask = LayerMask.random(shape, densities[w], stream(spec.seed(), "mask", w));
            float[] init = Initializer.draw(spec.init(), w, mask, stream(spec.seed(), "init", w));
            String key = weightLayerIndex.get(w) + "_W";
            INDArray weights = net.getParam(key);
            weights.assign(Nd4j.create(init, shape.dims(), 'c'));
            WeightLayer layer = new WeightLayer(w, shape.name(), key, weightLayerIndex.get(w) + "_b", "dense", mask, null);
            layer.setMask(mask, weights);
            layers.add(layer);
        }
        return new SparseNetwork(net, layers);
    }

    static org.nd4j.linalg.activations.Activation activation(Activation a) {
        return switch (a) {
            case RELU -> org.nd4j.linalg.activations.Activation.RELU;
            case LEAKY_RELU -> org.nd4j.linalg.activations.Activation.LEAKYRELU;
            case PRELU -> throw new IllegalArgumentException("prelu is a layer, not an activation function");
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

    static IUpdater updater(OptimizerSpec o, LearningRateSchedule lr) {
        return switch (o.type()) {
            case SGD -> new Sgd(lr);
            case MOMENTUM -> new HeavyBallMomentum(o.learningRate(), lr, o.momentum());
            case NESTEROV -> new Nesterovs(lr, o.momentum());
            case ADAGRAD -> AdaGrad.builder().learningRateSchedule(lr).epsilon(o.epsilon()).build();
            case ADAM, ADAMW -> Adam.builder().learningRateSchedule(lr).beta1(o.beta1()).beta2(o.beta2()).epsilon(o.epsilon()).build();
            case RMSPROP -> RmsProp.builder().learningRateSchedule(lr).rmsDecay(o.rmsDecay()).epsilon(o.epsilon()).build();
            case ADAMAX -> {
                AdaMax a = new AdaMax(lr);
                a.setBeta1(o.beta1());
                a.setBeta2(o.beta2());
                a.setEpsilon(o.epsilon());
                yield a;
            }
            case NADAM -> Nadam.builder().learningRateSchedule(lr).beta1(o.beta1()).beta2(o.beta2()).epsilon(o.epsilon()).build();
            case AMSGRAD -> AMSGrad.builder().learningRateSchedule(lr).beta1(o.beta1()).beta2(o.beta2()).epsilon(o.epsilon()).build();
            case ADADELTA -> AdaDelta.builder().rho(o.rmsDecay()).epsilon(o.epsilon()).build();
        };
    }
}
