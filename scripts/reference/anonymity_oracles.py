"""Reference values for Tests/EvaluationTests/AnonymitySuiteTests.swift.

Run with the SynthCity venv: /work/venv-synthcity/bin/python scripts/reference/anonymity_oracles.py
(synthcity 0.2.12, scikit-learn 1.9.1 when the values were pasted). Prints Swift literals.

The tiny table of AnonymitySuiteTests.tiny (two well-separated blobs in column a, categorical b and c,
sensitive target t): SynthCity's k-anonymization, distinct l-diversity, k-map and delta-presence, with t
declared sensitive, on the label-encoded frame (codes by first appearance over real then synthetic, as
SynthBench's LabelEncodedMatrix; k-means does not depend on the shift SynthBench applies). With only 37
real and 33 synthetic rows, k = 2 is the only valid cluster count, and the blobs make the clusters
unambiguous, so SynthCity's values are also what the definitions give by hand.
"""
import pandas as pd
from synthcity.plugins.core.dataloader import GenericDataLoader
from synthcity.metrics.eval_privacy import kAnonymization, lDiversityDistinct, kMap, DeltaPresence


def tiny():
    real = []
    for i in range(37):
        if i < 12:
            real.append((float(i % 3), "p", "u" if i < 4 else "v", "xy"[i % 2]))
        else:
            real.append((100.0 + i % 5, "q", "u" if i < 14 else "w", "xyz"[i % 3]))
    syn = []
    for j in range(33):
        if j < 3:
            syn.append((float(j), "p", "u", "x"))
        else:
            syn.append((100.0 + j % 4, "q", "u" if j < 5 else "w", "yz"[j % 2]))
    cols = ["a", "b", "c", "t"]
    return pd.DataFrame(real, columns=cols), pd.DataFrame(syn, columns=cols)


real, syn = tiny()
both = pd.concat([real, syn], ignore_index=True)
for c in ["b", "c", "t"]:
    both[c] = pd.factorize(both[c])[0].astype(float)
r, s = both.iloc[:len(real)].reset_index(drop=True), both.iloc[len(real):].reset_index(drop=True)
gt = GenericDataLoader(r, sensitive_features=["t"])
sy = GenericDataLoader(s, sensitive_features=["t"])
k = kAnonymization(use_cache=False).evaluate(gt, sy)
l = lDiversityDistinct(use_cache=False).evaluate(gt, sy)
m = kMap(use_cache=False).evaluate(gt, sy)
d = DeltaPresence(use_cache=False).evaluate(gt, sy)
print("let synthcityTinyKAnonymization = (gt: %r, syn: %r)" % (float(k["gt"]), float(k["syn"])))
print("let synthcityTinyLDiversity = (gt: %r, syn: %r)" % (float(l["gt"]), float(l["syn"])))
print("let synthcityTinyKMap = %r" % float(m["score"]))
print("let synthcityTinyDeltaPresence = %r" % float(d["score"]))
