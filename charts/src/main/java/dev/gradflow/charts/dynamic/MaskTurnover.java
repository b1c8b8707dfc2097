package dev.gradflow.charts.dynamic;

import dev.gradflow.model.metrics.MaskEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Mask turnover of a dynamic sparse run (SET, RigL; docs/metrics.md "Mask turnover"): for mask update {@code k} at
 * step {@code u_k} (updates done) and layer {@code l}, {@code turnover_{l,k} = regrown_{l,k} / n_l}, the fraction of
 * the layer's {@code n_l} active weights replaced (densities are constant, so {@code n_l} is the layer's active count).
 * On the step axis of the gradient-flow heatmap (0-based update index {@code s}), update {@code k} covers the steps
 * {@code u_{k-1} <= s < u_k} whose mask it replaces ({@code u_0 = -infinity}); steps after the last update have
 * turnover 0. Layers without events (kept dense) have no values (NaN).
 */
public final class MaskTurnover {
    private final List<String> layerNames;
    private final long[] updateSteps;
    private final double[][] perUpdate; // [layer][update]

    private MaskTurnover(List<String> layerNames, long[] updateSteps, double[][] perUpdate) {
        this.layerNames = layerNames;
        this.updateSteps = updateSteps;
        this.perUpdate = perUpdate;
    }

    /**
     * @param active per layer, its number of active weights (constant under dynamic sparse training)
     * @throws IllegalArgumentException if no event carries regrowth counts (not a dynamic sparse run)
     */
    public static MaskTurnover of(List<String> layerNames, long[] active, List<MaskEvent> events) {
        TreeMap<Long, Integer> index = new TreeMap<>();
        for (MaskEvent e : events) if (e.regrown() != null) index.putIfAbsent(e.step(), 0);
        if (index.isEmpty()) throw new IllegalArgumentException("no dynamic mask updates (sparsity.dynamic) in this run");
        long[] steps = new long[index.size()];
        int k = 0;
        for (Long s : index.keySet()) {
            steps[k] = s;
            index.put(s, k++);
        }
        double[][] v = new double[layerNames.size()][steps.length];
        for (double[] row : v) java.util.Arrays.fill(row, Double.NaN);
        for (MaskEvent e : events) {
            if (e.regrown() == null) continue;
            v[e.layer()][index.get(e.step())] = active[e.layer()] == 0 ? Double.NaN : (double) e.regrown() / active[e.layer()];
        }
        return new MaskTurnover(List.copyOf(layerNames), steps, v);
    }

    public List<String> layerNames() { return layerNames; }

    /** Steps (updates done) of the mask updates, ascending. */
    public long[] updateSteps() { return updateSteps.clone(); }

    /** Turnover of layer l at update k. */
    public double atUpdate(int layer, int k) { return perUpdate[layer][k]; }

    /** The turnover shown at 0-based update index s (see the class comment). */
    public double atStep(int layer, long s) {
        int k = java.util.Arrays.binarySearch(updateSteps, s + 1);
        if (k < 0) k = -k - 1; // first update step > s
        if (k >= updateSteps.length) return rowHasData(layer) ? 0 : Double.NaN;
        return perUpdate[layer][k];
    }

    private boolean rowHasData(int layer) {
        for (double x : perUpdate[layer]) if (!Double.isNaN(x)) return true;
        return false;
    }

    /** All per-update values, {@code [layer][update]}. */
    public List<double[]> rows() {
        List<double[]> out = new ArrayList<>();
        for (double[] r : perUpdate) out.add(r.clone());
        return out;
    }
}
