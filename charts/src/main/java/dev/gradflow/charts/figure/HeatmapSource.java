package dev.gradflow.charts.figure;

import dev.gradflow.charts.data.BucketGrid;
import dev.gradflow.charts.style.Palette;

import java.awt.Color;
import java.util.List;
import java.util.Map;

/** What a heatmap plots: layer rows over a step range, reduced to any bucket grid. */
public interface HeatmapSource {
    /** Rows, index 0 = input side (drawn at the bottom). */
    List<String> layerNames();

    long firstStep();

    long lastStep();

    /** Plotted values {@code [layer][bucket]} and steps per bucket on a grid. */
    Plotted plot(BucketGrid grid);

    /** The colour scale used when the figure has no explicit range. */
    ColorScale autoScale(Palette palette, boolean log, Color missing);

    /** Steps of mask changes to mark. */
    List<Long> markerSteps();

    String defaultTitle();

    String colorLabel();

    Map<String, Object> provenance();

    /** Plotted matrix on a grid, with the number of logged steps that fell in each bucket. */
    record Plotted(BucketGrid grid, double[][] values, int[] stepsPerBucket) {}
}
