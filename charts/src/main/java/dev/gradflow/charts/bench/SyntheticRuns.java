package dev.gradflow.charts.bench;

import dev.gradflow.charts.data.Measure;
import dev.gradflow.charts.data.RunSeries;
import dev.gradflow.charts.data.ScsdcPoint;
import dev.gradflow.charts.data.SeriesNames;
import dev.gradflow.model.metrics.EpochRecord;
import dev.gradflow.model.metrics.EvalPoint;
import dev.gradflow.model.metrics.MaskEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Deterministic synthetic runs for benchmarks, samples and tests (no training involved). */
public final class SyntheticRuns {
    private SyntheticRuns() {}

    /**
     * A run of {@code layers} layers and {@code steps} logged steps (0..steps-1): gradient norms that shrink over
     * training with noise, larger towards the output (x {@code scale}), a loss that decays, 11 eval points,
     * 10 epochs and two mask events.
     */
    public static RunSeries run(String label, int layers, int steps, double scale, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<String> names = new ArrayList<>();
        for (int l = 0; l < layers; l++) names.add(l == layers - 1 ? "output" : "dense" + (l + 1));
        long[] st = new long[steps];
        for (int i = 0; i < steps; i++) st[i] = i;
        double[][] l2a = new double[layers][steps];
        double[][] l1a = new double[layers][steps];
        double[][] l2 = new double[layers][steps];
        double[][] l1 = new double[layers][steps];
        double[][] egfc = new double[layers][steps];
        double[][] upd = new double[layers][steps];
        double[][] wl2 = new double[layers][steps];
        double[] loss = new double[steps];
        double[] lr = new double[steps];
        double[] egf2 = new double[steps];
        double[] egf1 = new double[steps];
        double[] gf2 = new double[steps];
        double[] gf1 = new double[steps];
        for (int i = 0; i < steps; i++) {
            double t = (double) i / Math.max(1, steps - 1);
            double e2 = 0, e1 = 0, g2 = 0, g1 = 0;
            for (int l = 0; l < layers; l++) {
                double base = scale * Math.pow(3.0, (double) l / Math.max(1, layers - 1) * 2.0) * 0.05;
                double v = base * Math.exp(-2.5 * t) * Math.exp(0.3 * rnd.nextGaussian());
                l2a[l][i] = v;
                l1a[l][i] = v * 30;
                l2[l][i] = v * 1.4;
                l1[l][i] = v * 60;
                egfc[l][i] = v / layers;
                upd[l][i] = 1e-3 * Math.exp(-t) * (1 + 0.2 * rnd.nextGaussian());
                wl2[l][i] = 10 + 5 * t + l;
                e2 += v;
                e1 += v * 30;
                g2 += v * 1.4 * v * 1.4;
                g1 += v * 60;
            }
            egf2[i] = e2 / layers;
            egf1[i] = e1 / layers;
            gf2[i] = Math.sqrt(g2);
            gf1[i] = g1;
            loss[i] = 0.35 + 2.0 * Math.exp(-5 * t) * scale + 0.15 * Math.abs(rnd.nextGaussian());
            lr[i] = 1e-3;
        }
        List<EvalPoint> evals = new ArrayList<>();
        for (int k = 0; k <= 10; k++) {
            long s = Math.min(steps - 1, (long) k * (steps - 1) / 10);
            double t = s / (double) Math.max(1, steps - 1);
            double acc = 0.86 - 0.5 * Math.exp(-6 * t) - 0.02 * (scale - 1);
            evals.add(new EvalPoint(k, s, loss[(int) s], 0.35 + 1.5 * Math.exp(-5 * t), acc + 0.02,
                    0.40 + 1.5 * Math.exp(-5 * t), acc, null, List.of()));
        }
        List<EpochRecord> epochs = new ArrayList<>();
        for (int e = 0; e < 10; e++) {
            long s = (long) (e + 1) * steps / 10 - 1;
            double t = s / (double) Math.max(1, steps - 1);
            epochs.add(new EpochRecord(e, s, 0.35 + 1.5 * Math.exp(-5 * t), 0.88 - 0.5 * Math.exp(-6 * t),
                    0.40 + 1.5 * Math.exp(-5 * t), 0.86 - 0.5 * Math.exp(-6 * t), 1.0));
        }
        List<MaskEvent> events = List.of(new MaskEvent(steps / 3, 0, names.get(0), 0.5, 0.3),
                new MaskEvent(2L * steps / 3, 1, names.get(Math.min(1, layers - 1)), 0.5, 0.3));
        return RunSeries.builder(label, names, st)
                .layerValues(Measure.L2_ACTIVE, l2a).layerValues(Measure.L1_ACTIVE, l1a)
                .layerValues(Measure.L2_ALL, l2).layerValues(Measure.L1_ALL, l1)
                .layerValues(Measure.EGF_CONTRIBUTION, egfc).layerValues(Measure.UPDATE_RATIO, upd)
                .layerValues(Measure.WEIGHT_L2, wl2)
                .stepSeries(SeriesNames.LOSS, loss).stepSeries(SeriesNames.LR, lr)
                .stepSeries(SeriesNames.EGF1, egf1).stepSeries(SeriesNames.EGF2, egf2)
                .stepSeries(SeriesNames.GF1, gf1).stepSeries(SeriesNames.GF2, gf2)
                .evals(evals).epochs(epochs).maskEvents(events)
                .specHash(String.format("%064x", seed))
                .build();
    }

    /** SC-SDC points: sparse beats dense a little at small capacity, 5 seeds per width. */
    public static List<ScsdcPoint> scsdc(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<ScsdcPoint> out = new ArrayList<>();
        double[] active = {2.4e4, 7.3e4, 1.2e5, 1.7e5, 2.2e5};
        for (double a : active) {
            for (int s = 0; s < 5; s++) {
                double base = 0.80 + 0.02 * Math.log10(a / 2e4);
                out.add(new ScsdcPoint("sparse", a, s, base + 0.012 + 0.006 * rnd.nextGaussian()));
                out.add(new ScsdcPoint("dense", a, s, base + 0.006 * rnd.nextGaussian()));
            }
        }
        return out;
    }
}
