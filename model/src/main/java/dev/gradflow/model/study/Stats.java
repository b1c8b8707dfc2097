package dev.gradflow.model.study;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.IntStream;

/**
 * The statistics of a study (docs/studies.md, docs/science.md). Each test follows the convention of SciPy 1.17 so it
 * can be checked against it ({@code StatsScipyReferenceTest}, fixtures made by
 * {@code model/src/test/resources/stats/make_fixtures.py}); where SciPy's default is asymptotic for small samples
 * (Spearman) the p-value here is exact, and the reference is {@code scipy.stats.permutation_test} enumerating every
 * permutation.
 * <ul>
 *   <li>{@link #summary}: mean, sample standard deviation and the 95% Student-t confidence interval of the mean.</li>
 *   <li>{@link #pairedT}: paired t-test on d = x - y, t = mean(d) / (sd(d)/sqrt(n)), Student t with n - 1 df
 *       ({@code ttest_rel}).</li>
 *   <li>{@link #wilcoxon}: Wilcoxon signed-rank test on d = x - y, zero differences dropped ({@code zero_method=
 *       'wilcox'}), statistic W+ = sum of the ranks of |d| with d > 0. Exact null distribution (2^n equally likely
 *       sign patterns) when there are no ties and no zeros and n <= 50; with ties or zeros and n <= 13, the exact
 *       sign-flip permutation distribution of W+ on the data; otherwise the normal approximation with tie correction
 *       and continuity correction ({@code wilcoxon(..., correction=True)}; SciPy's default has no continuity
 *       correction).</li>
 *   <li>{@link #mannWhitney}: Mann-Whitney U (statistic U of x); exact distribution without ties when one sample has
 *       at most 8 values (SciPy's 'auto'; here also n1*n2 <= 40000), otherwise the normal approximation with tie
 *       and continuity correction.</li>
 *   <li>{@link #kendall}: Kendall's tau-b. p: exact null distribution (Mahonian numbers) without ties for n <= 33
 *       (or when at most one pair is discordant / concordant), as SciPy; with ties and n <= 9 the exact permutation
 *       distribution of S = concordant - discordant over all n! orderings of y; otherwise the normal approximation
 *       of S with the tie-corrected variance.</li>
 *   <li>{@link #spearman}: Spearman's rho (Pearson correlation of average ranks). p: for n <= 9 the exact permutation
 *       distribution of rho over all n! orderings of y (with or without ties); otherwise Student t with n - 2 df
 *       ({@code spearmanr}'s default).</li>
 *   <li>{@link #welchGreater}: Welch's unequal-variance t-test ({@code ttest_ind(equal_var=False)}).</li>
 *   <li>{@link #holm}: Holm-Bonferroni adjusted p-values.</li>
 * </ul>
 * Two-sided permutation and exact p-values are {@code min(1, 2 min(P(T <= t), P(T >= t)))}, as in SciPy. NaN values
 * are dropped (pairwise for correlations and paired tests); too few values give NaN results.
 */
public final class Stats {
    /** Largest n whose p-values are computed by enumerating all n! permutations (Spearman; Kendall with ties). */
    public static final int PERMUTATION_MAX_N = 9;
    /** Largest n of the exact Kendall distribution without ties (SciPy's limit). */
    public static final int KENDALL_EXACT_MAX_N = 33;
    /** Largest n of the exact Wilcoxon distribution without ties or zeros (SciPy's limit). */
    public static final int WILCOXON_EXACT_MAX_N = 50;
    /** Largest n of the sign-flip permutation distribution of the Wilcoxon statistic with ties or zeros. */
    public static final int WILCOXON_PERMUTATION_MAX_N = 13;

    private Stats() {
    }

    public enum Alternative {
        TWO_SIDED("two-sided"), GREATER("greater"), LESS("less");
        private final String id;
        Alternative(String id) { this.id = id; }
        public String id() { return id; }
    }

    /** How a p-value was obtained. */
    public enum Method {
        /** exact null distribution of the statistic (no ties) */
        EXACT,
        /** complete enumeration of the permutation distribution of the statistic on the data (ties allowed) */
        PERMUTATION,
        /** large-sample approximation (normal or Student t) */
        ASYMPTOTIC,
        /** not computable (too few values, constant input) */
        NONE
    }

    public record Summary(int n, double mean, double sd, double ciLow, double ciHigh) {
        public double halfWidth() { return (ciHigh - ciLow) / 2; }
    }

    public record Test(double statistic, double p, Method method) {
        static Test none() { return new Test(Double.NaN, Double.NaN, Method.NONE); }
    }

    public static double[] finite(double[] v) {
        return Arrays.stream(v).filter(Double::isFinite).toArray();
    }

    public static Summary summary(double[] values) {
        double[] x = finite(values);
        int n = x.length;
        if (n == 0) return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        double mean = mean(x);
        if (n == 1) return new Summary(1, mean, Double.NaN, Double.NaN, Double.NaN);
        double sd = Math.sqrt(variance(x, mean));
        double t = new TDistribution(n - 1).inverseCumulativeProbability(0.975);
        double h = t * sd / Math.sqrt(n);
        return new Summary(n, mean, sd, mean - h, mean + h);
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s / x.length;
    }

    private static double variance(double[] x, double mean) {
        double s = 0;
        for (double v : x) s += (v - mean) * (v - mean);
        return s / (x.length - 1);
    }

    /** p-value of a statistic with a continuous symmetric null distribution given by its CDF. */
    private static double continuousP(double z, DoubleUnaryOperator cdf, Alternative alt) {
        return switch (alt) {
            case GREATER -> 1 - cdf.applyAsDouble(z);
            case LESS -> cdf.applyAsDouble(z);
            case TWO_SIDED -> Math.min(1, 2 * (1 - cdf.applyAsDouble(Math.abs(z))));
        };
    }

    private static double upperT(double t, double df) {
        TDistribution d = new TDistribution(df);
        // 1 - cdf loses precision far in the tail; use the symmetric lower tail there
        return t > 0 ? d.cumulativeProbability(-t) : 1 - d.cumulativeProbability(t);
    }

    private static double tP(double t, double df, Alternative alt) {
        if (Double.isNaN(t)) return Double.NaN;
        return switch (alt) {
            case GREATER -> upperT(t, df);
            case LESS -> upperT(-t, df);
            case TWO_SIDED -> Math.min(1, 2 * upperT(Math.abs(t), df));
        };
    }

    private static double upperNormal(double z) {
        NormalDistribution n = new NormalDistribution();
        return z > 0 ? n.cumulativeProbability(-z) : 1 - n.cumulativeProbability(z);
    }

    private static double normalP(double z, Alternative alt) {
        if (Double.isNaN(z)) return Double.NaN;
        return switch (alt) {
            case GREATER -> upperNormal(z);
            case LESS -> upperNormal(-z);
            case TWO_SIDED -> Math.min(1, 2 * upperNormal(Math.abs(z)));
        };
    }

    /** p from the two tails of an exact or permutation distribution: P(T >= t) and P(T <= t). */
    private static double tailsP(double pGreater, double pLess, Alternative alt) {
        return switch (alt) {
            case GREATER -> Math.min(1, pGreater);
            case LESS -> Math.min(1, pLess);
            case TWO_SIDED -> Math.min(1, 2 * Math.min(pGreater, pLess));
        };
    }

    // ---------------------------------------------------------------- paired tests

    /** Paired t-test on d = x - y (pairs with a NaN dropped); the statistic is t. */
    public static Test pairedT(double[] xs, double[] ys, Alternative alt) {
        double[] d = differences(xs, ys);
        int n = d.length;
        if (n < 2) return Test.none();
        double m = mean(d);
        double se = Math.sqrt(variance(d, m) / n);
        double t = m / se; // +-Infinity when every difference is equal and non-zero, as in SciPy
        if (Double.isNaN(t)) return Test.none();
        return new Test(t, tP(t, n - 1, alt), Method.ASYMPTOTIC);
    }

    /** Mean of d = x - y and its 95% Student-t confidence interval (the effect size beside a paired test). */
    public static Summary pairedDifference(double[] xs, double[] ys) {
        return summary(differences(xs, ys));
    }

    static double[] differences(double[] xs, double[] ys) {
        double[][] xy = pairwiseFinite(xs, ys);
        double[] d = new double[xy[0].length];
        for (int i = 0; i < d.length; i++) d[i] = xy[0][i] - xy[1][i];
        return d;
    }

    /**
     * Wilcoxon signed-rank test on d = x - y (pairs with a NaN dropped, zero differences dropped). The statistic is
     * W+, the sum of the average ranks of |d| over the positive differences.
     */
    public static Test wilcoxon(double[] xs, double[] ys, Alternative alt) {
        double[] all = differences(xs, ys);
        int zeros = 0;
        for (double v : all) if (v == 0) zeros++;
        double[] d = Arrays.stream(all).filter(v -> v != 0).toArray();
        int n = d.length;
        if (n == 0) return Test.none();
        double[] abs = new double[n];
        for (int i = 0; i < n; i++) abs[i] = Math.abs(d[i]);
        double[] r = ranks(abs);
        long[] r2 = new long[n]; // 2 x rank: an integer, so the permutation comparisons below are exact
        long w2 = 0;
        for (int i = 0; i < n; i++) {
            r2[i] = Math.round(2 * r[i]);
            if (d[i] > 0) w2 += r2[i];
        }
        double wPlus = w2 / 2.0;
        double tieTerm = tieSum(abs);
        boolean ties = tieTerm > 0;
        if (!ties && zeros == 0 && n <= WILCOXON_EXACT_MAX_N) {
            double[] dist = wilcoxonDistribution(n);
            int w = (int) wPlus;
            double le = 0, ge = 0;
            for (int k = 0; k < dist.length; k++) {
                if (k <= w) le += dist[k];
                if (k >= w) ge += dist[k];
            }
            return new Test(wPlus, tailsP(ge, le, alt), Method.EXACT);
        }
        if (all.length <= WILCOXON_PERMUTATION_MAX_N) {
            // every sign pattern of the non-zero differences; the zeros' own sign flips change nothing (each pattern
            // then occurs 2^zeros times, which leaves the proportions unchanged)
            long ge = 0, le = 0, total = 1L << n;
            for (long mask = 0; mask < total; mask++) {
                long s = 0;
                for (int i = 0; i < n; i++) if ((mask >> i & 1) != 0) s += r2[i];
                if (s >= w2) ge++;
                if (s <= w2) le++;
            }
            return new Test(wPlus, tailsP((double) ge / total, (double) le / total, alt), Method.PERMUTATION);
        }
        double mn = n * (n + 1) / 4.0;
        double se = Math.sqrt((n * (n + 1.0) * (2.0 * n + 1) - tieTerm / 2) / 24);
        double z = (wPlus - mn) / se;
        double sign = switch (alt) {
            case GREATER -> 1;
            case LESS -> -1;
            case TWO_SIDED -> Math.signum(z);
        };
        z -= sign * 0.5 / se; // continuity correction
        return new Test(wPlus, normalP(z, alt), Method.ASYMPTOTIC);
    }

    /** Probabilities of W+ = 0..n(n+1)/2 for n non-zero differences without ties. */
    static double[] wilcoxonDistribution(int n) {
        int max = n * (n + 1) / 2;
        double[] p = new double[max + 1];
        p[0] = 1;
        int top = 0;
        for (int k = 1; k <= n; k++) {
            top += k;
            for (int s = top; s >= 0; s--) p[s] = 0.5 * (p[s] + (s >= k ? p[s - k] : 0));
        }
        return p;
    }

    // ---------------------------------------------------------------- two independent samples

    /** Welch's t-test, H1: mean(x) > mean(y). */
    public static Test welchGreater(double[] xs, double[] ys) {
        return welch(xs, ys, Alternative.GREATER);
    }

    /** Welch's unequal-variance t-test with Welch-Satterthwaite df; the statistic is t. */
    public static Test welch(double[] xs, double[] ys, Alternative alt) {
        double[] x = finite(xs), y = finite(ys);
        if (x.length < 2 || y.length < 2) return Test.none();
        double mx = mean(x), my = mean(y);
        double vx = variance(x, mx) / x.length, vy = variance(y, my) / y.length;
        double se2 = vx + vy;
        if (se2 == 0) return Test.none();
        double t = (mx - my) / Math.sqrt(se2);
        double df = se2 * se2 / (vx * vx / (x.length - 1) + vy * vy / (y.length - 1));
        return new Test(t, tP(t, df, alt), Method.ASYMPTOTIC);
    }

    /** Mann-Whitney U test, H1: x tends to be greater than y. */
    public static Test mannWhitneyGreater(double[] xs, double[] ys) {
        return mannWhitney(xs, ys, Alternative.GREATER);
    }

    /** Mann-Whitney U test; the statistic is U of x (the number of pairs with x > y, ties counting 1/2). */
    public static Test mannWhitney(double[] xs, double[] ys, Alternative alt) {
        double[] x = finite(xs), y = finite(ys);
        int n1 = x.length, n2 = y.length;
        if (n1 == 0 || n2 == 0) return Test.none();
        double[] all = new double[n1 + n2];
        System.arraycopy(x, 0, all, 0, n1);
        System.arraycopy(y, 0, all, n1, n2);
        double[] r = ranks(all);
        double r1 = 0;
        for (int i = 0; i < n1; i++) r1 += r[i];
        double u1 = r1 - n1 * (n1 + 1) / 2.0;
        double u2 = (double) n1 * n2 - u1;
        double u = switch (alt) {
            case GREATER -> u1;
            case LESS -> u2;
            case TWO_SIDED -> Math.max(u1, u2);
        };
        double factor = alt == Alternative.TWO_SIDED ? 2 : 1;
        double tieTerm = tieSum(all);
        if (tieTerm == 0 && Math.min(n1, n2) <= 8 && (long) n1 * n2 <= 40000) {
            double[] dist = mannWhitneyDistribution(n1, n2);
            double p = 0;
            for (int i = (int) Math.round(u); i < dist.length; i++) p += dist[i];
            return new Test(u1, Math.min(1, factor * p), Method.EXACT);
        }
        int n = n1 + n2;
        double sigma = Math.sqrt(n1 * (double) n2 / 12.0 * ((n + 1) - tieTerm / (n * (double) (n - 1))));
        if (sigma == 0) return new Test(u1, Double.NaN, Method.NONE);
        double z = (u - n1 * n2 / 2.0 - 0.5) / sigma; // continuity correction
        return new Test(u1, Math.min(1, factor * upperNormal(z)), Method.ASYMPTOTIC);
    }

    /** Probabilities of U = 0..n1*n2 for samples of sizes n1, n2 without ties. */
    static double[] mannWhitneyDistribution(int n1, int n2) {
        // P_{i,j}(u) = j/(i+j) P_{i,j-1}(u) + i/(i+j) P_{i-1,j}(u-j): the largest value is a y (prob j/(i+j)) or an x
        // that beats all j y's. Iterate j outer, keeping one row per i (m = min size, N = max size).
        int m = Math.min(n1, n2), big = Math.max(n1, n2);
        int max = m * big;
        double[][] p = new double[m + 1][];
        for (int i = 0; i <= m; i++) {
            p[i] = new double[max + 1];
            p[i][0] = 1; // j = 0: U = 0
        }
        for (int j = 1; j <= big; j++) {
            // p[i] holds P_{i,j-1}; update i ascending so p[i-1] already holds P_{i-1,j}
            for (int i = 1; i <= m; i++) {
                double a = (double) j / (i + j), b = (double) i / (i + j);
                double[] cur = p[i], lower = p[i - 1];
                int top = i * j;
                for (int u = 0; u <= top; u++) cur[u] = a * cur[u] + (u >= j ? b * lower[u - j] : 0); // in place
            }
        }
        // U counts pairs won by the first sample; the distribution is symmetric, so the roles do not matter
        return p[m];
    }

    // ---------------------------------------------------------------- correlations

    /** Kendall's tau-b with a two-sided p-value. */
    public static Test kendall(double[] xs, double[] ys) {
        return kendall(xs, ys, Alternative.TWO_SIDED);
    }

    /** Kendall's tau-b; GREATER is positive association. */
    public static Test kendall(double[] xs, double[] ys, Alternative alt) {
        double[][] xy = pairwiseFinite(xs, ys);
        double[] x = xy[0], y = xy[1];
        int n = x.length;
        if (n < 2) return Test.none();
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
        if (denom == 0) return Test.none();
        long s = concordant - discordant;
        double tau = Math.max(-1, Math.min(1, s / denom));
        boolean ties = tiesX > 0 || tiesY > 0;
        if (!ties && (n <= KENDALL_EXACT_MAX_N || Math.min(discordant, n0 - discordant) <= 1)) {
            // P(D <= d) and P(D >= d) = P(D <= n0 - d): the number of discordant pairs D is the number of inversions
            // of a uniformly random permutation; S >= s <=> D <= d
            double sAtLeast = inversionsAtMost(n, discordant), sAtMost = inversionsAtMost(n, n0 - discordant);
            return new Test(tau, tailsP(sAtLeast, sAtMost, alt), Method.EXACT);
        }
        if (ties && n <= PERMUTATION_MAX_N) {
            long[] counts = kendallPermutation(x, y, s);
            double total = counts[2];
            return new Test(tau, tailsP(counts[0] / total, counts[1] / total, alt), Method.PERMUTATION);
        }
        double xt = tieGroups(x), yt = tieGroups(y);
        double[] tx = tieMoments(x), ty = tieMoments(y);
        double v0 = n * (n - 1.0) * (2.0 * n + 5);
        double var = (v0 - tx[0] - ty[0]) / 18.0
                + tx[1] * ty[1] / (9.0 * n * (n - 1) * (n - 2))
                + xt * yt / (2.0 * n * (n - 1));
        double z = s / Math.sqrt(var);
        return new Test(tau, normalP(z, alt), Method.ASYMPTOTIC);
    }

    /**
     * P(D <= c) for D the number of inversions of a uniformly random permutation of n elements, by the recurrence on
     * Mahonian numbers truncated at c (probabilities, so no overflow for any n).
     */
    static double inversionsAtMost(int n, long c) {
        long max = (long) n * (n - 1) / 2;
        if (c >= max) return 1;
        if (c < 0) return 0;
        int cc = (int) c;
        double[] d = new double[cc + 1];
        d[0] = 1;
        for (int m = 2; m <= n; m++) {
            // next[k] = (1/m) sum_{j=0}^{m-1} d[k-j]: a sliding window sum
            double[] next = new double[cc + 1];
            double window = 0;
            for (int k = 0; k <= cc; k++) {
                window += d[k];
                if (k - m >= 0) window -= d[k - m];
                next[k] = window / m;
            }
            d = next;
        }
        double p = 0;
        for (double v : d) p += v;
        return Math.min(1, p);
    }

    /** Number of permutations of n with k inversions, as probabilities (Mahonian numbers / n!), k = 0..n(n-1)/2. */
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

    /**
     * Over all n! orderings of y against x: {#(S' >= s), #(S' <= s), n!} for S = sum_{i<j} sign(x_j - x_i) sign(y_j - y_i).
     */
    static long[] kendallPermutation(double[] x, double[] y, long s) {
        int n = x.length;
        int[][] sx = new int[n][n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) sx[i][j] = (int) Math.signum(x[j] - x[i]);
        double[] perm = y.clone();
        long[] counts = new long[3];
        forEachPermutation(perm, () -> {
            long v = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) v += sx[i][j] * (long) Math.signum(perm[j] - perm[i]);
            }
            if (v >= s) counts[0]++;
            if (v <= s) counts[1]++;
            counts[2]++;
        });
        return counts;
    }

    /** Calls {@code visit} once for every ordering of {@code a}, permuting it in place (Heap's algorithm). */
    static void forEachPermutation(double[] a, Runnable visit) {
        int n = a.length;
        int[] c = new int[n];
        visit.run();
        int i = 1;
        while (i < n) {
            if (c[i] < i) {
                int k = i % 2 == 0 ? 0 : c[i];
                double t = a[k];
                a[k] = a[i];
                a[i] = t;
                visit.run();
                c[i]++;
                i = 1;
            } else {
                c[i] = 0;
                i++;
            }
        }
    }

    /** Spearman's rho with a two-sided p-value. */
    public static Test spearman(double[] xs, double[] ys) {
        return spearman(xs, ys, Alternative.TWO_SIDED);
    }

    /** Spearman's rho (Pearson correlation of average ranks); GREATER is positive association. */
    public static Test spearman(double[] xs, double[] ys, Alternative alt) {
        double[][] xy = pairwiseFinite(xs, ys);
        int n = xy[0].length;
        if (n < 3) return Test.none();
        double[] rx = ranks(xy[0]), ry = ranks(xy[1]);
        double rho = pearson(rx, ry);
        if (Double.isNaN(rho)) return Test.none();
        rho = Math.max(-1, Math.min(1, rho));
        if (n <= PERMUTATION_MAX_N) {
            // rho is an increasing function of sum rx_i ry_i (the rank multisets do not change under permutation);
            // 4 rx ry is an integer with average ranks, so the comparisons are exact
            long[] ax = new long[n];
            double[] by = new double[n];
            for (int i = 0; i < n; i++) {
                ax[i] = Math.round(2 * rx[i]);
                by[i] = Math.round(2 * ry[i]);
            }
            long s = 0;
            for (int i = 0; i < n; i++) s += ax[i] * (long) by[i];
            long observed = s;
            long[] counts = new long[3];
            forEachPermutation(by, () -> {
                long v = 0;
                for (int i = 0; i < n; i++) v += ax[i] * (long) by[i];
                if (v >= observed) counts[0]++;
                if (v <= observed) counts[1]++;
                counts[2]++;
            });
            double total = counts[2];
            boolean ties = tieSum(xy[0]) > 0 || tieSum(xy[1]) > 0;
            return new Test(rho, tailsP(counts[0] / total, counts[1] / total, alt), ties ? Method.PERMUTATION : Method.EXACT);
        }
        double df = n - 2;
        double t = Math.abs(rho) == 1 ? Math.copySign(Double.POSITIVE_INFINITY, rho)
                : rho * Math.sqrt(df / ((1 - rho) * (1 + rho)));
        return new Test(rho, tP(t, df, alt), Method.ASYMPTOTIC);
    }

    static double pearson(double[] a, double[] b) {
        int n = a.length;
        double ma = mean(a), mb = mean(b);
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < n; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa == 0 || sbb == 0 ? Double.NaN : sab / Math.sqrt(saa * sbb);
    }

    // ---------------------------------------------------------------- multiple testing

    /**
     * Holm-Bonferroni adjusted p-values, in the input order: with the m finite p-values sorted ascending,
     * {@code p~(i) = max_{j <= i} min(1, (m - j + 1) p(j))}. NaN entries stay NaN and do not count in m.
     */
    public static double[] holm(double[] p) {
        double[] out = new double[p.length];
        Arrays.fill(out, Double.NaN);
        Integer[] idx = IntStream.range(0, p.length).filter(i -> !Double.isNaN(p[i])).boxed()
                .toArray(Integer[]::new);
        Arrays.sort(idx, (a, b) -> Double.compare(p[a], p[b]));
        int m = idx.length;
        double running = 0;
        for (int j = 0; j < m; j++) {
            running = Math.max(running, Math.min(1, (m - j) * p[idx[j]]));
            out[idx[j]] = running;
        }
        return out;
    }

    // ---------------------------------------------------------------- helpers

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
        double sum = 0;
        for (double t : groupSizes(v)) sum += t * t * t - t;
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
