package dev.gradflow.app.compare;

import dev.gradflow.charts.data.BucketGrid;
import dev.gradflow.charts.figure.ColorScale;
import dev.gradflow.charts.figure.HeatmapSource;
import dev.gradflow.charts.style.Palette;

import java.awt.Color;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A heatmap source restricted to a step range (zoom); the automatic colour scale stays the full source's. */
final class RangedSource implements HeatmapSource {
    private final HeatmapSource full;
    private final long first;
    private final long last;

    RangedSource(HeatmapSource full, long first, long last) {
        this.full = full;
        long f = Math.max(full.firstStep(), first);
        long l = Math.min(full.lastStep(), last);
        if (l < f) {
            f = full.firstStep();
            l = full.lastStep();
        }
        this.first = f;
        this.last = l;
    }

    @Override public List<String> layerNames() { return full.layerNames(); }
    @Override public long firstStep() { return first; }
    @Override public long lastStep() { return last; }
    @Override public Plotted plot(BucketGrid grid) { return full.plot(grid); }
    @Override public ColorScale autoScale(Palette palette, boolean log, Color missing) { return full.autoScale(palette, log, missing); }
    @Override public List<Long> markerSteps() { return full.markerSteps().stream().filter(s -> s >= first && s <= last).toList(); }
    @Override public String defaultTitle() { return full.defaultTitle(); }
    @Override public String colorLabel() { return full.colorLabel(); }

    @Override
    public Map<String, Object> provenance() {
        Map<String, Object> p = new LinkedHashMap<>(full.provenance());
        p.put("visibleSteps", List.of(first, last));
        return p;
    }
}
