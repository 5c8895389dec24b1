"""Reference values for Tests/SynthMathTests/KMeansTests.swift.

Run with the SynthCity venv: nice -n 5 /work/venv-synthcity/bin/python scripts/reference/kmeans_oracles.py
(scikit-learn 1.9.1 when the values were pasted). Prints Swift literals.

scikit-learn's `KMeans(n_clusters=k, init=CENTRES, n_init=1, tol=T)` (Lloyd, max_iter 300) from given
starting centres, so the random seeding is out of the comparison:
1. `stopping`: 12 points (11 normal draws x 4 rounded to 0.01, and an outlier at (400, 0) that inflates the
   mean column variance, hence the tolerance); with tol=1e-4 Lloyd stops on the centre-shift rule at
   iteration 2 and relabels, with tol=0 it runs to no label change at iteration 6 (the old SynthBench rule):
   different iterations, labels and centres. A plain Lloyd loop on exact distances (below) gives the same
   iterations and labels and finds no near-tie (a gap below 1e-9) on the way, so scikit-learn's
   ||c||^2 - 2x.c rounding cannot have decided a label (an integer case tried first had an exact tie,
   which scikit-learn's rounding broke the other way).
2. `relocation`: 8 points, the third start centre far from every point, so its cluster is empty after the
   first assignment and scikit-learn moves it to the point farthest from its centre.
"""
import numpy as np
from sklearn.cluster import KMeans


def swift(name, a):
    flat = ", ".join(repr(float(v)) for v in np.asarray(a, dtype=float).ravel())
    return f"    static let {name}: [Double] = [{flat}]"


def fit(X, init, tol):
    m = KMeans(n_clusters=len(init), init=init, n_init=1, tol=tol, max_iter=300).fit(X)
    return m


def plain_lloyd(X, C, tol):
    """scikit-learn's rules on exact distances; fails on a near-tie."""
    shift_tol = np.var(X, axis=0).mean() * tol
    old = np.full(len(X), -1)
    for it in range(300):
        d = ((X[:, None, :] - C[None]) ** 2).sum(-1)
        s = np.sort(d, 1)
        assert (s[:, 1] - s[:, 0] >= 1e-9).all(), "near-tie"
        labels = d.argmin(1)
        new = np.array([X[labels == j].mean(0) if (labels == j).any() else C[j] for j in range(len(C))])
        shift = ((new - C) ** 2).sum()
        C = new
        if (labels == old).all():
            return it + 1, labels
        if shift <= shift_tol:
            return it + 1, ((X[:, None, :] - C[None]) ** 2).sum(-1).argmin(1)
        old = labels


def report(case, X, init, check=True):
    print(f"    // {case}")
    print(swift(f"{case}Rows", X))
    print(swift(f"{case}Start", init))
    for label, tol in (("Tolerance", 1e-4), ("Strict", 0.0)):
        m = fit(X, init, tol)
        if check:
            it, labels = plain_lloyd(X, init.copy(), tol)
            assert it == m.n_iter_ and (labels == m.labels_).all()
        print(f"    static let {case}{label}Iterations = {m.n_iter_}")
        print(f"    static let {case}{label}Labels = {list(map(int, m.labels_))}")
        print(swift(f"{case}{label}Centres", m.cluster_centers_))
    print(f"    // mean column variance x 1e-4 = {np.var(X, axis=0).mean() * 1e-4!r}")


rng = np.random.default_rng(357)
X = np.vstack([np.round(rng.normal(size=(11, 2)) * 4, 2), [[400.0, 0.0]]])
init = np.vstack([X[:2], [[400.0, 0.0]]])
report("stopping", X, init)

X2 = np.array([[0, 0], [1, 0], [0, 1], [1, 1], [10, 10], [11, 10], [10, 11], [30, 30]], dtype=float)
init2 = np.array([[0, 0], [10, 10], [-500, -500]], dtype=float)
report("relocation", X2, init2, check=False)  # the plain loop has no relocation
