"""Paired quality differences, flushed minus unflushed, for the subnormal A/B of docs/privacy.md §4
("Subnormals in the conditional GANs").

Input: the JSON files `synthbench evaluate --json` wrote, named PREFIX-sSEED-U.eval.json (unflushed) and
PREFIX-sSEED-P.eval.json (flush-to-zero / denormals-are-zero), one pair per seed, in DIR. Printed per pair
and over the pairs, for SDMetrics quality (`sdmetrics.quality_score`) and TSTR AUROC (`payload.auroc`):
the mean paired difference (flushed - unflushed), a 95 % percentile-bootstrap interval of that mean
(100,000 resamples of the pairs, numpy seed 0), the number of negative differences and the two-sided exact
sign-test p-value (binomial, p = 1/2, ties dropped).

Run: python3 scripts/reference/paired_flush_quality.py DIR PREFIX   (needs numpy)
"""
import glob
import json
import math
import os
import re
import sys

import numpy as np


def metric(path, name):
    with open(path) as f:
        rows = json.load(f)
    for block in rows:
        for m in block["metrics"]:
            if m["id"] == name:
                return m["value"]
    raise KeyError(f"{name} not in {path}")


def sign_test(diffs):
    nonzero = [d for d in diffs if d != 0]
    n, k = len(nonzero), sum(d < 0 for d in nonzero)
    tail = sum(math.comb(n, i) for i in range(0, min(k, n - k) + 1)) / 2 ** n
    return k, n, min(1.0, 2 * tail)


def main(directory, prefix):
    pairs = {}
    for path in glob.glob(os.path.join(directory, f"{prefix}-s*-U.eval.json")):
        seed = int(re.search(r"-s(\d+)-U\.eval\.json$", path).group(1))
        flushed = path.replace("-U.eval.json", "-P.eval.json")
        if os.path.exists(flushed):
            pairs[seed] = (path, flushed)
    rng = np.random.default_rng(0)
    for name in ["sdmetrics.quality_score", "payload.auroc"]:
        print(name)
        diffs = []
        for seed in sorted(pairs):
            u, p = (metric(x, name) for x in pairs[seed])
            diffs.append(p - u)
            print(f"  seed {seed}: unflushed {u:.4f}  flushed {p:.4f}  difference {p - u:+.4f}")
        d = np.array(diffs)
        boot = rng.choice(d, size=(100_000, len(d)), replace=True).mean(axis=1)
        lo, hi = np.percentile(boot, [2.5, 97.5])
        k, n, pval = sign_test(diffs)
        print(f"  {len(d)} pairs: mean difference {d.mean():+.4f}, 95 % bootstrap interval [{lo:+.4f}, {hi:+.4f}], "
              f"sd {d.std(ddof=1):.4f}; {k} of {n} negative, sign-test p = {pval:.3f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
