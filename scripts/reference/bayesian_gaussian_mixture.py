"""Checks Tests/SynthMathTests/Fixtures/BGMReference.swift against scikit-learn 1.9.1: builds the data sets of
`BGMReferenceData` (BayesianGaussianMixtureTests.swift) with the same exact arithmetic, fits
`BayesianGaussianMixture(n_components=K, weight_concentration_prior_type='dirichlet_process',
weight_concentration_prior=0.001, random_state=0)` and `KMeans(n_clusters=K, n_init=1, random_state=0)`, and
compares every field of the fixture. Run with /work/venv/bin/python (scikit-learn 1.9.1, numpy 2.4.6); exits
non-zero when a label, the iteration count or convergence differs, or a number differs by more than 1e-9
relative (1e-12 absolute for probabilities).
"""
import pathlib
import re
import sys
import warnings

import numpy as np
from sklearn.cluster import KMeans
from sklearn.mixture import BayesianGaussianMixture

warnings.simplefilter("ignore")
FIXTURE = (pathlib.Path(__file__).resolve().parents[2] / "Tests/SynthMathTests/Fixtures/BGMReference.swift").read_text()


def cluster(center, width, m):
    return [center + width * ((((i * 37) % m) + 0.5) / m + (((i * 101) % m) + 0.5) / m - 1.0) for i in range(m)]


DATA = {
    "threeClusters": cluster(-5, 1, 200) + cluster(0, 0.5, 120) + cluster(7, 2, 80),
    "zeroSpike": [0.0] * 300 + [float(1000 + (i * 7919) % 19001) for i in range(60)] + [99999.0] * 5,
    "small": cluster(1, 0.25, 25) + cluster(3, 0.5, 15),
}
bad = []


def numbers(text):
    return [float(v) for v in re.findall(r"-?[0-9.]+(?:e-?[0-9]+)?", text)]


def close(name, fixture, fresh, rel=1e-9, abs_tol=0.0):
    fresh = np.ravel(fresh)
    worst = max(max(abs(a - b) - abs_tol, 0) / max(abs(a), abs(b), 1e-300) for a, b in zip(fixture, fresh))
    ok = len(fixture) == len(fresh) and worst <= rel
    print(f"  {name}: {len(fixture)} values, worst rel {worst:.1e}{'' if ok else '   <-- differs'}")
    if not ok:
        bad.append(name)


for name, data in DATA.items():
    block = re.search(r"static let " + name + r" = BGMReference\((.*?)(?:static let|\Z)", FIXTURE, re.S).group(1)
    k = int(re.search(r"components: (\d+)", block).group(1))
    x = np.array(data).reshape(-1, 1)
    print(f"{name} (n = {len(x)}, K = {k})")
    labels = "".join(re.findall(r'"(\d+)"', re.search(r"kMeansLabels: (.*?)iterations", block, re.S).group(1)))
    fresh_labels = "".join(str(v) for v in KMeans(n_clusters=k, n_init=1, random_state=0).fit(x).labels_)
    print("  k-means labels:", "same" if labels == fresh_labels else "differ")
    if labels != fresh_labels:
        bad.append(name + " labels")
    m = BayesianGaussianMixture(n_components=k, weight_concentration_prior_type="dirichlet_process",
                                weight_concentration_prior=0.001, random_state=0).fit(x)
    head = re.search(r"iterations: (\d+), converged: (\w+), lowerBound: (\S+),", block)
    print(f"  iterations {m.n_iter_} (fixture {head.group(1)}), converged {m.converged_} (fixture {head.group(2)})")
    if m.n_iter_ != int(head.group(1)) or str(m.converged_).lower() != head.group(2):
        bad.append(name + " iterations")
    close("lower bound", [float(head.group(3))], [m.lower_bound_])
    for key, fresh in (("weights", m.weights_), ("means", m.means_), ("variances", m.covariances_),
                       ("concentrationA", m.weight_concentration_[0]), ("concentrationB", m.weight_concentration_[1])):
        close(key, numbers(re.search(key + r": \[([^\]]*)\]", block).group(1)), fresh)
    queries = numbers(re.search(r"queries: \[([^\]]*)\]", block).group(1))
    close("predict_proba", numbers(re.search(r"probabilities: \[([^\]]*)\]", block).group(1)),
          m.predict_proba(np.array(queries).reshape(-1, 1)), abs_tol=1e-12)

print("differs:", bad or "nothing")
sys.exit(1 if bad else 0)
