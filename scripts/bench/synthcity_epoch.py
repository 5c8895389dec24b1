"""SynthCity 0.2.12's own seconds per epoch on adult for its `ctgan` and `tvae` plugins: the reference for
`synthbench bench ctgan|tvae --backend synthcity` (run outside the build, in /work/venv-synthcity). Each plugin
is fitted twice, with A and B epochs and early stopping off (n_iter_min above n_iter), and the script reports
(fit_B - fit_A) / (B - A), so the encoder fit and the data loading cancel.
Usage: python synthcity_epoch.py ADULT_DATA [PLUGIN ...] [--epochs A B] [--threads N]"""
import sys, time, json
import pandas as pd, torch
from synthcity.plugins import Plugins

args = sys.argv[1:]
path = args.pop(0)
a, b, threads = 1, 3, 1
if "--epochs" in args:
    i = args.index("--epochs"); a, b = int(args[i + 1]), int(args[i + 2]); del args[i:i + 3]
if "--threads" in args:
    i = args.index("--threads"); threads = int(args[i + 1]); del args[i:i + 2]
plugins = args or ["ctgan", "tvae"]
torch.set_num_threads(threads)
cols = ["age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation",
        "relationship", "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country", "label"]
df = pd.read_csv(path, header=None, names=cols, skipinitialspace=True, na_values="?").dropna()


def fit_seconds(name, epochs):
    plugin = Plugins().get(name, n_iter=epochs, n_iter_min=epochs + 1, random_state=0)
    t0 = time.perf_counter()
    plugin.fit(df)
    return time.perf_counter() - t0


for name in plugins:
    fa, fb = fit_seconds(name, a), fit_seconds(name, b)
    print(json.dumps({"plugin": name, "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "epochs": [a, b], "fit_s": [round(fa, 2), round(fb, 2)], "s_per_epoch": round((fb - fa) / (b - a), 2)}),
          flush=True)
