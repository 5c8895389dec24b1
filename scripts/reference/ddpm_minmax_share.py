"""Share of values at each numerical column's min and max, real vs synthetic (the SynthCity #345 symptom), for
docs/ddpm.md. Usage: python scripts/reference/ddpm_minmax_share.py REAL.csv SYNTHETIC.csv
REAL.csv may be the headerless adult.data; the synthetic file's header names its columns."""
import sys

import pandas as pd

syn = pd.read_csv(sys.argv[2])
real = pd.read_csv(sys.argv[1], header=None if sys.argv[1].endswith(".data") else "infer", skipinitialspace=True,
                   na_values="?")
if sys.argv[1].endswith(".data"):
    real.columns = syn.columns
worst = 0.0
for col in syn.columns:
    if not pd.api.types.is_numeric_dtype(real[col]):
        continue
    lo, hi = real[col].min(), real[col].max()
    r_lo, r_hi = (real[col] == lo).mean(), (real[col] == hi).mean()
    s_lo, s_hi = (syn[col] == lo).mean(), (syn[col] == hi).mean()
    ratio = max(s_lo / r_lo, s_hi / r_hi)
    worst = max(worst, ratio)
    print(f"{col:16s} min {lo:>8g}: real {r_lo:7.4f} syn {s_lo:7.4f} | max {hi:>8g}: real {r_hi:7.4f} syn {s_hi:7.4f} | ratio {ratio:5.2f}")
print(f"worst ratio {worst:.2f}")
