"""The forest's AUC gap against scikit-learn on adult (docs/metrics.md, issue 11 item 10).

SynthBench's RandomForestClassifier differs from scikit-learn's in three ways (255 quantile bins per feature,
no split at zero-gain nodes, missing values sent left). This measures what that costs on adult's income task:
the forest trained on adult's training rows (the `identity` method makes TSTR = TRTR), scored by ROC AUC on
adult-test, over forest seeds 0..4, next to scikit-learn 1.9's RandomForestClassifier (100 trees,
max_features="sqrt", bootstrap; NaN supported natively since 1.4) on the same features: the 14 columns but
the target, categories as codes by first appearance over both tables, missing values as NaN.

Usage: /work/venv/bin/python scripts/reference/forest_gap.py [SYNTHBENCH_BINARY]
(the binary, default .build/release/synthbench, runs `generate --dataset adult --method identity --suite
payload --seed S` for S in 0..4 and its utility.auroc is read from report.json). Reads datasets/.cache.
"""
import json
import subprocess
import sys
import tempfile

import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import roc_auc_score

from adult_data import COLUMNS, load


train, test = load("datasets/.cache/adult.data"), load("datasets/.cache/adult.test", skip=1)
both = pd.concat([train, test], ignore_index=True)
for c in COLUMNS[:-1]:
    if both[c].dtype == object:
        codes, _ = pd.factorize(both[c])
        both[c] = np.where(codes < 0, np.nan, codes)
X = both[COLUMNS[:-1]].to_numpy(dtype=float)
y = (both["income"] == ">50K").to_numpy().astype(int)
Xtr, Xte, ytr, yte = X[:len(train)], X[len(train):], y[:len(train)], y[len(train):]

binary = sys.argv[1] if len(sys.argv) > 1 else ".build/release/synthbench"
ours, theirs = [], []
for seed in range(5):
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([binary, "generate", "--dataset", "adult", "--method", "identity", "--suite", "payload",
                        "--seed", str(seed), "--out", out + "/run"], check=True, capture_output=True)
        ours.append(json.load(open(out + "/run/report.json"))["utility"]["auroc"])
    rf = RandomForestClassifier(random_state=seed, n_jobs=1).fit(Xtr, ytr)
    theirs.append(roc_auc_score(yte, rf.predict_proba(Xte)[:, 1]))
    print(f"seed {seed}: synthbench {ours[-1]:.5f}  scikit-learn {theirs[-1]:.5f}", flush=True)
o, t = np.array(ours), np.array(theirs)
print(f"synthbench   mean {o.mean():.5f} sd {o.std():.5f}")
print(f"scikit-learn mean {t.mean():.5f} sd {t.std():.5f}")
print(f"gap (synthbench - scikit-learn) {o.mean() - t.mean():+.5f}")
