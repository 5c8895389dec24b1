"""scipy reference values for Tests/SynthMathTests/ChiSquareTests.swift (chisquare, chi2_contingency,
contingency.association). Run with /work/venv/bin/python (scipy 1.17.1).
"""
import numpy as np
from scipy.stats import chisquare, chi2_contingency
from scipy.stats.contingency import association

obs = [16, 18, 16, 14, 12, 12]
print("chisquare uniform:", chisquare(obs))
print("chisquare given:", chisquare(obs, [16, 16, 16, 16, 16, 8]))
print("chisquare ddof=1:", chisquare(obs, ddof=1))
print("chisquare proportions:", chisquare([0.2, 0.3, 0.5], [0.25, 0.25, 0.5]))
for name, table, yates in [("2x2 yates", [[12, 5], [7, 9]], True), ("2x2 plain", [[12, 5], [7, 9]], False),
                           ("close plain", [[5, 5], [5, 6]], False),
                           ("3x4", [[30, 10, 5, 2], [20, 25, 8, 6], [4, 9, 18, 20]], True)]:
    r = chi2_contingency(np.array(table), correction=yates)
    print(name, repr(r.statistic), repr(r.pvalue), r.dof, r.expected_freq.ravel().tolist())
for table in ([[12, 5], [7, 9]], [[30, 10, 5, 2], [20, 25, 8, 6], [4, 9, 18, 20]], [[10, 3], [2, 8]]):
    print("cramer", table, repr(association(np.array(table), method="cramer")))
