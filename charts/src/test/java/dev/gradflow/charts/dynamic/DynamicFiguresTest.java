package dev.gradflow.charts.dynamic;

import dev.gradflow.charts.export.FigureExporter;
import dev.gradflow.charts.figure.HeatmapFigure;
import dev.gradflow.charts.style.FigureStyle;
import dev.gradflow.model.metrics.LayerArrays;
import dev.gradflow.model.metrics.MaskEvent;
import dev.gradflow.model.metrics.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The turnover heatmap and the connectivity images export exactly the numbers defined in docs/metrics.md. */
class DynamicFiguresTest {
    private static final List<String> LAYERS = List.of("dense1", "dense2", "output");
    private static final long[] ACTIVE = {200, 50, 100};

    /** Updates at steps 10, 20, 30; the output layer is kept dense (no events). */
    private static List<MaskEvent> events() {
        List<MaskEvent> e = new ArrayList<>();
        long[][] regrown = {{60, 15}, {30, 5}, {10, 2}};
        long[] steps = {10, 20, 30};
        for (int k = 0; k < 3; k++) {
            for (int l = 0; l < 2; l++) {
                e.add(new MaskEvent(steps[k], l, LAYERS.get(l), 0.1, 0.1, regrown[k][l], regrown[k][l], 0.1 + 0.01 * k));
            }
        }
        return e;
    }

    /** Written from the definition: the turnover shown at step s is that of the first update u > s (0 after the last). */
    private static double expectedAt(int layer, long s) {
        if (layer == 2) return Double.NaN;
        long[][] regrown = {{60, 15}, {30, 5}, {10, 2}};
        long[] steps = {10, 20, 30};
        for (int k = 0; k < steps.length; k++) if (steps[k] > s) return (double) regrown[k][layer] / ACTIVE[layer];
        return 0;
    }

    private static List<String[]> readCsv(Path f) throws Exception {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(f)) rows.add(line.split(",", -1));
        return rows;
    }

    @Test
    void turnoverCsvEqualsTheDefinitionAtEveryBucket(@TempDir Path dir) throws Exception {
        MaskTurnover t = MaskTurnover.of(LAYERS, ACTIVE, events());
        for (int buckets : new int[]{50, 7}) {
            HeatmapFigure f = TurnoverSource.figure(t, "run", 0, 49).buckets(buckets).style(FigureStyle.defaults());
            Path csv = dir.resolve("t" + buckets + ".csv");
            FigureExporter.export(f, csv);
            List<String[]> rows = readCsv(csv);
            assertThat(rows.get(0)).containsExactly("bucket", "step_from", "step_to", "n_steps", "dense1", "dense2", "output");
            assertThat(rows).hasSize(buckets + 1);
            for (String[] r : rows.subList(1, rows.size())) {
                long from = Long.parseLong(r[1]), to = Long.parseLong(r[2]);
                for (int l = 0; l < 3; l++) {
                    double sum = 0;
                    for (long s = from; s <= to; s++) sum += expectedAt(l, s);
                    double expected = sum / (to - from + 1);
                    if (Double.isNaN(expected)) assertThat(r[4 + l]).isEmpty();
                    else assertThat(Double.parseDouble(r[4 + l])).as("bucket %s layer %d", r[0], l).isCloseTo(expected, within(1e-12));
                }
            }
        }
        assertThat(t.atUpdate(0, 0)).isEqualTo(0.3);
        assertThat(t.updateSteps()).containsExactly(10, 20, 30);
    }

    @Test
    void turnoverColoursFollowTheValues() {
        HeatmapFigure f = TurnoverSource.figure(MaskTurnover.of(LAYERS, ACTIVE, events()), "run", 0, 49)
                .buckets(50).style(FigureStyle.defaults());
        BufferedImage img = FigureExporter.render(f, 1000, 500);
        assertThat(f.colorScale().upper()).isEqualTo(0.3);
        assertThat(f.isLogScale()).isFalse();
        // the body's colours include the top of the scale (dense1's first interval) and the bottom (after step 30)
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int x = 0; x < img.getWidth(); x++) for (int y = 0; y < img.getHeight(); y++) colours.add(img.getRGB(x, y) | 0xff000000);
        assertThat(colours).contains(f.colorScale().argb(0.3) | 0xff000000, f.colorScale().argb(0.0) | 0xff000000);
    }

    @Test
    void pruningRunsHaveNoTurnover() {
        assertThatThrownBy(() -> MaskTurnover.of(LAYERS, ACTIVE, List.of(new MaskEvent(5, 0, "dense1", 1.0, 0.5))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sparsity.dynamic");
    }

    /** A 4x4-input first layer with 3 outputs; mask chosen so pixel i has (i mod 4) active connections. */
    private static Snapshot snapshot(String label, long step, int shift) {
        float[] mask = new float[16 * 3];
        for (int i = 0; i < 16; i++) for (int j = 0; j < Math.min(3, (i + shift) % 4); j++) mask[i * 3 + j] = 1f;
        LayerArrays first = new LayerArrays("dense1", new long[]{16, 3}, new float[48], new float[3], mask);
        LayerArrays out = new LayerArrays("output", new long[]{3, 2}, new float[6], new float[2], null);
        return new Snapshot(label, step, List.of(first, out));
    }

    @Test
    void connectivityCsvEqualsTheMaskRowSums(@TempDir Path dir) throws Exception {
        List<Snapshot> snaps = List.of(snapshot("init", 0, 0), snapshot("eval01", 5, 1), snapshot("final", 10, 2));
        ConnectivityFigure f = ConnectivityFigure.of(Connectivity.of(snaps), "run").style(FigureStyle.defaults());
        Path csv = dir.resolve("c.csv");
        FigureExporter.export(f, csv);
        List<String[]> rows = readCsv(csv);
        assertThat(rows.get(0)).containsExactly("label", "step", "pixel", "row", "col", "active_connections");
        assertThat(rows).hasSize(1 + 3 * 16);
        for (String[] r : rows.subList(1, rows.size())) {
            Snapshot s = snaps.stream().filter(x -> x.label().equals(r[0])).findFirst().orElseThrow();
            int pixel = Integer.parseInt(r[2]);
            float[] m = s.layers().get(0).mask();
            int sum = 0;
            for (int j = 0; j < 3; j++) sum += (int) m[pixel * 3 + j];
            assertThat(Integer.parseInt(r[5])).as("%s pixel %d", r[0], pixel).isEqualTo(sum);
            assertThat(Long.parseLong(r[1])).isEqualTo(s.step());
            assertThat(Integer.parseInt(r[3]) * 4 + Integer.parseInt(r[4])).isEqualTo(pixel);
        }
        assertThat(f.colorScale().upper()).isEqualTo(3);
        BufferedImage img = FigureExporter.render(f, 900, 400);
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int x = 0; x < img.getWidth(); x++) for (int y = 0; y < img.getHeight(); y++) colours.add(img.getRGB(x, y) | 0xff000000);
        for (int d = 0; d <= 3; d++) assertThat(colours).contains(f.colorScale().argb(d) | 0xff000000);
    }

    @Test
    void connectivityNeedsASquareDenseInput() {
        LayerArrays odd = new LayerArrays("dense1", new long[]{10, 3}, new float[30], new float[3], null);
        assertThatThrownBy(() -> Connectivity.of(new Snapshot("init", 0, List.of(odd))))
                .hasMessageContaining("square").hasMessageContaining("10 inputs");
        LayerArrays conv = new LayerArrays("conv1", new long[]{8, 1, 3, 3}, new float[72], new float[8], null);
        assertThatThrownBy(() -> Connectivity.of(new Snapshot("init", 0, List.of(conv)))).hasMessageContaining("MLP");
        assertThatThrownBy(() -> Connectivity.of(List.of())).hasMessageContaining("snapshots");
        // no mask stored = dense: every pixel feeds every output
        LayerArrays dense = new LayerArrays("dense1", new long[]{4, 3}, new float[12], new float[3], null);
        assertThat(Connectivity.of(new Snapshot("init", 0, List.of(dense))).degree()).containsOnly(3);
    }
}
