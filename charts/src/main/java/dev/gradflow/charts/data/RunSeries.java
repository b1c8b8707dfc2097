package dev.gradflow.charts.data;

import dev.gradflow.model.metrics.EpochRecord;
import dev.gradflow.model.metrics.EvalPoint;
import dev.gradflow.model.metrics.LayerStats;
import dev.gradflow.model.metrics.NetworkFlow;
import dev.gradflow.model.metrics.StepRecord;
import dev.gradflow.model.spec.Messages;
import dev.gradflow.model.metrics.MaskEvent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Plain data of one run, ready for plotting: its label, layer names (index 0 = input side), the logged steps with
 * per-layer values of every {@link Measure} and network-level series (loss, lr, gf1, gf2, egf1, egf2, ...),
 * evaluation points, epochs and mask events. Per-layer matrices are {@code double[layer][stepIndex]}, NaN where a
 * layer has no value at a step. Instances are immutable from the outside (arrays handed out must not be modified).
 */
public final class RunSeries {
    private final String label;
    private final List<String> layerNames;
    private final long[] steps;
    private final Map<Measure, double[][]> layerValues;
    private final Map<String, double[]> stepSeries;
    private final List<EvalPoint> evals;
    private final List<EpochRecord> epochs;
    private final List<MaskEvent> maskEvents;
    private final String specHash;

    private RunSeries(String label, List<String> layerNames, long[] steps, Map<Measure, double[][]> layerValues,
                      Map<String, double[]> stepSeries, List<EvalPoint> evals, List<EpochRecord> epochs,
                      List<MaskEvent> maskEvents, String specHash) {
        // names come from users and stores: control characters (newlines, ANSI escapes, NUL) shown escaped
        this.label = Messages.printable(Objects.requireNonNull(label, "label"));
        this.layerNames = List.copyOf(layerNames);
        this.steps = steps;
        this.layerValues = layerValues;
        this.stepSeries = stepSeries;
        this.evals = evals == null ? List.of() : List.copyOf(evals);
        this.epochs = epochs == null ? List.of() : List.copyOf(epochs);
        this.maskEvents = maskEvents == null ? List.of() : List.copyOf(maskEvents);
        this.specHash = specHash;
        for (int i = 1; i < steps.length; i++) {
            if (steps[i] < steps[i - 1]) throw new IllegalArgumentException("steps must be ascending");
        }
        for (var e : layerValues.entrySet()) {
            double[][] m = e.getValue();
            if (m.length != this.layerNames.size()) {
                throw new IllegalArgumentException(e.getKey().id() + ": " + m.length + " layers, expected " + this.layerNames.size());
            }
            for (double[] row : m) {
                if (row.length != steps.length) throw new IllegalArgumentException(e.getKey().id() + ": row length != steps");
            }
        }
        for (var e : stepSeries.entrySet()) {
            if (e.getValue().length != steps.length) throw new IllegalArgumentException(e.getKey() + ": length != steps");
        }
    }

    /**
     * Builds the series from engine records. Step records are sorted by step; per-layer values are matched by
     * {@link LayerStats#layer()} (index into {@code layerNames}, 0 = input side); all measures are extracted.
     */
    public static RunSeries from(String label, List<String> layerNames, List<StepRecord> steps, List<EvalPoint> evals,
                                 List<EpochRecord> epochs, List<MaskEvent> events) {
        List<StepRecord> sorted = new ArrayList<>(steps);
        sorted.sort(Comparator.comparingLong(StepRecord::step));
        int n = sorted.size();
        int layers = layerNames.size();
        long[] st = new long[n];
        Map<Measure, double[][]> values = new EnumMap<>(Measure.class);
        for (Measure m : Measure.values()) {
            double[][] a = new double[layers][n];
            for (double[] row : a) Arrays.fill(row, Double.NaN);
            values.put(m, a);
        }
        Map<String, double[]> net = new LinkedHashMap<>();
        for (String s : SeriesNames.STEP_SERIES) {
            double[] a = new double[n];
            Arrays.fill(a, Double.NaN);
            net.put(s, a);
        }
        for (int i = 0; i < n; i++) {
            StepRecord r = sorted.get(i);
            st[i] = r.step();
            net.get(SeriesNames.LOSS)[i] = r.loss();
            net.get(SeriesNames.LR)[i] = r.lr();
            NetworkFlow f = r.flow();
            if (f == null && r.layers() != null && !r.layers().isEmpty()) f = NetworkFlow.of(r.layers());
            if (f != null) {
                net.get(SeriesNames.GF1)[i] = f.gf1();
                net.get(SeriesNames.GF2)[i] = f.gf2();
                net.get(SeriesNames.EGF1)[i] = f.egf1();
                net.get(SeriesNames.EGF2)[i] = f.egf2();
                net.get(SeriesNames.EGF1_PER_ACTIVE)[i] = f.egf1PerActive();
                net.get(SeriesNames.EGF2_PER_ACTIVE)[i] = f.egf2PerActive();
            }
            if (r.layers() == null) continue;
            for (LayerStats s : r.layers()) {
                int li = layerIndex(s, layerNames);
                if (li < 0) continue;
                for (Measure m : Measure.values()) values.get(m)[li][i] = m.of(s, layers);
            }
        }
        return new RunSeries(label, layerNames, st, values, net, evals, epochs, events, null);
    }

    private static int layerIndex(LayerStats s, List<String> names) {
        if (s.layer() >= 0 && s.layer() < names.size()) return s.layer();
        return s.name() == null ? -1 : names.indexOf(s.name());
    }

    /** Builder for data that is already columnar (benchmarks, tests, stores that read columns). */
    public static Builder builder(String label, List<String> layerNames, long[] steps) {
        return new Builder(label, layerNames, steps);
    }

    public static final class Builder {
        private final String label;
        private final List<String> layerNames;
        private final long[] steps;
        private final Map<Measure, double[][]> layerValues = new EnumMap<>(Measure.class);
        private final Map<String, double[]> stepSeries = new LinkedHashMap<>();
        private List<EvalPoint> evals = List.of();
        private List<EpochRecord> epochs = List.of();
        private List<MaskEvent> events = List.of();
        private String specHash;

        private Builder(String label, List<String> layerNames, long[] steps) {
            this.label = label;
            this.layerNames = layerNames;
            this.steps = steps;
        }

        /** Per-layer values {@code [layer][stepIndex]} of one measure (not copied). */
        public Builder layerValues(Measure m, double[][] values) { layerValues.put(m, values); return this; }

        /** A network-level series aligned with the steps (not copied), e.g. {@code loss} or {@code egf2}. */
        public Builder stepSeries(String name, double[] values) { stepSeries.put(name, values); return this; }

        public Builder evals(List<EvalPoint> e) { evals = e; return this; }

        public Builder epochs(List<EpochRecord> e) { epochs = e; return this; }

        public Builder maskEvents(List<MaskEvent> e) { events = e; return this; }

        public Builder specHash(String h) { specHash = h; return this; }

        public RunSeries build() {
            return new RunSeries(label, layerNames, steps, new EnumMap<>(layerValues), new LinkedHashMap<>(stepSeries),
                    evals, epochs, events, specHash);
        }
    }

    /** The same data with a spec hash attached (reported in provenance sidecars). */
    public RunSeries withSpecHash(String hash) {
        return new RunSeries(label, layerNames, steps, layerValues, stepSeries, evals, epochs, maskEvents, hash);
    }

    /** The same data under another label. */
    public RunSeries withLabel(String newLabel) {
        return new RunSeries(newLabel, layerNames, steps, layerValues, stepSeries, evals, epochs, maskEvents, specHash);
    }

    public String label() { return label; }

    public List<String> layerNames() { return layerNames; }

    public int layerCount() { return layerNames.size(); }

    /** Logged steps, ascending (do not modify). */
    public long[] steps() { return steps; }

    public int stepCount() { return steps.length; }

    public long firstStep() { return steps.length == 0 ? 0 : steps[0]; }

    public long lastStep() { return steps.length == 0 ? 0 : steps[steps.length - 1]; }

    public boolean hasMeasure(Measure m) { return layerValues.containsKey(m); }

    /** Per-layer values {@code [layer][stepIndex]} of a measure (do not modify). */
    public double[][] layerValues(Measure m) {
        double[][] v = layerValues.get(m);
        if (v == null) throw new IllegalArgumentException("run '" + label + "' has no values for measure " + m.id());
        return v;
    }

    public List<EvalPoint> evals() { return evals; }

    public List<EpochRecord> epochs() { return epochs; }

    public List<MaskEvent> maskEvents() { return maskEvents; }

    /** SHA-256 of the run's spec, or null if unknown. */
    public String specHash() { return specHash; }

    /** Names of the series {@link #curve(String)} can return for this run. */
    public List<String> availableSeries() {
        List<String> out = new ArrayList<>(stepSeries.keySet());
        if (!evals.isEmpty()) {
            out.addAll(List.of(SeriesNames.EVAL_LOSS, SeriesNames.EVAL_TRAIN_LOSS, SeriesNames.EVAL_TRAIN_ACCURACY,
                    SeriesNames.EVAL_TEST_LOSS, SeriesNames.EVAL_TEST_ACCURACY, SeriesNames.EVAL_GF1,
                    SeriesNames.EVAL_GF2, SeriesNames.EVAL_EGF1, SeriesNames.EVAL_EGF2));
        }
        if (!epochs.isEmpty()) {
            out.addAll(List.of(SeriesNames.EPOCH_TRAIN_LOSS, SeriesNames.EPOCH_TRAIN_ACCURACY,
                    SeriesNames.EPOCH_TEST_LOSS, SeriesNames.EPOCH_TEST_ACCURACY));
        }
        return out;
    }

    /**
     * A network-level series by name (see {@link SeriesNames}): step series, {@code eval_*} series from the
     * evaluation points, or {@code epoch_*} series (x = step at the end of the epoch). Unknown or absent
     * series give an empty curve.
     */
    public Curve curve(String name) {
        double[] s = stepSeries.get(name);
        if (s != null) return new Curve(name, steps, s);
        return switch (name) {
            case SeriesNames.EVAL_LOSS -> evalCurve(name, EvalPoint::evalLoss);
            case SeriesNames.EVAL_TRAIN_LOSS -> evalCurve(name, EvalPoint::trainLoss);
            case SeriesNames.EVAL_TRAIN_ACCURACY -> evalCurve(name, EvalPoint::trainAccuracy);
            case SeriesNames.EVAL_TEST_LOSS -> evalCurve(name, EvalPoint::testLoss);
            case SeriesNames.EVAL_TEST_ACCURACY -> evalCurve(name, EvalPoint::testAccuracy);
            case SeriesNames.EVAL_GF1 -> evalCurve(name, e -> e.flow() == null ? Double.NaN : e.flow().gf1());
            case SeriesNames.EVAL_GF2 -> evalCurve(name, e -> e.flow() == null ? Double.NaN : e.flow().gf2());
            case SeriesNames.EVAL_EGF1 -> evalCurve(name, e -> e.flow() == null ? Double.NaN : e.flow().egf1());
            case SeriesNames.EVAL_EGF2 -> evalCurve(name, e -> e.flow() == null ? Double.NaN : e.flow().egf2());
            case SeriesNames.EPOCH_TRAIN_LOSS -> epochCurve(name, EpochRecord::trainLoss);
            case SeriesNames.EPOCH_TRAIN_ACCURACY -> epochCurve(name, EpochRecord::trainAccuracy);
            case SeriesNames.EPOCH_TEST_LOSS -> epochCurve(name, EpochRecord::testLoss);
            case SeriesNames.EPOCH_TEST_ACCURACY -> epochCurve(name, EpochRecord::testAccuracy);
            default -> new Curve(name, new long[0], new double[0]);
        };
    }

    private Curve evalCurve(String name, ToDoubleFunction<EvalPoint> f) {
        return sortedCurve(name, evals, EvalPoint::step, f);
    }

    private Curve epochCurve(String name, ToDoubleFunction<EpochRecord> f) {
        return sortedCurve(name, epochs, EpochRecord::step, f);
    }

    /** One value per record, in step order. */
    private static <T> Curve sortedCurve(String name, List<T> records, ToLongFunction<T> step, ToDoubleFunction<T> f) {
        List<T> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparingLong(step));
        long[] x = new long[sorted.size()];
        double[] y = new double[sorted.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = step.applyAsLong(sorted.get(i));
            y[i] = f.applyAsDouble(sorted.get(i));
        }
        return new Curve(name, x, y);
    }

    @Override
    public String toString() {
        return "RunSeries[" + label + ", " + layerNames.size() + " layers, " + steps.length + " steps]";
    }
}
