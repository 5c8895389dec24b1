"""Checks Tests/SynthMathTests/Fixtures/CopulasFixtures.swift against Copulas 0.14.1 and scipy 1.17.1: reads each
dataset from the fixture (the rounded numpy default_rng(20240601) draws of docs/numerics.md), fits Copulas'
univariates again and prints, per value, the fixture's number, the fresh one and their relative difference.
Run with /work/venv/bin/python (pip install copulas==0.14.1, scipy 1.17.1, numpy 2.4.6). Exits non-zero when a
value differs by more than 1e-9 relative (Copulas' SLSQP truncnorm and the hard beta cases 1e-6, the exact truncnorm
optimum 1e-5, the KDE 1e-8).
"""
import pathlib
import re
import sys
import warnings

import numpy as np
from copulas.univariate import BetaUnivariate, GammaUnivariate, GaussianKDE, GaussianUnivariate, TruncatedGaussian
from copulas.univariate import UniformUnivariate
from scipy import optimize, stats

warnings.simplefilter("ignore")
FIXTURE = (pathlib.Path(__file__).resolve().parents[2] / "Tests/SynthMathTests/Fixtures/CopulasFixtures.swift").read_text()
FAMILIES = {"norm": GaussianUnivariate, "beta": BetaUnivariate, "truncnorm": TruncatedGaussian,
            "gamma": GammaUnivariate, "uniform": UniformUnivariate}
worst = 0.0


def numbers(text):
    return [float(v) for v in re.findall(r"-?[0-9.]+(?:e-?[0-9]+)?", text)]


def compare(label, fixture, fresh, tolerance=1e-9):
    global worst
    rel = abs(fixture - fresh) / max(abs(fixture), abs(fresh), 1e-300)
    flag = "" if rel <= tolerance else "   <-- differs"
    if rel > tolerance:
        worst = max(worst, rel)
    print(f"{label}: fixture {fixture!r}, fresh {float(fresh)!r}, rel {rel:.1e}{flag}")


def truncnorm_optimum(x):
    """The exact box-constrained optimum of Copulas' truncnorm likelihood (L-BFGS-B, ftol 1e-15)."""
    lo, hi = x.min() - 1e-8, x.max() + 1e-8  # Copulas' EPSILON widening
    def nnlf(p):
        loc, scale = p
        return stats.truncnorm.nnlf(((lo - loc) / scale, (hi - loc) / scale, loc, scale), x)
    r = optimize.minimize(nnlf, (x.mean(), x.std()), method="L-BFGS-B",
                          bounds=[(lo, hi), (1e-12, (hi - lo) ** 2)], options={"ftol": 1e-15, "gtol": 1e-12})
    return r.x


cases = re.findall(r'Case\(name: "(\w+)",\s*data: \[([^\]]*)\],\s*copulas: (\[.*?\]\]),\s*truncnormOptimum: \[([^\]]*)\]',
                   FIXTURE, re.S)
for name, data, params, optimum in cases:
    x = np.array(numbers(data))
    for family, body in re.findall(r'"(\w+)": \[([^\]]*)\]', params):
        model = FAMILIES[family]()
        model.fit(x)
        for key, value in re.findall(r'"(\w+)": (-?[0-9.]+(?:e-?[0-9]+)?)', body):
            compare(f"{name} {family} {key}", float(value), model._params[key], 1e-6 if family == "truncnorm" else 1e-9)
    for label, fixture, fresh in zip(("loc", "scale"), numbers(optimum), truncnorm_optimum(x)):
        # The likelihood is flat near betaLike's optimum: L-BFGS-B's stopping settings move it by ~1e-6.
        compare(f"{name} truncnorm optimum {label}", fixture, fresh, 1e-5)

by_name = {name: np.array(numbers(data)) for name, data, _, _ in cases}
a, b = numbers(re.search(r"betaFixed: .*? = \(([^)]*)\)", FIXTURE).group(1))
fa, fb, _, _ = stats.beta.fit(by_name["betaLike"], floc=3, fscale=7)
compare("beta.fit(betaLike, floc=3, fscale=7) a", a, fa); compare("b", b, fb)
a, scale = numbers(re.search(r"gammaFixed: .*? = \(([^)]*)\)", FIXTURE).group(1))
ga, _, gscale = stats.gamma.fit(by_name["gammaLike"], floc=0.9)
compare("gamma.fit(gammaLike, floc=0.9) a", a, ga); compare("scale", scale, gscale)

kde = GaussianKDE()
kde.fit(by_name["bimodal"])
compare("kde bandwidth (kernel std)", float(re.search(r"kdeBandwidth = (\S+)", FIXTURE).group(1)),
        kde._model.covariance[0, 0] ** 0.5)
points = numbers(re.search(r"kdePoints: \[Double\] = \[([^\]]*)\]", FIXTURE).group(1))
probabilities = numbers(re.search(r"kdeProbabilities: \[Double\] = \[([^\]]*)\]", FIXTURE).group(1))
for what, xs, fn in (("kdeCDF", points, kde.cumulative_distribution), ("kdePDF", points, kde.probability_density),
                     ("kdePPF", probabilities, kde.percent_point)):
    fixture = numbers(re.search(what + r": \[Double\] = \[([^\]]*)\]", FIXTURE).group(1))
    for x, f, g in zip(xs, fixture, fn(np.array(xs))):
        compare(f"{what}({x})", f, g, 1e-8)

for name, info, data, body in re.findall(
        r'\(name: "(\w+)", hybrdInfo: (\d+), data: \[([^\]]*)\],\s*copulasBeta: (nil|\[[^\]]*\])\)', FIXTURE):
    if body == "nil":
        continue
    model = BetaUnivariate()
    model.fit(np.array(numbers(data)))
    for key, value in re.findall(r'"(\w+)": (-?[0-9.]+(?:e-?[0-9]+)?)', body):
        compare(f"hard case {name} beta {key}", float(value), model._params[key], 1e-6)

print("worst relative difference beyond tolerance:", worst)
sys.exit(1 if worst else 0)
