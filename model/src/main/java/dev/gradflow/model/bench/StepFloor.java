package dev.gradflow.model.bench;

import dev.gradflow.model.train.SparseNetwork;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;

/**
 * The floor of a training step (docs/performance.md, "Floor"): the time of the same step's matrix multiplications and
 * convolutions done alone with ND4J, outputs preallocated. Dense layers (hidden and output): forward
 * {@code A_l = A_{l-1} W_l}, weight gradient {@code dW_l = A_{l-1}^T dZ_l} and, unless the layer reads the network's
 * input, the input gradient {@code dA_{l-1} = dZ_l W_l^T}, all with {@code Nd4j.gemm}. Convolutions (plain 2-D, NCHW):
 * libnd4j's {@code conv2d} forward and {@code conv2d_bp} (input and weight gradients; it computes the input gradient
 * of the first layer too, which makes this floor slightly high there). Everything else (bias, activations, pooling,
 * batch normalization, loss, optimizer) is not part of the floor.
 */
final class StepFloor {
    /**
     * {@code seconds}: the smaller of the two ways of doing the convolutions: libnd4j's conv2d ops
     * ({@code convOpSeconds}) or the matrix multiplications of convolution lowered to GEMM ({@code loweredSeconds}:
     * per layer, with M = batch x output pixels, K = kernel height x width x input channels, N = output channels,
     * forward (M x K)(K x N), weight gradient (K x M)(M x N), input gradient (M x N)(N x K), without im2col/col2im).
     * Without convolutions the two are the same gemm calls.
     */
    record Result(double seconds, double convOpSeconds, double loweredSeconds, List<String> kernels, List<String> skipped) { }

    private StepFloor() {
    }

    static Result measure(SparseNetwork network, Map<String, long[]> inputShapes, int[] dataShape, int batch) {
        List<Runnable> ops = new ArrayList<>();
        List<Runnable> lowered = new ArrayList<>();
        List<String> kernels = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        boolean graph = network.isGraph();
        Layer[] layers = graph ? network.graph().getLayers() : network.net().getLayers();
        Map<String, List<String>> vertexInputs = graph ? network.graph().getConfiguration().getVertexInputs() : Map.of();
        List<String> networkInputs = graph ? network.graph().getConfiguration().getNetworkInputs() : List.of();
        for (Layer layer : layers) {
            var conf = layer.conf().getLayer();
            String name = conf.getLayerName();
            String inputKey;
            boolean readsInput;
            if (graph) {
                List<String> in = vertexInputs.get(name);
                inputKey = in == null || in.isEmpty() ? null : in.get(0);
                readsInput = inputKey != null && networkInputs.contains(inputKey);
            } else {
                inputKey = "#" + layer.getIndex();
                readsInput = layer.getIndex() == 0;
            }
            if (conf.getClass() == ConvolutionLayer.class) {
                ConvolutionLayer c = (ConvolutionLayer) conf;
                long[] x = inputKey == null ? null : inputShapes.get(inputKey);
                // A layer reading the flat network input sees it reshaped to the examples' (channels, height, width).
                if (readsInput && dataShape.length == 3 && (x == null || x.length == 2)) {
                    x = new long[]{batch, dataShape[0], dataShape[1], dataShape[2]};
                }
                if (x == null || x.length != 4) {
                    skipped.add(name + " (input shape unknown)");
                    continue;
                }
                long[] xs = {batch, x[1], x[2], x[3]};
                ops.add(conv(c, xs));
                long[] o = outputSize(c, xs);
                lowered.add(dense((int) (batch * o[0] * o[1]), (int) (c.getKernelSize()[0] * c.getKernelSize()[1] * x[1]),
                        (int) c.getNOut(), !readsInput));
                kernels.add(String.format("conv2d %s %dx%d %d->%d on %dx%d", name, c.getKernelSize()[0], c.getKernelSize()[1],
                        c.getNIn(), c.getNOut(), x[2], x[3]));
            } else if (conf instanceof DenseLayer || conf instanceof BaseOutputLayer) {
                var d = (FeedForwardLayer) conf;
                Runnable g = dense(batch, (int) d.getNIn(), (int) d.getNOut(), !readsInput);
                ops.add(g);
                lowered.add(g);
                kernels.add(String.format("gemm %s %dx%d->%d", name, batch, d.getNIn(), d.getNOut()));
            } else if (layer.numParams() > 0 && !(conf instanceof BatchNormalization)) {
                skipped.add(name + " (" + conf.getClass().getSimpleName() + ")");
            }
        }
        double convOps = time(() -> {
            for (Runnable r : ops) r.run();
        });
        double gemms = ops.size() == lowered.size() && ops.equals(lowered) ? convOps : time(() -> {
            for (Runnable r : lowered) r.run();
        });
        return new Result(Math.min(convOps, gemms), convOps, gemms, kernels, skipped);
    }

    /** Forward, weight gradient and (if {@code inputGradient}) input gradient of one dense layer; returns the op. */
    static Runnable dense(int batch, int nIn, int nOut, boolean inputGradient) {
        INDArray a = Nd4j.rand(DataType.FLOAT, batch, nIn);
        INDArray w = Nd4j.rand(DataType.FLOAT, nIn, nOut).dup('f');
        INDArray z = Nd4j.create(DataType.FLOAT, batch, nOut);
        INDArray dz = Nd4j.rand(DataType.FLOAT, batch, nOut);
        INDArray dw = Nd4j.create(DataType.FLOAT, new long[]{nIn, nOut}, 'f');
        INDArray da = Nd4j.create(DataType.FLOAT, batch, nIn);
        return () -> {
            Nd4j.gemm(a, w, z, false, false, 1.0, 0.0);
            Nd4j.gemm(a, dz, dw, true, false, 1.0, 0.0);
            if (inputGradient) Nd4j.gemm(dz, w, da, false, true, 1.0, 0.0);
        };
    }

    /** libnd4j conv2d forward and conv2d_bp of one layer (NCHW input, weights [kH, kW, iC, oC], no bias). */
    static Runnable conv(ConvolutionLayer c, long[] xShape) {
        int[] k = c.getKernelSize(), s = c.getStride(), p = c.getPadding(), d = c.getDilation();
        boolean same = c.getConvolutionMode() == ConvolutionMode.Same;
        long[] o = outputSize(c, xShape);
        long oh = o[0], ow = o[1];
        long oc = c.getNOut();
        INDArray x = Nd4j.rand(DataType.FLOAT, xShape);
        INDArray w = Nd4j.rand(DataType.FLOAT, k[0], k[1], xShape[1], oc);
        INDArray out = Nd4j.create(DataType.FLOAT, xShape[0], oc, oh, ow);
        INDArray gradOut = Nd4j.rand(DataType.FLOAT, xShape[0], oc, oh, ow);
        INDArray gradIn = Nd4j.create(DataType.FLOAT, xShape);
        INDArray gradW = Nd4j.create(DataType.FLOAT, k[0], k[1], xShape[1], oc);
        int[] args = {k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1], same ? 1 : 0, 0, 0};
        DynamicCustomOp fwd = DynamicCustomOp.builder("conv2d").addInputs(x, w).addOutputs(out).addIntegerArguments(args).build();
        DynamicCustomOp bwd = DynamicCustomOp.builder("conv2d_bp").addInputs(x, w, gradOut).addOutputs(gradIn, gradW)
                .addIntegerArguments(args).build();
        return () -> {
            Nd4j.exec(fwd);
            Nd4j.exec(bwd);
        };
    }

    /** Output height and width of a convolution on input {@code xShape} (NCHW). */
    static long[] outputSize(ConvolutionLayer c, long[] xShape) {
        int[] k = c.getKernelSize(), s = c.getStride(), p = c.getPadding(), d = c.getDilation();
        boolean same = c.getConvolutionMode() == ConvolutionMode.Same;
        long h = xShape[2], wd = xShape[3];
        long oh = same ? (h + s[0] - 1) / s[0] : (h + 2L * p[0] - ((k[0] - 1L) * d[0] + 1)) / s[0] + 1;
        long ow = same ? (wd + s[1] - 1) / s[1] : (wd + 2L * p[1] - ((k[1] - 1L) * d[1] + 1)) / s[1] + 1;
        return new long[]{oh, ow};
    }

    /** Median over 5 blocks (3 when a run takes over 0.5 s) of the seconds per run, after 2 warm-up runs; blocks last at least 0.2 s. */
    static double time(Runnable step) {
        step.run();
        long start = System.nanoTime();
        step.run();
        double once = Math.max((System.nanoTime() - start) / 1e9, 1e-6);
        int reps = (int) Math.max(1, Math.min(1000, Math.ceil(0.2 / once)));
        double[] t = new double[once > 0.5 ? 3 : 5];
        for (int r = 0; r < t.length; r++) {
            long s = System.nanoTime();
            for (int i = 0; i < reps; i++) step.run();
            t[r] = (System.nanoTime() - s) / 1e9 / reps;
        }
        return SpecBenchmark.median(t);
    }

    static String describe(Result r) {
        return r.kernels().size() + " kernels" + (r.skipped().isEmpty() ? "" : ", not floored: " + String.join(", ", r.skipped()));
    }

    static long[] copy(long[] v) { return Arrays.copyOf(v, v.length); }
}
