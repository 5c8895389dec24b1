"""TSTR vs TRTR macro-F1 on adult-test with one learner, for the paper-preset figures in docs/ddpm.md (TabDDPM's
ML-efficiency measure: the paper reports CatBoost macro-F1 0.795 for TabDDPM's samples against 0.815 for the real
training table). Run in a venv with catboost (not the product's):
    /work/venv/bin/python scripts/reference/ddpm_tstr_f1.py datasets/.cache/adult.data datasets/.cache/adult.test \
        [--trtr F1] SYNTHETIC.csv [SYNTHETIC.csv ...]
(--trtr: the all-rows TRTR value an earlier run of this script printed, to skip refitting it.)
CatBoost at its defaults (1000 iterations), one thread, seed 0; the paper tunes CatBoost per dataset, so the absolute
F1 differs from its 0.815, and the TSTR/TRTR ratio is the figure to read. Categorical features are CatBoost's
native categorical columns; the label is `income` (adult-test's trailing dots removed). Also prints TRTR on a
random subsample of the real rows of the synthetic table's size, when that is smaller (a same-size control)."""
import sys

import pandas as pd
from catboost import CatBoostClassifier
from sklearn.metrics import f1_score

NAMES = ["age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation", "relationship",
         "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country", "income"]
CATEGORICAL = ["workclass", "education", "marital-status", "occupation", "relationship", "race", "sex",
               "native-country"]


def read_uci(path, skip):
    df = pd.read_csv(path, header=None, names=NAMES, skipinitialspace=True, skiprows=skip, na_values="?")
    df["income"] = df["income"].str.rstrip(".")
    return df


def prepare(df):
    x = df.drop(columns=["income"]).copy()
    for c in CATEGORICAL:
        x[c] = x[c].fillna("NaN").astype(str)
    return x, df["income"].astype(str)


def macro_f1(train, test):
    x, y = prepare(train)
    xt, yt = prepare(test)
    model = CatBoostClassifier(random_seed=0, thread_count=1, verbose=False, cat_features=CATEGORICAL)
    model.fit(x, y)
    return f1_score(yt, model.predict(xt).ravel(), average="macro")


real = read_uci(sys.argv[1], 0)
test = read_uci(sys.argv[2], 1)
paths = sys.argv[3:]
if paths[:1] == ["--trtr"]:
    trtr, paths = float(paths[1]), paths[2:]
    print(f"TRTR (all {len(real)} real rows, given): macro-F1 {trtr:.4f}")
else:
    trtr = macro_f1(real, test)
    print(f"TRTR (all {len(real)} real rows): macro-F1 {trtr:.4f}")
for path in paths:
    syn = pd.read_csv(path)
    syn = syn[NAMES]
    tstr = macro_f1(syn, test)
    line = f"TSTR {path} ({len(syn)} rows): macro-F1 {tstr:.4f} = {100 * tstr / trtr:.1f} % of TRTR"
    if len(syn) < len(real):
        same = macro_f1(real.sample(n=len(syn), random_state=0), test)
        line += f"; TRTR on {len(syn)} real rows {same:.4f}"
    print(line)
