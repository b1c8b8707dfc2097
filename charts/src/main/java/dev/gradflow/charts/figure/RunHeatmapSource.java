package dev.gradflow.charts.figure;

import dev.gradflow.charts.data.Aggregation;
import dev.gradflow.charts.data.BucketGrid;
import dev.gradflow.charts.data.BucketedMatrix;
import dev.gradflow.charts.data.Bucketing;
import dev.gradflow.charts.data.Measure;
import dev.gradflow.charts.data.RunSeries;
import dev.gradflow.charts.style.Palette;
import dev.gradflow.model.metrics.MaskEvent;

import java.awt.Color;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One run's per-layer measure, aggregated per bucket. The step range may be widened (shared panel axes). */
final class RunHeatmapSource implements HeatmapSource {
    final RunSeries run;
    final Measure measure;
    final Aggregation aggregation;
    private final long first;
    private final long last;

    RunHeatmapSource(RunSeries run, Measure measure, Aggregation aggregation, long first, long last) {
        if (run.stepCount() == 0) throw new IllegalArgumentException("run '" + run.label() + "' has no steps");
        this.run = run;
        this.measure = measure;
        this.aggregation = aggregation;
        this.first = first;
        this.last = last;
        run.layerValues(measure); // fail early if absent
    }

    RunHeatmapSource(RunSeries run, Measure measure, Aggregation aggregation) {
        this(run, measure, aggregation, run.firstStep(), run.lastStep());
    }

    @Override public List<String> layerNames() { return run.layerNames(); }

    @Override public long firstStep() { return first; }

    @Override public long lastStep() { return last; }

    @Override
    public Plotted plot(BucketGrid grid) {
        BucketedMatrix m = Bucketing.bucket(run.steps(), run.layerValues(measure), grid);
        int[] n = new int[grid.count()];
        for (int b = 0; b < n.length; b++) n[b] = m.stepsIn(b);
        return new Plotted(grid, m.values(aggregation), n);
    }

    /** Range of the raw (unbucketed) values, so the scale does not change with the figure width. */
    @Override
    public ColorScale autoScale(Palette palette, boolean log, Color missing) {
        ColorScale c = cachedScale;
        if (c == null || c.palette() != palette || c.isLog() != log || !c.missing().equals(missing)) {
            c = ColorScale.fromData(palette, log, missing, run.layerValues(measure)); // one scan of the raw data
            cachedScale = c;
        }
        return c;
    }

    private volatile ColorScale cachedScale;

    @Override
    public List<Long> markerSteps() {
        return run.maskEvents().stream().map(MaskEvent::step).distinct().sorted().toList();
    }

    @Override public String defaultTitle() { return run.label() + ": " + measure.shortLabel(); }

    @Override public String colorLabel() { return measure.axisLabel(); }

    @Override
    public Map<String, Object> provenance() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("runs", List.of(HeatmapFigure.runInfo(run)));
        p.put("measure", measure.id());
        p.put("aggregation", aggregation.id());
        return p;
    }
}
