package dev.gradflow.model.sparse;

import dev.gradflow.model.spec.SparsitySpec;

import java.util.List;

/**
 * Spreads a sparsity spec over weight layers, giving one density (fraction of active weights) per layer.
 * <ul>
 *   <li>uniform: every layer that is not kept dense gets {@code density}.</li>
 *   <li>erk (Erdos-Renyi-Kernel, Evci et al. 2020 "RigL"): layer l gets {@code eps * (sum of dims)/(product of dims)}
 *       with eps chosen so that the active weights of the non-dense layers total {@code density} times their weight
 *       count; a layer whose ERK density would exceed 1 is made dense and eps is solved again for the rest.</li>
 *   <li>explicit: {@code layerDensities} as given.</li>
 * </ul>
 * {@code denseFirstLayer} / {@code denseLastLayer} force density 1 on those layers in every mode; the target
 * {@code density} then applies to the remaining layers only.
 */
public final class DensityAllocator {
    private DensityAllocator() {
    }

    public static double[] allocate(SparsitySpec spec, List<WeightShape> layers) {
        int n = layers.size();
        double[] d = new double[n];
        boolean[] dense = new boolean[n];
        if (n > 0 && spec.denseFirstLayer()) dense[0] = true;
        if (n > 0 && spec.denseLastLayer()) dense[n - 1] = true;
        switch (spec.distribution()) {
            case UNIFORM -> {
                for (int i = 0; i < n; i++) d[i] = dense[i] ? 1.0 : spec.density();
            }
            case EXPLICIT -> {
                for (int i = 0; i < n; i++) d[i] = dense[i] ? 1.0 : spec.layerDensities().get(i);
            }
            case ERK -> erk(spec.density(), layers, dense, d);
        }
        return d;
    }

    private static void erk(double density, List<WeightShape> layers, boolean[] dense, double[] out) {
        int n = layers.size();
        double budget = 0;
        for (int i = 0; i < n; i++) if (!dense[i]) budget += density * layers.get(i).count();
        boolean[] forced = new boolean[n];
        double eps;
        boolean changed;
        do {
            double remaining = budget;
            double weighted = 0;
            for (int i = 0; i < n; i++) {
                if (dense[i]) continue;
                WeightShape s = layers.get(i);
                if (forced[i]) remaining -= s.count();
                else weighted += s.erkScore() * s.count();
            }
            eps = weighted > 0 ? remaining / weighted : 0;
            changed = false;
            for (int i = 0; i < n; i++) {
                if (!dense[i] && !forced[i] && eps * layers.get(i).erkScore() > 1) {
                    forced[i] = true;
                    changed = true;
                }
            }
        } while (changed);
        for (int i = 0; i < n; i++) {
            out[i] = dense[i] || forced[i] ? 1.0 : eps * layers.get(i).erkScore();
        }
    }
}
