"""SynthCity 0.2.12's ddpm plugin on adult at its defaults, timed per epoch for a small n_iter, for the ratio in
docs/ddpm.md. Run in a venv with synthcity installed (not the product's):
    /work/venv-synthcity/bin/python scripts/reference/ddpm_synthcity_timing.py [N_ITER] [SAMPLE_ROWS]
One torch thread (SynthBench's figures are for one BLAS thread). Fits twice, for 1 and for 1 + N_ITER epochs, so
the per-epoch figure is the difference over N_ITER (encoding and set-up cancel); prints it as process CPU seconds
(what the epoch computed, independent of how long the process waited for a core on a loaded machine) and as wall
seconds; then the CPU and wall seconds to sample SAMPLE_ROWS rows through the full 1000-step reverse chain, and
the projection to 32,561 rows."""
import sys
import time

import pandas as pd
import torch

torch.set_num_threads(1)
from synthcity.plugins import Plugins  # noqa: E402

n_iter = int(sys.argv[1]) if len(sys.argv) > 1 else 2
sample_rows = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
names = ["age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation", "relationship",
         "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country", "income"]
df = pd.read_csv("datasets/.cache/adult.data", header=None, names=names, skipinitialspace=True)


def timed(fn):
    cpu, wall = time.process_time(), time.perf_counter()
    fn()
    return time.process_time() - cpu, time.perf_counter() - wall


plugins = {}
fits = {}
for epochs in (1, 1 + n_iter):
    plugins[epochs] = Plugins().get("ddpm", n_iter=epochs, random_state=0)
    fits[epochs] = timed(lambda: plugins[epochs].fit(df))
cpu_epoch = (fits[1 + n_iter][0] - fits[1][0]) / n_iter
wall_epoch = (fits[1 + n_iter][1] - fits[1][1]) / n_iter
sample_cpu, sample_wall = timed(lambda: plugins[1 + n_iter].generate(sample_rows))
print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, rows {len(df)}")
print(f"fit 1 epoch: {fits[1][0]:.1f} s CPU ({fits[1][1]:.1f} s wall); {1 + n_iter} epochs: "
      f"{fits[1 + n_iter][0]:.1f} s CPU ({fits[1 + n_iter][1]:.1f} s wall)")
print(f"per epoch: {cpu_epoch:.2f} s CPU ({wall_epoch:.2f} s wall)")
print(f"sample {sample_rows} rows x 1000 steps: {sample_cpu:.1f} s CPU ({sample_wall:.1f} s wall) -> "
      f"{sample_cpu * len(df) / sample_rows:.0f} s CPU projected for {len(df)} rows "
      f"({sample_cpu / sample_rows / 1000:.2e} s CPU per row and step)")
