package dev.gradflow.model.store;

import dev.gradflow.model.metrics.LayerArrays;
import dev.gradflow.model.metrics.LayerInfo;
import dev.gradflow.model.metrics.LayerStats;
import dev.gradflow.model.metrics.Snapshot;
import dev.gradflow.model.metrics.StepRecord;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Exports of a stored run to files for analysis elsewhere (NumPy, pandas, spreadsheets). */
public final class RunExport {
    private RunExport() {}

    private static final int CSV_CHUNK = 5_000;
    private static final String[] LAYER_CSV_COLUMNS = {"l1_all", "l2_all", "l1_active", "l2_active", "weight_l2", "update_ratio"};

    /**
     * Writes every snapshot of the run to a NumPy {@code .npz}: arrays {@code <label>/<layer>/weight},
     * {@code <label>/<layer>/bias} and {@code <label>/<layer>/mask} (absent ones are skipped), then
     * {@code steps}: the step of each snapshot, in snapshot order (init, eval01.., final), as float32.
     */
    public static void npz(RunStore store, long runId, Path out) throws IOException {
        requireRun(store, runId);
        LinkedHashMap<String, NpzWriter.NpyArray> arrays = new LinkedHashMap<>();
        List<Snapshot> snapshots = store.snapshots(runId);
        float[] steps = new float[snapshots.size()];
        for (int i = 0; i < snapshots.size(); i++) {
            Snapshot s = snapshots.get(i);
            steps[i] = s.step();
            for (LayerArrays a : s.layers()) {
                String prefix = s.label() + "/" + a.name() + "/";
                if (a.weights() != null) arrays.put(prefix + "weight", new NpzWriter.NpyArray(a.weightShape(), a.weights()));
                if (a.bias() != null) arrays.put(prefix + "bias", NpzWriter.NpyArray.of(a.bias()));
                if (a.mask() != null) arrays.put(prefix + "mask", new NpzWriter.NpyArray(a.weightShape(), a.mask()));
            }
        }
        arrays.put("steps", NpzWriter.NpyArray.of(steps));
        NpzWriter.write(out, arrays);
    }

    /**
     * Writes one CSV row per logged step: {@code step, epoch, loss, lr, gf1, gf2, egf1, egf2, egf1_pa, egf2_pa},
     * then for each layer {@code <layer>.l1_all, .l2_all, .l1_active, .l2_active, .weight_l2, .update_ratio}.
     * Missing values are written as {@code NaN}.
     */
    public static void csv(RunStore store, long runId, Path out) throws IOException {
        requireRun(store, runId);
        List<LayerInfo> layers = store.layers(runId);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            List<String> header = new ArrayList<>(List.of("step", "epoch", "loss", "lr", "gf1", "gf2", "egf1", "egf2",
                    "egf1_pa", "egf2_pa"));
            for (LayerInfo l : layers) {
                for (String c : LAYER_CSV_COLUMNS) header.add(l.name() + "." + c);
            }
            writeRow(w, header);
            long from = 0;
            while (true) {
                List<StepRecord> chunk = store.steps(runId, from, CSV_CHUNK);
                if (chunk.isEmpty()) break;
                for (StepRecord s : chunk) {
                    List<String> row = new ArrayList<>(header.size());
                    row.add(Long.toString(s.step()));
                    row.add(Integer.toString(s.epoch()));
                    row.add(num(s.loss()));
                    row.add(num(s.lr()));
                    row.add(num(s.flow().gf1()));
                    row.add(num(s.flow().gf2()));
                    row.add(num(s.flow().egf1()));
                    row.add(num(s.flow().egf2()));
                    row.add(num(s.flow().egf1PerActive()));
                    row.add(num(s.flow().egf2PerActive()));
                    Map<Integer, LayerStats> byIndex = new HashMap<>();
                    for (LayerStats ls : s.layers()) byIndex.put(ls.layer(), ls);
                    for (LayerInfo l : layers) {
                        LayerStats ls = byIndex.get(l.index());
                        if (ls == null) {
                            for (int i = 0; i < LAYER_CSV_COLUMNS.length; i++) row.add("NaN");
                        } else {
                            row.add(num(ls.l1All()));
                            row.add(num(ls.l2All()));
                            row.add(num(ls.l1Active()));
                            row.add(num(ls.l2Active()));
                            row.add(num(ls.weightL2()));
                            row.add(num(ls.updateRatio()));
                        }
                    }
                    writeRow(w, row);
                }
                from = chunk.get(chunk.size() - 1).step() + 1;
            }
        }
    }

    private static void requireRun(RunStore store, long runId) {
        if (store.run(runId).isEmpty()) throw new StoreException("No run with id " + runId + " in " + store.file());
    }

    private static String num(double v) { return Double.toString(v); }

    private static void writeRow(BufferedWriter w, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) w.write(',');
            w.write(escape(cells.get(i)));
        }
        w.write('\n');
    }

    private static String escape(String cell) {
        if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) return cell;
        return '"' + cell.replace("\"", "\"\"") + '"';
    }
}
