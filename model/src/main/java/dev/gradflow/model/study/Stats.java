package dev.gradflow.model.study;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

import java.util.Arrays;

/**
 * The statistics of a study, with the conventions of SciPy (so results can be checked against it):
 * <ul>
 *   <li>{@link #summary}: mean, sample standard deviation and the 95% Student-t confidence interval of the mean.</li>
 *   <li>{@link #welchGreater}: Welch's unequal-variance t-test, one-sided H1 mean(x) > mean(y)
 *       ({@code scipy.stats.ttest_ind(x, y, equal_var=False, alternative='greater')}).</li>
 *   <li>{@link #mannWhitneyGreater}: Mann-Whitney U, one-sided H1 x stochastically greater than y; exact
 *       distribution without ties when one sample has at most 8 values (SciPy's 'auto'; here also n1*n2 <= 4096), otherwise the normal
 *       approximation with tie correction and continuity correction.</li>
 *   <li>{@link #kendall}: Kendall's tau-b, two-sided p: exact without ties for n <= 33, otherwise the normal
 *       approximation with the tie-corrected variance.</li>
 *   <li>{@link #spearman}: Spearman's rho on average ranks, two-sided p from Student t with n - 2 degrees of
 *       freedom.</li>
 * </ul>
 * NaN values are dropped (pairwise for correlations); too few values give NaN results.
 */
public final class Stats {
    private Stats() {
    }

    public record Summary(int n, double mean, double sd, double ciLow, double ciHigh) {
        public double halfWidth() { return (ciHigh - ciLow) / 2; }
    }

    public record Test(double statistic, double p) {
    }

    public static double[] finite(double[] v) {
        return Arrays.stream(v).filter(Double::isFinite).toArray();
    }

    public static Summary summary(double[] values) {
        double[] x = finite(values);
        int n = x.length;
        if (n == 0) return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        double mean = Arrays.stream(x).average().orElse(Double.NaN);
        if (n == 1) return new Summary(1, mean, Double.NaN, Double.NaN, Double.NaN);
        double sd = Math.sqrt(variance(x, mean));
        double t = new TDistribution(n - 1).inverseCumulativeProbability(0.975);
        double h = t * sd / Math.sqrt(n);
        return new Summary(n, mean, sd, mean - h, mean + h);
    }

    private static double variance(double[] x, double mean) {
        double s = 0;
        for (double v : x) s += (v - mean) * (v - mean);
        return s / (x.length - 1);
    }

    /** Welch's t-test, H1: mean(x) > mean(y). */
    public static Test welchGreater(double[] xs, double[] ys) {
        double[] x = finite(xs), y = finite(ys);
        if (x.length < 2 || y.length < 2) return new Test(Double.NaN, Double.NaN);
        double mx = Arrays.stream(x).average().orElseThrow(), my = Arrays.stream(y).average().orElseThrow();
        double vx = variance(x, mx) / x.length, vy = variance(y, my) / y.length;
        double se2 = vx + vy;
        if (se2 == 0) return new Test(Double.NaN, Double.NaN);
        double t = (mx - my) / Math.sqrt(se2);
        double df = se2 * se2 / (vx * vx / (x.length - 1) + vy * vy / (y.length - 1));
        return new Test(t, 1 - new TDistribution(df).cumulativeProbability(t));
    }

    /** Mann-Whitney U test, H1: x tends to be greater than y. The statistic is U of x. */
    public static Test mannWhitneyGreater(double[] xs, double[] ys) {
        double[] x = finite(xs), y = finite(ys);
        int n1 = x.length, n2 = y.length;
        if (n1 == 0 || n2 == 0) return new Test(Double.NaN, Double.NaN);
        double[] all = new double[n1 + n2];
        System.arraycopy(x, 0, all, 0, n1);
        System.arraycopy(y, 0, all, n1, n2);
        double[] r = ranks(all);
        double r1 = 0;
        for (int i = 0; i < n1; i++) r1 += r[i];
        double u = r1 - n1 * (n1 + 1) / 2.0;
        double tieTerm = tieSum(all);
        boolean ties = tieTerm > 0;
        if (!ties && Math.min(n1, n2) <= 8 && (long) n1 * n2 <= 4096) {
            // exact: P(U >= u) under H0, counting arrangements by U
            double[] dist = mannWhitneyDistribution(n1, n2);
            int k = (int) Math.round(u);
            double p = 0;
            for (int i = k; i < dist.length; i++) p += dist[i];
            return new Test(u, Math.min(1, p));
        }
        int n = n1 + n2;
        double mu = n1 * n2 / 2.0;
        double sigma = Math.sqrt(n1 * (double) n2 / 12.0 * ((n + 1) - tieTerm / (n * (double) (n - 1))));
        if (sigma == 0) return new Test(u, Double.NaN);
        double z = (u - mu - 0.5) / sigma;
        return new Test(u, 1 - new NormalDistribution().cumulativeProbability(z));
    }

    /** Probabilities of U = 0..n1*n2 for samples of sizes n1, n2 without ties. */
    static double[] mannWhitneyDistribution(int n1, int n2) {
        // c[i][j][u]: arrangements of i x's and j y's with U = u; recurrence on the largest element.
        int max = n1 * n2;
        double[][][] c = new double[n1 + 1][n2 + 1][max + 1];
        for (int i = 0; i <= n1; i++) {
            for (int j = 0; j <= n2; j++) {
                if (i == 0 || j == 0) {
                    c[i][j][0] = 1;
                    continue;
                }
                for (int u = 0; u <= i * j; u++) {
                    double v = 0;
                    if (u - j >= 0) v += c[i - 1][j][u - j]; // largest is an x: beats all j y's
                    v += c[i][j - 1][u];                    // largest is a y
                    c[i][j][u] = v;
                }
            }
        }
        double total = 0;
        for (double v : c[n1][n2]) total += v;
        double[] p = new double[max + 1];
        for (int u = 0; u <= max; u++) p[u] = c[n1][n2][u] / total;
        return p;
    }

    /** Kendall's tau-b with a two-sided p-value. */
    public static Test kendall(double[] xs, double[] ys) {
        double[][] xy = pairwiseFinite(xs, ys);
        double[] x = xy[0], y = xy[1];
        int n = x.length;
        if (n < 2) return new Test(Double.NaN, Double.NaN);
        long concordant = 0, discordant = 0, tiesX = 0, tiesY = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double dx = Math.signum(x[j] - x[i]), dy = Math.signum(y[j] - y[i]);
                if (dx == 0 && dy == 0) { tiesX++; tiesY++; }
                else if (dx == 0) tiesX++;
                else if (dy == 0) tiesY++;
                else if (dx == dy) concordant++;
                else discordant++;
            }
        }
        long n0 = (long) n * (n - 1) / 2;
        double denom = Math.sqrt((double) (n0 - tiesX) * (n0 - tiesY));
        if (denom == 0) return new Test(Double.NaN, Double.NaN);
        double tau = (concordant - discordant) / denom;
        boolean ties = tiesX > 0 || tiesY > 0;
        if (!ties && n <= 33) {
            // exact: distribution of the number of discordant pairs (inversions) over n! permutations
            double[] dist = inversionDistribution(n);
            long c = Math.min(discordant, n0 - discordant);
            double p = 0;
            for (int k = 0; k <= c; k++) p += dist[k];
            p = Math.min(1, 2 * p);
            return new Test(tau, p);
        }
        double xt = tieGroups(x), yt = tieGroups(y);
        double[] tx = tieMoments(x), ty = tieMoments(y);
        double v0 = n * (n - 1.0) * (2.0 * n + 5);
        double var = (v0 - tx[0] - ty[0]) / 18.0
                + tx[1] * ty[1] / (9.0 * n * (n - 1) * (n - 2))
                + xt * yt / (2.0 * n * (n - 1));
        double z = (concordant - discordant) / Math.sqrt(var);
        double p = 2 * (1 - new NormalDistribution().cumulativeProbability(Math.abs(z)));
        return new Test(tau, Math.min(1, p));
    }

    /** Number of permutations of n with k inversions, as probabilities (Mahonian numbers / n!). */
    static double[] inversionDistribution(int n) {
        int max = n * (n - 1) / 2;
        double[] d = new double[max + 1];
        d[0] = 1;
        for (int m = 2; m <= n; m++) {
            double[] next = new double[max + 1];
            int maxPrev = (m - 1) * (m - 2) / 2;
            for (int k = 0; k <= maxPrev; k++) {
                if (d[k] == 0) continue;
                for (int j = 0; j < m; j++) next[k + j] += d[k] / m;
            }
            d = next;
        }
        return d;
    }

    /** Spearman's rho (Pearson correlation of average ranks) with a two-sided p from t(n - 2). */
    public static Test spearman(double[] xs, double[] ys) {
        double[][] xy = pairwiseFinite(xs, ys);
        int n = xy[0].length;
        if (n < 3) return new Test(Double.NaN, Double.NaN);
        double rho = pearson(ranks(xy[0]), ranks(xy[1]));
        if (Double.isNaN(rho)) return new Test(Double.NaN, Double.NaN);
        double df = n - 2;
        if (Math.abs(rho) >= 1) return new Test(rho, 0.0);
        double t = rho * Math.sqrt(df / ((1 - rho) * (1 + rho)));
        double p = 2 * (1 - new TDistribution(df).cumulativeProbability(Math.abs(t)));
        return new Test(rho, p);
    }

    static double pearson(double[] a, double[] b) {
        int n = a.length;
        double ma = Arrays.stream(a).average().orElse(0), mb = Arrays.stream(b).average().orElse(0);
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < n; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa == 0 || sbb == 0 ? Double.NaN : sab / Math.sqrt(saa * sbb);
    }

    /** Average ranks, 1-based. */
    static double[] ranks(double[] v) {
        int n = v.length;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> Double.compare(v[a], v[b]));
        double[] r = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && v[idx[j + 1]] == v[idx[i]]) j++;
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) r[idx[k]] = avg;
            i = j + 1;
        }
        return r;
    }

    /** Sum over tie groups of t^3 - t. */
    private static double tieSum(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        double sum = 0;
        int i = 0;
        while (i < s.length) {
            int j = i;
            while (j + 1 < s.length && s[j + 1] == s[i]) j++;
            double t = j - i + 1;
            sum += t * t * t - t;
            i = j + 1;
        }
        return sum;
    }

    /** Sum over tie groups of t(t-1). */
    private static double tieGroups(double[] v) {
        double sum = 0;
        for (double t : groupSizes(v)) sum += t * (t - 1);
        return sum;
    }

    /** {sum t(t-1)(2t+5), sum t(t-1)(t-2)} over tie groups. */
    private static double[] tieMoments(double[] v) {
        double a = 0, b = 0;
        for (double t : groupSizes(v)) {
            a += t * (t - 1) * (2 * t + 5);
            b += t * (t - 1) * (t - 2);
        }
        return new double[]{a, b};
    }

    private static double[] groupSizes(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        double[] out = new double[s.length];
        int g = 0, i = 0;
        while (i < s.length) {
            int j = i;
            while (j + 1 < s.length && s[j + 1] == s[i]) j++;
            out[g++] = j - i + 1;
            i = j + 1;
        }
        return Arrays.copyOf(out, g);
    }

    private static double[][] pairwiseFinite(double[] x, double[] y) {
        if (x.length != y.length) throw new IllegalArgumentException("x and y differ in length");
        int n = 0;
        double[] a = new double[x.length], b = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                a[n] = x[i];
                b[n++] = y[i];
            }
        }
        return new double[][]{Arrays.copyOf(a, n), Arrays.copyOf(b, n)};
    }
}
