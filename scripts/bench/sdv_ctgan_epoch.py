"""SDV's own CTGAN seconds per epoch on adult: the reference for `synthbench bench ctgan` (run outside the build,
in a venv with `pip install sdv`). SDV's fit also fits CTGAN's own data transformer (about 10 s on adult), so
the script fits twice, with A and B epochs, and reports (fit_B - fit_A) / (B - A).
Usage: python sdv_ctgan_epoch.py ADULT_DATA [A] [B] [TORCH_THREADS]"""
import sys, time, json
import pandas as pd, torch
from sdv.metadata import Metadata
from sdv.single_table import CTGANSynthesizer

path = sys.argv[1]
a = int(sys.argv[2]) if len(sys.argv) > 2 else 2
b = int(sys.argv[3]) if len(sys.argv) > 3 else 6
torch.set_num_threads(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
cols = ["age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation",
        "relationship", "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country", "label"]
df = pd.read_csv(path, header=None, names=cols, skipinitialspace=True, na_values="?")
meta = Metadata.detect_from_dataframes({"adult": df})


def fit_seconds(epochs):
    s = CTGANSynthesizer(meta, epochs=epochs)
    processed = s.preprocess({"adult": df})
    t0 = time.perf_counter()
    s.fit_processed_data(processed)
    return time.perf_counter() - t0


fa, fb = fit_seconds(a), fit_seconds(b)
print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "epochs": [a, b],
                  "fit_s": [round(fa, 3), round(fb, 3)], "s_per_epoch": round((fb - fa) / (b - a), 3)}))
