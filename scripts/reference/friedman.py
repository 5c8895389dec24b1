"""Friedman test reference values for Tests/HarnessTests/VerdictStatisticsTests.swift.

Run with /work/venv/bin/python (scipy). Each case: rows are datasets (blocks), columns methods.
"""
import numpy as np
from scipy.stats import friedmanchisquare, rankdata

cases = {
    # Demsar (2006), Table 6 excerpt style: 4 methods on 5 datasets, no ties.
    "no_ties": [[0.763, 0.768, 0.771, 0.798],
                [0.599, 0.591, 0.590, 0.569],
                [0.954, 0.971, 0.968, 0.967],
                [0.628, 0.661, 0.654, 0.657],
                [0.882, 0.888, 0.886, 0.898]],
    # Ties within blocks exercise the tie correction.
    "ties": [[1.0, 2.0, 2.0, 3.0, 0.5],
             [0.3, 0.3, 0.3, 0.9, 0.1],
             [5.0, 4.0, 4.0, 4.0, 6.0]],
}
for name, rows in cases.items():
    data = np.array(rows)
    stat, p = friedmanchisquare(*data.T)
    # Average ranks with 1 = best (highest score).
    ranks = np.mean([rankdata(-r) for r in data], axis=0)
    print(name, repr(float(stat)), repr(float(p)), [round(float(x), 12) for x in ranks])
