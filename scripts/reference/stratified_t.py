"""Reference values for Tests/HarnessTests/VerdictStatisticsTests.swift (stratifiedTTestMatchesSciPy).

The comparison's verdict statistic (Sources/Reports/Analysis/StratifiedTTest.swift): the mean over strata of each
stratum's mean difference, its standard error sqrt(sum s_h^2/n_h) / H and Welch-Satterthwaite degrees of freedom
(sum a_h)^2 / sum a_h^2/(n_h - 1), a_h = s_h^2/n_h; one-sided p-values and the two-sided 95 % interval from
scipy.stats.t. One stratum: checked against scipy.stats.ttest_1samp and t.interval as well.

Run:  /work/venv/bin/python scripts/reference/stratified_t.py   (scipy 1.17.1, numpy 1.26.4)
"""
import numpy as np
from scipy import stats


def stratified(strata, margin):
    strata = [np.asarray(g, dtype=float) for g in strata]
    H = len(strata)
    est = np.mean([g.mean() for g in strata])
    a = np.array([g.var(ddof=1) / len(g) for g in strata])
    se = np.sqrt(a.sum()) / H
    df = a.sum() ** 2 / np.sum(a ** 2 / np.array([len(g) - 1 for g in strata]))
    t = (est - margin) / se
    lo, hi = stats.t.interval(0.95, df, loc=est, scale=se)
    return dict(estimate=est, se=se, df=df, p_below=stats.t.cdf(t, df), p_above=stats.t.sf(t, df), lower=lo, upper=hi)


CASES = {
    "three_strata": ([[0.1, 0.4, 1.0], [0.2, -0.3], [0.05, 0.07]], 0.25),
    "quickstart_column_mia": ([[0.002770083102492993, -0.009233610341643606],
                               [-0.018775510204081525, -0.11265306122448976],
                               [0.021604938271604812, -0.0030864197530867665]], 0.02),
    "one_stratum": ([[0.03, -0.01, 0.05, 0.02]], 0.02),
}
for name, (strata, margin) in CASES.items():
    r = stratified(strata, margin)
    print(name, {k: repr(float(v)) for k, v in r.items()})
g = np.array(CASES["one_stratum"][0][0])
res = stats.ttest_1samp(g, 0.02, alternative="less")
print("one_stratum ttest_1samp(less) p", repr(float(res.pvalue)))
print("one_stratum t.interval", [repr(float(x)) for x in stats.t.interval(0.95, len(g) - 1, loc=g.mean(), scale=stats.sem(g))])
for df in (1.0, 1.5, 3.0, 30.0):
    print("t quantile 0.975 df", df, repr(float(stats.t.ppf(0.975, df))), "cdf(-2.5)", repr(float(stats.t.cdf(-2.5, df))))
