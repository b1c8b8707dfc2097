package dev.gradflow.model.train;

import dev.gradflow.model.metrics.LayerArrays;
import dev.gradflow.model.store.LayerInfo;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

/** A built DL4J network plus its masked weight layers, input to output. */
public final class SparseNetwork {
    private final MultiLayerNetwork net;
    private final List<WeightLayer> layers;

    SparseNetwork(MultiLayerNetwork net, List<WeightLayer> layers) {
        this.net = net;
        this.layers = List.copyOf(layers);
    }

    public MultiLayerNetwork net() { return net; }

    public List<WeightLayer> layers() { return layers; }

    public INDArray weights(WeightLayer l) { return net.getParam(l.weightKey); }

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

    /** Copies of every weight layer's weights, biases and mask, row-major. */
    public List<LayerArrays> snapshot() {
        List<LayerArrays> out = new ArrayList<>();
        for (WeightLayer l : layers) {
            INDArray w = weights(l);
            INDArray b = net.getParam(l.biasKey);
            out.add(new LayerArrays(l.name, w.shape(), w.dup('c').data().asFloat(), b.dup('c').data().asFloat(),
                    l.mask.values().clone()));
        }
        return out;
    }
}
