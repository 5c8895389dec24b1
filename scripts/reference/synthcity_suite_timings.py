"""Times SynthCity 0.2.12's evaluators that match SynthBench's SynthCity-compatible suites, on adult, for the
pair-by-pair comparison in docs/metrics.md#speed-against-synthcity (scripts/reference/suite_timing_pairs.sh runs
this alternately with `synthbench evaluate --suite ...`).

Usage: /work/venv-synthcity/bin/python scripts/reference/synthcity_suite_timings.py SUITE SYNTHETIC_CSV
SUITE: stats | detection | performance | privacy, or one evaluator's name (EVALUATORS below: the per-metric pairs
of docs/metrics.md#per-metric-pairs-against-synthcity, run one per process by suite_timing_pairs.sh). Reads datasets/.cache/adult.data (training rows) and adult.test
(hold-out), one thread (OMP/MKL/torch). Prints one line per evaluator, `name<TAB>cpu_s<TAB>wall_s`, then the
suite's total as `total<TAB>cpu_s<TAB>wall_s`; CPU is the process's (all threads).

Which evaluators stand for which suite:
- stats: InverseKLDivergence, KolmogorovSmirnovTest, ChiSquaredTest, JensenShannonDistance (SynthBench `stats`:
  these four, a per-column 1-D Wasserstein, three correlation figures and the IQR outlier share). SynthCity's
  WassersteinDistance is left out: it is a different metric (a joint Sinkhorn divergence by geomloss/KeOps over all
  columns, the synthetic table zero-padded to the real one's rows), and on adult with a 2,000-row synthetic table it
  had not finished after 3.2 CPU minutes;
- detection: SyntheticDetectionXGB, SyntheticDetectionLinear (SynthBench `detection`: the forest's AUC and the
  linear 5-fold C2ST);
- performance: PerformanceEvaluatorLinear, PerformanceEvaluatorMLP, PerformanceEvaluatorXGB on `income`
  (SynthBench `performance`: TSTR and TRTR with linear, MLP and GBDT learners);
- privacy: DomiasMIA_KDE, IdentifiabilityScore, kAnonymization, lDiversityDistinct, kMap, DeltaPresence
  (SynthBench `membership`, `distance` and `anonymity`).
SynthCity's evaluators are called directly on encoded GenericDataLoaders (as its Metrics.evaluate does after
encoding), with use_cache=False.
"""
import os
import sys
import tempfile
import time
from pathlib import Path

for v in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[v] = "1"

import pandas as pd  # noqa: E402
import torch  # noqa: E402

from adult_data import COLUMNS, load  # noqa: E402

torch.set_num_threads(1)
suite, synthetic_path = sys.argv[1], sys.argv[2]
train = load("datasets/.cache/adult.data")
holdout = load("datasets/.cache/adult.test", skip=1)
synthetic = pd.read_csv(synthetic_path)[COLUMNS]

from synthcity.plugins.core.dataloader import GenericDataLoader  # noqa: E402

total_cpu = total_wall = 0.0
# SynthCity's evaluators write their cache files under `workspace`, by default in the working directory.
WS = {"use_cache": False, "workspace": Path(tempfile.mkdtemp(prefix="synthcity-ws-"))}


def timed(name, fn):
    global total_cpu, total_wall
    c, w = time.process_time(), time.perf_counter()
    value = fn()
    c, w = time.process_time() - c, time.perf_counter() - w
    total_cpu += c
    total_wall += w
    print(f"{name}\t{c:.2f}\t{w:.2f}\t{value}", flush=True)


def loader(df, **kw):
    return GenericDataLoader(df, **kw).encode()[0]


def privacy_loaders():
    gt = loader(pd.concat([train, holdout]).reset_index(drop=True))
    return gt, loader(train), loader(synthetic)


# Each function below prepares an evaluator's inputs (encoding, outside the timing) and returns the call to time.
def domias(cls):
    gt, enc_train, syn = privacy_loaders()
    return lambda: cls(**WS).evaluate(gt, syn, enc_train, syn, reference_size=len(holdout) // 2)


def identifiability():
    _, enc_train, syn = privacy_loaders()
    n = min(len(enc_train), len(syn))
    a, b = enc_train.sample(n, random_state=0), syn.sample(n, random_state=0)
    return lambda: IdentifiabilityScore(**WS).evaluate(a, b)


def with_sensitive(cls):
    _, enc_train, syn = privacy_loaders()
    tr = GenericDataLoader(enc_train.dataframe(), sensitive_features=["income"])
    sy = GenericDataLoader(syn.dataframe(), sensitive_features=["income"])
    return lambda: cls(**WS).evaluate(tr, sy)


def detection(cls):
    gt, syn = loader(train), loader(synthetic)
    return lambda: cls(n_folds=5, **WS).evaluate(gt, syn)


from synthcity.metrics import eval_attacks as attacks  # noqa: E402
from synthcity.metrics import eval_detection as det  # noqa: E402
from synthcity.metrics import eval_privacy as priv  # noqa: E402
from synthcity.metrics.eval_privacy import IdentifiabilityScore  # noqa: E402

# One evaluator each (`SUITE` = its name): SynthCity 0.2.12's privacy, attack and detection evaluators, on the
# rows its Metrics.evaluate would give them (identifiability: both tables subsampled to the smaller count;
# DOMIAS: X_gt = training + hold-out rows, X_train the training rows, X_ref_syn the synthetic table,
# reference_size half the hold-out; k-anonymity family and data leakage: `income` the sensitive column).
EVALUATORS = {
    "delta-presence": lambda: with_sensitive(priv.DeltaPresence),
    "k-anonymization": lambda: with_sensitive(priv.kAnonymization),
    "k-map": lambda: with_sensitive(priv.kMap),
    "distinct l-diversity": lambda: with_sensitive(priv.lDiversityDistinct),
    "identifiability_score": identifiability,
    "DomiasMIA_KDE": lambda: domias(priv.DomiasMIAKDE),
    "DomiasMIA_prior": lambda: domias(priv.DomiasMIAPrior),
    "DomiasMIA_BNAF": lambda: domias(priv.DomiasMIABNAF),
    "data_leakage_linear": lambda: with_sensitive(attacks.DataLeakageLinear),
    "data_leakage_xgb": lambda: with_sensitive(attacks.DataLeakageXGB),
    "data_leakage_mlp": lambda: with_sensitive(attacks.DataLeakageMLP),
    "detection_xgb": lambda: detection(det.SyntheticDetectionXGB),
    "detection_mlp": lambda: detection(det.SyntheticDetectionMLP),
    "detection_gmm": lambda: detection(det.SyntheticDetectionGMM),
    "detection_linear": lambda: detection(det.SyntheticDetectionLinear),
}

if suite in EVALUATORS:
    timed(suite, EVALUATORS[suite]())
elif suite == "stats":
    from synthcity.metrics import eval_statistical as m
    gt, syn = loader(train), loader(synthetic)
    for cls in (m.InverseKLDivergence, m.KolmogorovSmirnovTest, m.ChiSquaredTest, m.JensenShannonDistance):
        timed(cls.name(), lambda: cls(**WS).evaluate(gt, syn))
elif suite == "detection":
    from synthcity.metrics import eval_detection as m
    gt, syn = loader(train), loader(synthetic)
    for cls in (m.SyntheticDetectionXGB, m.SyntheticDetectionLinear):
        timed(cls.name(), lambda: cls(n_folds=5, **WS).evaluate(gt, syn))
elif suite == "performance":
    from synthcity.metrics import eval_performance as m
    everything = pd.concat([train, holdout]).reset_index(drop=True)
    share = len(train) / len(everything)
    gt = loader(everything, target_column="income", train_size=share)
    syn = loader(synthetic, target_column="income", train_size=share)
    for cls in (m.PerformanceEvaluatorLinear, m.PerformanceEvaluatorMLP, m.PerformanceEvaluatorXGB):
        timed(cls.name(), lambda: cls(**WS).evaluate(gt, syn))
elif suite == "privacy":
    for name in ("DomiasMIA_KDE", "identifiability_score", "k-anonymization", "distinct l-diversity", "k-map",
                 "delta-presence"):
        timed(name, EVALUATORS[name]())
else:
    sys.exit(f"unknown suite {suite}: stats | detection | performance | privacy | one of {sorted(EVALUATORS)}")
print(f"total\t{total_cpu:.2f}\t{total_wall:.2f}", flush=True)
