package dev.gradflow.model.study;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Reference values: Wikipedia's Welch t-test example A1/A2 (t = -2.46, df 27.97) and Spearman example
 * (rho = -29/165 = -0.1758), small cases counted by hand or by brute force here; every p-value also checked against
 * SciPy 1.17.1 (ttest_ind(equal_var=False), mannwhitneyu, kendalltau, spearmanr with the alternatives stated).
 * The systematic comparison with SciPy is {@link StatsScipyReferenceTest}.
 */
class StatsTest {
    static final double[] A1 = {27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4};
    static final double[] A2 = {27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4};

    @Test
    void welchMatchesWikipediaAndScipy() {
        var t = Stats.welchGreater(A1, A2);
        assertThat(t.statistic()).isCloseTo(-2.455356398286006, within(1e-9));
        assertThat(t.p()).isCloseTo(0.9893109992685665, within(1e-9));
        var t2 = Stats.welchGreater(A2, A1);
        assertThat(t2.p()).isCloseTo(0.010689000731433496, within(1e-9)); // two-sided 0.021 on Wikipedia
    }

    @Test
    void mannWhitneyExactTiedAndAsymptotic() {
        double[] x = {0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46};
        double[] y = {1.15, 0.88, 0.90, 0.74, 1.21};
        var exact = Stats.mannWhitneyGreater(x, y);
        assertThat(exact.statistic()).isEqualTo(35.0);
        assertThat(exact.p()).isCloseTo(0.1272061272061272, within(1e-12));
        var tied = Stats.mannWhitneyGreater(new double[]{1, 2, 2, 3, 4, 5, 5, 6}, new double[]{2, 3, 3, 4, 4, 4, 7, 1});
        assertThat(tied.statistic()).isEqualTo(33.0);
        assertThat(tied.p()).isCloseTo(0.4787463687569635, within(1e-9));
        double[] b1 = new double[12], b2 = new double[10];
        for (int i = 0; i < 12; i++) b1[i] = i * 1.3 + 0.1;
        for (int i = 0; i < 10; i++) b2[i] = i * 1.1;
        var asym = Stats.mannWhitneyGreater(b1, b2);
        assertThat(asym.statistic()).isEqualTo(78.0);
        assertThat(asym.p()).isCloseTo(0.12426733958652902, within(1e-9));
    }

    @Test
    void kendallExactAndWithTies() {
        var exact = Stats.kendall(new double[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, new double[]{2, 1, 4, 3, 6, 5, 8, 7, 10, 9});
        assertThat(exact.statistic()).isCloseTo(0.7777777777777777, within(1e-12));
        assertThat(exact.p()).isCloseTo(0.0009463183421516755, within(1e-12));
        var ties = Stats.kendall(new double[]{12, 2, 1, 12, 2}, new double[]{1, 4, 7, 1, 0});
        assertThat(ties.statistic()).isCloseTo(-0.4714045207910316, within(1e-12));
        assertThat(ties.p()).isCloseTo(0.4, within(1e-15)); // all 120 orderings (make_fixtures.py); the normal approximation said 0.283
        assertThat(ties.method()).isEqualTo(Stats.Method.PERMUTATION);
        var wiki = Stats.kendall(new double[]{86, 97, 99, 100, 101, 103, 106, 110, 112, 113}, new double[]{2, 20, 28, 27, 50, 29, 7, 17, 6, 12});
        assertThat(wiki.statistic()).isCloseTo(-0.1111111111111111, within(1e-12));
        assertThat(wiki.p()).isCloseTo(0.7274895282186948, within(1e-12));
    }

    @Test
    void spearmanMatchesWikipediaAndScipy() {
        var wiki = Stats.spearman(new double[]{86, 97, 99, 100, 101, 103, 106, 110, 112, 113}, new double[]{2, 20, 28, 27, 50, 29, 7, 17, 6, 12});
        assertThat(wiki.statistic()).isCloseTo(-29.0 / 165, within(1e-12));
        assertThat(wiki.p()).isCloseTo(0.6271883447764846, within(1e-9)); // n = 10: t(8), as spearmanr
        assertThat(wiki.method()).isEqualTo(Stats.Method.ASYMPTOTIC);
    }

    /** Issue 10, defect 6: the Studies page showed p = 0 here (Student t with rho = 1 gives an infinite t). */
    @Test
    void spearmanOfFourPerfectlyOrderedPairsHasTheExactPermutationP() {
        double[] x = {1, 2, 3, 4}, y = {0.1, 0.5, 0.7, 2.0};
        var two = Stats.spearman(x, y);
        assertThat(two.statistic()).isEqualTo(1.0);
        assertThat(two.p()).isEqualTo(2.0 / 24); // only the identity ordering (and, two-sided, its reverse) is as extreme
        assertThat(two.method()).isEqualTo(Stats.Method.EXACT);
        assertThat(Stats.spearman(x, y, Stats.Alternative.GREATER).p()).isEqualTo(1.0 / 24);
        assertThat(Stats.spearman(x, y, Stats.Alternative.LESS).p()).isEqualTo(1.0);
        assertThat(Stats.kendall(x, y).p()).isEqualTo(2.0 / 24);
    }

    @Test
    void spearmanWithTiesUsesThePermutationDistributionOnTheTiedRanks() {
        // ranks of y: 1, 2, 3.5, 5, 3.5; of the 5! = 120 orderings, count those at least as correlated (brute force)
        var tied = Stats.spearman(new double[]{1, 2, 3, 4, 5}, new double[]{5, 6, 7, 8, 7});
        assertThat(tied.statistic()).isCloseTo(0.8207826816681233, within(1e-12));
        assertThat(tied.method()).isEqualTo(Stats.Method.PERMUTATION);
        assertThat(tied.p()).isCloseTo(2 * countAtLeast(new double[]{1, 2, 3, 4, 5}, new double[]{1, 2, 3.5, 5, 3.5}) / 120.0, within(1e-15));
    }

    /** Orderings of ry with sum rx*ry at least the observed, counted by brute force over all index permutations. */
    private static int countAtLeast(double[] rx, double[] ry) {
        double obs = 0;
        for (int i = 0; i < rx.length; i++) obs += rx[i] * ry[i];
        int[] idx = {0, 1, 2, 3, 4};
        int count = 0;
        for (int a : idx) for (int b : idx) for (int c : idx) for (int d : idx) for (int e : idx) {
            int[] p = {a, b, c, d, e};
            if (java.util.Arrays.stream(p).distinct().count() < 5) continue;
            double s = 0;
            for (int i = 0; i < 5; i++) s += rx[i] * ry[p[i]];
            if (s >= obs - 1e-12) count++;
        }
        return count;
    }

    @Test
    void holmAdjustsTheSmallestByMAndKeepsTheOrder() {
        double[] adj = Stats.holm(new double[]{0.04, 0.01, Double.NaN, 0.03});
        // m = 3: 0.01 * 3 = 0.03, 0.03 * 2 = 0.06, max(0.06, 0.04 * 1) = 0.06
        assertThat(adj[1]).isCloseTo(0.03, within(1e-15));
        assertThat(adj[3]).isCloseTo(0.06, within(1e-15));
        assertThat(adj[0]).isCloseTo(0.06, within(1e-15));
        assertThat(adj[2]).isNaN();
    }

    @Test
    void wilcoxonExactDistributionCountsSignPatterns() {
        // n = 3: the 8 sign patterns give W+ = 0, 1, 2, 3, 3, 4, 5, 6
        double[] p = Stats.wilcoxonDistribution(3);
        assertThat(p).containsExactly(1 / 8.0, 1 / 8.0, 1 / 8.0, 2 / 8.0, 1 / 8.0, 1 / 8.0, 1 / 8.0);
        var t = Stats.wilcoxon(new double[]{3, 5, 9}, new double[]{1, 2, 3}, Stats.Alternative.GREATER);
        assertThat(t.statistic()).isEqualTo(6.0);
        assertThat(t.p()).isEqualTo(1 / 8.0);
    }

    @Test
    void confidenceIntervalUsesStudentT() {
        var s = Stats.summary(new double[]{1, 2, 3, 4, Double.NaN});
        assertThat(s.n()).isEqualTo(4);
        assertThat(s.mean()).isEqualTo(2.5);
        // t(0.975, 3) = 3.182446305284263, sd = 1.2909944487358056
        assertThat(s.halfWidth()).isCloseTo(3.182446305284263 * 1.2909944487358056 / 2, within(1e-9));
    }
}
