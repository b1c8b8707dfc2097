package dev.gradflow.app.compare;

import dev.gradflow.model.metrics.EvalPoint;
import dev.gradflow.model.metrics.LayerArrays;
import dev.gradflow.model.metrics.LayerStats;
import dev.gradflow.model.metrics.NetworkFlow;
import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.metrics.StepRecord;
import dev.gradflow.model.metrics.LayerInfo;
import dev.gradflow.model.metrics.MaskEvent;
import dev.gradflow.model.store.MetricsWriter;
import dev.gradflow.model.store.NewRun;
import dev.gradflow.model.store.RunStore;
import dev.gradflow.model.metrics.Snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A tiny store with a static-mask run and a dynamic (SET-like) run written through the store API: two dense layers,
 * {@code dense_0} of shape [4, 2] with 4 active weights and {@code output} [2, 2] with 2 active, 10 logged steps.
 * The dynamic run has one mask update after step 5 (updates done = 5): {@code dense_0} drops 1 and regrows 1,
 * {@code output} drops 1 and regrows 1, so by hand its turnover is 1/4 = 0.25 and 1/2 = 0.5 on steps 0..4 and 0 after.
 * Both runs have one snapshot whose first-layer mask (row-major [4 inputs, 2 outputs]) is
 * {@code 1 0 / 1 1 / 0 0 / 0 1}: in-degrees 1, 2, 0, 1 on a 2x2 image.
 */
final class DynamicRunsFixture {
    static final int STEPS = 10;
    static final long UPDATE = 5;
    static final float[] FIRST_MASK = {1, 0, 1, 1, 0, 0, 0, 1};

    private DynamicRunsFixture() {
    }

    static List<LayerInfo> layers() {
        return List.of(new LayerInfo(0, "dense_0", "dense", new long[]{4, 2}, 8, 4),
                new LayerInfo(1, "output", "dense", new long[]{2, 2}, 4, 2));
    }

    /** Adds a finished run with its snapshot; {@code dynamic} adds the mask update. Returns its id. */
    static long addRun(RunStore s, String name, boolean dynamic) {
        return addRun(s, name, dynamic, true);
    }

    static long addRun(RunStore s, String name, boolean dynamic, boolean snapshot) {
        List<LayerInfo> infos = layers();
        long id = s.createRun(new NewRun(name, "{}", "h" + name, "blobs", "sgd", "relu", 0.5, 1, Map.of(), infos));
        try (MetricsWriter w = s.writer(id)) {
            for (int step = 0; step < STEPS; step++) {
                List<LayerStats> ls = new ArrayList<>();
                for (LayerInfo l : infos) ls.add(new LayerStats(l.index(), l.name(), 1 + step, 2 + step, 0.5 + step, 1.5 + step, l.weights(), l.active(), 1, 0.1));
                w.step(new StepRecord(step, 0, 2.0 / (step + 1), 0.1, NetworkFlow.of(ls), ls));
            }
            List<LayerStats> ls = new ArrayList<>();
            for (LayerInfo l : infos) ls.add(new LayerStats(l.index(), l.name(), 1, 2, 0.5, 1.5, l.weights(), l.active(), 1, Double.NaN));
            w.eval(new EvalPoint(0, STEPS, 2, 2, 0.3, 2, 0.3, NetworkFlow.of(ls), ls));
            if (dynamic) {
                w.maskEvent(new MaskEvent(UPDATE, 0, "dense_0", 0.5, 0.5, 1L, 1L, 5.0 / 8));
                w.maskEvent(new MaskEvent(UPDATE, 1, "output", 0.5, 0.5, 1L, 1L, 3.0 / 4));
            }
            if (snapshot) w.snapshot(new Snapshot("final", STEPS, List.of(
                    new LayerArrays("dense_0", new long[]{4, 2}, new float[8], new float[2], FIRST_MASK.clone()),
                    new LayerArrays("output", new long[]{2, 2}, new float[4], new float[2], new float[]{1, 0, 0, 1}))));
        }
        s.finish(id, RunStatus.FINISHED, "ok");
        return id;
    }
}
