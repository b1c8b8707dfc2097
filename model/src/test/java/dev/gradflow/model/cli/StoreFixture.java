package dev.gradflow.model.cli;

import dev.gradflow.model.metrics.EpochRecord;
import dev.gradflow.model.metrics.EvalPoint;
import dev.gradflow.model.metrics.LayerInfo;
import dev.gradflow.model.metrics.LayerStats;
import dev.gradflow.model.metrics.NetworkFlow;
import dev.gradflow.model.metrics.RunStatus;
import dev.gradflow.model.metrics.StepRecord;
import dev.gradflow.model.store.MetricsWriter;
import dev.gradflow.model.store.NewRun;
import dev.gradflow.model.store.RunStore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A small store written through the public store API, with NaN values in places (no training, fast). */
final class StoreFixture {
    private StoreFixture() {
    }

    static final List<LayerInfo> LAYERS = List.of(
            new LayerInfo(0, "dense1", "dense", new long[]{4, 3}, 12, 6),
            new LayerInfo(1, "output", "dense", new long[]{3, 2}, 6, 6));

    static List<LayerStats> stats(double base, List<LayerInfo> layers) {
        List<LayerStats> out = new ArrayList<>();
        for (LayerInfo l : layers) {
            double b = base + l.index();
            out.add(new LayerStats(l.index(), l.name(), b + 1, b + 2, b + 3, b + 4, l.weights(), l.active(), b + 5,
                    l.index() == 0 ? Double.NaN : 0.25));
        }
        return out;
    }

    /** Writes one finished run named {@code name} with 5 steps, 2 evaluation points, 1 epoch; returns its id. */
    static long addRun(Path db, String name) {
        return addRun(db, name, LAYERS, "{\"name\":\"x\",\"seed\":3}");
    }

    static long addRun(Path db, String name, List<LayerInfo> layers, String specJson) {
        try (RunStore s = RunStore.open(db)) {
            long id = s.createRun(new NewRun(name, specJson, "h" + name.hashCode(), "fashion-mnist-sample", "adam",
                    "relu", 0.5, 3, Map.of("java.version", "17"), layers));
            try (MetricsWriter w = s.writer(id)) {
                for (int step = 0; step < 5; step++) {
                    List<LayerStats> ls = stats(step * 0.1, layers);
                    w.step(new StepRecord(step, 0, 2.0 - 0.1 * step, 1e-3, NetworkFlow.of(ls), ls));
                }
                for (int i = 0; i < 2; i++) {
                    List<LayerStats> ls = stats(10 + i, layers);
                    w.eval(new EvalPoint(i, i * 4L, 1.5, 1.4, 0.5, Double.NaN, 0.45, NetworkFlow.of(ls), ls));
                }
                w.epoch(new EpochRecord(0, 5, 1.2, 0.6, 1.3, 0.55, 0.5));
                for (String label : List.of("init", "final")) {
                    List<dev.gradflow.model.metrics.LayerArrays> arrays = new ArrayList<>();
                    for (LayerInfo l : layers) {
                        float[] wts = new float[(int) l.weights()];
                        float[] mask = new float[wts.length];
                        for (int i = 0; i < wts.length; i++) {
                            mask[i] = i % 2;
                            wts[i] = mask[i] * (i + 1) * 0.5f;
                        }
                        arrays.add(new dev.gradflow.model.metrics.LayerArrays(l.name(), l.shape(), wts,
                                new float[(int) l.shape()[1]], mask));
                    }
                    w.snapshot(new dev.gradflow.model.metrics.Snapshot(label, label.equals("init") ? 0 : 5, arrays));
                }
            }
            s.finish(id, RunStatus.FINISHED, "trained 5 steps");
            return id;
        }
    }
}
