package dev.gradflow.app.compare;

import dev.gradflow.app.figures.Painter;
import dev.gradflow.app.figures.Painters;
import dev.gradflow.app.task.BackgroundTask;
import dev.gradflow.app.task.TaskExecutor;
import dev.gradflow.charts.data.Aggregation;
import dev.gradflow.charts.data.Curve;
import dev.gradflow.charts.data.Measure;
import dev.gradflow.charts.data.RunGroup;
import dev.gradflow.charts.data.SeedBands;
import dev.gradflow.app.runs.SpecFields;
import dev.gradflow.charts.figure.BandCurvesFigure;
import dev.gradflow.charts.data.RunSeries;
import dev.gradflow.charts.data.SeriesNames;
import dev.gradflow.charts.dynamic.Connectivity;
import dev.gradflow.charts.dynamic.ConnectivityFigure;
import dev.gradflow.charts.dynamic.MaskTurnover;
import dev.gradflow.charts.dynamic.TurnoverSource;
import dev.gradflow.charts.data.Smoothing;
import dev.gradflow.charts.figure.ColorScale;
import dev.gradflow.charts.figure.CurvesFigure;
import dev.gradflow.charts.figure.DiffHeatmapFigure;
import dev.gradflow.charts.figure.Figure;
import dev.gradflow.charts.figure.HeatmapFigure;
import dev.gradflow.charts.figure.HeatmapSource;
import dev.gradflow.charts.figure.PanelsFigure;
import dev.gradflow.charts.style.FigureStyle;
import dev.gradflow.model.metrics.LayerInfo;
import dev.gradflow.model.store.RunStore;
import dev.gradflow.model.store.RunSummary;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs chosen for comparison, loaded from the store in the background as {@link RunSeries}. Offers one heatmap per
 * run on a single shared colour scale, the loss and test-accuracy curves overlaid, and for exactly two runs the
 * difference heatmap (a - b). All panels follow one visible step range ({@link #rangeLoProperty()} ..
 * {@link #rangeHiProperty()}): zooming or panning any panel changes it, and every panel redraws over it.
 * <p>
 * For dynamic sparse runs (SET, RigL) the {@link Mode#TURNOVER} mode adds each run's mask-turnover heatmap
 * ({@link MaskTurnover}, docs/metrics.md "Mask turnover") under its gradient-flow heatmap on the same step range and one
 * shared linear turnover scale; runs with a static mask have none ({@link #turnover(int)} is empty). The first-layer
 * connectivity images ({@link Connectivity}) of a shown run are loaded on demand ({@link #loadConnectivity}).
 */
public final class CompareViewModel {
    public enum Mode { HEATMAPS, DIFFERENCE, TURNOVER }

    /** Note shown instead of a turnover heatmap for a run whose mask never changes. */
    public static final String STATIC_MASK_NOTE = "static mask: no turnover";

    /** Loads one run's series; the app reads the run store, tests pass series built in code. */
    @FunctionalInterface
    public interface Loader {
        RunSeries load(RunSummary run);

        /** The run's mask turnover; empty when the run has no dynamic mask updates (static mask, pruning). */
        default Optional<MaskTurnover> turnover(RunSummary run) { return Optional.empty(); }

        /**
         * The configuration the run belongs to: equal keys = specs equal except for the seed and the name
         * ({@link SpecFields#configKey}); by default every run is its own configuration.
         */
        default String configKey(RunSummary run) { return "run:" + run.id(); }

        /** First-layer connectivity at each snapshot of the run (init, evaluation points, end). */
        default List<Connectivity> connectivity(RunSummary run) {
            throw new IllegalArgumentException("connectivity is not available for " + label(run));
        }
    }

    /** Loader over a run store: steps, evaluation points, epochs and mask events, turnover and connectivity of a run. */
    public static Loader storeLoader(Supplier<RunStore> store) {
        return new Loader() {
            @Override
            public RunSeries load(RunSummary r) {
                RunStore s = store.get();
                List<String> names = s.layers(r.id()).stream().map(LayerInfo::name).toList();
                return RunSeries.from(label(r), names, s.steps(r.id(), 0, Integer.MAX_VALUE), s.evalPoints(r.id()),
                        s.epochs(r.id()), s.maskEvents(r.id()));
            }

            @Override
            public Optional<MaskTurnover> turnover(RunSummary r) {
                RunStore s = store.get();
                List<dev.gradflow.model.metrics.MaskEvent> events = s.maskEvents(r.id());
                if (events.stream().noneMatch(e -> e.regrown() != null)) return Optional.empty();
                List<LayerInfo> layers = s.layers(r.id());
                long[] active = layers.stream().mapToLong(LayerInfo::active).toArray();
                return Optional.of(MaskTurnover.of(layers.stream().map(LayerInfo::name).toList(), active, events));
            }

            @Override
            public String configKey(RunSummary r) {
                Map<String, Object> f = SpecFields.flatten(store.get().specJson(r.id()));
                return f.isEmpty() ? "run:" + r.id() : SpecFields.configKey(f);
            }

            @Override
            public List<Connectivity> connectivity(RunSummary r) {
                return Connectivity.of(store.get().snapshots(r.id()));
            }
        };
    }

    static String label(RunSummary r) { return "#" + r.id() + " " + r.name(); }

    /** Smallest visible step span when zooming in. */
    static final double MIN_SPAN = 4;

    private final Loader loader;
    private final TaskExecutor tasks;
    private final ObservableList<RunSeries> runs = FXCollections.observableArrayList();
    /** What the heatmap rows show: the runs, or one mean series per configuration when grouped. */
    private final ObservableList<RunSeries> rows = FXCollections.observableArrayList();
    private final BooleanProperty grouped = new SimpleBooleanProperty(false);
    private List<String> configKeys = List.of();
    private List<RunGroup> groups = List.of();
    private final ObjectProperty<Measure> measure = new SimpleObjectProperty<>(Measure.L2_ACTIVE);
    private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>(Mode.HEATMAPS);
    private final ReadOnlyDoubleWrapper fullLo = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyDoubleWrapper fullHi = new ReadOnlyDoubleWrapper(1);
    private final DoubleProperty rangeLo = new SimpleDoubleProperty(0);
    private final DoubleProperty rangeHi = new SimpleDoubleProperty(1);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Select runs in the Runs view, then Compare (Ctrl+K).");
    private final ReadOnlyStringWrapper hover = new ReadOnlyStringWrapper("");
    private final DoubleProperty smoothing = new SimpleDoubleProperty(Smoothing.DEFAULT_WEIGHT);
    private final ObjectProperty<DiffHeatmapFigure.Kind> diffKind = new SimpleObjectProperty<>(DiffHeatmapFigure.Kind.DIFFERENCE);
    private final BooleanProperty robustRange = new SimpleBooleanProperty(true);
    private final BooleanBinding diffAvailable;
    private final BooleanProperty turnoverAvailable = new SimpleBooleanProperty(false);
    private List<Long> runIds = List.of();
    private List<RunSummary> shown = List.of();
    private List<MaskTurnover> turnovers = List.of();
    private long generation;

    public CompareViewModel(Loader loader, TaskExecutor tasks) {
        this.loader = loader;
        this.tasks = tasks;
        diffAvailable = Bindings.size(rows).isEqualTo(2);
        grouped.addListener((o, a, b) -> regroup());
        diffAvailable.addListener((o, a, ok) -> { if (!ok && mode.get() == Mode.DIFFERENCE) mode.set(Mode.HEATMAPS); });
        turnoverAvailable.addListener((o, a, ok) -> { if (!ok && mode.get() == Mode.TURNOVER) mode.set(Mode.HEATMAPS); });
    }

    /** Loads the runs off the FX thread, then shows them (the newest request wins). */
    public void compare(List<RunSummary> selected) {
        List<RunSummary> chosen = List.copyOf(selected);
        long ticket = ++generation;
        status.set("Loading " + chosen.size() + (chosen.size() == 1 ? " run..." : " runs..."));
        BackgroundTask.<Loaded>wrap(task -> {
            List<RunSeries> out = new ArrayList<>();
            List<MaskTurnover> turn = new ArrayList<>();
            List<RunSummary> kept = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            for (RunSummary r : chosen) {
                RunSeries s = loader.load(r);
                if (s.stepCount() == 0) {
                    skipped.add(label(r));
                    continue;
                }
                out.add(s);
                turn.add(loader.turnover(r).orElse(null));
                kept.add(r);
                String key;
                try {
                    key = loader.configKey(r);
                } catch (RuntimeException e) {
                    key = "run:" + r.id();
                }
                keys.add(key);
            }
            return new Loaded(out, turn, kept, keys, skipped);
        }).onSuccess(loaded -> {
            if (ticket != generation) return;
            runIds = chosen.stream().map(RunSummary::id).toList();
            configKeys = List.copyOf(loaded.keys());
            show(loaded.series(), loaded.turnovers(), loaded.summaries());
            if (!loaded.skipped().isEmpty()) status.set(status.get() + "; no logged steps: " + String.join(", ", loaded.skipped()));
        }).onFailure(e -> status.set("Cannot load runs: " + e.getMessage())).executeWith(tasks);
    }

    /** Runs loaded for a comparison, and the labels of those without logged steps (not shown). */
    private record Loaded(List<RunSeries> series, List<MaskTurnover> turnovers, List<RunSummary> summaries,
                          List<String> keys, List<String> skipped) {
    }

    /** Shows already loaded runs (first = a in the difference a - b), none with mask turnover. */
    public void show(List<RunSeries> series) {
        configKeys = List.of();
        show(series, java.util.Collections.nCopies(series.size(), null), List.of());
    }

    /** Shows already loaded runs with their configuration keys (equal key = seeds of one configuration). */
    public void showWithConfigurations(List<RunSeries> series, List<String> keys) {
        if (keys.size() != series.size()) throw new IllegalArgumentException("one configuration key per run expected");
        configKeys = List.copyOf(keys);
        show(series, java.util.Collections.nCopies(series.size(), null), List.of());
    }

    /**
     * Shows already loaded runs with their mask turnover ({@code null} = static mask), parallel to {@code series};
     * {@code summaries} (parallel too, or empty) are the stored runs, needed for on-demand connectivity.
     */
    public void show(List<RunSeries> series, List<MaskTurnover> turnover, List<RunSummary> summaries) {
        if (turnover.size() != series.size()) throw new IllegalArgumentException("one turnover entry per run expected");
        turnovers = java.util.Collections.unmodifiableList(new ArrayList<>(turnover));
        shown = List.copyOf(summaries);
        turnoverAvailable.set(turnovers.stream().anyMatch(java.util.Objects::nonNull));
        long lo = series.stream().mapToLong(RunSeries::firstStep).min().orElse(0);
        long hi = series.stream().mapToLong(RunSeries::lastStep).max().orElse(1);
        if (hi <= lo) hi = lo + 1;
        fullLo.set(lo);
        fullHi.set(hi);
        rangeLo.set(lo);
        rangeHi.set(hi);
        runs.setAll(series);
        regroup();
    }

    /**
     * Rebuilds the rows: the runs, or (grouped) one {@link RunGroup} per configuration in order of first appearance,
     * its heatmap the mean per cell over the seeds and its curves the mean with a 95 % band over the steps every seed
     * logged (docs/charts.md "Seed groups"). Steps logged by only some seeds are left out; the status says how many.
     */
    private void regroup() {
        List<RunSeries> series = List.copyOf(runs);
        Map<String, List<RunSeries>> byKey = new LinkedHashMap<>();
        for (int i = 0; i < series.size(); i++) {
            String k = i < configKeys.size() ? configKeys.get(i) : "run:" + i;
            byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(series.get(i));
        }
        List<RunGroup> gs = new ArrayList<>();
        for (List<RunSeries> members : byKey.values()) {
            gs.add(members.size() == 1 ? RunGroup.of(members.get(0).label(), members) : RunGroup.of(groupLabel(members), members));
        }
        groups = List.copyOf(gs);
        if (grouped.get() && mode.get() == Mode.TURNOVER) mode.set(Mode.HEATMAPS);
        turnoverAvailable.set(!grouped.get() && turnovers.stream().anyMatch(java.util.Objects::nonNull));
        rows.setAll(grouped.get() ? groups.stream().map(RunGroup::meanSeries).toList() : series);
        int n = series.size();
        if (n == 0) {
            status.set("No runs with logged steps selected.");
        } else if (grouped.get()) {
            List<String> dropped = new ArrayList<>();
            for (RunGroup g : groups) if (g.droppedSteps() > 0) dropped.add(g.label() + ": " + g.droppedSteps());
            status.set(n + (n == 1 ? " run" : " runs") + " in " + groups.size() + (groups.size() == 1 ? " configuration" : " configurations")
                    + "; mean and 95 % band over seeds"
                    + (dropped.isEmpty() ? "" : "; steps not logged by every seed left out (" + String.join(", ", dropped) + ")"));
        } else {
            status.set(n + (n == 1 ? " run" : " runs") + (n == 2 ? " (difference available)" : "")
                    + "; wheel = zoom, drag = pan, double-click = reset");
        }
    }

    /** A group's label: the runs' common name prefix (e.g. {@code quick-demo} of {@code quick-demo seed=2}), else the first run's. */
    static String groupLabel(List<RunSeries> members) {
        List<String> names = members.stream().map(r -> r.label().replaceFirst("^#\\d+ ", "")).toList();
        String p = names.get(0);
        for (String n : names) {
            int k = 0;
            while (k < p.length() && k < n.length() && p.charAt(k) == n.charAt(k)) k++;
            p = p.substring(0, k);
        }
        p = p.replaceAll("([\\s/_=,.:-]+(s|seed)?)+$", "");
        return p.isBlank() ? names.get(0) : p;
    }

    // ---- shared scale and step range ----

    /** The one colour scale of all heatmaps: over every shown run's raw values of the measure (log). */
    public ColorScale sharedScale(FigureStyle style) {
        Measure m = measure.get();
        double[][][] all = rows.stream().map(r -> r.layerValues(m)).toArray(double[][][]::new);
        return ColorScale.fromData(style.palette(), true, style.theme().missing(), all);
    }

    /** Zooms the shared step range by {@code factor} (< 1 = in) keeping {@code anchor} where it is. */
    public void zoom(double factor, double anchor) {
        double lo = rangeLo.get(), hi = rangeHi.get();
        double span = Math.max(MIN_SPAN, (hi - lo) * factor);
        double a = Math.max(lo, Math.min(hi, anchor));
        double t = hi > lo ? (a - lo) / (hi - lo) : 0.5;
        setRange(a - t * span, a - t * span + span);
    }

    /** Zooms around the centre of the visible range. */
    public void zoom(double factor) { zoom(factor, (rangeLo.get() + rangeHi.get()) / 2); }

    /** Moves the visible range by {@code steps} (positive = later steps), keeping its width. */
    public void pan(double steps) { setRange(rangeLo.get() + steps, rangeHi.get() + steps); }

    public void resetZoom() { setRange(fullLo.get(), fullHi.get()); }

    /** Sets the visible range, clamped to the runs' steps and at least {@link #MIN_SPAN} wide. */
    public void setRange(double lo, double hi) {
        double flo = fullLo.get(), fhi = fullHi.get();
        double span = Math.min(fhi - flo, Math.max(Math.min(MIN_SPAN, fhi - flo), hi - lo));
        if (lo < flo) lo = flo;
        if (lo + span > fhi) lo = fhi - span;
        rangeLo.set(lo);
        rangeHi.set(lo + span);
    }

    long visibleFirst() { return (long) Math.floor(rangeLo.get()); }

    long visibleLast() { return Math.max(visibleFirst(), (long) Math.ceil(rangeHi.get())); }

    // ---- figures (built on the FX thread, drawn on the render thread) ----

    /** Heatmap of run {@code i} over the visible range, on the shared scale, without its own colour bar. */
    public HeatmapFigure heatmap(int i, FigureStyle style, ColorScale shared, boolean bottom) {
        RunSeries r = rows.get(i);
        return HeatmapFigure.of(r, measure.get(), Aggregation.MEAN, visibleFirst(), visibleLast())
                .style(style).colorScale(shared).showColorBar(false).title(r.label())
                .axisLabels(bottom ? "training step" : null, "layer");
    }

    /** a - b over the visible part of the steps both runs cover; the colour range stays that of all shared steps. */
    public HeatmapFigure difference(FigureStyle style) {
        if (!diffAvailable.get()) throw new IllegalStateException("the difference needs exactly two runs");
        HeatmapSource full = DiffHeatmapFigure.of(rows.get(0), rows.get(1), measure.get(), Aggregation.MEAN,
                diffKind.get(), robustRange.get()).source();
        String how = diffKind.get() == DiffHeatmapFigure.Kind.LOG_RATIO ? " over " : " minus ";
        return HeatmapFigure.of(new RangedSource(full, visibleFirst(), visibleLast()), "diff-heatmap", false)
                .style(style).title(rows.get(0).label() + how + rows.get(1).label());
    }

    // ---- dynamic sparsity ----

    /** Mask turnover of shown run {@code i}; empty for a static mask. */
    public Optional<MaskTurnover> turnover(int i) { return Optional.ofNullable(turnovers.get(i)); }

    /** One linear turnover scale for all shown runs: 0 .. the largest turnover of any run (1 if none). */
    public ColorScale turnoverScale(FigureStyle style) {
        double hi = 0;
        for (MaskTurnover t : turnovers) {
            if (t == null) continue;
            for (double[] row : t.rows()) for (double x : row) if (x > hi) hi = x;
        }
        return new ColorScale(style.palette(), 0, hi > 0 ? hi : 1, false, style.theme().missing());
    }

    /** Turnover heatmap of run {@code i} over the visible range (the gradient-flow heatmap's), on {@code shared}. */
    public HeatmapFigure turnoverHeatmap(int i, FigureStyle style, ColorScale shared, boolean bottom) {
        MaskTurnover t = turnover(i).orElseThrow(() -> new IllegalStateException(runs.get(i).label() + ": " + STATIC_MASK_NOTE));
        RunSeries r = runs.get(i);
        return TurnoverSource.figure(t, r.label(), visibleFirst(), visibleLast()).style(style).colorScale(shared)
                .showColorBar(false).title(r.label() + ": mask turnover").axisLabels(bottom ? "training step" : null, "layer");
    }

    /** Turnover under the mouse in run {@code i}'s turnover heatmap. */
    public String describeTurnover(int i, double step, double layerY) {
        MaskTurnover t = turnovers.get(i);
        int layer = (int) Math.round(layerY);
        if (t == null || layer < 0 || layer >= t.layerNames().size()) return "";
        long s = Math.max(0, Math.round(step));
        return String.format(Locale.ROOT, "%s | layer %s | step %d | turnover = %s", runs.get(i).label(),
                t.layerNames().get(layer), s, fmt(t.atStep(layer, s)));
    }

    /**
     * Loads shown run {@code i}'s first-layer connectivity off the FX thread and hands its figure to
     * {@code onLoaded}; a run without snapshots or with a non-image first layer sets a one-line status instead.
     */
    public void loadConnectivity(int i, FigureStyle style, Consumer<ConnectivityFigure> onLoaded) {
        if (i < 0 || i >= shown.size()) {
            status.set("Connectivity needs a run loaded from the store");
            return;
        }
        RunSummary r = shown.get(i);
        String name = runs.get(i).label();
        status.set("Loading connectivity of " + name + "...");
        BackgroundTask.<List<Connectivity>>wrap(task -> loader.connectivity(r))
                .onSuccess(images -> {
                    status.set("Connectivity of " + name);
                    onLoaded.accept(ConnectivityFigure.of(images, name).style(style));
                })
                .onFailure(e -> status.set("No connectivity for " + name + ": " + e.getMessage()))
                .executeWith(tasks);
    }

    /** Series name of the accuracy curve: test accuracy at evaluation points, else per epoch. */
    public String accuracySeries() {
        boolean evals = runs.stream().anyMatch(r -> !r.curve(SeriesNames.EVAL_TEST_ACCURACY).isEmpty());
        return evals ? SeriesNames.EVAL_TEST_ACCURACY : SeriesNames.EPOCH_TEST_ACCURACY;
    }

    /** Grouped: the series of every configuration as the mean with a 95 % band over its seeds. */
    public BandCurvesFigure bandCurves(String series, FigureStyle style) {
        return BandCurvesFigure.of(groups, series).style(style)
                .smoothing(SeriesNames.LOSS.equals(series) ? smoothing.get() : 0)
                .stepRange(rangeLo.get(), rangeHi.get() + 1);
    }

    public CurvesFigure curves(String series, FigureStyle style) {
        return CurvesFigure.of(List.copyOf(runs), series).style(style)
                .smoothing(SeriesNames.LOSS.equals(series) ? smoothing.get() : 0)
                .stepRange(rangeLo.get(), rangeHi.get() + 1);
    }

    /** The figure File > Export writes: all runs as panels (heatmap + loss, shared scale), or the difference. */
    public Figure exportFigure(FigureStyle style) {
        if (runs.isEmpty()) throw new IllegalStateException("no runs to compare: select runs in the Runs view first");
        if (mode.get() == Mode.DIFFERENCE && diffAvailable.get()) return difference(style);
        if (grouped.get()) return PanelsFigure.ofGroups(groups, measure.get()).smoothing(smoothing.get()).style(style);
        return PanelsFigure.of(List.copyOf(runs), measure.get()).smoothing(smoothing.get()).style(style);
    }

    /** Extra provenance of an export: run ids, names, visible step range. */
    public Map<String, Object> exportProvenance() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("view", "compare");
        m.put("runIds", runIds);
        m.put("runLabels", runs.stream().map(RunSeries::label).toList());
        m.put("mode", mode.get().name().toLowerCase(Locale.ROOT));
        m.put("visibleSteps", List.of(visibleFirst(), visibleLast()));
        m.put("smoothing", smoothing.get());
        m.put("grouped", grouped.get());
        if (grouped.get()) m.put("groups", groups.stream().map(g -> Map.of("group", g.label(), "seeds", g.size())).toList());
        return m;
    }

    // ---- hover ----

    /** Exact value under the mouse in run {@code i}'s heatmap: run, layer, nearest logged step, value. */
    public String describeHeatmap(int i, double step, double layerY) {
        RunSeries r = rows.get(i);
        int layer = (int) Math.round(layerY);
        if (layer < 0 || layer >= r.layerCount()) return "";
        int k = nearestIndex(r.steps(), step);
        if (k < 0) return "";
        double v = r.layerValues(measure.get())[layer][k];
        return String.format(Locale.ROOT, "%s | layer %s | step %d | %s = %s", r.label(), r.layerNames().get(layer),
                r.steps()[k], measure.get().shortLabel(), fmt(v));
    }

    /** Exact values of both runs and their difference at the nearest logged steps. */
    public String describeDifference(double step, double layerY) {
        RunSeries a = rows.get(0), b = rows.get(1);
        int layer = (int) Math.round(layerY);
        if (layer < 0 || layer >= a.layerCount()) return "";
        int ka = nearestIndex(a.steps(), step), kb = nearestIndex(b.steps(), step);
        if (ka < 0 || kb < 0) return "";
        double va = a.layerValues(measure.get())[layer][ka], vb = b.layerValues(measure.get())[layer][kb];
        return String.format(Locale.ROOT, "layer %s | step %d | a %s = %s | b %s = %s | a - b = %s",
                a.layerNames().get(layer), a.steps()[ka], a.label(), fmt(va), b.label(), fmt(vb), fmt(va - vb));
    }

    /** Every run's value of a curve at the logged point nearest {@code step}. */
    public String describeCurves(String series, double step) {
        List<String> parts = new ArrayList<>();
        if (grouped.get()) {
            double w = SeriesNames.LOSS.equals(series) ? smoothing.get() : 0;
            for (RunGroup g : groups) {
                SeedBands.Band b = g.band(series, w);
                int k = nearestIndex(b.steps(), step);
                if (k >= 0) parts.add(g.legendLabel() + " = " + fmt(b.mean()[k]) + " [" + fmt(b.lower()[k]) + ", "
                        + fmt(b.upper()[k]) + "] (step " + b.steps()[k] + ")");
            }
            return parts.isEmpty() ? "" : SeriesNames.label(series) + ", mean [95 % band]: " + String.join(" | ", parts);
        }
        for (RunSeries r : runs) {
            Curve c = r.curve(series);
            int k = nearestIndex(c.steps(), step);
            if (k >= 0) parts.add(r.label() + " = " + fmt(c.values()[k]) + " (step " + c.steps()[k] + ")");
        }
        return parts.isEmpty() ? "" : SeriesNames.label(series) + ": " + String.join(" | ", parts);
    }

    static int nearestIndex(long[] steps, double step) {
        if (steps.length == 0) return -1;
        int i = Arrays.binarySearch(steps, Math.round(step));
        if (i >= 0) return i;
        int ins = -i - 1;
        if (ins <= 0) return 0;
        if (ins >= steps.length) return steps.length - 1;
        return step - steps[ins - 1] <= steps[ins] - step ? ins - 1 : ins;
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) return "n/a";
        double a = Math.abs(v);
        return a != 0 && (a < 1e-3 || a >= 1e5) ? String.format(Locale.ROOT, "%.4e", v) : String.format(Locale.ROOT, "%.6g", v);
    }

    /** Painters for the view: shared scale etc. are computed here so the view stays a view. */
    public Painter heatmapPainter(int i, FigureStyle style, ColorScale shared, boolean bottom) {
        return Painters.of(heatmap(i, style, shared, bottom));
    }

    public ObservableList<RunSeries> runs() { return runs; }
    /** The heatmap rows: the runs, or one mean series per configuration when {@link #groupedProperty()} is on. */
    public ObservableList<RunSeries> rows() { return rows; }
    /** Whether runs of one configuration (differing only in seed and name) are drawn as mean and 95 % band. */
    public BooleanProperty groupedProperty() { return grouped; }
    /** The configurations of the shown runs (one per run when no two share a configuration). */
    public List<RunGroup> groups() { return groups; }
    public ObjectProperty<Measure> measureProperty() { return measure; }
    public ObjectProperty<Mode> modeProperty() { return mode; }
    public BooleanBinding diffAvailableProperty() { return diffAvailable; }
    public boolean isDiffAvailable() { return diffAvailable.get(); }
    /** True when at least one shown run has dynamic mask updates (the Turnover mode is offered). */
    public BooleanProperty turnoverAvailableProperty() { return turnoverAvailable; }
    public boolean isTurnoverAvailable() { return turnoverAvailable.get(); }
    public DoubleProperty rangeLoProperty() { return rangeLo; }
    public DoubleProperty rangeHiProperty() { return rangeHi; }
    public ReadOnlyDoubleProperty fullLoProperty() { return fullLo.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty fullHiProperty() { return fullHi.getReadOnlyProperty(); }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    public ReadOnlyStringProperty hoverProperty() { return hover.getReadOnlyProperty(); }
    public void setHover(String text) { hover.set(text == null ? "" : text); }
    /** EMA weight of the loss curves, on screen and in the exported panels (one setting for both). */
    public DoubleProperty smoothingProperty() { return smoothing; }
    public ObjectProperty<DiffHeatmapFigure.Kind> diffKindProperty() { return diffKind; }
    /** Colour range of the difference at the 99th percentile of |value| (true) or its maximum. */
    public BooleanProperty robustRangeProperty() { return robustRange; }
}
