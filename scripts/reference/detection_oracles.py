"""Reference values for Tests/EvaluationTests/DetectionOracleTests.swift.

Run with the SynthCity venv: /work/venv-synthcity/bin/python scripts/reference/detection_oracles.py
(synthcity 0.2.12, xgboost 2.1.4, scikit-learn 1.9.1 when the values were pasted). Prints Swift literals.

1. XGBoost on an integer-feature table (every feature has at most 255 distinct values, so XGBoost's
   histogram bins are the exact values and a faithful port gives the same trees): test probabilities.
2. XGBoost and scikit-learn HistGradientBoostingClassifier on breast_cancer (quantile bins): test AUC.
3. SynthCity's detection_xgb / detection_linear / detection_gmm on the "medium" fixture pair of
   Tests/EvaluationTests/Support/Fixtures.swift (same LCG, bit-identical), label-encoded as
   LabelEncodedMatrix does, over fold seeds 0..9: mean, standard deviation, min and max.
4. The same 5-fold logistic regression as detection_linear, on the same table with every column centred
   on the real rows' mean: the same objective (the intercept is unpenalised), so the same minimiser, but
   well conditioned. SynthCity's L-BFGS on the raw columns (timestamps near 1.6e9) stops far from it.

5. SynthCity's prdc (k = 5), max_mean_discrepancy (rbf, linear) on the medium pair, and AlphaPrecision's
   naive metrics on the first 250 real rows vs the 250 synthetic rows (min-max scaled on the real rows),
   with the authenticity SynthCity computes and the one indexed by the real row itself.
6. SynthCity's detection_mlp on the medium pair, fold seeds 0..4, twice: on the label-encoded columns as
   SynthCity sees them, and on the same columns standardised (z-scores over both tables), which is what
   SynthBench's MLP sees after its per-fold standardisation.
7. SynthCity's performance evaluators (linear_model, xgb, mlp) on the medium pair: regression target "y"
   (R²) and multiclass target "cat" (micro-averaged AUC), fold seeds 0..4: (mean, sd, min, max) of syn_id
   and gt (mlp too with an extra argument `mlp`: slow). The learners' exact oracles: scikit-learn LinearRegression and multinomial LogisticRegression
   and XGBoost's regressor and softprob classifier on fixed splits of the integer table of section 1.
8. TRTR of section 7's multiclass target with scikit-learn's LogisticRegression on columns centred on the
   real means (the same objective, so the same minimiser; SynthCity's 100 L-BFGS iterations on raw
   timestamps stop far from it), micro-averaged AUC as SynthCity's evaluate_auc, seeds 0..4.
9. SynthCity's AlphaPrecision one-class (`_OC`) metrics on the first 250 real rows vs the 250 synthetic rows of
   the medium pair without its timestamp column (label-encoded, unscaled, as SynthCity embeds them), torch seeds
   0..9 (the network's initialisation is the only random choice): (mean, sd, min, max) of each; and
   `AlphaPrecision.metrics` on section 5's scaled rows with the centre 0.5·1 (the `emb_center` path, exact).
Sections can be chosen: `detection_oracles.py 1 2 4` (default: all; sections 3, 6 and 7 take minutes).
"""
import sys
import warnings
import numpy as np
import pandas as pd
from pathlib import Path
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score
from xgboost import XGBClassifier

warnings.filterwarnings("ignore")
sections = set(a for a in sys.argv[1:] if a != "mlp") or {"1", "2", "3", "4", "5", "6", "7", "8", "9"}


class LCG:
    def __init__(self, state):
        self.state = state

    def next(self):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) % 2**64
        return (self.state >> 11) / 9007199254740992


def lit(v):
    return "[" + ", ".join(repr(float(x)) for x in v) + "]"


# --- 1. integer features, exact bins
def integer_table():
    g = LCG(11)
    rows, labels = [], []
    for i in range(600):
        u = [g.next() for _ in range(5)]
        a = float(int(u[0] * 30)) if i % 11 != 3 else np.nan
        b, c, d = int(u[1] * 12), int(u[2] * 4), int(u[3] * 200)
        s = (0.1 * (0 if np.isnan(a) else a) - 0.3 * b + (1.5 if c == 2 else 0) + 0.01 * d
             + 4 * (u[4] - 0.5) + (2 if np.isnan(a) else 0))
        rows.append([a, b, c, d])
        labels.append(1 if s > 0.5 else 0)
    return np.array(rows, dtype=float), np.array(labels)


X, y = integer_table()
train, test = np.arange(600) % 4 != 0, np.arange(600) % 4 == 0
if "1" in sections:
    m = XGBClassifier(n_jobs=1, random_state=0).fit(X[train], y[train])
    p = m.predict_proba(X[test])[:, 1]
    p2 = XGBClassifier(n_jobs=1, random_state=0, n_estimators=2).fit(X[train], y[train]).predict_proba(X[test])[:, 1]
    print("// 1. integer table: training base rate, XGBoost test probabilities (2 and 100 trees) and AUC")
    print("let integerTrainPositiveShare = %r" % float(y[train].mean()))
    print("let xgbIntegerProbabilitiesTwoTrees: [Double] = " + lit(p2))
    print("let xgbIntegerProbabilities: [Double] = " + lit(p))
    print("let xgbIntegerAUC = %r" % float(roc_auc_score(y[test], p)))

# --- 2. breast_cancer, quantile bins
root = Path(__file__).resolve().parents[2]
bc = pd.read_csv(root / "datasets" / "breast_cancer.csv")
Xb, yb = bc.drop(columns=["target"]).to_numpy(float), bc["target"].to_numpy()
idx = np.arange(len(bc))
tr, te = idx % 3 != 0, idx % 3 == 0
pb = XGBClassifier(n_jobs=1, random_state=0).fit(Xb[tr], yb[tr]).predict_proba(Xb[te])[:, 1]
ph = HistGradientBoostingClassifier(random_state=0, early_stopping=False).fit(Xb[tr], yb[tr]).predict_proba(Xb[te])[:, 1]
if "2" in sections:
    print("// 2. breast_cancer, rows i % 3 != 0 train, i % 3 == 0 test")
    print("let xgbBreastCancerAUC = %r" % float(roc_auc_score(yb[te], pb)))
    print("let hgbBreastCancerAUC = %r" % float(roc_auc_score(yb[te], ph)))


# --- 3. SynthCity detection on the medium pair
def medium(real):
    n = 300 if real else 250
    g = LCG(1 if real else 2)
    letters = "abcd" if real else "abcde"
    cols = {k: [] for k in ["x", "y", "z", "cat", "flag", "ts"]}
    for i in range(n):
        u = [g.next() for _ in range(6)]
        if real:
            xraw = u[0] * 100
            cols["x"].append(None if i % 17 == 5 else xraw)
            cols["y"].append(xraw * 0.8 + u[1] * 30)
            cols["z"].append(int(u[2] * 20))
            cols["cat"].append(None if i % 23 == 7 else letters[min(3, int(xraw / 25 + u[3] * 0.9))])
            cols["flag"].append(u[4] < (0.2 if xraw < 50 else 0.7))
            cols["ts"].append(float(1_600_000_000 + int(u[5] * 31_536_000)))
        else:
            xraw = u[0] * 110 - 5
            cols["x"].append(None if i % 13 == 3 else xraw)
            cols["y"].append(xraw * 0.5 + u[1] * 45)
            cols["z"].append(int(u[2] * 21))
            cols["cat"].append(None if i % 19 == 0 else letters[min(4, max(0, int(xraw / 30 + u[3] * 1.2)))])
            cols["flag"].append(u[4] < (0.3 if xraw < 50 else 0.6))
            cols["ts"].append(float(1_600_000_000 + int(u[5] * 40_000_000)))
    return pd.DataFrame(cols)


def encode(real, syn):
    """LabelEncodedMatrix without its shift: category codes by first appearance over both tables (as
    AlignedEncoding), a missing category its own code, a missing number the mean over both tables."""
    both = pd.concat([real, syn], ignore_index=True)
    codes, levels = pd.factorize(both["cat"])  # missing = -1
    codes = np.where(codes < 0, len(levels), codes)
    both["cat"] = codes.astype(float)
    both["flag"] = both["flag"].astype(float)
    both["x"] = both["x"].astype(float).fillna(both["x"].astype(float).mean())
    both = both.astype(float)
    return both.iloc[:len(real)].reset_index(drop=True), both.iloc[len(real):].reset_index(drop=True)


real, syn = medium(True), medium(False)
r_enc, s_enc = encode(real, syn)

if "3" in sections:
    from synthcity.plugins.core.dataloader import GenericDataLoader
    from synthcity.metrics.eval_detection import SyntheticDetectionXGB, SyntheticDetectionLinear, SyntheticDetectionGMM

    print("// 3. SynthCity detection on Fixtures.medium, fold seeds 0..9: (mean, sd, min, max)")
    for name, cls in [("Xgb", SyntheticDetectionXGB), ("Linear", SyntheticDetectionLinear), ("Gmm", SyntheticDetectionGMM)]:
        vals = []
        for seed in range(10):
            ev = cls(n_folds=5, random_state=seed, use_cache=False)
            vals.append(ev.evaluate(GenericDataLoader(r_enc), GenericDataLoader(s_enc))["mean"])
        v = np.array(vals)
        print("let synthcityDetection%s = (mean: %r, sd: %r, min: %r, max: %r)" % (name, v.mean(), v.std(), v.min(), v.max()))

if "4" in sections:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold
    data = np.concatenate([r_enc.to_numpy(), s_enc.to_numpy()])
    data = data - r_enc.to_numpy().mean(axis=0)
    labels = np.array([0] * len(r_enc) + [1] * len(s_enc))
    vals = []
    for seed in range(10):
        aucs = []
        for tr_i, te_i in StratifiedKFold(n_splits=5, shuffle=True, random_state=seed).split(data, labels):
            model = LogisticRegression(random_state=seed, max_iter=10000).fit(data[tr_i], labels[tr_i])
            aucs.append(roc_auc_score(labels[te_i], model.predict_proba(data[te_i])[:, 1]))
        vals.append(np.mean(aucs))
    v = np.array(vals)
    print("// 4. detection_linear's model on centred columns (same minimiser), fold seeds 0..9")
    print("let centredLinearDetection = (mean: %r, sd: %r, min: %r, max: %r)" % (v.mean(), v.std(), v.min(), v.max()))


if "5" in sections:
    from sklearn.neighbors import NearestNeighbors
    from sklearn.preprocessing import MinMaxScaler
    from synthcity.plugins.core.dataloader import GenericDataLoader
    from synthcity.metrics.eval_statistical import PRDCScore, MaximumMeanDiscrepancy, AlphaPrecision
    R, S = r_enc.to_numpy(), s_enc.to_numpy()
    prdc = PRDCScore()._compute_prdc(R, S)
    print("// 5. SynthCity prdc / max_mean_discrepancy on Fixtures.medium; AlphaPrecision naive on 250 + 250 rows")
    print("let synthcityPRDC = (precision: %r, recall: %r, density: %r, coverage: %r)"
          % tuple(float(prdc[k]) for k in ["precision", "recall", "density", "coverage"]))
    mmd_rbf = MaximumMeanDiscrepancy(kernel="rbf", use_cache=False).evaluate(GenericDataLoader(r_enc), GenericDataLoader(s_enc))["joint"]
    mmd_lin = MaximumMeanDiscrepancy(kernel="linear", use_cache=False).evaluate(GenericDataLoader(r_enc), GenericDataLoader(s_enc))["joint"]
    print("let synthcityMMD = (rbf: %r, linear: %r)" % (float(mmd_rbf), float(mmd_lin)))
    R250, S250 = (t.to_numpy() for t in encode(real.iloc[:250].reset_index(drop=True), syn))
    scaler = MinMaxScaler().fit(R250)
    Rn, Sn = scaler.transform(R250), scaler.transform(S250)
    _, _, _, dpa, dcb, auth = AlphaPrecision().metrics(Rn, Sn)
    rr = NearestNeighbors(n_neighbors=2).fit(Rn).kneighbors(Rn)[0][:, 1]
    rs = NearestNeighbors(n_neighbors=1).fit(Sn).kneighbors(Rn)[0][:, 0]
    print("let synthcityAlphaNaive = (precision: %r, recall: %r, authenticity: %r, authenticityOwnRow: %r)"
          % (float(dpa), float(dcb), float(auth), float(np.mean(rr < rs))))



def spread(vals):
    v = np.array(vals, dtype=float)
    return "(mean: %r, sd: %r, min: %r, max: %r)" % (v.mean(), v.std(), v.min(), v.max())


if "6" in sections:
    from synthcity.plugins.core.dataloader import GenericDataLoader
    from synthcity.metrics.eval_detection import SyntheticDetectionMLP
    both = pd.concat([r_enc, s_enc], ignore_index=True)
    z = (both - both.mean()) / both.std(ddof=0)
    r_z, s_z = z.iloc[:len(r_enc)].reset_index(drop=True), z.iloc[len(r_enc):].reset_index(drop=True)
    print("// 6. SynthCity detection_mlp on Fixtures.medium, fold seeds 0..4: standardised, raw label-encoded")
    for name, (a, b) in [("Standardised", (r_z, s_z)), ("Raw", (r_enc, s_enc))]:
        vals = [SyntheticDetectionMLP(n_folds=5, random_state=seed, use_cache=False)
                .evaluate(GenericDataLoader(a), GenericDataLoader(b))["mean"] for seed in range(5)]
        print("let synthcityDetectionMlp%s = %s" % (name, spread(vals)))

if "7" in sections:
    from sklearn.linear_model import LinearRegression, LogisticRegression
    from xgboost import XGBRegressor
    from synthcity.plugins.core.dataloader import GenericDataLoader
    from synthcity.metrics.eval_performance import (PerformanceEvaluatorLinear, PerformanceEvaluatorXGB,
                                                     PerformanceEvaluatorMLP)
    # exact learner oracles on the integer table: columns a..d, regression target s-like, 3 classes
    Xi = np.nan_to_num(X, nan=-1.0)
    yr = Xi @ np.array([0.1, -0.3, 0.5, 0.01]) + np.sin(np.arange(600))
    yc = (np.digitize(yr, np.quantile(yr, [1 / 3, 2 / 3]))).astype(int)
    ols = LinearRegression().fit(Xi[train], yr[train])
    print("// 7a. learner oracles on the integer table (missing a = -1): OLS, multinomial LR, XGB regressor / softprob")
    print("let olsCoefficients: [Double] = " + lit(ols.coef_) + "\nlet olsIntercept = %r" % float(ols.intercept_))
    lr = LogisticRegression(max_iter=10000, tol=1e-10).fit(Xi[train], yc[train])
    print("let multinomialProbabilities: [Double] = " + lit(lr.predict_proba(Xi[test])[:5].ravel()))
    xr2 = XGBRegressor(n_jobs=1, random_state=0, n_estimators=2).fit(X[train], yr[train]).predict(X[test])
    print("let xgbRegressionTwoTrees: [Double] = " + lit(xr2[:10]))
    xc2 = XGBClassifier(n_jobs=1, random_state=0, n_estimators=2).fit(X[train], yc[train]).predict_proba(X[test])
    print("let xgbSoftprobTwoTrees: [Double] = " + lit(xc2[:5].ravel()))
    print("// 7b. SynthCity performance on Fixtures.medium, fold seeds 0..4: syn_id and gt spreads")
    for target, task in [("y", "regression"), ("cat", "classification")]:
        cols = [c for c in r_enc.columns if c != target] + [target]
        a, b = r_enc[cols], s_enc[cols]
        if task == "classification":  # rows with a missing target are dropped, as SynthBench drops them
            a = a[real["cat"].notna().to_numpy()].reset_index(drop=True)
            b = b[syn["cat"].notna().to_numpy()].reset_index(drop=True)
        learners = [("Linear", PerformanceEvaluatorLinear), ("Xgb", PerformanceEvaluatorXGB)]
        if "mlp" in sys.argv[1:]:
            learners.append(("Mlp", PerformanceEvaluatorMLP))
        for name, cls in learners:
            syn_id, gt = [], []
            for seed in range(5):
                ev = cls(n_folds=5, random_state=seed, use_cache=False, task_type=task)
                out = ev.evaluate(GenericDataLoader(a, target_column=target, random_state=seed),
                                  GenericDataLoader(b, target_column=target, random_state=seed))
                syn_id.append(out["syn_id"]); gt.append(out["gt"])
            print("let synthcity%s%s = (synID: %s, gt: %s)" % (name, "Regression" if task == "regression" else "Multiclass",
                                                               spread(syn_id), spread(gt)))

if "8" in sections:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, train_test_split
    from sklearn.preprocessing import label_binarize
    keep = real["cat"].notna().to_numpy()
    feats = [c for c in r_enc.columns if c != "cat"]
    Xr = r_enc[feats].to_numpy()[keep]
    Xr = Xr - Xr.mean(axis=0)
    yr = r_enc["cat"].to_numpy()[keep].astype(int)
    vals = []
    for seed in range(5):
        Xid, _, yid, _ = train_test_split(Xr, yr, train_size=0.8, random_state=seed, stratify=yr)
        aucs = []
        for tr_i, te_i in StratifiedKFold(n_splits=5, shuffle=True, random_state=seed).split(Xid, yid):
            m = LogisticRegression(max_iter=10000).fit(Xid[tr_i], yid[tr_i])
            p = m.predict_proba(Xid[te_i])
            yb = label_binarize(yid[te_i], classes=m.classes_)
            aucs.append(roc_auc_score(yb.ravel(), p.ravel()))
        vals.append(np.mean(aucs))
    print("// 8. multiclass TRTR, multinomial logistic regression on centred columns, seeds 0..4")
    print("let centredLinearMulticlassGT = %s" % spread(vals))

if "9" in sections:
    import torch
    from sklearn.preprocessing import MinMaxScaler
    from synthcity.plugins.core.dataloader import GenericDataLoader
    from synthcity.metrics.eval_statistical import AlphaPrecision
    R250, S250 = (t.drop(columns=["ts"]) for t in encode(real.iloc[:250].reset_index(drop=True), syn))
    keys = ["delta_precision_alpha_OC", "delta_coverage_beta_OC", "authenticity_OC"]
    vals = {k: [] for k in keys}
    for seed in range(10):
        torch.manual_seed(seed)
        out = AlphaPrecision(use_cache=False).evaluate(GenericDataLoader(R250), GenericDataLoader(S250))
        for k in keys:
            vals[k].append(out[k])
    print("// 9. SynthCity AlphaPrecision _OC on Fixtures.medium without ts (250 + 250 rows), torch seeds 0..9")
    print("let synthcityAlphaOC = (precision: %s, recall: %s, authenticity: %s)" % tuple(spread(vals[k]) for k in keys))
    R5, S5 = (t.to_numpy() for t in encode(real.iloc[:250].reset_index(drop=True), syn))
    scaler = MinMaxScaler().fit(R5)
    _, _, _, dpa, dcb, auth = AlphaPrecision().metrics(scaler.transform(R5), scaler.transform(S5), emb_center=np.full(R5.shape[1], 0.5))
    print("let synthcityAlphaCentred = (precision: %r, recall: %r, authenticity: %r)" % (float(dpa), float(dcb), float(auth)))
