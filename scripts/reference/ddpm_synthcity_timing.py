"""SynthCity 0.2.12's ddpm plugin on adult at its defaults, timed per epoch for a small n_iter, for the ratio in
docs/ddpm.md. Run in a venv with synthcity installed (not the product's): 
    /work/venv-synthcity/bin/python scripts/reference/ddpm_synthcity_timing.py [N_ITER] [SAMPLE_ROWS]
One torch thread (SynthBench's figures are for one BLAS thread). Prints fit seconds per epoch and the seconds to
sample SAMPLE_ROWS rows (the full 1000-step reverse chain), and the projection to 32,561 rows."""
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
plugin = Plugins().get("ddpm", n_iter=n_iter, random_state=0)
t0 = time.perf_counter()
plugin.fit(df)
fit = time.perf_counter() - t0
t0 = time.perf_counter()
plugin.generate(sample_rows)
sample = time.perf_counter() - t0
print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, rows {len(df)}")
print(f"fit {fit:.1f} s for {n_iter} epochs -> {fit / n_iter:.2f} s per epoch (encoding included)")
print(f"sample {sample_rows} rows: {sample:.1f} s -> {sample * len(df) / sample_rows:.0f} s projected for {len(df)} rows")
