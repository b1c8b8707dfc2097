#!/usr/bin/env python3
"""Reference values for dev.gradflow.model.study.StatsScipyReferenceTest.

    python3 make_fixtures.py > scipy-reference.json

Every value comes from SciPy (the versions are written into the output), except where SciPy's default is asymptotic
for small samples (Spearman for n <= 9, Kendall with ties for n <= 9): there the reference is the exact permutation
distribution over all n! orderings of y, enumerated here with numpy (statistic vectorized, SciPy's rankdata), and
cross-checked against scipy.stats.permutation_test(permutation_type='pairings', n_resamples=inf) for n <= 6 (it
takes minutes from n = 7 on) and against a plain loop over SciPy's own spearmanr / kendalltau statistic for n <= 7.
Holm-Bonferroni has no SciPy function; it is computed below from its textbook definition with numpy.

Conventions checked (they are the Java code's): two-sided permutation p = min(1, 2 min(P(T <= t), P(T >= t)));
Wilcoxon zero_method='wilcox' with correction=True; Mann-Whitney use_continuity=True; Kendall tau-b.
"""
import itertools
import json
import math
import sys

import numpy as np
import scipy
from scipy import stats

ALTS = ("two-sided", "greater", "less")
cases = []


def flt(v):
    v = float(v)
    return None if math.isnan(v) else v


def add(test, alternative, x, y, statistic, p, regime, reference):
    cases.append({"id": f"{test}-{len(cases)}", "test": test, "alternative": alternative,
                  "x": [float(v) for v in x], "y": None if y is None else [float(v) for v in y],
                  "statistic": flt(statistic), "p": flt(p), "regime": regime, "reference": reference})


# ------------------------------------------------------------------ correlation statistics (vectorized for
# permutation_test: axis -1 holds the observations)

def rho_stat(x, y, axis=-1):
    rx = stats.rankdata(x, axis=axis)
    ry = stats.rankdata(y, axis=axis)
    rx = rx - rx.mean(axis=axis, keepdims=True)
    ry = ry - ry.mean(axis=axis, keepdims=True)
    return (rx * ry).sum(axis=axis) / np.sqrt((rx * rx).sum(axis=axis) * (ry * ry).sum(axis=axis))


def tau_b_stat(x, y, axis=-1):
    x = np.moveaxis(np.asarray(x, float), axis, -1)
    y = np.moveaxis(np.asarray(y, float), axis, -1)
    sx = np.sign(x[..., None, :] - x[..., :, None])
    sy = np.sign(y[..., None, :] - y[..., :, None])
    s = (sx * sy).sum(axis=(-1, -2)) / 2
    n0 = x.shape[-1] * (x.shape[-1] - 1) / 2
    tx = (sx == 0).sum(axis=(-1, -2)) / 2 - x.shape[-1] / 2  # tied pairs, the diagonal removed
    ty = (sy == 0).sum(axis=(-1, -2)) / 2 - y.shape[-1] / 2
    return s / np.sqrt((n0 - tx) * (n0 - ty))


def enumerate_p(stat, x, y, alternative):
    """Exact permutation p-value: the vectorized statistic over all n! orderings of y (numpy, in batches), compared
    with the observed one with SciPy's permutation_test tolerance (100 ulps of the observed value)."""
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    obs = float(stat(x, y))
    gamma = abs(np.finfo(float).eps * 100 * obs)
    ge = le = total = 0
    perms = itertools.permutations(range(len(y)))
    while True:
        batch = np.array(list(itertools.islice(perms, 40320)), dtype=int)
        if batch.size == 0:
            break
        vals = stat(np.broadcast_to(x, batch.shape), y[batch])
        ge += int(np.sum(vals >= obs - gamma))
        le += int(np.sum(vals <= obs + gamma))
        total += len(batch)
    assert total == math.factorial(len(y))
    p = {"greater": ge / total, "less": le / total, "two-sided": min(1.0, 2 * min(ge, le) / total)}[alternative]
    return obs, p


def permutation_test_p(stat, x, y, alternative):
    """The same with scipy.stats.permutation_test (exhaustive; slow above n = 6 in SciPy 1.17, so used as a check)."""
    res = stats.permutation_test((np.asarray(x, float), np.asarray(y, float)), stat, permutation_type="pairings",
                                 n_resamples=np.inf, vectorized=True, alternative=alternative)
    return res.statistic, res.pvalue


def loop_p(scalar_stat, x, y, alternative):
    """The same once more with SciPy's own scalar statistic in a plain loop (n <= 7)."""
    obs = scalar_stat(x, y)
    vals = np.array([scalar_stat(x, list(p)) for p in itertools.permutations(y)])
    tol = 1e-12
    ge, le = np.mean(vals >= obs - tol), np.mean(vals <= obs + tol)
    return {"greater": ge, "less": le, "two-sided": min(1.0, 2 * min(ge, le))}[alternative]


def exact_reference(stat, scalar_stat, x, y, alternative):
    r, p = enumerate_p(stat, x, y, alternative)
    if len(x) <= 7:
        assert abs(p - loop_p(scalar_stat, x, y, alternative)) < 1e-12, (x, y, alternative)
    if len(x) <= 6:
        r2, p2 = permutation_test_p(stat, x, y, alternative)
        assert abs(p - p2) < 1e-12 and abs(r - r2) < 1e-12, (x, y, alternative)
    return r, p


def has_ties(v):
    return len(set(v)) < len(v)


def spearman_case(x, y, alternative="two-sided"):
    n = len(x)
    if n <= 9:
        r, p = exact_reference(rho_stat, lambda a, b: stats.spearmanr(a, b).statistic, x, y, alternative)
        assert abs(r - stats.spearmanr(x, y).statistic) < 1e-12
        regime = "PERMUTATION" if has_ties(x) or has_ties(y) else "EXACT"
        add("spearman", alternative, x, y, r, p, regime, "all n! orderings of y")
    else:
        res = stats.spearmanr(x, y, alternative=alternative)
        add("spearman", alternative, x, y, res.statistic, res.pvalue, "ASYMPTOTIC", "spearmanr")


def kendall_case(x, y, alternative="two-sided"):
    n = len(x)
    ties = has_ties(x) or has_ties(y)
    if ties and n <= 9:
        t, p = exact_reference(tau_b_stat, lambda a, b: stats.kendalltau(a, b).statistic, x, y, alternative)
        assert abs(t - stats.kendalltau(x, y).statistic) < 1e-12
        add("kendall", alternative, x, y, t, p, "PERMUTATION", "all n! orderings of y")
    else:
        res = stats.kendalltau(x, y, alternative=alternative)
        regime = "EXACT" if not ties and n <= 33 else "ASYMPTOTIC"
        add("kendall", alternative, x, y, res.statistic, res.pvalue, regime, "kendalltau(method='auto')")


rng = np.random.default_rng(20240610)


def cont(n):
    return [round(float(v), 4) for v in rng.normal(size=n)]


def ints(n, hi):
    return [int(v) for v in rng.integers(0, hi, size=n)]


# the example: n = 4, rho = 1 (exact one-sided 1/24, two-sided 1/12)
for alt in ALTS:
    spearman_case([1, 2, 3, 4], [10, 20, 30, 40], alt)
    kendall_case([1, 2, 3, 4], [10, 20, 30, 40], alt)
spearman_case([1, 2, 3], [3, 1, 2])
for n in range(3, 10):
    x = cont(n)
    y = [round(a + b, 4) for a, b in zip(x, cont(n))]
    for alt in ALTS:
        spearman_case(x, y, alt)
        kendall_case(x, y, alt)
for n, hi in ((5, 3), (7, 4), (8, 3), (9, 5)):
    x, y = ints(n, hi), ints(n, hi)
    for alt in ALTS:
        spearman_case(x, y, alt)
        kendall_case(x, y, alt)
for n in (10, 15, 20, 33):
    x = cont(n)
    y = [round(a + 0.7 * b, 4) for a, b in zip(x, cont(n))]
    for alt in ALTS:
        spearman_case(x, y, alt)
        kendall_case(x, y, alt)
for n in (40, 60):
    x = cont(n)
    y = [round(a + 2 * b, 4) for a, b in zip(x, cont(n))]
    spearman_case(x, y)
    kendall_case(x, y)
    kendall_case(x, y, "less")
for n, hi in ((12, 5), (25, 6)):
    x, y = ints(n, hi), ints(n, hi)
    for alt in ALTS:
        spearman_case(x, y, alt)
        kendall_case(x, y, alt)
wiki_x = [86, 97, 99, 100, 101, 103, 106, 110, 112, 113]
wiki_y = [2, 20, 28, 27, 50, 29, 7, 17, 6, 12]
spearman_case(wiki_x, wiki_y)
kendall_case(wiki_x, wiki_y)
kendall_case([12, 2, 1, 12, 2], [1, 4, 7, 1, 0])

# ------------------------------------------------------------------ Mann-Whitney U (x vs y), statistic U of x


def mwu_case(x, y, alternative):
    res = stats.mannwhitneyu(x, y, alternative=alternative, use_continuity=True, method="auto")
    ties = has_ties(list(x) + list(y))
    regime = "EXACT" if not ties and min(len(x), len(y)) <= 8 else "ASYMPTOTIC"
    add("mannwhitney", alternative, x, y, res.statistic, res.pvalue, regime, "mannwhitneyu(method='auto')")


mw = [([0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46], [1.15, 0.88, 0.90, 0.74, 1.21]),
      ([1, 2, 2, 3, 4, 5, 5, 6], [2, 3, 3, 4, 4, 4, 7, 1]),
      ([i * 1.3 + 0.1 for i in range(12)], [i * 1.1 for i in range(10)]),
      (cont(3), cont(20)), (cont(8), cont(8)), (cont(1), cont(4))]
for x, y in mw:
    for alt in ALTS:
        mwu_case(x, y, alt)

# ------------------------------------------------------------------ paired: Wilcoxon signed-rank and t on x - y


def wilcoxon_case(x, y, alternative):
    res = stats.wilcoxon(x, y, alternative=alternative, correction=True, zero_method="wilcox", method="auto")
    w_plus = stats.wilcoxon(x, y, alternative="greater", correction=True).statistic  # SciPy reports W+ one-sided
    d = np.asarray(x, float) - np.asarray(y, float)
    nz = d[d != 0]
    ties = has_ties(list(np.abs(nz))) or len(nz) < len(d)
    regime = "EXACT" if not ties and len(d) <= 50 else ("PERMUTATION" if len(d) <= 13 else "ASYMPTOTIC")
    add("wilcoxon", alternative, x, y, w_plus, res.pvalue, regime, "wilcoxon(correction=True, method='auto')")


def pairs(n, shift, decimals=4):
    y = [round(float(v), decimals) for v in rng.normal(size=n)]
    x = [round(a + shift + 0.8 * float(b), decimals) for a, b in zip(y, rng.normal(size=n))]
    return x, y


wx = [pairs(5, 0.5), pairs(6, 0.5), pairs(10, 0.3), pairs(20, 0.2), pairs(60, 0.1)]
wx.append(([3, 5, 4, 7, 6, 5, 8, 4], [2, 3, 5, 5, 4, 5, 6, 2]))          # ties in |d| and one zero, n = 8
wx.append(([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 1, 2, 5, 3, 6, 4, 9, 7, 10]))  # zeros, n = 10
x30, y30 = [int(v) for v in rng.integers(0, 6, 30)], [int(v) for v in rng.integers(0, 5, 30)]
wx.append((x30, y30))                                                      # ties, n = 30
x25 = [round(float(v), 1) for v in rng.normal(size=25)]
y25 = [v if i % 6 == 0 else round(v - 0.3 + float(e), 1) for i, (v, e) in enumerate(zip(x25, rng.normal(size=25)))]
wx.append((x25, y25))                                                      # zeros and ties, n = 25
for x, y in wx:
    for alt in ALTS:
        wilcoxon_case(x, y, alt)

for x, y in [pairs(3, 0.5), pairs(5, 0.2), pairs(20, 0.1), ([0.71, 0.74, 0.69], [0.70, 0.72, 0.70])]:
    for alt in ALTS:
        res = stats.ttest_rel(x, y, alternative=alt)
        add("paired_t", alt, x, y, res.statistic, res.pvalue, "ASYMPTOTIC", "ttest_rel")

A1 = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4]
A2 = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4]
for alt in ALTS:
    res = stats.ttest_ind(A1, A2, equal_var=False, alternative=alt)
    add("welch", alt, A1, A2, res.statistic, res.pvalue, "ASYMPTOTIC", "ttest_ind(equal_var=False)")

# ------------------------------------------------------------------ mean and 95% t confidence interval

summaries = []
for x in ([1, 2, 3, 4], cont(3), cont(12), [0.5, 0.5]):
    m = float(np.mean(x))
    lo, hi = stats.t.interval(0.95, len(x) - 1, loc=m, scale=stats.sem(x)) if np.std(x) > 0 else (m, m)
    summaries.append({"x": [float(v) for v in x], "mean": m, "sd": float(np.std(x, ddof=1)), "low": float(lo),
                      "high": float(hi)})

# ------------------------------------------------------------------ Holm-Bonferroni (textbook definition)


def holm(p):
    p = np.asarray(p, float)
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    idx = np.flatnonzero(ok)[np.argsort(p[ok], kind="stable")]
    m = len(idx)
    running = 0.0
    for j, i in enumerate(idx):
        running = max(running, min(1.0, (m - j) * p[i]))
        out[i] = running
    return out


holms = []
for p in ([0.01, 0.04, 0.03, 0.005], [0.2, 0.5, 0.01, float("nan"), 0.04, 0.3], [0.5], [0.02, 0.02, 0.9]):
    holms.append({"p": [flt(v) for v in p], "adjusted": [flt(v) for v in holm(p)]})

json.dump({"generator": "model/src/test/resources/stats/make_fixtures.py", "python": sys.version.split()[0],
           "scipy": scipy.__version__, "numpy": np.__version__, "cases": cases, "summaries": summaries,
           "holm": holms}, sys.stdout, indent=1)
print()
