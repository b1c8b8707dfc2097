package dev.gradflow.charts.data;

import org.apache.commons.math3.distribution.TDistribution;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Mean and 95 % t-interval over the seeds of one configuration, step by step (docs/charts.md "Seed groups"):
 * at each step logged by every member, with the n members whose value there is finite,
 * {@code mean ± t_{0.975, n-1} · s / √n} where s is the sample standard deviation (divisor n − 1). One member
 * (n = 1) gives lower = upper = mean (no band); none gives NaN. Steps that not every member logged are left out and
 * counted in {@link Band#droppedSteps()}.
 */
public final class SeedBands {
    private SeedBands() {
    }

    /** The 0.975 quantile of Student's t with {@code df} degrees of freedom (commons-math3); NaN for df < 1. */
    public static double t975(int df) {
        if (df < 1) return Double.NaN;
        return new TDistribution(null, df).inverseCumulativeProbability(0.975);
    }

    /** One band: at each kept step the mean, the interval and the number of members with a finite value. */
    public record Band(String series, long[] steps, double[] mean, double[] lower, double[] upper, int[] n,
                       int droppedSteps) {
        public int size() { return steps.length; }

        public boolean isEmpty() { return steps.length == 0; }
    }

    /** The band of curves (one per member, already smoothed if wanted) over the steps they all logged. */
    public static Band of(String series, List<Curve> curves) {
        if (curves.isEmpty()) throw new IllegalArgumentException("a band needs at least one curve");
        TreeSet<Long> common = new TreeSet<>();
        TreeSet<Long> union = new TreeSet<>();
        List<Map<Long, Integer>> index = new ArrayList<>();
        for (int c = 0; c < curves.size(); c++) {
            Map<Long, Integer> at = new HashMap<>();
            long[] s = curves.get(c).steps();
            for (int i = 0; i < s.length; i++) at.putIfAbsent(s[i], i);
            index.add(at);
            union.addAll(at.keySet());
            if (c == 0) common.addAll(at.keySet());
            else common.retainAll(at.keySet());
        }
        int k = common.size();
        long[] steps = new long[k];
        double[] mean = new double[k], lo = new double[k], hi = new double[k];
        int[] n = new int[k];
        int j = 0;
        for (long step : common) {
            double sum = 0;
            int m = 0;
            double[] xs = new double[curves.size()];
            for (int c = 0; c < curves.size(); c++) {
                double x = curves.get(c).values()[index.get(c).get(step)];
                if (Double.isFinite(x)) {
                    xs[m++] = x;
                    sum += x;
                }
            }
            steps[j] = step;
            n[j] = m;
            if (m == 0) {
                mean[j] = lo[j] = hi[j] = Double.NaN;
            } else {
                double mu = sum / m;
                double half = 0;
                if (m > 1) {
                    double ss = 0;
                    for (int i = 0; i < m; i++) ss += (xs[i] - mu) * (xs[i] - mu);
                    half = t975(m - 1) * Math.sqrt(ss / (m - 1)) / Math.sqrt(m);
                }
                mean[j] = mu;
                lo[j] = mu - half;
                hi[j] = mu + half;
            }
            j++;
        }
        return new Band(series, steps, mean, lo, hi, n, union.size() - k);
    }
}
