package dev.gradflow.model.train;

import dev.gradflow.model.metrics.LayerArrays;
import dev.gradflow.model.metrics.LayerInfo;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.Trainable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;

/**
 * A built DL4J network plus its masked weight layers, input to output. The network is a {@link MultiLayerNetwork}
 * (MLPs, CNNs; parameter keys {@code "<layer index>_W"}) or a {@link ComputationGraph} (residual MLPs; keys
 * {@code "<layer name>_W"}); the methods here hide the difference, so training and metrics are identical.
 */
public final class SparseNetwork {
    private final Model model;
    private final List<WeightLayer> layers;

    SparseNetwork(Model model, List<WeightLayer> layers) {
        if (!(model instanceof MultiLayerNetwork) && !(model instanceof ComputationGraph)) {
            throw new IllegalArgumentException("not a MultiLayerNetwork or ComputationGraph: " + model.getClass());
        }
        this.model = model;
        this.layers = List.copyOf(layers);
        List<SparseDenseLayer.Impl> sparse = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Layer layer : dl4jLayers()) {
            if (layer instanceof SparseDenseLayer.Impl impl) {
                sparse.add(impl);
                names.add(layer.conf().getLayer().getLayerName());
            }
        }
        this.sparseKernelLayers = List.copyOf(sparse);
        this.sparseKernelLayerNames = List.copyOf(names);
    }

    private final List<SparseDenseLayer.Impl> sparseKernelLayers;
    private final List<String> sparseKernelLayerNames;

    /**
     * The kernel mode actually used (stored with the run as provenance {@code kernels}): {@code dense}, or
     * {@code sparse} followed by the layers that train with sparse kernels, e.g. {@code sparse: dense1, dense2}.
     */
    public String kernels() {
        return sparseKernelLayers.isEmpty() ? "dense" : "sparse: " + String.join(", ", sparseKernelLayerNames);
    }

    /** Whether any layer trains with sparse kernels. */
    public boolean hasSparseKernels() { return !sparseKernelLayers.isEmpty(); }

    /**
     * Whether the sparse-kernel layers' next backward passes write the full weight gradient (masked positions
     * included, as dense kernels do) rather than its active entries only: needed where the raw all-weights norms are
     * measured (logged steps, evaluation points). No effect without sparse-kernel layers.
     */
    void denseWeightGradients(boolean dense) {
        for (SparseDenseLayer.Impl l : sparseKernelLayers) l.denseWeightGradient = dense;
    }

    /** The network as a MultiLayerNetwork; fails for graph networks (see {@link #model()}). */
    public MultiLayerNetwork net() {
        if (model instanceof MultiLayerNetwork m) return m;
        throw new IllegalStateException("this network is a ComputationGraph (residual); use model() or graph()");
    }

    public ComputationGraph graph() {
        if (model instanceof ComputationGraph g) return g;
        throw new IllegalStateException("this network is a MultiLayerNetwork; use net()");
    }

    public boolean isGraph() { return model instanceof ComputationGraph; }

    /** The DL4J model: a MultiLayerNetwork or a ComputationGraph. */
    public Model model() { return model; }

    public List<WeightLayer> layers() { return layers; }

    public INDArray weights(WeightLayer l) { return model.getParam(l.weightKey); }

    public INDArray param(String key) { return model.getParam(key); }

    void setListeners(TrainingListener... listeners) {
        if (model instanceof MultiLayerNetwork m) m.setListeners(listeners);
        else graph().setListeners(listeners);
    }

    void fit(DataSet batch) {
        if (model instanceof MultiLayerNetwork m) m.fit(batch);
        else graph().fit(batch);
    }

    double score() { return model.score(); }

    /** Inference-mode output (dropout off, BatchNorm running statistics). */
    INDArray output(INDArray x) {
        if (model instanceof MultiLayerNetwork m) return m.output(x, false);
        return graph().outputSingle(false, x);
    }

    double regularizationScore() {
        if (model instanceof MultiLayerNetwork m) return m.calcRegularizationScore(true);
        return graph().calcRegularizationScore(true);
    }

    List<Layer> dl4jLayers() {
        return Arrays.asList(model instanceof MultiLayerNetwork m ? m.getLayers() : graph().getLayers());
    }

    /** Forward and backward pass on (x, y) in training mode; the gradient is then in {@code model().gradient()}. */
    void computeGradientAndScore(INDArray x, INDArray y) {
        if (model instanceof MultiLayerNetwork m) {
            m.setInput(x);
            m.setLabels(y);
            m.computeGradientAndScore();
        } else {
            ComputationGraph g = graph();
            g.setInputs(x);
            g.setLabels(y);
            g.computeGradientAndScore();
        }
    }

    void clearInputs() {
        for (Layer layer : dl4jLayers()) layer.clear();
        if (model instanceof MultiLayerNetwork m) {
            m.setInput(null);
            m.setLabels(null);
        } else {
            graph().clearLayersStates();
        }
    }

    /** The network's updater (optimizer state lives in its blocks). */
    public BaseMultiLayerUpdater<?> updater() {
        return model instanceof MultiLayerNetwork m ? (BaseMultiLayerUpdater<?>) m.getUpdater() : graph().getUpdater();
    }

    /** The parameter-key prefix of a layer of this network: its index (MultiLayerNetwork) or name (graph). */
    public String keyPrefix(Trainable layer) {
        if (model instanceof MultiLayerNetwork m) {
            Layer[] ls = m.getLayers();
            for (int i = 0; i < ls.length; i++) if (ls[i] == layer) return String.valueOf(i);
            throw new IllegalArgumentException("layer not in this network");
        }
        if (layer instanceof GraphVertex v) return v.getVertexName();
        return ((Layer) layer).conf().getLayer().getLayerName();
    }

    public List<LayerInfo> layerInfo() {
        List<LayerInfo> out = new ArrayList<>();
        for (WeightLayer l : layers) {
            out.add(new LayerInfo(l.index, l.name, l.kind, l.mask.shape().dims(), l.mask.count(), l.mask.active()));
        }
        return out;
    }

    /** Overall density: active weights over all weights, across weight layers. */
    public double density() {
        long all = 0, active = 0;
        for (WeightLayer l : layers) {
            all += l.mask.count();
            active += l.mask.active();
        }
        return all == 0 ? 1.0 : (double) active / all;
    }

    /** Re-applies every mask to its weights, so masked weights are exactly 0. */
    public void applyMasks() {
        for (WeightLayer l : layers) {
            if (l.maskArray != null) weights(l).muli(l.maskArray);
        }
    }

    /**
     * Whether an update leaves every masked weight exactly as it was (0), so that re-masking the weights after it is
     * redundant. True when every updater block holding a masked weight runs one of the project's optimizers
     * ({@link dev.gradflow.model.train.optim.TorchUpdater}): at a masked position the gradient reaching the updater is
     * 0 (masked by {@link GradientFlowListener} before the updater; L2 adds {@code l2 * w = 0} since the weight is 0;
     * clipping scales or clips 0 to 0; the division by the batch size keeps 0), every optimizer state is 0 there (it
     * starts at 0 and pruning or regrowth zeroes it where masks change; Adamax's infinity norm becomes {@code eps}, a
     * denominator), so each rule's update is exactly 0 (numerators are the gradient or states that stay 0), and
     * decoupled weight decay subtracts {@code lr * wd * 0}. A non-finite gradient at a masked position would give a
     * non-finite weight with or without re-masking ({@code NaN * 0 = NaN}). Tested per optimizer, with L2 and with
     * weight decay, against training that re-masks (RemaskSkipTest). Other updaters (DL4J's own) are not covered:
     * then the weights are re-masked after every update.
     */
    public boolean updatesKeepMaskedWeightsZero() {
        java.util.Set<String> masked = new java.util.HashSet<>();
        for (WeightLayer l : layers) if (l.maskArray != null) masked.add(l.weightKey);
        if (masked.isEmpty()) return true;
        for (org.deeplearning4j.nn.updater.UpdaterBlock block : updater().getUpdaterBlocks()) {
            for (org.deeplearning4j.nn.updater.UpdaterBlock.ParamState ps : block.getLayersAndVariablesInBlock()) {
                if (!masked.contains(keyPrefix(ps.getLayer()) + "_" + ps.getParamName())) continue;
                Object config = block.getGradientUpdater() == null ? null : block.getGradientUpdater().getConfig();
                if (!(config instanceof dev.gradflow.model.train.optim.TorchUpdater)) return false;
            }
        }
        return true;
    }

    /**
     * Restarts the optimizer as if training had not begun: every optimizer state array becomes 0 and the update count
     * (which drives the learning-rate schedule and Adam's bias corrections) and epoch count go back to 0.
     */
    void restartOptimizer() {
        INDArray state = updater().getStateViewArray();
        if (state != null) state.assign(0);
        if (model instanceof MultiLayerNetwork m) {
            m.getLayerWiseConfigurations().setIterationCount(0);
            m.getLayerWiseConfigurations().setEpochCount(0);
        } else {
            graph().getConfiguration().setIterationCount(0);
            graph().getConfiguration().setEpochCount(0);
        }
    }

    /** The number of updates done, as DL4J counts them (the schedule's step index of the next update). */
    public long updateCount() {
        return model instanceof MultiLayerNetwork m ? m.getLayerWiseConfigurations().getIterationCount()
                : graph().getConfiguration().getIterationCount();
    }

    /** Copies of every weight layer's weights, biases and mask, row-major. */
    public List<LayerArrays> snapshot() {
        List<LayerArrays> out = new ArrayList<>();
        for (WeightLayer l : layers) {
            INDArray w = weights(l);
            INDArray b = model.getParam(l.biasKey);
            out.add(new LayerArrays(l.name, w.shape(), w.dup('c').data().asFloat(), b.dup('c').data().asFloat(),
                    l.mask.values().clone()));
        }
        return out;
    }
}
