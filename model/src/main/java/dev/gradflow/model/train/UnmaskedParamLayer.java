package dev.gradflow.model.train;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.regularization.Regularization;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Configuration side of the project's own parameterized activation layers ({@link SReLULayer},
 * {@link ChannelPReLULayer}): shape-preserving layers whose parameters are rows of {@link #size()} values, one per
 * {@link #keys() key}, laid out one after another in the flat parameter view. Such parameters are never masked, never
 * L2-regularized or weight-decayed, and not part of any gradient-flow measure. Subclasses give the keys, the row
 * length, initial values and the runtime layer.
 */
abstract class UnmaskedParamLayer extends BaseLayer {

    /** Parameter keys, in their order in the flat parameter view. */
    abstract List<String> keys();

    /** Length of every parameter row (units or channels). */
    abstract long size();

    /** The value every entry of parameter {@code key} starts at. */
    abstract double initialValue(String key);

    /** The runtime layer for this configuration. */
    abstract org.deeplearning4j.nn.layers.BaseLayer<?> newImpl(NeuralNetConfiguration conf, DataType dataType);

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
                                                       int layerIndex, INDArray paramsView, boolean initializeParams,
                                                       DataType dataType) {
        org.deeplearning4j.nn.layers.BaseLayer<?> ret = newImpl(conf, dataType);
        ret.setListeners(listeners);
        ret.setIndex(layerIndex);
        ret.setParamsViewArray(paramsView);
        ret.setParamTable(initializer().init(conf, paramsView, initializeParams));
        ret.setConf(conf);
        return ret;
    }

    @Override
    public ParamInitializer initializer() { return RowParams.INSTANCE; }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) { return inputType; }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) { return null; }

    /** Never regularized: no L2, no weight decay. */
    @Override
    public List<Regularization> getRegularizationByParam(String paramName) { return Collections.emptyList(); }

    @Override
    public boolean isPretrainParam(String paramName) { return false; }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long n = keys().size() * size();
        return new LayerMemoryReport.Builder(getLayerName(), getClass(), inputType, inputType)
                .standardMemory(n, getIUpdater() == null ? 0 : getIUpdater().stateSize(n))
                .workingMemory(0, 0, 0, 0)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS).build();
    }

    /** One [1, size] view per key, in key order; all treated as bias-like (unmasked, unregularized) parameters. */
    static final class RowParams implements ParamInitializer {
        static final RowParams INSTANCE = new RowParams();

        private static UnmaskedParamLayer of(org.deeplearning4j.nn.conf.layers.Layer layer) {
            return (UnmaskedParamLayer) layer;
        }

        @Override public long numParams(NeuralNetConfiguration conf) { return numParams(conf.getLayer()); }
        @Override public long numParams(org.deeplearning4j.nn.conf.layers.Layer layer) { return of(layer).keys().size() * of(layer).size(); }
        @Override public List<String> paramKeys(org.deeplearning4j.nn.conf.layers.Layer layer) { return of(layer).keys(); }
        @Override public List<String> weightKeys(org.deeplearning4j.nn.conf.layers.Layer layer) { return List.of(); }
        @Override public List<String> biasKeys(org.deeplearning4j.nn.conf.layers.Layer layer) { return of(layer).keys(); }
        @Override public boolean isWeightParam(org.deeplearning4j.nn.conf.layers.Layer layer, String key) { return false; }
        @Override public boolean isBiasParam(org.deeplearning4j.nn.conf.layers.Layer layer, String key) { return of(layer).keys().contains(key); }

        @Override
        public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initialize) {
            Map<String, INDArray> views = views(conf, paramsView);
            if (initialize) {
                UnmaskedParamLayer layer = of(conf.getLayer());
                views.forEach((key, view) -> view.assign(layer.initialValue(key)));
            }
            return views;
        }

        @Override
        public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
            return views(conf, gradientView);
        }

        private static Map<String, INDArray> views(NeuralNetConfiguration conf, INDArray flat) {
            UnmaskedParamLayer layer = of(conf.getLayer());
            long n = layer.size();
            INDArray row = flat.reshape('c', 1, flat.length());
            Map<String, INDArray> out = new LinkedHashMap<>();
            List<String> keys = layer.keys();
            for (int k = 0; k < keys.size(); k++) {
                out.put(keys.get(k), row.get(NDArrayIndex.interval(0, 0, true), NDArrayIndex.interval(k * n, (k + 1) * n)));
            }
            return out;
        }
    }
}
