"""Times SynthCity 0.2.12's evaluators that match SynthBench's SynthCity-compatible suites, on adult, for the
pair-by-pair comparison in docs/metrics.md#speed-against-synthcity (scripts/reference/suite_timing_pairs.sh runs
this alternately with `synthbench evaluate --suite ...`).

Usage: /work/venv-synthcity/bin/python scripts/reference/synthcity_suite_timings.py SUITE SYNTHETIC_CSV
SUITE: stats | detection | performance | privacy. Reads datasets/.cache/adult.data (training rows) and adult.test
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


if suite == "stats":
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
    from synthcity.metrics import eval_privacy as m
    gt = loader(pd.concat([train, holdout]).reset_index(drop=True))
    enc_train, syn = loader(train), loader(synthetic)
    timed("DomiasMIA_KDE", lambda: m.DomiasMIAKDE(**WS).evaluate(gt, syn, enc_train, syn,
                                                                            reference_size=len(holdout) // 2))
    n = min(len(enc_train), len(syn))
    timed("identifiability_score", lambda: m.IdentifiabilityScore(**WS).evaluate(enc_train.sample(n, random_state=0),
                                                                                           syn.sample(n, random_state=0)))
    tr = GenericDataLoader(enc_train.dataframe(), sensitive_features=["income"])
    sy = GenericDataLoader(syn.dataframe(), sensitive_features=["income"])
    for cls in (m.kAnonymization, m.lDiversityDistinct, m.kMap, m.DeltaPresence):
        timed(cls.name(), lambda: cls(**WS).evaluate(tr, sy))
else:
    sys.exit(f"unknown suite {suite}: stats | detection | performance | privacy")
print(f"total\t{total_cpu:.2f}\t{total_wall:.2f}", flush=True)
