package dev.gradflow.charts.cli;

import dev.gradflow.charts.dynamic.DynamicFigures;
import dev.gradflow.charts.figure.Figure;
import dev.gradflow.charts.style.FigureStyle;
import dev.gradflow.model.store.RunStore;
import dev.gradflow.model.store.RunSummary;

/** {@code plot --figure turnover|connectivity}: the dynamic-sparsity figures, with user mistakes as one-line errors. */
final class DynamicPlot {
    private DynamicPlot() {
    }

    static Figure figure(String kind, RunStore store, RunSummary run, FigureStyle style) {
        try {
            return "turnover".equals(kind) ? DynamicFigures.turnover(store, run, style) : DynamicFigures.connectivity(store, run, style);
        } catch (IllegalArgumentException e) {
            throw new PlotCommand.PlotException("--figure " + kind + ": run " + run.id() + " (" + run.name() + "): " + e.getMessage());
        }
    }
}
