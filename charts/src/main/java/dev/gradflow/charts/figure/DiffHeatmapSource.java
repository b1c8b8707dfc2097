package dev.gradflow.charts.figure;

import dev.gradflow.charts.data.Aggregation;
import dev.gradflow.charts.data.BucketGrid;
import dev.gradflow.charts.data.BucketedMatrix;
import dev.gradflow.charts.data.Bucketing;
import dev.gradflow.charts.data.Measure;
import dev.gradflow.charts.data.RunSeries;
import dev.gradflow.charts.style.Palette;
import dev.gradflow.model.store.MaskEvent;

import java.awt.Color;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * a minus b: both runs are bucketed on the same grid over the steps both cover, then the bucket values are
 * subtracted (NaN where either has no value).
 */
final class DiffHeatmapSource implements HeatmapSource {
    /** Buckets of the reference grid that fixes the automatic colour range. */
    static final int SCALE_REFERENCE_BUCKETS = 1000;

    final RunSeries a;
    final RunSeries b;
    final Measure measure;
    final Aggregation aggregation;
    private final long first;
    private final long last;

    DiffHeatmapSource(RunSeries a, RunSeries b, Measure measure, Aggregation aggregation) {
        if (a.layerCount() != b.layerCount()) {
            throw new IllegalArgumentException("runs have " + a.layerCount() + " and " + b.layerCount() + " layers");
        }
        if (a.stepCount() == 0 || b.stepCount() == 0) throw new IllegalArgumentException("a run has no steps");
        this.a = a;
        this.b = b;
        this.measure = measure;
        this.aggregation = aggregation;
        this.first = Math.max(a.firstStep(), b.firstStep());
        this.last = Math.min(a.lastStep(), b.lastStep());
        if (last < first) throw new IllegalArgumentException("the runs share no steps");
    }

    @Override public List<String> layerNames() { return a.layerNames(); }

    @Override public long firstStep() { return first; }

    @Override public long lastStep() { return last; }

    @Override
    public Plotted plot(BucketGrid grid) {
        BucketedMatrix ma = Bucketing.bucket(a.steps(), a.layerValues(measure), grid);
        BucketedMatrix mb = Bucketing.bucket(b.steps(), b.layerValues(measure), grid);
        double[][] va = ma.values(aggregation), vb = mb.values(aggregation);
        double[][] d = new double[va.length][grid.count()];
        int[] n = new int[grid.count()];
        for (int l = 0; l < va.length; l++) {
            for (int k = 0; k < grid.count(); k++) d[l][k] = va[l][k] - vb[l][k];
        }
        for (int k = 0; k < n.length; k++) n[k] = Math.min(ma.stepsIn(k), mb.stepsIn(k));
        return new Plotted(grid, d, n);
    }

    @Override
    public ColorScale autoScale(Palette palette, boolean log, Color missing) {
        Plotted p = plot(BucketGrid.over(first, last, SCALE_REFERENCE_BUCKETS));
        return ColorScale.symmetric(palette, missing, p.values());
    }

    @Override
    public List<Long> markerSteps() {
        return Stream.concat(a.maskEvents().stream(), b.maskEvents().stream()).map(MaskEvent::step)
                .filter(s -> s >= first && s <= last).distinct().sorted().toList();
    }

    @Override public String defaultTitle() { return a.label() + " minus " + b.label() + ": " + measure.shortLabel(); }

    @Override public String colorLabel() { return "difference of " + measure.shortLabel() + " (a - b)"; }

    @Override
    public Map<String, Object> provenance() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("runs", List.of(HeatmapFigure.runInfo(a), HeatmapFigure.runInfo(b)));
        p.put("measure", measure.id());
        p.put("aggregation", aggregation.id());
        p.put("difference", "a - b on a common bucket grid over steps " + first + ".." + last);
        return p;
    }
}
