package dev.gradflow.model.train;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;
import java.util.Collection;

/**
 * A fully connected layer {@code act(X W + b)} that computes with {@link SparseKernels} over its active weights only
 * (the {@code sparse} kernel mode, docs/performance.md). Its parameters are exactly those of DL4J's {@code DenseLayer}
 * (keys {@code W} [nIn, nOut], column-major, and {@code b} [1, nOut], same initializer and flat layout), so the
 * optimizer, regularization, the listener's masking and measures and the store see no difference; masked entries of
 * {@code W} are 0 and are never read.
 * <p>
 * The weight gradient is written at active positions only, unless {@link Impl#denseWeightGradient} asks for the
 * full gradient (masked positions included: DL4J's own {@code gemm}), which the raw all-weights norms need at
 * logged steps and evaluation points. The gradient view's masked positions are otherwise left as they are; the
 * {@link GradientFlowListener} masks the whole gradient before the optimizer in every mode, so the optimizer never
 * sees them.
 * <p>
 * Only for float networks whose mask is fixed while it trains (set once with {@link Impl#setMask}).
 */
public final class SparseDenseLayer extends org.deeplearning4j.nn.conf.layers.FeedForwardLayer {

    /** For JSON (DL4J clones configurations through Jackson). */
    public SparseDenseLayer() {
    }

    private SparseDenseLayer(Builder b) {
        super(b);
        initializeConstraints(b);
    }

    /** Builder with DL4J's DenseLayer options that this layer supports (activation, dropout, regularization, ...). */
    public static final class Builder extends org.deeplearning4j.nn.conf.layers.FeedForwardLayer.Builder<Builder> {
        @Override
        @SuppressWarnings("unchecked")
        public SparseDenseLayer build() {
            return new SparseDenseLayer(this);
        }
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
                                                       int layerIndex, INDArray paramsView, boolean initializeParams,
                                                       DataType dataType) {
        Impl ret = new Impl(conf, dataType);
        ret.setListeners(listeners);
        ret.setIndex(layerIndex);
        ret.setParamsViewArray(paramsView);
        ret.setParamTable(initializer().init(conf, paramsView, initializeParams));
        ret.setConf(conf);
        return ret;
    }

    @Override
    public ParamInitializer initializer() {
        return DefaultParamInitializer.getInstance();
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType out = getOutputType(-1, inputType);
        long params = initializer().numParams(this);
        long state = getIUpdater() == null ? 0 : getIUpdater().stateSize(params);
        return new LayerMemoryReport.Builder(getLayerName(), SparseDenseLayer.class, inputType, out)
                .standardMemory(params, state)
                .workingMemory(0, 0, 0, out.arrayElementsPerExample())
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS).build();
    }

    /** The runtime layer. */
    public static final class Impl extends org.deeplearning4j.nn.layers.BaseLayer<SparseDenseLayer> {
        private SparseKernels kernels;
        /** Whether backprop writes the full weight gradient (masked positions included) instead of active ones only. */
        boolean denseWeightGradient;
        private float[] xt = new float[0], zt = new float[0], dt = new float[0], dxt = new float[0], g = new float[0];
        private INDArray cachedInput; // the (dropped-out) input whose pre-activations zt holds, training mode only
        private int cachedBatch;

        public Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        /** Sets the fixed mask ([nIn, nOut], row-major 0/1) the kernels run over. */
        void setMask(float[] rowMajorMask) {
            SparseDenseLayer c = layerConf();
            this.kernels = new SparseKernels(rowMajorMask, Math.toIntExact(c.getNIn()), Math.toIntExact(c.getNOut()));
            this.g = new float[kernels.nnz];
            this.cachedInput = null;
        }

        @Override
        public boolean isPretrainLayer() { return false; }

        @Override
        public boolean hasBias() { return true; }

        @Override
        public boolean hasLayerNorm() { return false; }

        private SparseKernels kernels() {
            if (kernels == null) throw new IllegalStateException("sparse layer " + layerId() + " has no mask set");
            return kernels;
        }

        @Override
        protected Pair<INDArray, INDArray> preOutputWithPreNorm(boolean training, boolean forBackprop, LayerWorkspaceMgr mgr) {
            assertInputSet(forBackprop);
            applyDropOutIfNecessary(training, mgr);
            SparseKernels k = kernels();
            if (input.rank() != 2 || input.size(1) != k.nIn) {
                throw new IllegalArgumentException("sparse layer " + layerId() + ": input of shape "
                        + java.util.Arrays.toString(input.shape()) + ", expected [minibatch, " + k.nIn + "]");
            }
            int batch = Math.toIntExact(input.size(0));
            if (!(forBackprop && input == cachedInput && batch == cachedBatch)) {
                xt = featureMajor(input, xt);
                INDArray w = getParam(DefaultParamInitializer.WEIGHT_KEY);
                k.gather(floats(w), (int) w.offset());
                zt = grow(zt, k.nOut * batch);
                k.forward(xt, zt, batch);
                cachedInput = training ? input : null;
                cachedBatch = batch;
            }
            INDArray z = mgr.createUninitialized(forBackprop ? ArrayType.BP_WORKING_MEM : ArrayType.ACTIVATIONS,
                    dataType, new long[]{batch, k.nOut}, 'c');
            putRowMajor(zt, batch, k.nOut, z);
            z.addiRowVector(getParam(DefaultParamInitializer.BIAS_KEY));
            return new Pair<>(z, z);
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
            assertInputSet(true);
            SparseKernels k = kernels();
            INDArray z = preOutputWithPreNorm(true, true, mgr).getFirst();
            INDArray delta = layerConf().getActivationFn().backprop(z, epsilon).getFirst();
            if (maskArray != null) applyMask(delta);
            int batch = Math.toIntExact(delta.size(0));
            Gradient ret = new DefaultGradient();

            INDArray biasGrad = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
            delta.sum(biasGrad, 0);

            dt = featureMajor(delta, dt);
            INDArray weightGrad = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY); // column-major [nIn, nOut]
            if (denseWeightGradient) {
                Nd4j.gemm(input.castTo(weightGrad.dataType()), delta, weightGrad, true, false, 1.0, 0.0);
            } else {
                k.weightGradient(xt, dt, g, batch);
                k.scatter(g, floats(weightGrad), (int) weightGrad.offset());
            }
            ret.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, biasGrad);
            ret.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, weightGrad);

            dxt = grow(dxt, k.nIn * batch);
            k.inputGradient(dt, dxt, batch);
            INDArray epsNext = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, new long[]{batch, k.nIn}, 'c');
            putRowMajor(dxt, batch, k.nIn, epsNext);
            cachedInput = null;
            epsNext = backpropDropOutIfPresent(epsNext);
            return new Pair<>(ret, epsNext);
        }

        @Override
        public void clear() {
            super.clear();
            cachedInput = null;
        }

        /**
         * Writes a feature-major [rows, cols] matrix ({@code src[f * rows + b]}) into a fresh row-major array: row-major
         * is what DL4J's own dense layer hands on (some layers after it, BatchNormalization among them, assume it).
         */
        private static void putRowMajor(float[] src, int rows, int cols, INDArray dst) {
            float[] tmp = ROW_MAJOR.get();
            int n = rows * cols;
            if (tmp.length < n) {
                tmp = new float[n];
                ROW_MAJOR.set(tmp);
            }
            for (int f = 0; f < cols; f++) {
                int s = f * rows;
                for (int b = 0; b < rows; b++) tmp[b * cols + f] = src[s + b];
            }
            floats(dst).put((int) dst.offset(), tmp, 0, n);
        }

        private static float[] grow(float[] a, int n) {
            return a.length >= n ? a : new float[n];
        }

        private static FloatBuffer floats(INDArray a) {
            if (a.dataType() != DataType.FLOAT) {
                throw new IllegalStateException("sparse kernels need float arrays, got " + a.dataType());
            }
            return a.data().asNioFloat();
        }

        /**
         * Copies a [B, n] matrix into {@code out} feature-major ({@code out[f * B + b]}), growing {@code out} if
         * needed.
         */
        private static final ThreadLocal<float[]> ROW_MAJOR = ThreadLocal.withInitial(() -> new float[0]);

        static float[] featureMajor(INDArray a, float[] out) {
            int rows = Math.toIntExact(a.size(0)), cols = Math.toIntExact(a.size(1));
            int n = rows * cols;
            out = grow(out, n);
            if (a.dataType() != DataType.FLOAT) a = a.castTo(DataType.FLOAT);
            long[] st = a.stride();
            if (st[0] == 1 && st[1] == rows) {             // column-major: already feature-major
                floats(a).get((int) a.offset(), out, 0, n);
            } else if (st[1] == 1 && st[0] == cols) {      // row-major: bulk copy, then transpose on the heap
                float[] tmp = ROW_MAJOR.get();
                if (tmp.length < n) {
                    tmp = new float[n];
                    ROW_MAJOR.set(tmp);
                }
                floats(a).get((int) a.offset(), tmp, 0, n);
                for (int b = 0; b < rows; b++) {
                    int src = b * cols;
                    for (int f = 0; f < cols; f++) out[f * rows + b] = tmp[src + f];
                }
            } else {
                INDArray f = a.dup('f');
                floats(f).get((int) f.offset(), out, 0, n);
            }
            return out;
        }
    }
}
