"""SynthCity 0.2.12's dpgan on adult, for the speed/quality comparison in docs/privacy.md.

Fits `Plugins().get("dpgan", n_iter=N, epsilon=1, random_state=0)` on the adult training CSV (the
columns and missing values as SynthBench reads them), times fit and generate, reports the peak resident
memory of this process, and writes the synthetic table for `synthbench evaluate`.

Run: /work/venv-synthcity/bin/python scripts/reference/synthcity_dpgan_adult.py DATA_CSV OUT_CSV N_ITER [DELTA]
(DELTA omitted: the plugin's default, 1/n.)
"""
import resource
import sys
import time

import pandas as pd
import torch
from synthcity.plugins import Plugins

torch.set_num_threads(1)
data, out, n_iter = sys.argv[1], sys.argv[2], int(sys.argv[3])
delta = float(sys.argv[4]) if len(sys.argv) > 4 else None
names = ["age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation",
         "relationship", "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country", "income"]
X = pd.read_csv(data, header=None, names=names, skipinitialspace=True, na_values="?").dropna()
plugin = Plugins().get("dpgan", n_iter=n_iter, epsilon=1.0, delta=delta, random_state=0)
t = time.time()
plugin.fit(X)
fit = time.time() - t
t = time.time()
syn = plugin.generate(count=len(X)).dataframe()
gen = time.time() - t
syn.to_csv(out, index=False)
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"synthcity dpgan n_iter={n_iter} delta={delta} rows={len(X)} fit_s={fit:.1f} generate_s={gen:.1f} peak_rss_mb={rss:.0f}")
