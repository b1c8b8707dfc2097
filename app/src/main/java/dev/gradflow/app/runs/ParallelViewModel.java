package dev.gradflow.app.runs;

import dev.gradflow.charts.figure.ParallelCoordinatesFigure;
import dev.gradflow.charts.figure.ParallelCoordinatesFigure.Axis;
import dev.gradflow.charts.style.FigureStyle;
import dev.gradflow.model.store.RunSummary;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * A sweep in parallel coordinates: one axis per spec field that varies across the runs ({@link SpecFields#varying};
 * numeric when every value is a number, else categorical), then final test accuracy, final test loss and mean EGF₂
 * as the store keeps them. Brushes (a value range per axis) select runs; {@link #selected()} goes to Compare.
 */
public final class ParallelViewModel {
    /** Result axes after the spec fields: label and the store's run summary value. */
    static final List<Map.Entry<String, ToDoubleFunction<RunSummary>>> RESULTS = List.of(
            Map.entry("test accuracy", r -> r.finalTestAccuracy() == null ? Double.NaN : r.finalTestAccuracy()),
            Map.entry("test loss", r -> r.finalTestLoss() == null ? Double.NaN : r.finalTestLoss()),
            Map.entry("mean EGF₂", r -> r.meanEgf2() == null ? Double.NaN : r.meanEgf2()));

    private final List<RunSummary> runs;
    private final List<Axis> axes = new ArrayList<>();
    private final Map<Integer, double[]> brushes = new TreeMap<>();
    private final ReadOnlyIntegerWrapper version = new ReadOnlyIntegerWrapper(0);

    public ParallelViewModel(List<RunSummary> runs, Function<RunSummary, Map<String, Object>> spec) {
        this.runs = List.copyOf(runs);
        List<Map<String, Object>> specs = this.runs.stream().map(spec).toList();
        for (String path : SpecFields.varying(specs)) {
            boolean numeric = specs.stream().map(m -> m.get(path)).allMatch(v -> v == null || v instanceof Number);
            if (numeric) {
                double[] v = specs.stream().mapToDouble(m -> m.get(path) instanceof Number n ? n.doubleValue() : Double.NaN).toArray();
                axes.add(Axis.numeric(path, v));
            } else {
                String[] v = specs.stream().map(m -> m.get(path) == null ? null : SpecFields.format(m.get(path))).toArray(String[]::new);
                axes.add(Axis.categorical(path, v));
            }
        }
        for (var e : RESULTS) axes.add(Axis.numeric(e.getKey(), this.runs.stream().mapToDouble(e.getValue()).toArray()));
    }

    public List<RunSummary> runs() { return runs; }

    public List<Axis> axes() { return axes; }

    /** A new figure of the runs with the current brushes (figures are not shared with the render thread). */
    public ParallelCoordinatesFigure figure(FigureStyle style) {
        ParallelCoordinatesFigure f = ParallelCoordinatesFigure.of(runs.stream().map(r -> "#" + r.id() + " " + r.name()).toList(), axes)
                .style(style).title("Sweep: " + runs.size() + (runs.size() == 1 ? " run" : " runs") + ", " + (axes.size() - RESULTS.size())
                        + " varying spec " + (axes.size() - RESULTS.size() == 1 ? "field" : "fields"));
        brushes.forEach((a, r) -> f.brush(a, r[0], r[1]));
        return f;
    }

    /** Keeps runs whose value on {@code axis} is between {@code a} and {@code b} (either order). */
    public void brush(int axis, double a, double b) {
        brushes.put(axis, new double[]{Math.min(a, b), Math.max(a, b)});
        version.set(version.get() + 1);
    }

    public void clearBrush(int axis) {
        if (brushes.remove(axis) != null) version.set(version.get() + 1);
    }

    public void clearBrushes() {
        brushes.clear();
        version.set(version.get() + 1);
    }

    public Map<Integer, double[]> brushes() { return Map.copyOf(brushes); }

    /** The runs inside every brush, in table order (all runs when nothing is brushed). */
    public List<RunSummary> selected() {
        return figure(FigureStyle.defaults()).selected().stream().map(runs::get).toList();
    }

    /** Changes whenever the brushes change. */
    public ReadOnlyIntegerProperty versionProperty() { return version.getReadOnlyProperty(); }
}
