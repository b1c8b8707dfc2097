package dev.gradflow.charts.figure;

import dev.gradflow.charts.data.Aggregation;
import dev.gradflow.charts.data.Measure;
import dev.gradflow.charts.data.RunSeries;

/**
 * Difference heatmap of two runs: a minus b per layer on a common bucket grid over the steps both runs cover,
 * linear diverging colour scale symmetric around 0 (rdbu unless the style's palette is already diverging).
 */
public final class DiffHeatmapFigure {
    private DiffHeatmapFigure() {}

    public static HeatmapFigure of(RunSeries a, RunSeries b, Measure measure) {
        return of(a, b, measure, Aggregation.MEAN);
    }

    public static HeatmapFigure of(RunSeries a, RunSeries b, Measure measure, Aggregation aggregation) {
        return new HeatmapFigure(new DiffHeatmapSource(a, b, measure, aggregation), "diff-heatmap", false);
    }
}
