package dev.gradflow.charts.dynamic;

import dev.gradflow.model.metrics.LayerArrays;
import dev.gradflow.model.metrics.Snapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * First-layer connectivity in input space (docs/metrics.md "Connectivity"): for a dense first layer with mask
 * {@code M} of shape {@code [n_in, n_out]}, input pixel {@code i} gets {@code c_i = Σ_j M_ij}, the number of active
 * weights leaving it (the number of first-layer units that receive the pixel), shown as a {@code side x side} image
 * ({@code side² = n_in}, row-major as the images are flattened). A layer stored without a mask is dense:
 * {@code c_i = n_out}.
 */
public record Connectivity(String label, long step, int side, int outputs, int[] degree) {
    /** One connectivity image per snapshot (init, evaluation points, final), in the store's order. */
    public static List<Connectivity> of(List<Snapshot> snapshots) {
        if (snapshots.isEmpty()) {
            throw new IllegalArgumentException("no snapshots in this run (evaluation.snapshots must be on)");
        }
        List<Connectivity> out = new ArrayList<>();
        for (Snapshot s : snapshots) out.add(of(s));
        return out;
    }

    public static Connectivity of(Snapshot s) {
        LayerArrays first = s.layers().get(0);
        long[] shape = first.weightShape();
        if (shape.length != 2) {
            throw new IllegalArgumentException("connectivity needs an MLP's first layer; " + first.name() + " has shape "
                    + java.util.Arrays.toString(shape));
        }
        int in = Math.toIntExact(shape[0]), outs = Math.toIntExact(shape[1]);
        int side = (int) Math.round(Math.sqrt(in));
        if (side * side != in) {
            throw new IllegalArgumentException("connectivity needs square grey-scale images (e.g. 28x28 = 784 inputs); "
                    + first.name() + " has " + in + " inputs");
        }
        int[] degree = new int[in];
        float[] m = first.mask();
        for (int i = 0; i < in; i++) {
            if (m == null) {
                degree[i] = outs;
                continue;
            }
            int c = 0;
            for (int j = 0; j < outs; j++) if (m[i * outs + j] != 0f) c++;
            degree[i] = c;
        }
        return new Connectivity(s.label(), s.step(), side, outs, degree);
    }
}
