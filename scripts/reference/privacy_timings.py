"""Times the reference implementations of the privacy metrics on adult, for docs/metrics.md#measured-figures.

Usage (SynthCity 0.2.12 lives in its own venv; SDMetrics in /work/venv):
  synthbench generate --dataset adult --method gc --suite payload --holdout 0 --out /tmp/adult-gc
  /work/venv-synthcity/bin/python scripts/reference/privacy_timings.py synthcity /tmp/adult-gc/synthetic.csv
  /work/venv/bin/python scripts/reference/privacy_timings.py sdmetrics /tmp/adult-gc/synthetic.csv
  /work/venv/bin/python scripts/reference/privacy_timings.py anonymeter /tmp/adult-gc/synthetic.csv  (pip install anonymeter)
The synthcity mode also times the k-anonymity family (income as the sensitive column) and detection_mlp.
Reads datasets/.cache/adult.data and adult.test. Prints one line per metric: name, seconds, value.
"""
import sys
import time

import pandas as pd

from adult_data import COLUMNS, load


which, synthetic_path = sys.argv[1], sys.argv[2]
train = load("datasets/.cache/adult.data")
holdout = load("datasets/.cache/adult.test", skip=1)
synthetic = pd.read_csv(synthetic_path)[COLUMNS]


def timed(name, fn):
    t = time.perf_counter()
    value = fn()
    print(f"{name}\t{time.perf_counter() - t:.2f}\t{value}", flush=True)


if which == "synthcity":
    from synthcity.metrics.eval_privacy import DomiasMIAKDE, DomiasMIAPrior, IdentifiabilityScore
    from synthcity.plugins.core.dataloader import GenericDataLoader

    gt = GenericDataLoader(pd.concat([train, holdout]).reset_index(drop=True)).encode()[0]
    enc_train = GenericDataLoader(train).encode()[0]
    syn = GenericDataLoader(synthetic).encode()[0]
    n = min(len(gt), len(syn))
    timed("synthcity identifiability_score", lambda: IdentifiabilityScore().evaluate(gt.sample(n, random_state=0), syn.sample(n, random_state=0)))
    for cls in (DomiasMIAPrior, DomiasMIAKDE):
        timed("synthcity " + cls.name(), lambda: cls().evaluate(gt, syn, enc_train, syn, reference_size=len(holdout) // 2))
    from synthcity.metrics.eval_privacy import kAnonymization, lDiversityDistinct, kMap, DeltaPresence
    from synthcity.metrics.eval_detection import SyntheticDetectionMLP
    tr = GenericDataLoader(enc_train.dataframe(), sensitive_features=["income"])
    sy = GenericDataLoader(syn.dataframe(), sensitive_features=["income"])
    for cls in (kAnonymization, lDiversityDistinct, kMap, DeltaPresence):
        timed("synthcity " + cls.name(), lambda: cls(use_cache=False).evaluate(tr, sy))
    timed("synthcity detection_mlp", lambda: SyntheticDetectionMLP(n_folds=5, use_cache=False).evaluate(enc_train, syn))
elif which == "anonymeter":
    from anonymeter.evaluators import SinglingOutEvaluator, LinkabilityEvaluator, InferenceEvaluator
    control = holdout.sample(len(holdout), random_state=0)
    def run(ev, **kw):
        ev.evaluate(**kw)
        return ev.risk().value
    timed("anonymeter singling_out univariate", lambda: run(SinglingOutEvaluator(train, synthetic, control=control), mode="univariate"))
    timed("anonymeter singling_out multivariate", lambda: run(SinglingOutEvaluator(train, synthetic, control=control), mode="multivariate"))
    half = (len(COLUMNS) + 1) // 2
    timed("anonymeter linkability", lambda: run(LinkabilityEvaluator(train, synthetic, control=control,
                                                                     aux_cols=(COLUMNS[:half], COLUMNS[half:])), n_jobs=1))
    timed("anonymeter inference (secret income)", lambda: run(InferenceEvaluator(train, synthetic, control=control, secret="income",
                                                                                 aux_cols=COLUMNS[:-1]), n_jobs=1))
else:
    from sdmetrics.single_table import DCRBaselineProtection, DCROverfittingProtection
    meta = {"columns": {c: {"sdtype": "numerical" if train[c].dtype.kind in "if" else "categorical"} for c in COLUMNS}}
    timed("sdmetrics DCRBaselineProtection", lambda: DCRBaselineProtection.compute(train, synthetic, meta))
    timed("sdmetrics DCROverfittingProtection", lambda: DCROverfittingProtection.compute(train, synthetic, holdout, meta))
