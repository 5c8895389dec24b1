"""SynthCity 0.2.12's DP plugins on adult at their defaults, timed per training step, for the speed and memory
comparison in docs/privacy.md §7 (SynthCity's dpgan cannot finish one epoch of its defaults in a sitting here).

Fits `Plugins().get(PLUGIN, epsilon=E, delta=D, random_state=0)` (every other argument at its default) on the
adult training CSV (rows with `?` dropped, as the earlier figures) and stops the fit after STEPS optimiser steps
(every Adam step counted; one step = `discriminator_n_iter` critic steps and one generator step, as SynthBench
counts a step) by raising from a wrapped `torch.optim.Adam.step`. Prints the wall and CPU seconds before the first step
(encoder fit, Opacus set-up), the mean wall and CPU seconds per step after the first (CPU seconds are the
figure to compare on a loaded machine), the steps one epoch takes (ceil(rows / batch) for
SynthCity's DataLoader), the implied seconds per epoch, and the peak resident memory of the process.

Run: /work/venv-synthcity/bin/python scripts/reference/synthcity_dp_timing.py PLUGIN ADULT_DATA STEPS [EPSILON] [DELTA] [KEY=VALUE ...]
(KEY=VALUE: further plugin arguments, e.g. n_iter=2; a STEPS of 0 lets the fit finish and reports its total CPU.)
"""
import json
import math
import resource
import sys
import time

import pandas as pd
import torch
from synthcity.plugins import Plugins

torch.set_num_threads(1)
plugin_name, path, steps = sys.argv[1], sys.argv[2], int(sys.argv[3])
epsilon = float(sys.argv[4]) if len(sys.argv) > 4 else 1.0
delta = float(sys.argv[5]) if len(sys.argv) > 5 else 1e-5
extra = {k: json.loads(v) for k, v in (a.split("=", 1) for a in sys.argv[6:])}
names = ["age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation",
         "relationship", "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country", "income"]
X = pd.read_csv(path, header=None, names=names, skipinitialspace=True, na_values="?").dropna()


class Stop(Exception):
    pass


plugin = Plugins().get(plugin_name, epsilon=epsilon, delta=delta, random_state=0, **extra)
# Every Adam step is counted (Opacus's DPOptimizer steps the wrapped Adam); a generator step is preceded by
# `discriminator_n_iter` critic (or student) steps, so one SynthBench step is that many + 1 Adam steps.
per_generator_step = getattr(plugin, "discriminator_n_iter", 1) + 1
stamps = []
original = torch.optim.Adam.step


def counting_step(self, *args, **kwargs):
    result = original(self, *args, **kwargs)
    stamps.append((time.perf_counter(), time.process_time()))
    if steps and len(stamps) >= steps * per_generator_step:
        raise Stop()
    return result


torch.optim.Adam.step = counting_step
t0, c0 = time.perf_counter(), time.process_time()
try:
    plugin.fit(X)
    finished = True
except Stop:
    finished = False
total = time.perf_counter() - t0
batch = getattr(plugin, "batch_size", 200)
adam = len(stamps)
per_step = (stamps[-1][0] - stamps[0][0]) / (adam - 1) * per_generator_step if adam > 1 else float("nan")
cpu_per_step = (stamps[-1][1] - stamps[0][1]) / (adam - 1) * per_generator_step if adam > 1 else float("nan")
steps_per_epoch = math.ceil(len(X) / batch)
print(json.dumps({
    "plugin": plugin_name, "rows": len(X), "epsilon": epsilon, "delta": delta, "torch": torch.__version__,
    "threads": torch.get_num_threads(), "generator_steps": adam // per_generator_step, "finished": finished,
    "setup_s": round(stamps[0][0] - t0, 2) if stamps else None,
    "setup_cpu_s": round(stamps[0][1] - c0, 2) if stamps else None, "s_per_step": per_step,
    "cpu_s_per_step": cpu_per_step, "steps_per_epoch": steps_per_epoch, "s_per_epoch": per_step * steps_per_epoch,
    "cpu_s_per_epoch": cpu_per_step * steps_per_epoch, "fit_s": round(total, 2),
    "fit_cpu_s": round(time.process_time() - c0, 2), "arguments": extra,
    "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
}), flush=True)
