"""SDV's own GaussianCopulaSynthesizer on the rows `synthbench bench scale` resampled: the reference curve of
`bench scale --reference sdv --python PATH` (run outside the build, in a venv with `pip install sdv`; never
needed by tests). Phases as synthbench measures them: load (pandas read_csv of data.csv), fit, sample (sample
N rows and write them with to_csv). Per phase: wall, CPU (process time) and peak resident memory, the
high-water mark reset before each phase through /proc/self/clear_refs as synthbench does.
Writes one JSON object in synthbench's ScalePoint layout to --out.
Usage: python sdv_scale.py --data DATA.csv --rows N --seed S --out OUT.json"""
import argparse, json, os, resource, time
import pandas as pd
from sdv.metadata import Metadata
from sdv.single_table import GaussianCopulaSynthesizer

ap = argparse.ArgumentParser()
ap.add_argument("--data", required=True)
ap.add_argument("--rows", type=int, required=True)
ap.add_argument("--seed", type=int, default=0)
ap.add_argument("--out", required=True)
a = ap.parse_args()


def reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def peak_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


phases = []
reset_ok = reset_peak()


def measure(name, rows, fn):
    reset_peak()
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    phases.append({"name": name, "rows": rows, "wall_s": time.perf_counter() - w,
                   "cpu_s": time.process_time() - c, "peak_rss_mb": peak_mb()})
    return out


df = measure("load", a.rows, lambda: pd.read_csv(a.data))
meta = Metadata.detect_from_dataframes({"table": df})
synth = GaussianCopulaSynthesizer(meta)
measure("fit", len(df), lambda: synth.fit({"table": df}))   # SDV 2.0 takes a dict of tables
out_csv = a.out + ".synthetic.csv"


def sample():
    # SDV's sampler draws from numpy's global state; seed it for a repeatable figure.
    import numpy as np
    np.random.seed(a.seed)
    out = synth.sample(num_rows=a.rows)
    (out["table"] if isinstance(out, dict) else out).to_csv(out_csv, index=False)
    return os.path.getsize(out_csv)


size = measure("sample", a.rows, sample)
os.remove(out_csv)
sample_s = phases[-1]["wall_s"]
with open(a.out, "w") as f:
    json.dump({"rows": a.rows, "fit_rows": len(df), "phases": phases, "synthetic_bytes": size,
               "sample_mb_per_s": size / 1e6 / sample_s if sample_s > 0 else 0, "peak_reset": reset_ok,
               "eval_subsample": None, "sdv": __import__("sdv").__version__}, f)
