package dev.gradflow.charts.dynamic;

import dev.gradflow.charts.figure.Figure;
import dev.gradflow.charts.style.FigureStyle;
import dev.gradflow.model.metrics.LayerInfo;
import dev.gradflow.model.store.RunStore;
import dev.gradflow.model.store.RunSummary;

import java.util.List;

/** Builds the dynamic-sparsity figures of a stored run ({@code plot --figure turnover|connectivity}). */
public final class DynamicFigures {
    private DynamicFigures() {
    }

    /**
     * The mask-turnover heatmap over the run's logged step range (the gradient-flow heatmap's axis).
     *
     * @throws IllegalArgumentException if the run has no dynamic mask updates
     */
    public static Figure turnover(RunStore store, RunSummary run, FigureStyle style) {
        List<LayerInfo> layers = store.layers(run.id());
        long[] active = layers.stream().mapToLong(LayerInfo::active).toArray();
        MaskTurnover t = MaskTurnover.of(layers.stream().map(LayerInfo::name).toList(), active, store.maskEvents(run.id()));
        long last = Math.max(store.stepCount(run.id()), run.steps()) - 1;
        long[] updates = t.updateSteps();
        last = Math.max(last, updates[updates.length - 1] - 1);
        return TurnoverSource.figure(t, run.id() + " " + run.name(), 0, last).style(style);
    }

    /** First-layer connectivity at every snapshot of the run. */
    public static Figure connectivity(RunStore store, RunSummary run, FigureStyle style) {
        return ConnectivityFigure.of(Connectivity.of(store.snapshots(run.id())), run.id() + " " + run.name()).style(style);
    }
}
