"""scipy reference values for Tests/SynthMathTests/Fixtures/HybridFixtures.swift (PowellHybridTests): the
MINPACK hybrd end point and outcome of `optimize.fsolve` on the beta moment equations, started from (1, 1)
exactly as scipy's `beta._fitstart` does, for each (skewness, excess kurtosis) in the fixture.
Prints one line per case, `(g1, g2, a, b, info, nfev)`, in the fixture's format; diff it against the fixture's
lines. Run with /work/venv/bin/python (scipy 1.17.1). The cases' moments are read from the fixture itself,
the sample statistics of 48 samples from earlier fits (their data is not needed to check the solver).
"""
import pathlib
import re

import numpy as np
from scipy import optimize

FIXTURE = pathlib.Path(__file__).resolve().parents[2] / "Tests/SynthMathTests/Fixtures/HybridFixtures.swift"


def func(x, g1, g2):  # scipy.stats._continuous_distns.beta_gen._fitstart
    a, b = x
    sk = 2 * (b - a) * np.sqrt(a + b + 1) / (a + b + 2) / np.sqrt(a * b)
    ku = a**3 - a**2 * (2 * b - 1) + b**2 * (b + 1) - 2 * a * b * (b + 2)
    ku /= a * b * (a + b + 2) * (a + b + 3)
    ku *= 6
    return [sk - g1, ku - g2]


number = r"(-?[0-9.]+(?:e-?[0-9]+)?)"
pattern = re.compile(r"\(" + ", ".join([number] * 4 + [r"(\d+)"] * 2) + r"\)")
for m in pattern.finditer(FIXTURE.read_text()):
    g1, g2 = float(m.group(1)), float(m.group(2))
    with np.errstate(all="ignore"):
        x, info, ier, _ = optimize.fsolve(func, (1.0, 1.0), args=(g1, g2), full_output=True)
    print(f"        ({m.group(1)}, {m.group(2)}, {float(x[0])!r}, {float(x[1])!r}, {ier}, {info['nfev']}),")
