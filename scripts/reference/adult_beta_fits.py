"""Checks Tests/SynthMathTests/Fixtures/AdultBetaFixtures.swift against scipy 1.17.1: rebuilds each adult column
from the fixture's (value, count) pairs (each value repeated count times, in that order), runs
`scipy.stats.beta.fit(data, loc=min, scale=max-min)` as Copulas does, and prints the fixture's parameters, the
fresh ones and their largest relative difference. Run with /work/venv/bin/python; exits non-zero above 1e-9.
"""
import pathlib
import re
import sys
import warnings

import numpy as np
from scipy import stats

warnings.simplefilter("ignore")
FIXTURE = (pathlib.Path(__file__).resolve().parents[2] / "Tests/SynthMathTests/Fixtures/AdultBetaFixtures.swift").read_text()
number = r"-?[0-9.]+(?:e-?[0-9]+)?"
worst = 0.0
for name, pairs, beta in re.findall(r'Case\(name: "([\w-]+)", valueCounts: \[(.*?)\],\s*beta: \[([^\]]*)\]\)', FIXTURE, re.S):
    values = [(float(v), int(c)) for v, c in re.findall(r"\((" + number + r"), (\d+)\)", pairs)]
    data = np.repeat([v for v, _ in values], [c for _, c in values])
    fresh = stats.beta.fit(data, loc=data.min(), scale=data.max() - data.min())
    fixture = [float(v) for v in re.findall(number, beta)]
    rel = max(abs(a - b) / max(abs(a), abs(b), 1e-300) for a, b in zip(fixture, fresh))
    worst = max(worst, rel)
    print(f"{name} (n = {len(data)}): fixture {fixture}, fresh {[float(v) for v in fresh]}, max rel {rel:.1e}")
print("worst:", worst)
sys.exit(1 if worst > 1e-9 else 0)
