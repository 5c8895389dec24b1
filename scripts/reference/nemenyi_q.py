"""Nemenyi critical values q_alpha = studentized_range.ppf(1 - alpha, k, inf) / sqrt(2) for k = 2..30.

Pasted into Sources/Harness/Analysis/NemenyiTest.swift (alpha = 0.05) and checked against Demsar (2006),
Table 5(a) in Tests/HarnessTests/StatisticalVerdictTests.swift. Run with /work/venv/bin/python (scipy).
"""
import numpy as np
from scipy.stats import studentized_range

for k in range(2, 31):
    q = studentized_range.ppf(0.95, k, np.inf) / np.sqrt(2)
    print(f"{k}: {q:.6f}")
