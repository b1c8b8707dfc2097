package dev.gradflow.model.store;

import dev.gradflow.model.metrics.EpochRecord;
import dev.gradflow.model.metrics.EvalPoint;
import dev.gradflow.model.metrics.LayerArrays;
import dev.gradflow.model.metrics.LayerInfo;
import dev.gradflow.model.metrics.LayerStats;
import dev.gradflow.model.metrics.NetworkFlow;
import dev.gradflow.model.metrics.Snapshot;
import dev.gradflow.model.metrics.StepRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test data for the store tests. */
final class Fixtures {
    private Fixtures() {}

    static final List<LayerInfo> LAYERS = List.of(
            new LayerInfo(0, "dense1", "dense", new long[]{4, 3}, 12, 6),
            new LayerInfo(1, "output", "dense", new long[]{3, 2}, 6, 6));

    static NewRun newRun(String name) {
        Map<String, String> prov = new LinkedHashMap<>();
        prov.put("java.version", "17");
        prov.put("dl4j.version", "1.0.0-M2.1");
        return new NewRun(name, "{\"seed\":7}", "ab12", "fashion-mnist", "adam", "relu", 0.5, 7L, prov, LAYERS);
    }

    static List<LayerStats> layerStats(long seed) {
        List<LayerStats> out = new ArrayList<>();
        for (LayerInfo l : LAYERS) {
            double b = seed * 0.001 + l.index();
            out.add(new LayerStats(l.index(), l.name(), b + 1, b + 2, b + 3, b + 4, l.weights(), l.active(), b + 5, b + 0.25));
        }
        return out;
    }

    static StepRecord step(long step) {
        List<LayerStats> ls = layerStats(step);
        return new StepRecord(step, (int) (step / 100), 2.5 - step * 1e-3, 1e-3, NetworkFlow.of(ls), ls);
    }

    static EvalPoint eval(int index, long step) {
        List<LayerStats> ls = layerStats(1000 + index);
        return new EvalPoint(index, step, 1.0 / (index + 1), 0.9, 0.5 + index * 0.1, 1.1, 0.4 + index * 0.1,
                NetworkFlow.of(ls), ls);
    }

    static EpochRecord epoch(int epoch, long step) {
        return new EpochRecord(epoch, step, 0.8 - epoch * 0.1, 0.7 + epoch * 0.05, 0.9 - epoch * 0.1, 0.6 + epoch * 0.05, 12.5);
    }

    static Snapshot snapshot(String label, long step) {
        List<LayerArrays> arrays = new ArrayList<>();
        for (LayerInfo l : LAYERS) {
            int n = (int) l.weights();
            float[] w = new float[n];
            float[] m = new float[n];
            for (int i = 0; i < n; i++) {
                w[i] = (float) (step + i * 0.5 - l.index());
                m[i] = i % 2 == 0 || l.index() == 1 ? 1f : 0f;
            }
            float[] bias = new float[(int) l.shape()[1]];
            for (int i = 0; i < bias.length; i++) bias[i] = -i - 0.125f;
            arrays.add(new LayerArrays(l.name(), l.shape(), w, bias, m));
        }
        return new Snapshot(label, step, arrays);
    }
}
