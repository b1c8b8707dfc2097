package dev.gradflow.charts.dynamic;

import dev.gradflow.charts.data.BucketGrid;
import dev.gradflow.charts.figure.ColorScale;
import dev.gradflow.charts.figure.HeatmapFigure;
import dev.gradflow.charts.figure.HeatmapSource;
import dev.gradflow.charts.style.Palette;

import java.awt.Color;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mask-turnover heatmap's data: layer rows over the run's step range, each bucket the mean over its steps of
 * {@link MaskTurnover#atStep}, linear colour scale from 0 to the largest turnover.
 */
public final class TurnoverSource implements HeatmapSource {
    private final MaskTurnover turnover;
    private final String label;
    private final long first, last;

    public TurnoverSource(MaskTurnover turnover, String label, long firstStep, long lastStep) {
        this.turnover = turnover;
        this.label = label;
        this.first = firstStep;
        this.last = lastStep;
    }

    /** The turnover heatmap figure of a run (kind {@code turnover}, linear scale). */
    public static HeatmapFigure figure(MaskTurnover turnover, String label, long firstStep, long lastStep) {
        return HeatmapFigure.of(new TurnoverSource(turnover, label, firstStep, lastStep), "turnover", false);
    }

    @Override public List<String> layerNames() { return turnover.layerNames(); }

    @Override public long firstStep() { return first; }

    @Override public long lastStep() { return last; }

    @Override
    public Plotted plot(BucketGrid grid) {
        int layers = turnover.layerNames().size();
        double[][] v = new double[layers][grid.count()];
        int[] n = new int[grid.count()];
        for (int b = 0; b < grid.count(); b++) {
            long from = grid.stepFrom(b), to = grid.stepTo(b);
            n[b] = (int) (to - from + 1);
            for (int l = 0; l < layers; l++) {
                double sum = 0;
                for (long s = from; s <= to; s++) sum += turnover.atStep(l, s);
                v[l][b] = sum / n[b];
            }
        }
        return new Plotted(grid, v, n);
    }

    @Override
    public ColorScale autoScale(Palette palette, boolean log, Color missing) {
        double hi = 0;
        for (double[] r : turnover.rows()) for (double x : r) if (x > hi) hi = x;
        return new ColorScale(palette, 0, hi > 0 ? hi : 1, false, missing);
    }

    @Override
    public List<Long> markerSteps() { return List.of(); }

    @Override public String defaultTitle() { return label + ": mask turnover"; }

    @Override public String colorLabel() { return "fraction of active weights replaced"; }

    @Override
    public Map<String, Object> provenance() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("runs", List.of(Map.of("label", label, "layers", turnover.layerNames())));
        p.put("measure", "mask_turnover");
        p.put("updateSteps", java.util.Arrays.stream(turnover.updateSteps()).boxed().toList());
        return p;
    }
}
