package dev.gradflow.model.train;

import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.spec.Activation;
import dev.gradflow.model.spec.ConvBlockSpec;
import dev.gradflow.model.spec.ConvBlockSpec.Pooling;
import dev.gradflow.model.spec.ExperimentSpec;
import dev.gradflow.model.spec.LayerSpec;
import dev.gradflow.model.spec.OptimizerSpec;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** PReLU on convolutional blocks: per-channel slopes, gradient check in double precision, exact sparsity. */
class ConvPReLUTest {
    private static MultiLayerNetwork tinyNet() {
        var conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).seed(5).updater(new NoOp())
                .weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(3).convolutionMode(ConvolutionMode.Same)
                        .activation(org.nd4j.linalg.activations.Activation.IDENTITY).build())
                .layer(new ChannelPReLULayer("conv1_prelu", 3))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(4, 4, 2)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @Test
    void forwardIsPReLUWithOneSlopePerChannel() {
        MultiLayerNetwork net = tinyNet();
        INDArray alpha = net.getParam("1_alpha");
        assertThat(alpha.shape()).containsExactly(1, 3);
        assertThat(alpha.toDoubleVector()).containsOnly(NetworkFactory.PRELU_INITIAL_SLOPE);
        alpha.assign(Nd4j.createFromArray(new double[][]{{0.1, 0.5, -0.3}}));
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 32).subi(0.5);
        var acts = net.feedForward(x, false);
        INDArray z = acts.get(1), a = acts.get(2);
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < 4; i++) {
                    for (int j = 0; j < 4; j++) {
                        double v = z.getDouble(n, c, i, j);
                        double expected = v > 0 ? v : alpha.getDouble(0, c) * v;
                        assertThat(a.getDouble(n, c, i, j)).isCloseTo(expected, within(1e-12));
                    }
                }
            }
        }
    }

    /** Backprop against central differences of the mean loss for every slope, kernel weight and bias. */
    @Test
    void gradientCheckInDoublePrecision() {
        Nd4j.getRandom().setSeed(11);
        MultiLayerNetwork net = tinyNet();
        net.getParam("1_alpha").assign(Nd4j.createFromArray(new double[][]{{0.1, 0.5, 1.4}}));
        INDArray x = Nd4j.rand(DataType.DOUBLE, 6, 32).muli(2).subi(1);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 6, 3);
        for (int i = 0; i < 6; i++) y.putScalar(i, i % 3, 1);
        net.setInput(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        var grads = net.gradient().gradientForVariable();
        var ds = new org.nd4j.linalg.dataset.DataSet(x, y);
        int checked = 0, slopesNonZero = 0;
        for (String key : List.of("1_alpha", "0_W", "0_b", "2_W", "2_b")) {
            double[] numeric = assertGradientMatchesCentralDifferences(net, ds, grads.get(key), key);
            checked += numeric.length;
            if (key.equals("1_alpha")) for (double d : numeric) if (Math.abs(d) > 1e-4) slopesNonZero++;
        }
        assertThat(checked).isEqualTo(3 + 3 * 2 * 9 + 3 + 48 * 3 + 3);
        assertThat(slopesNonZero).isEqualTo(3);
    }

    /**
     * Every element of parameter {@code key}: the network's summed-over-examples gradient {@code gradient}, divided by
     * the number of examples, against central differences (h = 1e-6) of the mean loss on {@code ds}, to
     * 1e-7 + 1e-5 |numeric|. Returns the numeric derivatives.
     */
    static double[] assertGradientMatchesCentralDifferences(MultiLayerNetwork net, org.nd4j.linalg.dataset.DataSet ds,
                                                          INDArray gradient, String key) {
        assertThat(gradient).as(key).isNotNull();
        INDArray param = net.getParam(key);
        long examples = ds.getFeatures().size(0);
        double[] numeric = new double[(int) param.length()];
        for (int j = 0; j < numeric.length; j++) {
            double orig = param.getDouble(j), h = 1e-6;
            param.putScalar(j, orig + h);
            double up = net.score(ds, true);
            param.putScalar(j, orig - h);
            double down = net.score(ds, true);
            param.putScalar(j, orig);
            numeric[j] = (up - down) / (2 * h);
            assertThat(gradient.getDouble(j) / examples).as("d loss / d %s[%d]", key, j)
                    .isCloseTo(numeric[j], within(1e-7 + 1e-5 * Math.abs(numeric[j])));
        }
        return numeric;
    }

    @Test
    void trainsOnConvBlocksWithMaskedKernelsAndStateExactlyZero() {
        ExperimentSpec s = ConvNetTest.spec(List.of(new ConvBlockSpec(4, 3, 1, true, 0, Activation.PRELU, true, Pooling.MAX, 2),
                        new ConvBlockSpec(4, 2, 1, true, 0, Activation.PRELU, false, Pooling.NONE, null)),
                List.of(LayerSpec.of(6, Activation.PRELU)), TinySpecs.optimizer(OptimizerSpec.Type.ADAM, 0.01, 0.9, 1e-3, 0), 0.3);
        assertThat(dev.gradflow.model.spec.SpecIO.parse(dev.gradflow.model.spec.SpecIO.toJson(s), "t")).isEqualTo(s);
        Trainer t = new Trainer(s, ConvNetTest.images());
        SparseNetwork n = t.buildNetwork();
        MultiLayerNetwork net = n.net();
        assertThat(net.getLayer(2).conf().getLayer().getLayerName()).isEqualTo("conv1_prelu");
        assertThat(net.getLayer(2).getParam("alpha").length()).isEqualTo(4);
        assertThat(t.run(n, new TrainingObserver() { }, () -> false, true).status()).isEqualTo(RunStatus.FINISHED);
        INDArray alpha = net.getLayer(2).getParam("alpha");
        assertThat(alpha.getDouble(0)).isNotEqualTo(NetworkFactory.PRELU_INITIAL_SLOPE);
        // never regularized although L2 is on
        assertThat(net.getLayer(2).conf().getLayer().getRegularizationByParam("alpha")).isEmpty();
        int checked = Exactness.assertMaskedWeightsAndStateZero(n, n.updater(),
                layer -> String.valueOf(Arrays.asList(net.getLayers()).indexOf(layer)));
        assertThat(checked).isGreaterThanOrEqualTo(n.layers().size());
    }

    /**
     * Dense PReLU (one slope per unit) against central differences, on a minibatch of 100 > 64: DL4J's own
     * PReLULayer (used for dense layers before) fails there in its native prelu_bp ("the length of input array should
     * be no more than SD_MAX_RANK*2 times the alpha array length"), so dense PReLU runs with batches or evaluation sets
     * over 64 examples crashed.
     */
    @Test
    void densePReLUGradientIsRightOnMinibatchesOver64() {
        Nd4j.getRandom().setSeed(13);
        var conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).seed(5).updater(new NoOp())
                .weightInit(WeightInit.XAVIER).list()
                .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nOut(3)
                        .activation(org.nd4j.linalg.activations.Activation.IDENTITY).build())
                .layer(new ChannelPReLULayer("prelu1", 3))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(4)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.getParam("1_alpha").assign(Nd4j.createFromArray(new double[][]{{0.1, 0.5, 1.4}}));
        int n = 100;
        INDArray x = Nd4j.rand(DataType.DOUBLE, n, 4).muli(2).subi(1);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, n, 2);
        for (int i = 0; i < n; i++) y.putScalar(i, i % 2, 1);
        net.setInput(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        var grads = net.gradient().gradientForVariable();
        var ds = new org.nd4j.linalg.dataset.DataSet(x, y);
        for (String key : List.of("1_alpha", "0_W", "0_b")) assertGradientMatchesCentralDifferences(net, ds, grads.get(key), key);
    }

    @Test
    void denseMlpWithPReLUTrainsWithMinibatchAndEvaluationSetOver64() {
        ExperimentSpec base = TinySpecs.spec(3, List.of(LayerSpec.of(6, Activation.PRELU)), TinySpecs.uniform(0.5),
                TinySpecs.optimizer(OptimizerSpec.Type.SGD, 0.05, 0, 0, 0), 80, 2, 3, 96);
        Trainer t = new Trainer(base, new dev.gradflow.model.data.DatasetSplit(AugmentationTest.images("train", 160, 4, 3, 1),
                AugmentationTest.images("test", 20, 4, 3, 2), "x", "synthetic"));
        SparseNetwork n = t.buildNetwork();
        TinySpecs.Recorder rec = new TinySpecs.Recorder();
        assertThat(t.run(n, rec, () -> false, true).status()).isEqualTo(RunStatus.FINISHED);
        assertThat(rec.evals).hasSize(3);
    }
}
