package dev.gradflow.model.train;

import dev.gradflow.model.data.DatasetSplit;
import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.spec.Activation;
import dev.gradflow.model.spec.LayerSpec;
import dev.gradflow.model.spec.OptimizerSpec;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** SReLU: the function, a double-precision gradient check of all its parameters, and training through it. */
class SReLUTest {
    @Test
    void forwardIsTheSShapedFunction() {
        Nd4j.getRandom().setSeed(1);
        MultiLayerNetwork net = net(DataType.FLOAT);
        INDArray p = net.getLayer(1).params();
        var table = net.getLayer(1).paramTable();
        table.get("tl").assign(Nd4j.createFromArray(new float[][]{{-1f, 0f}}));
        table.get("al").assign(Nd4j.createFromArray(new float[][]{{0.1f, 0.5f}}));
        table.get("tr").assign(Nd4j.createFromArray(new float[][]{{1f, 2f}}));
        table.get("ar").assign(Nd4j.createFromArray(new float[][]{{2f, 0.3f}}));
        INDArray w = net.getLayer(0).getParam("W");
        w.assign(Nd4j.eye(2).castTo(DataType.FLOAT));
        double[][] cases = {{-3, 0.5}, {0.5, 3}, {2, -1}};
        for (double[] c : cases) {
            INDArray in = Nd4j.createFromArray(new float[][]{{(float) c[0], (float) c[1]}});
            INDArray h = net.feedForward(in, false).get(2);
            assertThat(h.getDouble(0, 0)).isCloseTo(srelu(c[0], -1, 0.1, 1, 2), within(1e-6));
            assertThat(h.getDouble(0, 1)).isCloseTo(srelu(c[1], 0, 0.5, 2, 0.3), within(1e-6));
        }
        assertThat(p.length()).isEqualTo(8);
    }

    static double srelu(double x, double tl, double al, double tr, double ar) {
        if (x >= tr) return tr + ar * (x - tr);
        if (x <= tl) return tl + al * (x - tl);
        return x;
    }

    private static MultiLayerNetwork net(DataType type) {
        var conf = new NeuralNetConfiguration.Builder().dataType(type).seed(3).updater(new NoOp()).list()
                .layer(new DenseLayer.Builder().nOut(2).activation(org.nd4j.linalg.activations.Activation.IDENTITY).build())
                .layer(new SReLULayer("srelu1", 2))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(2)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /**
     * Backprop against central finite differences of the mean loss, in double precision, for every SReLU parameter
     * and every weight of the layers around it (DL4J's gradient is of the summed loss, so it is divided by the batch).
     * This is the check the earlier SameDiffLayer version failed with exactly 2x (see {@link SReLULayer}).
     */
    @Test
    void gradientCheckInDoublePrecision() {
        Nd4j.getRandom().setSeed(7);
        MultiLayerNetwork net = net(DataType.DOUBLE);
        var t = net.getLayer(1).paramTable();
        // move off the initial a_r = 1 so every parameter has a non-zero gradient
        t.get("ar").assign(Nd4j.createFromArray(new double[][]{{1.5, 0.7}}));
        t.get("tr").assign(Nd4j.createFromArray(new double[][]{{0.3, 0.6}}));
        t.get("tl").assign(Nd4j.createFromArray(new double[][]{{-0.4, -0.2}}));
        INDArray x = Nd4j.rand(DataType.DOUBLE, 12, 2).muli(4).subi(2);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 12, 3);
        for (int i = 0; i < 12; i++) y.putScalar(i, i % 3, 1);
        net.setInput(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        var grads = net.gradient().gradientForVariable();
        org.nd4j.linalg.dataset.DataSet ds = new org.nd4j.linalg.dataset.DataSet(x, y);
        int checked = 0, clearlyNonZero = 0;
        for (String key : List.of("1_tl", "1_al", "1_tr", "1_ar", "0_W", "0_b", "2_W")) {
            double[] numeric = ConvPReLUTest.assertGradientMatchesCentralDifferences(net, ds, grads.get(key), key);
            checked += numeric.length;
            if (key.startsWith("1_")) for (double d : numeric) if (Math.abs(d) > 1e-4) clearlyNonZero++;
        }
        assertThat(checked).isEqualTo(8 + 4 + 2 + 6);
        assertThat(clearlyNonZero).as("SReLU parameters with a clearly non-zero gradient").isGreaterThanOrEqualTo(6);
    }

    @Test
    void trainsInASparseMlpAndIsNeverMasked() {
        var spec = TinySpecs.spec(2, List.of(LayerSpec.of(8, Activation.SRELU), new LayerSpec(8, Activation.SRELU, true, 0.0)),
                TinySpecs.uniform(0.5), TinySpecs.optimizer(OptimizerSpec.Type.ADAM, 0.01, 0, 1e-3, 0), 8, 1, 1, 16);
        DatasetSplit data = TinySpecs.split(48, 12, 5, 3, 1.0, 4);
        Trainer trainer = new Trainer(spec, data);
        SparseNetwork n = trainer.buildNetwork();
        assertThat(n.layers()).extracting(WeightLayer::name).containsExactly("dense1", "dense2", "output");
        assertThat(trainer.run(n, new TrainingObserver() { }, () -> false, true).status()).isEqualTo(RunStatus.FINISHED);
        INDArray al = n.net().getLayer(1).getParam("al");
        assertThat(al.length()).isEqualTo(8);
        assertThat(al.getDouble(0)).isNotEqualTo(SReLULayer.INITIAL_AL);
        // masked weights and their optimizer state stay exactly 0 with SReLU layers in between
        var net = n.net();
        int checked = Exactness.assertMaskedWeightsAndStateZero(n, n.updater(),
                layer -> String.valueOf(java.util.Arrays.asList(net.getLayers()).indexOf(layer)));
        assertThat(checked).isGreaterThanOrEqualTo(n.layers().size());
        // SReLU parameters are not regularized even with L2 on
        assertThat(net.getLayer(1).conf().getLayer().getRegularizationByParam("al")).isEmpty();
    }
}
