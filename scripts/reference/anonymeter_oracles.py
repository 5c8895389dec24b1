"""Reference values for Tests/EvaluationTests/AnonymeterSuiteTests.swift.

Run with the SDV venv after `pip install anonymeter`: /work/venv/bin/python scripts/reference/anonymeter_oracles.py
(anonymeter 1.1.0 when the values were pasted). Prints Swift literals.

1. The risk estimate (EvaluationResults.risk) for fixed counts: Wilson rates and the residual risk's interval.
2. On the tiny table of AnonymeterSuiteTests.tiny (40 training, 40 synthetic, 40 control rows; three
   positive continuous columns without ties and one categorical column), with every row attacked
   (n_attacks = the row count), the parts of the attacks that involve no random draw:
   - linkability (aux_cols = first two columns, last two) successes on training and control targets;
   - inference successes per secret (all other columns as aux; regression for the numeric secrets);
   - univariate singling-out successes (500 requested queries exceed the candidates, so every candidate that
     singles out in the synthetic rows is kept whatever the shuffle).
"""
import math
import numpy as np
import pandas as pd
from anonymeter.stats.confidence import EvaluationResults
from anonymeter.evaluators import LinkabilityEvaluator, InferenceEvaluator, SinglingOutEvaluator

r = EvaluationResults(n_attacks=500, n_success=120, n_baseline=10, n_control=40, confidence_level=0.95)
risk = r.risk()
print("// 1. risk for n = 500, successes 120, control 40, baseline 10")
print("let riskFixedCounts = (value: %r, low: %r, high: %r, attackRate: %r, attackError: %r)"
      % (risk.value, risk.ci[0], risk.ci[1], r.attack_rate.value, r.attack_rate.error))


class LCG:
    def __init__(self, state):
        self.state = state

    def next(self):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) % 2**64
        return (self.state >> 11) / 9007199254740992


def tiny(seed, shift):
    g = LCG(seed)
    rows = []
    for i in range(40):
        u = [g.next() for _ in range(4)]
        a = 1 + 10 * u[0]
        rows.append((a, 2 + a * 0.5 + 3 * u[1] + shift, 5 + 7 * u[2], "pqr"[int(u[3] * 3)] if i % 5 else "pqr"[int(a) % 3]))
    return pd.DataFrame(rows, columns=["a", "b", "c", "k"])


ori, syn, control = tiny(21, 0.0), tiny(22, 0.3), tiny(23, 0.0)
# the synthetic table copies ten training rows, so the attacks have something to find
syn.iloc[:10] = ori.iloc[:10].to_numpy()
print("// 2. tiny table: linkability, inference per secret, univariate singling out (successes, control)")
lk = LinkabilityEvaluator(ori=ori, syn=syn, control=control, n_attacks=None, aux_cols=(["a", "b"], ["c", "k"]))
lk.evaluate(n_jobs=1)
res = lk.results()
print("let linkabilityCounts = (success: %d, control: %d)" % (res.n_success, res.n_control))
for secret in ["a", "b", "c", "k"]:
    ev = InferenceEvaluator(ori=ori, syn=syn, control=control, aux_cols=[c for c in ori.columns if c != secret],
                            secret=secret, regression=secret != "k", n_attacks=40)
    ev.evaluate(n_jobs=1)
    res = ev.results()
    print("let inferenceCounts_%s = (success: %d, control: %d)" % (secret, res.n_success, res.n_control))
so = SinglingOutEvaluator(ori=ori, syn=syn, control=control, n_attacks=500)
so.evaluate(mode="univariate")
res = so.results()
print("let singlingOutUnivariateCounts = (success: %d, control: %d)" % (res.n_success, res.n_control))
