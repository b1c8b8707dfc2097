package dev.gradflow.model.train;

import dev.gradflow.model.metrics.LayerStats;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps training exactly sparse and measures per-layer gradient flow at every logged step.
 * <p>
 * DL4J calls {@link #onGradientCalculation} after backprop and before the updater: here each weight gradient is read
 * raw (norms over all weights), then multiplied by its mask so the optimizer never sees a masked position (its state
 * there stays 0), then read again (norms over active weights). {@link #iterationDone} runs after the update: the
 * weight norm and the update norm (DL4J leaves the applied update in the gradient view) are read, and the masks are
 * re-applied to the weights unless {@link SparseNetwork#updatesKeepMaskedWeightsZero()} shows that the update cannot
 * have moved a masked weight (then re-masking would multiply every weight by its mask for nothing).
 * <p>
 * DL4J's gradient at this point is the <em>sum</em> over the minibatch (the updater divides by the batch size
 * later), so norms are divided by the batch size to give norms of the mean-loss gradient dC/dW.
 * <p>
 * With sparse kernels ({@link SparseDenseLayer}) the gradient is computed at active positions only on unmeasured
 * steps and in full on measured ones ({@link #prepare}); masking it here is the same either way.
 */
final class GradientFlowListener extends BaseTrainingListener {
    private final SparseNetwork network;
    private final int n;
    private final double[] l1All, l2All, l1Active, l2Active, weightL2, updateL2;
    private boolean measure;
    private int batchSize = 1;
    private boolean regularized;
    private double regularizationScore;
    private final double[] scratch = new double[4];
    private boolean captureDense;
    private final float[][] denseGradients; // row-major raw weight gradients of the last captured step (RigL)
    private final boolean remask;

    GradientFlowListener(SparseNetwork network, boolean regularized) {
        this(network, regularized, !network.updatesKeepMaskedWeightsZero());
    }

    /** {@code remask}: whether weights are multiplied by their masks after every update (tests force either way). */
    GradientFlowListener(SparseNetwork network, boolean regularized, boolean remask) {
        this.remask = remask;
        this.network = network;
        this.n = network.layers().size();
        this.l1All = new double[n];
        this.l2All = new double[n];
        this.l1Active = new double[n];
        this.l2Active = new double[n];
        this.weightL2 = new double[n];
        this.updateL2 = new double[n];
        this.regularized = regularized;
        this.denseGradients = new float[n][];
    }

    /** Whether the next step keeps a copy of each raw (unmasked) weight gradient, for {@link #denseGradients()}. */
    void captureDenseGradients(boolean capture) {
        this.captureDense = capture;
        network.denseWeightGradients(measure || captureDense);
    }

    /** Row-major raw weight gradients (minibatch sums, before masking) of the last step that captured them. */
    float[][] denseGradients() {
        return denseGradients;
    }

    /** Whether the next step is measured, and its minibatch size. */
    void prepare(boolean measureNextStep, int batch) {
        this.measure = measureNextStep;
        this.batchSize = batch;
        // Sparse-kernel layers compute the weight gradient at active positions only; a measured step needs the raw
        // gradient at every position for l1_all / l2_all (docs/metrics.md), so they compute it in full there.
        network.denseWeightGradients(measure || captureDense);
    }

    @Override
    public void onGradientCalculation(Model model) {
        Gradient gradient = model.gradient();
        List<WeightLayer> layers = network.layers();
        for (int i = 0; i < n; i++) {
            WeightLayer l = layers.get(i);
            INDArray g = gradient.getGradientFor(l.weightKey);
            if (captureDense) denseGradients[i] = g.dup('c').data().asFloat();
            boolean flat = measure && FlatNorms.isFlat(g);
            if (flat && l.maskFlat != null) {
                // One pass: norms of the raw gradient, masking in place, and norms of the masked gradient.
                FlatNorms.maskL1L2(g, l.maskFlat, l.activeIndices, scratch);
                l1All[i] = scratch[0] / batchSize;
                l2All[i] = scratch[1] / batchSize;
                l1Active[i] = scratch[2] / batchSize;
                l2Active[i] = scratch[3] / batchSize;
                continue;
            }
            if (measure) {
                if (flat) {
                    FlatNorms.l1l2(g, scratch);
                    l1All[i] = scratch[0] / batchSize;
                    l2All[i] = scratch[1] / batchSize;
                } else {
                    l1All[i] = g.norm1Number().doubleValue() / batchSize;
                    l2All[i] = g.norm2Number().doubleValue() / batchSize;
                }
            }
            if (l.maskArray != null) {
                g.muli(l.maskArray);
                if (measure) {
                    // Masked positions are now exactly 0: the active entries alone give the masked norms.
                    if (flat) {
                        FlatNorms.l1l2At(g, l.activeIndices, scratch);
                        l1Active[i] = scratch[0] / batchSize;
                        l2Active[i] = scratch[1] / batchSize;
                    } else {
                        l1Active[i] = g.norm1Number().doubleValue() / batchSize;
                        l2Active[i] = g.norm2Number().doubleValue() / batchSize;
                    }
                }
            } else if (measure) {
                l1Active[i] = l1All[i];
                l2Active[i] = l2All[i];
            }
        }
        if (measure && regularized) {
            regularizationScore = network.regularizationScore();
        }
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        if (remask) network.applyMasks();
        if (!measure) return;
        Gradient update = model.gradient();
        List<WeightLayer> layers = network.layers();
        for (int i = 0; i < n; i++) {
            WeightLayer l = layers.get(i);
            INDArray w = network.weights(l);
            INDArray u = update.getGradientFor(l.weightKey);
            // Masked weights and their updates are exactly 0, so the active entries give the full norms.
            if (l.activeIndices != null && FlatNorms.isFlat(w) && FlatNorms.isFlat(u)) {
                FlatNorms.l2At2(w, u, l.activeIndices, scratch);
                weightL2[i] = scratch[0];
                updateL2[i] = scratch[1];
                continue;
            }
            weightL2[i] = FlatNorms.isFlat(w) ? FlatNorms.l2(w, l.activeIndices, scratch) : w.norm2Number().doubleValue();
            updateL2[i] = FlatNorms.isFlat(u) ? FlatNorms.l2(u, l.activeIndices, scratch) : u.norm2Number().doubleValue();
        }
    }

    /** The score DL4J reports includes regularization terms; this is what to subtract for the pure loss. */
    double regularizationScore() {
        return regularized ? regularizationScore : 0;
    }

    /** Per-layer statistics of the last measured step. */
    List<LayerStats> stats() {
        List<LayerStats> out = new ArrayList<>(n);
        List<WeightLayer> layers = network.layers();
        for (int i = 0; i < n; i++) {
            WeightLayer l = layers.get(i);
            double ratio = weightL2[i] > 0 ? updateL2[i] / weightL2[i] : Double.NaN;
            out.add(new LayerStats(i, l.name, l1All[i], l2All[i], l1Active[i], l2Active[i], l.mask.count(),
                    l.mask.active(), weightL2[i], ratio));
        }
        return out;
    }
}
