"""scikit-learn's GaussianMixture EM against SynthMath.GaussianMixture (docs/metrics.md, detection_gmm).

Run with the SynthCity venv (scikit-learn 1.9.1 when the values were pasted):
    nice -n 5 /work/venv-synthcity/bin/python scripts/reference/gaussian_mixture_em.py fixture
        Prints the Swift literals of Tests/SynthMathTests/GaussianMixtureTests.swift: a 600 x 3 table (more than two of the 256-row blocks of the E and M steps) given by
        a closed formula (three groups, rows i % 3, with sine and cosine offsets), EM started from the hard
        labels (i % 3 + [i even] + [i % 5 == 0]) % 3 (most rows in another group's cluster), scikit-learn's defaults (full covariances, tol 1e-3,
        reg_covar 1e-6, max_iter 100); and the same fit with max_iter 3 (not converged).
    nice -n 5 /work/venv-synthcity/bin/python scripts/reference/gaussian_mixture_em.py compare PATH
        PATH.x (float64, 15 columns) and PATH.labels (int64) as scripts/bench/gaussian_mixture_fit.swift writes
        them with GMM_DUMP=PATH (a detection_gmm-sized fold of adult and the k-means start's labels): scikit-learn's
        EM from the same labels, and from its own k-means start (random_state 1), with iterations, converged,
        the final lower bound (mean log-likelihood) and the process CPU seconds of the fit.

Both start scikit-learn's EM from given hard labels by replacing `_initialize_parameters` (which would draw its
k-means start) with `_initialize(X, resp)` on the one-hot labels: the rest of `fit` is scikit-learn's own.
"""
import sys
import time

import numpy as np
from sklearn.mixture import GaussianMixture


def fit_from_labels(X, labels, k, max_iter=100):
    resp = np.zeros((len(X), k))
    resp[np.arange(len(X)), labels] = 1.0
    gm = GaussianMixture(n_components=k, covariance_type="full", tol=1e-3, reg_covar=1e-6, max_iter=max_iter)
    gm._initialize_parameters = lambda X_, random_state, xp=None: gm._initialize(X_, resp, xp=xp)
    return gm.fit(X)


def fixture_table():
    i = np.arange(600)
    g = i % 3
    centres = np.array([[-4.0, 0.0, 1.0], [3.0, 2.5, -1.0], [0.5, -3.0, 4.0]])
    noise = np.stack([1.2 * np.sin(1.7 * i + 0.3), 0.8 * np.cos(2.3 * i) + 0.3 * np.sin(0.9 * i),
                      0.6 * np.sin(3.1 * i + 1.0) * np.cos(0.5 * i)], axis=1)
    return centres[g] + noise, (g + (i % 2 == 0) + (i % 5 == 0)) % 3


def swift(name, a):
    flat = ", ".join(repr(float(v)) for v in np.asarray(a, dtype=float).ravel())
    return f"    static let {name}: [Double] = [{flat}]"


def fixture():
    X, labels = fixture_table()
    probes = np.array([[-4.0, 0.0, 1.0], [3.0, 2.5, -1.0], [0.0, 0.0, 0.0], [10.0, -5.0, 2.0]])
    for name, max_iter in [("full", 100), ("threeIterations", 3)]:
        gm = fit_from_labels(X, labels, 3, max_iter)
        print(f"    // {name}: n_iter_ {gm.n_iter_}, converged_ {gm.converged_}")
        print(f"    static let {name}Iterations = {gm.n_iter_}")
        print(f"    static let {name}Converged = {'true' if gm.converged_ else 'false'}")
        print(f"    static let {name}LowerBound = {gm.lower_bound_!r}")
        print(swift(f"{name}Weights", gm.weights_))
        print(swift(f"{name}Means", gm.means_))
        print(swift(f"{name}LogDensity", gm.score_samples(probes)))
        print(swift(f"{name}Responsibilities", gm.predict_proba(probes)))


def compare(path):
    X = np.fromfile(path + ".x", dtype=np.float64).reshape(-1, 15)
    labels = np.fromfile(path + ".labels", dtype=np.int64)
    for name, make in [("from SynthBench's k-means labels", lambda: fit_from_labels(X, labels, 10)),
                       ("own k-means start (random_state 1)",
                        lambda: GaussianMixture(n_components=10, covariance_type="full", random_state=1).fit(X))]:
        t0 = time.process_time()
        gm = make()
        cpu = time.process_time() - t0
        print(f"{name}: rows {len(X)}, n_iter_ {gm.n_iter_}, converged_ {gm.converged_}, "
              f"lower_bound_ {gm.lower_bound_:.10f}, mean score_samples {gm.score_samples(X).mean():.10f}, "
              f"cpu_s {cpu:.2f}")


if __name__ == "__main__":
    if sys.argv[1] == "fixture":
        fixture()
    else:
        compare(sys.argv[2])
