"""scipy reference values for Tests/SynthMathTests/SpecialFunctionsTests.swift (the expected lists of each
parameterised test, in the test's order). Run with /work/venv/bin/python (scipy 1.17.1).
"""
from scipy import special, stats

CASES = [
    ("normalCDF (norm.cdf)", stats.norm.cdf, [(-10,), (-1.5,), (0,), (0.3,), (2.5,), (8.0,)]),
    ("normalQuantile (norm.ppf)", stats.norm.ppf,
     [(1e-300,), (1e-20,), (1e-5,), (0.02425,), (0.1,), (0.5,), (0.8,), (0.97575,), (1 - 1e-10,)]),
    ("logGamma (gammaln)", special.gammaln, [(0.1,), (0.5,), (1,), (2.5,), (10,), (171.5,), (1e5,)]),
    ("regularizedGammaP (gammainc)", special.gammainc,
     [(0.5, 0.1), (1, 1), (3, 2.5), (10, 15), (50, 40), (0.01, 0.001), (100, 100)]),
    ("regularizedGammaQ (gammaincc)", special.gammaincc, [(0.5, 30.0), (3, 40), (10, 15)]),
    ("regularizedBeta (betainc)", special.betainc,
     [(0.5, 0.5, 0.3), (2, 3, 0.4), (10, 2, 0.9), (0.1, 50, 0.001), (100, 200, 0.33), (1, 1, 0.7), (5, 0.5, 0.999)]),
    ("digamma (psi)", special.psi, [(0.1,), (1,), (2.5,), (10,), (-0.5,)]),
]
for name, f, args in CASES:
    print(name + ":", ", ".join(repr(float(f(*a))) for a in args))
