package dev.gradflow.model.train;

import dev.gradflow.model.metrics.MaskEvent;
import dev.gradflow.model.sparse.LayerMask;
import dev.gradflow.model.spec.DynamicSparsitySpec;
import dev.gradflow.model.spec.SparsitySpec;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Dynamic sparse training ({@link DynamicSparsitySpec}, docs/science.md §1): after update t, if t is an update step,
 * every sparse layer (a layer whose mask is not dense; layers kept dense by denseFirstLayer/denseLastLayer never are)
 * drops the {@code k = round(f(t) · n_active)} active weights of smallest |w| (ties: lower row-major position first)
 * and regrows {@code k} positions chosen among those inactive <em>before</em> the drop, so a weight is never dropped
 * and regrown in the same update and the layer's density is unchanged:
 * <ul>
 * <li>SET: uniformly at random, a partial Fisher-Yates shuffle of the inactive positions (row-major order) drawn from
 * {@code NetworkFactory.stream(seed, "set-regrow", t)}, layers in order;</li>
 * <li>RigL: the positions with the largest |g|, g the dense (unmasked) gradient of update t's minibatch as
 * {@link GradientFlowListener} reads it before masking (ties: lower position first).</li>
 * </ul>
 * Dropped weights become exactly 0, regrown weights start at exactly 0, and the optimizer state at both is set to
 * exactly 0, so training stays exactly sparse. {@code k} is capped by the number of inactive positions.
 */
final class DynamicSparsity {
    private final DynamicSparsitySpec spec;
    private final SparseNetwork network;
    private final long seed;
    private final boolean[] sparse;
    private final boolean[][] everActive;
    private final long[] everCount;

    private DynamicSparsity(DynamicSparsitySpec spec, long seed, SparseNetwork network) {
        this.spec = spec;
        this.network = network;
        this.seed = seed;
        List<WeightLayer> layers = network.layers();
        int n = layers.size();
        sparse = new boolean[n];
        everActive = new boolean[n][];
        everCount = new long[n];
        for (int i = 0; i < n; i++) {
            LayerMask m = layers.get(i).mask();
            sparse[i] = !m.isDense() && m.active() > 0;
            float[] v = m.values();
            everActive[i] = new boolean[v.length];
            for (int p = 0; p < v.length; p++) {
                if (v[p] != 0f) {
                    everActive[i][p] = true;
                    everCount[i]++;
                }
            }
        }
    }

    /** The dynamic-sparsity driver for the spec's {@code sparsity.dynamic}, or null when masks are not updated. */
    static DynamicSparsity of(SparsitySpec sparsity, long seed, SparseNetwork network) {
        return sparsity.dynamic() == null ? null : new DynamicSparsity(sparsity.dynamic(), seed, network);
    }

    /** Whether masks are updated after t updates. */
    boolean isUpdateStep(long t) {
        return spec.isUpdateStep(t);
    }

    /** Whether update t needs the dense gradient of its minibatch (RigL at an update step). */
    boolean needsDenseGradient(long t) {
        return spec.type() == DynamicSparsitySpec.Type.RIGL && isUpdateStep(t);
    }

    /**
     * Updates the masks if t (updates done) is an update step; {@code denseGradients[i]} is layer i's dense gradient of
     * update t's minibatch, row-major (RigL only; null for SET). Returns one event per sparse layer.
     */
    List<MaskEvent> afterStep(long t, float[][] denseGradients) {
        if (!isUpdateStep(t)) return List.of();
        double f = spec.dropFractionAt(t);
        SplittableRandom rng = spec.type() == DynamicSparsitySpec.Type.SET
                ? NetworkFactory.stream(seed, "set-regrow", Math.toIntExact(t)) : null;
        List<WeightLayer> layers = network.layers();
        List<MaskEvent> events = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            if (!sparse[i]) continue;
            WeightLayer l = layers.get(i);
            LayerMask old = l.mask();
            float[] before = old.values();
            long active = old.active();
            int k = (int) Math.min(Math.round(f * active), old.count() - active);
            INDArray w = network.weights(l);
            float[] wc = w.dup('c').data().asFloat();
            int[] drop = smallestActive(wc, before, k);
            int[] grow = rng != null ? randomInactive(before, k, rng) : largestInactive(denseGradients[i], before, k);
            float[] next = before.clone();
            float[] reset = new float[before.length];
            for (int p : drop) {
                next[p] = 0f;
                wc[p] = 0f;
                reset[p] = 1f;
            }
            for (int p : grow) {
                next[p] = 1f;
                wc[p] = 0f;
                reset[p] = 1f;
                if (!everActive[i][p]) {
                    everActive[i][p] = true;
                    everCount[i]++;
                }
            }
            if (k > 0) {
                l.setMask(LayerMask.of(old.shape(), next), w);
                w.assign(Nd4j.create(wc, old.shape().dims(), 'c').castTo(w.dataType()));
                MagnitudePruner.zeroOptimizerState(network, l,
                        FlatNorms.activeIndices(reset, old.shape().dims(), w.ordering(), 2L * k));
            }
            events.add(new MaskEvent(t, l.index(), l.name(), old.density(), l.mask().density(), (long) drop.length,
                    (long) grow.length, (double) everCount[i] / before.length));
        }
        return events;
    }

    /** Row-major positions of the k active weights of smallest |w| (ties: lower position first). */
    static int[] smallestActive(float[] w, float[] mask, int k) {
        long[] keys = new long[countActive(mask)];
        int j = 0;
        for (int p = 0; p < mask.length; p++) if (mask[p] != 0f) keys[j++] = key(Math.abs(w[p]), p);
        Arrays.sort(keys);
        int[] out = new int[k];
        for (int q = 0; q < k; q++) out[q] = (int) (keys[q] & 0xffffffffL);
        return out;
    }

    /** Row-major positions of the k inactive positions of largest |g| (ties: lower position first). */
    static int[] largestInactive(float[] g, float[] mask, int k) {
        long[] keys = new long[mask.length - countActive(mask)];
        int j = 0;
        // key of -|g| sorted ascending = largest |g| first; floats' bits order non-negative values, so invert them
        for (int p = 0; p < mask.length; p++) if (mask[p] == 0f) keys[j++] = key(Math.abs(g[p]), p) ^ 0x7fffffff00000000L;
        Arrays.sort(keys);
        int[] out = new int[k];
        for (int q = 0; q < k; q++) out[q] = (int) (keys[q] & 0xffffffffL);
        return out;
    }

    /** k inactive positions uniformly at random: partial Fisher-Yates over the inactive positions in row-major order. */
    static int[] randomInactive(float[] mask, int k, SplittableRandom rng) {
        int[] idx = new int[mask.length - countActive(mask)];
        int j = 0;
        for (int p = 0; p < mask.length; p++) if (mask[p] == 0f) idx[j++] = p;
        for (int q = 0; q < k; q++) {
            int r = q + rng.nextInt(idx.length - q);
            int tmp = idx[q];
            idx[q] = idx[r];
            idx[r] = tmp;
        }
        return Arrays.copyOf(idx, k);
    }

    private static int countActive(float[] mask) {
        int c = 0;
        for (float v : mask) if (v != 0f) c++;
        return c;
    }

    private static long key(float absValue, int position) {
        return ((long) Float.floatToIntBits(absValue) << 32) | (position & 0xffffffffL);
    }
}
