package dev.gradflow.charts.figure;

import dev.gradflow.charts.data.Aggregation;
import dev.gradflow.charts.data.Measure;
import dev.gradflow.charts.data.RunSeries;

/**
 * Difference heatmap of two runs per layer on a common bucket grid over the steps both runs cover: a - b, or
 * log10(a / b) (a ratio reads the same for small and large gradients), on a linear diverging colour scale symmetric
 * around 0 (rdbu unless the style's palette is already diverging). The automatic range is the largest |value|, or,
 * with a robust range, a percentile of |value| (see {@link DiffHeatmapSource}).
 */
public final class DiffHeatmapFigure {
    private DiffHeatmapFigure() {}

    /** What is plotted per cell. */
    public enum Kind { DIFFERENCE, LOG_RATIO }

    /** Percentile of |value| used by a robust range. */
    public static final double ROBUST_PERCENTILE = 99;

    public static HeatmapFigure of(RunSeries a, RunSeries b, Measure measure) {
        return of(a, b, measure, Aggregation.MEAN);
    }

    public static HeatmapFigure of(RunSeries a, RunSeries b, Measure measure, Aggregation aggregation) {
        return new HeatmapFigure(new DiffHeatmapSource(a, b, measure, aggregation), "diff-heatmap", false);
    }

    /**
     * a - b or log10(a / b); {@code robustRange} sets the colour range to the {@value #ROBUST_PERCENTILE}th percentile
     * of |value| instead of its maximum.
     */
    public static HeatmapFigure of(RunSeries a, RunSeries b, Measure measure, Aggregation aggregation, Kind kind,
                                   boolean robustRange) {
        return new HeatmapFigure(new DiffHeatmapSource(a, b, measure, aggregation, kind,
                robustRange ? ROBUST_PERCENTILE : 100), "diff-heatmap", false);
    }
}
