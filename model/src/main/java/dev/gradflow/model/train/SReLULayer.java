package dev.gradflow.model.train;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.List;

/**
 * S-shaped ReLU (Jin et al. 2016, "Deep Learning with S-shaped Rectified Linear Activation Units"), per unit, with
 * learnable thresholds t_l, t_r and slopes a_l, a_r:
 * f(x) = t_r + a_r (x - t_r) for x >= t_r; x for t_l < x < t_r; t_l + a_l (x - t_l) for x <= t_l.
 * Computed as x + (a_r - 1) relu(x - t_r) - (a_l - 1) relu(t_l - x), which is the same function.
 * <p>
 * Initialization: t_l = 0, a_l = 0.2, t_r = 1, a_r = 1. The paper freezes the parameters for the first epochs with
 * a_l = 0.2 and a_r = 1 (a leaky ReLU) and then sets t_r from the input statistics; here the parameters learn from
 * the start and t_r starts at 1 (with a_r = 1 it does not change the initial function, which is a leaky ReLU with
 * slope 0.2). The four parameters are never masked, never L2-regularized or weight-decayed, and not part of any
 * gradient-flow measure.
 * <p>
 * A native DL4J layer with a hand-written backward pass, deliberately not a {@code SameDiffLayer}: in DL4J
 * 1.0.0-M2.1 a SameDiffLayer's gradient function adds the external-errors placeholder {@code <output>-grad} to itself
 * ({@code add_1 = add(<output>-grad, <output>-grad)}: the placeholder carries the name SameDiff gives to the
 * accumulated gradient of the layer output, so the incoming error is counted twice), which doubles every parameter
 * gradient of the layer and the error passed to the layers below. See {@code SReLUTest}.
 * Input: [minibatch, units] (dense activations only).
 */
public final class SReLULayer extends UnmaskedParamLayer {
    public static final double INITIAL_TL = 0, INITIAL_AL = 0.2, INITIAL_TR = 1, INITIAL_AR = 1;
    public static final List<String> KEYS = List.of("tl", "al", "tr", "ar");
    private long units;

    public SReLULayer() {
    }

    public SReLULayer(String name, long units) {
        this.units = units;
        setLayerName(name);
    }

    public long getUnits() { return units; }

    public void setUnits(long units) { this.units = units; }

    @Override
    List<String> keys() { return KEYS; }

    @Override
    long size() { return units; }

    @Override
    double initialValue(String key) {
        return switch (key) {
            case "tl" -> INITIAL_TL;
            case "al" -> INITIAL_AL;
            case "tr" -> INITIAL_TR;
            case "ar" -> INITIAL_AR;
            default -> throw new IllegalArgumentException("no SReLU parameter " + key);
        };
    }

    @Override
    org.deeplearning4j.nn.layers.BaseLayer<?> newImpl(NeuralNetConfiguration conf, DataType dataType) {
        return new Impl(conf, dataType);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (units == 0 || override) units = inputType.arrayElementsPerExample();
    }

    /** The layer: forward f(x) as above, backward with the exact (sub)gradients, summed over the minibatch. */
    static final class Impl extends org.deeplearning4j.nn.layers.BaseLayer<SReLULayer> {
        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public boolean isPretrainLayer() { return false; }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
            assertInputSet(false);
            INDArray x = input.castTo(dataType);
            INDArray right = Transforms.relu(x.subRowVector(getParam("tr")), false).muliRowVector(getParam("ar").sub(1.0));
            INDArray left = Transforms.relu(x.rsubRowVector(getParam("tl")), false).muliRowVector(getParam("al").sub(1.0));
            INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, x.shape(), 'c');
            out.assign(x.add(right).subi(left));
            return out;
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
            assertInputSet(true);
            INDArray x = input.castTo(dataType);
            INDArray eps = epsilon.castTo(dataType);
            INDArray tl = getParam("tl"), al = getParam("al"), tr = getParam("tr"), ar = getParam("ar");
            INDArray dr = x.subRowVector(tr);                  // x - t_r
            INDArray dl = x.rsubRowVector(tl);                 // t_l - x
            INDArray onRight = dr.gt(0).castTo(dataType);      // x > t_r
            INDArray onLeft = dl.gt(0).castTo(dataType);       // x < t_l
            INDArray epsRight = eps.mul(onRight), epsLeft = eps.mul(onLeft);
            // df/dt_r = 1 - a_r and df/da_r = x - t_r on the right; df/dt_l = 1 - a_l and df/da_l = x - t_l on the left
            gradientViews.get("tr").assign(epsRight.sum(true, 0).muliRowVector(ar.rsub(1.0)));
            gradientViews.get("ar").assign(eps.mul(Transforms.relu(dr, true)).sum(true, 0));
            gradientViews.get("tl").assign(epsLeft.sum(true, 0).muliRowVector(al.rsub(1.0)));
            gradientViews.get("al").assign(eps.mul(Transforms.relu(dl, true)).sum(true, 0).negi());
            // df/dx = 1 + (a_r - 1)[x > t_r] + (a_l - 1)[x < t_l]
            INDArray dx = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'c');
            dx.assign(eps.add(epsRight.muliRowVector(ar.sub(1.0))).addi(epsLeft.muliRowVector(al.sub(1.0))));
            Gradient g = new DefaultGradient();
            for (String k : KEYS) g.setGradientFor(k, gradientViews.get(k), 'c');
            return new Pair<>(g, dx);
        }
    }
}
