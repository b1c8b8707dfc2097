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
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.List;

/**
 * PReLU with one learnable slope per channel, shared over height and width (PyTorch's {@code PReLU(num_parameters=C)}):
 * f(x) = x for x > 0, alpha_c x otherwise, on NCHW activations [minibatch, channels, height, width] (or
 * [minibatch, channels]). Slopes start at {@link NetworkFactory#PRELU_INITIAL_SLOPE}, are never masked, never
 * L2-regularized or weight-decayed, and not part of any gradient-flow measure.
 * <p>
 * A native DL4J layer with a hand-written backward pass: DL4J 1.0.0-M2.1's {@code PReLULayer} with
 * {@code sharedAxes(2, 3)} fails in backprop on convolutional activations. Parameter key {@code alpha}, shape [1, C].
 */
public final class ChannelPReLULayer extends UnmaskedParamLayer {
    public static final String KEY = "alpha";
    private long channels;

    public ChannelPReLULayer() {
    }

    public ChannelPReLULayer(String name, long channels) {
        this.channels = channels;
        setLayerName(name);
    }

    public long getChannels() { return channels; }

    public void setChannels(long channels) { this.channels = channels; }

    @Override
    List<String> keys() { return List.of(KEY); }

    @Override
    long size() { return channels; }

    @Override
    double initialValue(String key) {
        return NetworkFactory.PRELU_INITIAL_SLOPE;
    }

    @Override
    org.deeplearning4j.nn.layers.BaseLayer<?> newImpl(NeuralNetConfiguration conf, DataType dataType) {
        return new Impl(conf, dataType);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (channels != 0 && !override) return;
        if (inputType instanceof InputType.InputTypeConvolutional c) channels = c.getChannels();
        else channels = inputType.arrayElementsPerExample();
    }

    /** Forward max(x, 0) + alpha_c min(x, 0); backward with the exact (sub)gradients, summed over the minibatch. */
    static final class Impl extends org.deeplearning4j.nn.layers.BaseLayer<ChannelPReLULayer> {
        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public boolean isPretrainLayer() { return false; }

        private INDArray alpha() {
            INDArray a = getParam(KEY);
            return a.reshape(a.length());
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
            assertInputSet(false);
            INDArray x = input.castTo(dataType);
            INDArray neg = Transforms.min(x, 0.0, true);
            INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, dataType, x.shape(), 'c');
            Broadcast.mul(neg, alpha(), out, 1);
            out.addi(Transforms.max(x, 0.0, true));
            return out;
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
            assertInputSet(true);
            INDArray x = input.castTo(dataType);
            INDArray eps = epsilon.castTo(dataType);
            INDArray neg = Transforms.min(x, 0.0, true);
            // d loss / d alpha_c = sum over examples and positions of eps * min(x, 0)
            int[] others = x.rank() == 4 ? new int[]{0, 2, 3} : new int[]{0};
            INDArray dAlpha = eps.mul(neg).sum(others);
            gradientViews.get(KEY).assign(dAlpha.reshape(1, dAlpha.length()));
            // d f / d x = 1 for x > 0, alpha_c otherwise
            INDArray onNeg = x.lte(0).castTo(dataType);
            INDArray slope = onNeg.ulike();
            Broadcast.mul(onNeg, alpha().sub(1.0), slope, 1);
            slope.addi(1.0);
            INDArray dx = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, x.shape(), 'c');
            dx.assign(eps.mul(slope));
            Gradient g = new DefaultGradient();
            g.setGradientFor(KEY, gradientViews.get(KEY), 'c');
            return new Pair<>(g, dx);
        }
    }
}
