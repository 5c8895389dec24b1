"""scipy/numpy/pandas reference values for Tests/SynthMathTests/CorrelationTests.swift and QuantilesTests.swift.
Run with /work/venv/bin/python (scipy 1.17.1, numpy 2.4.6). `lattice` is StatTest.lattice. Compare the printed
numbers with the tests' (they agree to the tests' tolerances, rel 1e-13 to 1e-15).
"""
import warnings

import numpy as np
from scipy import stats

warnings.simplefilter("ignore")  # constant columns (scipy's ConstantInputWarning) and inf * 0 in numpy


def lattice(count, multiplier, modulus, scale=1.0, shift=0.0):
    return [((i * multiplier) % modulus) / modulus * scale + shift for i in range(1, count + 1)]


# CorrelationTests.pearsonAndSpearmanMatchScipy (and nanPairsAreDropped: the same pairs once NaNs are dropped)
x, y = [1, 2, 3.5, 4, 7, 8.5], [2.1, 3.9, 6.2, 8.8, 13.0, 17.5]
print("pearson, spearman:", float(stats.pearsonr(x, y).statistic), float(stats.spearmanr(x, y).statistic))
xt, yt = [1, 2, 2, 3, 4, 4, 4, 5], [3, 1, 4, 1, 5, 9, 2, 6]
print("with ties:", float(stats.pearsonr(xt, yt).statistic), float(stats.spearmanr(xt, yt).statistic))
l1 = lattice(200, 37, 1009)
l2 = [a * a + b for a, b in zip(l1, lattice(200, 53, 1013, scale=0.3))]
print("lattice 200 (also nanFreeMatrixAgreesWithPairs):", float(stats.pearsonr(l1, l2).statistic),
      float(stats.spearmanr(l1, l2).statistic))
# ranksMatchScipy
print("rankdata:", stats.rankdata([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]).tolist())
# matrixIsPairwiseComplete: pandas' pairwise-complete rule, with scipy on each pair's complete rows
nan = float("nan")
columns = [[1, 2, nan, 4, 5, 6, 7.5], [2, 1, 3, nan, 6, 5.5, 9], [5, 5, 5, 5, 5, 5, 5],
           [0.3, nan, nan, nan, nan, nan, 0.1], [7, 3, 4, 1, 2, 0, -1]]
for name, f in (("pearson", stats.pearsonr), ("spearman", stats.spearmanr)):
    rows = []
    for ci in columns:
        row = []
        for cj in columns:
            keep = [k for k in range(len(ci)) if not (np.isnan(ci[k]) or np.isnan(cj[k]))]
            row.append(float(f([ci[k] for k in keep], [cj[k] for k in keep]).statistic) if len(keep) > 1 else nan)
        rows.append(row)
    print(name, "matrix:", rows)
# frobeniusDistance with NaN entries skipped
a = np.array([[1, 0.5, nan], [0.5, 1, 0.2], [nan, 0.2, 1]])
b = np.array([[1, 0.3, 0.1], [0.3, 1, -0.4], [0.1, -0.4, 1]])
d = a - b
print("frobenius (NaN skipped):", repr(float(np.sqrt(np.nansum(d * d)))))

# QuantilesTests.matchesNumpy
values = lattice(37, 11, 29, scale=5, shift=-1)
qs = [0.0, 0.1, 0.25, 1.0 / 3, 0.5, 0.75, 0.9, 0.999, 1.0]
print("quantiles:", [float(v) for v in np.quantile(values, qs)])
print("percentile 37.5:", repr(float(np.percentile(values, 37.5))), "iqr:", repr(float(stats.iqr(values))))
print("quantile([1, 2, inf], 0.5):", np.quantile([1, 2, np.inf], 0.5))
# QuantilesTests.outlierRate: Tukey fences (1.5 IQR) on the non-NaN values
v = np.array(lattice(40, 7, 41) + [5.0, -3.0, 2.2])
q1, q3 = np.quantile(v, [0.25, 0.75])
lo, hi = q1 - 1.5 * (q3 - q1), q3 + 1.5 * (q3 - q1)
print("fences:", repr(float(lo)), repr(float(hi)), "outliers:", int(((v < lo) | (v > hi)).sum()), "of", len(v))
