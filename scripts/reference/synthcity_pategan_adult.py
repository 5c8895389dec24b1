"""SynthCity 0.2.12's pategan on adult, for the quality/speed comparison in docs/privacy.md §7.

Fits `Plugins().get("pategan", n_iter=N, epsilon=1, delta=DELTA, random_state=0)` (every other argument at
its default: XGBoost teachers, lamda 1e-3, 10 teachers, 10 generator steps per iteration) on the adult
training CSV (rows with `?` dropped, as the dpgan script), with torch on one thread, and writes the synthetic
table for `synthbench evaluate`. Prints: wall and CPU seconds of the fit, the CPU seconds before the first Adam
step (encoder fit and the first teachers; the set-up), the CPU seconds from there to the end of the fit (the
training iterations), the iterations run, SynthCity's own epsilon_hat recomputed from the plugin's moments
(`alpha_dict`, its formula of `PATEGAN.fit`) and the delta it actually used (0.2.12 overwrites the `delta`
argument with None, so it is always 1/(n sqrt n)), the generate time and the process's peak resident memory.

Run: OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 /work/venv-synthcity/bin/python \
    scripts/reference/synthcity_pategan_adult.py ADULT_DATA OUT_CSV N_ITER [DELTA]
"""
import json
import resource
import sys
import time

import numpy as np
import pandas as pd
import torch
from synthcity.plugins import Plugins

torch.set_num_threads(1)
data, out, n_iter = sys.argv[1], sys.argv[2], int(sys.argv[3])
delta = float(sys.argv[4]) if len(sys.argv) > 4 else 1e-5
names = ["age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation",
         "relationship", "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country", "income"]
X = pd.read_csv(data, header=None, names=names, skipinitialspace=True, na_values="?").dropna()
plugin = Plugins().get("pategan", n_iter=n_iter, epsilon=1.0, delta=delta, random_state=0)

# Stamp the first optimiser step (the student's or the generator's), to separate set-up from training.
first_step = []
original = torch.optim.Adam.step


def stamping_step(self, *args, **kwargs):
    if not first_step:
        first_step.append((time.perf_counter(), time.process_time()))
    return original(self, *args, **kwargs)


torch.optim.Adam.step = stamping_step
t0, c0 = time.perf_counter(), time.process_time()
plugin.fit(X)
fit, fit_cpu = time.perf_counter() - t0, time.process_time() - c0
model = plugin.model
# SynthCity's own epsilon_hat (PATEGAN.fit's formula over its alpha_dict, bugs #276 and the skipped queries kept).
eps_hat = min((model.alpha_dict[l] - np.log(model.delta)) / (l + 1) for l in range(model.alpha))
t = time.time()
syn = plugin.generate(count=len(X)).dataframe()
gen = time.time() - t
syn.to_csv(out, index=False)
print(json.dumps({
    "plugin": "pategan", "rows": len(X), "n_iter": n_iter, "delta_asked": delta, "delta_used": model.delta,
    "threads": torch.get_num_threads(), "fit_s": round(fit, 1), "fit_cpu_s": round(fit_cpu, 1),
    "setup_cpu_s": round(first_step[0][1] - c0, 1) if first_step else None,
    "train_cpu_s": round(fit_cpu - (first_step[0][1] - c0), 1) if first_step else None,
    "epsilon_hat": float(eps_hat), "generate_s": round(gen, 1),
    "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
}), flush=True)
