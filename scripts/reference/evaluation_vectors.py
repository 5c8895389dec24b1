"""scipy/numpy/pandas/sklearn reference values for Tests/EvaluationTests/StatisticalSuiteTests.swift and
PayloadSuiteTests.swift (the same real and synthetic vectors) and RandomForestTests.swift's ROC AUC. Run with /work/venv/bin/python (scipy 1.17.1, numpy 2.4.6, pandas 2.3.3).
"""
import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial.distance import jensenshannon

real = pd.DataFrame({"x": [1, 2, 3, 4, 5, 6, 7, 8], "y": [2, 1, 4, 3, 6, 5, 8, 7], "z": [8, 6, 7, 5, 3, 4, 2, 1]},
                    dtype=float)
synthetic = pd.DataFrame({"x": [2, 3, 4, 5, 6, 7, 8, 20], "y": [1, 2, 3, 4, 5, 6, 7, 8],
                          "z": [5, 3, 8, 1, 7, 2, 6, 4]}, dtype=float)

# numericalFiguresMatchScipy (x; y and z are permutations of the same values, so every distance is 0)
ks = stats.ks_2samp(real.x, synthetic.x, method="exact")
print("ks_2samp x:", float(ks.statistic), float(ks.pvalue), "mean over 3 columns:", float(ks.statistic) / 3)
w = stats.wasserstein_distance(real.x, synthetic.x)
print("wasserstein x:", w, "/ (8 - 1):", w / 7, "mean over 3:", w / 7 / 3)
edges = np.histogram_bin_edges(np.concatenate([real.x, synthetic.x]), bins=10)
p, _ = np.histogram(real.x, bins=edges)
q, _ = np.histogram(synthetic.x, bins=edges)
print("10 bins over [1, 20]:", p.tolist(), q.tolist())
js = jensenshannon(p, q, base=2)
print("jensenshannon base 2:", float(js), "mean over 3:", float(js) / 3)
kl = stats.entropy((p + 0.5) / 13, (q + 0.5) / 13)
print("entropy((c + 0.5) / 13, (c' + 0.5) / 13):", float(kl), "mean over 3:", float(kl) / 3)
q1, q3 = np.quantile(real.x, [0.25, 0.75])
print("real fences:", q1 - 1.5 * (q3 - q1), q3 + 1.5 * (q3 - q1))

# correlationPreservationMatchesPandas: upper triangles of pandas .corr()
iu = np.triu_indices(3, k=1)
a, b = real.corr().values, synthetic.corr().values
print("upper triangles:", a[iu].tolist(), b[iu].tolist())
print("corr_frobenius:", float(np.linalg.norm(a - b)))
print("corr_pearson (of the upper triangles):", float(stats.pearsonr(a[iu], b[iu]).statistic))
print("corr_mean_abs_diff:", float(np.abs(a[iu] - b[iu]).mean()))

# chiSquaredFollowsThePolicyForUnseenCategories: c2 frequencies u, v, w (synthetic observed, real expected)
r = stats.chisquare([2, 4, 2], [2, 3, 3])
print("chisquare c2:", float(r.statistic), float(r.pvalue), "p / 2:", float(r.pvalue) / 2)

# PayloadSuiteTests: corr_delta = sqrt(2 sum d^2) / sqrt(3 * 2) over the upper-triangle differences d
d = a[iu] - b[iu]
print("corr_delta:", float(np.sqrt(2 * (d * d).sum()) / np.sqrt(6)))
constant_z = synthetic.assign(z=3.0)
with np.errstate(all="ignore"):
    bz = np.nan_to_num(constant_z.corr().values)
dz = a[iu] - bz[iu]
print("corr_delta, synthetic z constant (nan_to_num):", bz[iu].tolist(), float(np.sqrt(2 * (dz * dz).sum()) / np.sqrt(6)))

# RandomForestTests / ROCAUCTests.binaryWithTies: Mann-Whitney U / (n1 n0) = roc_auc_score
from sklearn.metrics import roc_auc_score
y = [0, 0, 1, 1, 0, 1, 1, 0, 1, 0]
s = [0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.9, 0.2, 0.05, 0.6]
u = stats.mannwhitneyu([v for v, l in zip(s, y) if l], [v for v, l in zip(s, y) if not l]).statistic
print("ROC AUC:", float(u) / 25, float(roc_auc_score(y, s)))
