"""The size of the comparison's one-sided verdict tests at a true harm exactly on the margin (docs/reports.md,
"Why not a bootstrap"): the stratified percentile bootstrap that compare used until issue 14's two-seed-set
check (4,000 replicates, each stratum's resampled mean widened by sqrt(n/(n-1))) against the stratified Welch t
test that replaced it (Sources/Reports/Analysis/StratifiedTTest.swift). Harms are drawn N(margin, sd_h^2) per
(dataset, seed); a test "fires" when its one-sided p-value is at most 0.05 (one metric, so no Holm step).
Nominal rate: 5 %.

Run:  /work/venv/bin/python scripts/reference/verdict_size_simulation.py   (numpy 1.26.4, scipy 1.17.1)
Output (1,500 comparisons per row; seed 7):
  (0.03, 0.03, 0.03) 2 boot worse 0.092 notworse 0.082 | welch worse 0.025 notworse 0.023
  (0.03, 0.03, 0.03) 3 boot worse 0.083 notworse 0.079 | welch worse 0.046 notworse 0.042
  (0.01, 0.05, 0.01) 2 boot worse 0.139 notworse 0.145 | welch worse 0.058 notworse 0.052
  (0.01, 0.05, 0.01) 3 boot worse 0.115 notworse 0.108 | welch worse 0.058 notworse 0.057
  (0.005, 0.05, 0.005) 2 boot worse 0.171 notworse 0.161 | welch worse 0.059 notworse 0.055
  (0.005, 0.05, 0.005) 3 boot worse 0.113 notworse 0.127 | welch worse 0.052 notworse 0.051
"""
import numpy as np
from scipy import stats

MARGIN = 0.02


def bootstrap(strata, m, rng, B=4000):
    reps = np.zeros(B)
    for g in strata:
        g = np.array(g)
        n = len(g)
        mu = g.mean()
        idx = rng.integers(0, n, (B, n))
        reps += mu + np.sqrt(n / (n - 1)) * (g[idx].mean(1) - mu)
    reps /= len(strata)
    return (1 + (reps <= m).sum()) / (B + 1), (1 + (reps >= m).sum()) / (B + 1)


def welch(strata, m):
    est = np.mean([np.mean(g) for g in strata])
    a = np.array([np.var(g, ddof=1) / len(g) for g in strata])
    se = np.sqrt(a.sum()) / len(strata)
    df = a.sum() ** 2 / np.sum(a ** 2 / np.array([len(g) - 1 for g in strata]))
    t = (est - m) / se
    return stats.t.sf(t, df), stats.t.cdf(t, df)


rng = np.random.default_rng(7)
for sds in [(0.03, 0.03, 0.03), (0.01, 0.05, 0.01), (0.005, 0.05, 0.005)]:
    for seeds in (2, 3):
        N = 1500
        bw = bn = ww = wn = 0
        for _ in range(N):
            strata = [list(MARGIN + s * rng.standard_normal(seeds)) for s in sds]
            pw, pn = bootstrap(strata, MARGIN, rng)
            bw += pw <= 0.05
            bn += pn <= 0.05
            pw, pn = welch(strata, MARGIN)
            ww += pw <= 0.05
            wn += pn <= 0.05
        print(sds, seeds, "boot worse %.3f notworse %.3f | welch worse %.3f notworse %.3f" % (bw / N, bn / N, ww / N, wn / N))
