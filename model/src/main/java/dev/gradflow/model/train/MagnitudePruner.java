package dev.gradflow.model.train;

import dev.gradflow.model.metrics.MaskEvent;
import dev.gradflow.model.sparse.LayerMask;
import dev.gradflow.model.spec.PruningSpec;
import dev.gradflow.model.spec.SparsitySpec;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Magnitude pruning during training ({@link PruningSpec}): after an update, masks the smallest-magnitude active
 * weights of the prunable layers, keeping training exactly sparse: newly masked weights become exactly 0, the
 * optimizer state at those positions (momentum, Adam moments, ...) becomes exactly 0, and the layer's mask arrays
 * (used by the gradient-flow listener to mask gradients and measure active norms) follow the new mask.
 * <p>
 * Ties in magnitude are broken by position (lower row-major index pruned first), so pruning is deterministic.
 * A layer always keeps at least one active weight. With one-shot {@code rewind: weights}, the surviving weights of the
 * pruned layers are set back to their values at initialization and the optimizer state of those layers' weights is
 * zeroed at every position (a fresh optimizer for the ticket's weights); biases, BatchNorm, PReLU/SReLU parameters
 * keep their trained values and the optimizer's step count continues. With {@code rewind: lottery-ticket} (Frankle &amp;
 * Carbin) the trainer runs a pruning pass first and then calls {@link #pruneAndRewind}: every parameter goes back to
 * its initial value (weights times the final mask) and the optimizer restarts from scratch.
 */
final class MagnitudePruner {
    private final PruningSpec spec;
    private final SparseNetwork network;
    private final boolean[] prunable;
    private final double[] initialDensity;
    private final float[][] initialWeights; // row-major; only for one-shot with rewind: weights
    private final INDArray initialParams; // every parameter; only for rewind: lottery-ticket
    private boolean oneShotDone;

    private MagnitudePruner(PruningSpec spec, SparsitySpec sparsity, SparseNetwork network) {
        this.spec = spec;
        this.network = network;
        List<WeightLayer> layers = network.layers();
        int n = layers.size();
        prunable = new boolean[n];
        initialDensity = new double[n];
        for (int i = 0; i < n; i++) {
            prunable[i] = !(i == 0 && sparsity.denseFirstLayer()) && !(i == n - 1 && sparsity.denseLastLayer());
            initialDensity[i] = layers.get(i).mask().density();
        }
        if (spec.type() == PruningSpec.Type.ONE_SHOT && spec.rewind() == PruningSpec.Rewind.WEIGHTS) {
            initialWeights = new float[n][];
            for (int i = 0; i < n; i++) initialWeights[i] = network.weights(layers.get(i)).dup('c').data().asFloat();
        } else {
            initialWeights = null;
        }
        initialParams = lotteryTicket() ? network.model().params().dup() : null;
    }

    /** Whether this is a lottery-ticket run: a pruning pass of {@link #passSteps()} updates, then {@link #pruneAndRewind}. */
    boolean lotteryTicket() {
        return spec.type() == PruningSpec.Type.ONE_SHOT && spec.rewind() == PruningSpec.Rewind.LOTTERY_TICKET;
    }

    /** Updates in a lottery-ticket run's pruning pass. */
    long passSteps() {
        return spec.afterSteps();
    }

    /**
     * Ends a lottery-ticket run's pruning pass: prunes by magnitude (as one-shot pruning at afterSteps), sets every
     * parameter back to its initial value (masked weights to 0), zeroes all optimizer state and restarts the step
     * count (and with it the learning-rate schedule and bias corrections). Returns one mask event per layer whose mask
     * changed, at step 0 of the retraining that follows.
     */
    List<MaskEvent> pruneAndRewind() {
        if (!lotteryTicket() || oneShotDone) throw new IllegalStateException("not a lottery-ticket run before its rewind");
        oneShotDone = true;
        float[][] keep = newMasks(spec.afterSteps());
        List<WeightLayer> layers = network.layers();
        List<MaskEvent> events = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            if (keep[i] == null) continue;
            WeightLayer l = layers.get(i);
            double before = l.mask().density();
            l.setMask(LayerMask.of(l.mask().shape(), keep[i]), network.weights(l));
            events.add(new MaskEvent(0, l.index(), l.name(), before, l.mask().density()));
        }
        network.model().params().assign(initialParams);
        network.applyMasks();
        network.restartOptimizer();
        return events;
    }

    /** A pruner for the spec's {@code sparsity.pruning}, or null when masks are fixed. Call before training. */
    static MagnitudePruner of(SparsitySpec sparsity, SparseNetwork network) {
        return sparsity.pruning() == null ? null : new MagnitudePruner(sparsity.pruning(), sparsity, network);
    }

    /** Whether masks may change at step t (t updates done). */
    boolean isPruningStep(long t) {
        if (spec.type() == PruningSpec.Type.ONE_SHOT) return !oneShotDone && t == spec.afterSteps();
        if (t < spec.startStep() || t > spec.endStep()) return false;
        return t == spec.endStep() || (t - spec.startStep()) % spec.frequency() == 0;
    }

    /** The density layer i is pruned to at step t. */
    double targetDensity(int i, long t) {
        if (spec.type() == PruningSpec.Type.ONE_SHOT) return spec.targetDensity();
        double fin = Math.min(spec.finalDensity(), initialDensity[i]);
        return PruningSpec.scheduledDensity(initialDensity[i], fin, spec.startStep(), spec.endStep(), t);
    }

    /** Prunes if step t (t updates done) is a pruning step; returns one event per layer whose mask changed. */
    List<MaskEvent> afterStep(long t) {
        if (!isPruningStep(t)) return List.of();
        List<WeightLayer> layers = network.layers();
        int n = layers.size();
        if (spec.type() == PruningSpec.Type.ONE_SHOT) oneShotDone = true;
        float[][] keep = newMasks(t);
        List<MaskEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean rewind = initialWeights != null && prunable[i];
            if (keep[i] == null && !rewind) continue;
            WeightLayer l = layers.get(i);
            double before = l.mask().density();
            LayerMask old = l.mask();
            LayerMask next = keep[i] == null ? old : LayerMask.of(old.shape(), keep[i]);
            INDArray w = network.weights(l);
            l.setMask(next, w);
            if (rewind) w.assign(Nd4j.create(initialWeights[i], old.shape().dims(), 'c').castTo(w.dataType()));
            if (l.maskArray != null) w.muli(l.maskArray);
            float[] reset = new float[old.values().length];
            long resetCount = 0;
            for (int k = 0; k < reset.length; k++) {
                boolean newlyMasked = old.values()[k] != 0f && next.values()[k] == 0f;
                if (rewind || newlyMasked) {
                    reset[k] = 1f;
                    resetCount++;
                }
            }
            zeroOptimizerState(network, l, FlatNorms.activeIndices(reset, old.shape().dims(), w.ordering(), resetCount));
            if (next != old) events.add(new MaskEvent(t, l.index(), l.name(), before, next.density()));
        }
        return events;
    }

    /** The masks pruning at step t gives (0/1, row-major), null for layers that keep theirs. */
    private float[][] newMasks(long t) {
        if (spec.type() == PruningSpec.Type.ONE_SHOT && spec.scope() == PruningSpec.Scope.GLOBAL) return globalMasks();
        List<WeightLayer> layers = network.layers();
        float[][] keep = new float[layers.size()][];
        for (int i = 0; i < layers.size(); i++) {
            if (!prunable[i]) continue;
            WeightLayer l = layers.get(i);
            long k = Math.max(1, Math.min(l.mask().count(), Math.round(targetDensity(i, t) * l.mask().count())));
            if (k < l.mask().active()) keep[i] = layerMask(l, k);
        }
        return keep;
    }

    /** Keeps the k largest-magnitude active weights of layer l. */
    private float[] layerMask(WeightLayer l, long k) {
        float[] w = network.weights(l).dup('c').data().asFloat();
        float[] m = l.mask().values();
        long[] keys = new long[Math.toIntExact(l.mask().active())];
        int j = 0;
        for (int p = 0; p < m.length; p++) if (m[p] != 0f) keys[j++] = key(w[p], p);
        Arrays.sort(keys);
        float[] out = m.clone();
        for (int q = 0; q < keys.length - k; q++) out[(int) (keys[q] & 0xffffffffL)] = 0f;
        return out;
    }

    /** One global magnitude threshold over all prunable layers; each keeps at least one weight. */
    private float[][] globalMasks() {
        List<WeightLayer> layers = network.layers();
        int n = layers.size();
        long total = 0, active = 0;
        for (int i = 0; i < n; i++) {
            if (!prunable[i]) continue;
            total += layers.get(i).mask().count();
            active += layers.get(i).mask().active();
        }
        long keepTotal = Math.max(1, Math.round(spec.targetDensity() * total));
        float[][] out = new float[n][];
        if (keepTotal >= active) return out;
        // key: |w| bits (monotonic for non-negative floats), then layer (8 bits), then position (24 bits)
        long[] keys = new long[Math.toIntExact(active)];
        float[][] masks = new float[n][];
        long[] activeLeft = new long[n];
        int j = 0;
        for (int i = 0; i < n; i++) {
            if (!prunable[i]) continue;
            WeightLayer l = layers.get(i);
            if (l.mask().count() >= (1 << 24) || i >= 256) throw new IllegalStateException("layer too large for global pruning");
            float[] w = network.weights(l).dup('c').data().asFloat();
            float[] m = l.mask().values();
            masks[i] = m.clone();
            activeLeft[i] = l.mask().active();
            for (int p = 0; p < m.length; p++) if (m[p] != 0f) keys[j++] = key(w[p], (i << 24) | p);
        }
        Arrays.sort(keys);
        long toPrune = active - keepTotal;
        for (int q = 0; q < keys.length && toPrune > 0; q++) {
            int id = (int) (keys[q] & 0xffffffffL);
            int i = id >>> 24, p = id & 0xffffff;
            if (activeLeft[i] <= 1) continue;
            masks[i][p] = 0f;
            activeLeft[i]--;
            toPrune--;
        }
        for (int i = 0; i < n; i++) if (masks[i] != null && activeLeft[i] < layers.get(i).mask().active()) out[i] = masks[i];
        return out;
    }

    private static long key(float w, int id) {
        return ((long) Float.floatToIntBits(Math.abs(w)) << 32) | (id & 0xffffffffL);
    }

    /** Sets every optimizer state array of layer l's weights to exactly 0 at the given memory-order positions. */
    static void zeroOptimizerState(SparseNetwork network, WeightLayer l, int[] memoryIndices) {
        if (memoryIndices.length == 0) return;
        for (UpdaterBlock block : network.updater().getUpdaterBlocks()) {
            if (block.getGradientUpdater() == null) continue;
            Map<String, INDArray> state = block.getGradientUpdater().getState();
            if (state == null || state.isEmpty()) continue;
            var params = block.getLayersAndVariablesInBlock();
            long blockStart = params.get(0).getParamOffsetStart();
            for (UpdaterBlock.ParamState ps : params) {
                if (!(network.keyPrefix(ps.getLayer()) + "_" + ps.getParamName()).equals(l.weightKey())) continue;
                long start = ps.getParamOffsetStart() - blockStart;
                for (INDArray s : state.values()) {
                    for (int idx : memoryIndices) s.putScalar(start + idx, 0.0);
                }
            }
        }
    }
}
