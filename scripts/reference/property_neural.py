"""The generator property suite's marginal measure, per column, and its dependence measure (the mean over pairs),
for the Python references' CTGAN, TVAE (SynthCity's ddpm and adsgan, SDV's Gaussian copula and SDGym's
ColumnSynthesizer) fitted with the fast tier's hyperparameters on the suite's own tables (docs/testing.md, "Neural generators
against the 1.5x bar"). Compares them with SynthBench's samples of the same tables.

1. Write the tables and SynthBench's samples (debug build, the suite's fits):
     SYNTHBENCH_PROPERTY_CSV=/tmp/props SYNTHBENCH_PROPERTY_METHODS=sdv/ctgan,sdv/tvae,synthcity/ctgan,synthcity/tvae \
       swift test --skip-build --disable-xctest --filter MarginalFidelityProperty
2. Fit the references and print per-column errors (KS for numbers, integers and dates; total variation of
   level shares for categoricals and booleans; on observed values, bands left out, as TableMeasures does):
     /work/venv/bin/python scripts/reference/property_neural.py /tmp/props sdv ctgan --seeds 0 1 2
     /work/venv-synthcity/bin/python scripts/reference/property_neural.py /tmp/props synthcity ctgan --seeds 0 1 2
   sdv 2.0 / ctgan 0.12 in /work/venv; synthcity 0.2.12 in /work/venv-synthcity. Each row: column, SynthBench's
   error, then the reference's error for each seed. Torch runs on one thread.
3. The slow tier's 2,000-row tables (docs/testing.md, "The neural slow tier"): add SYNTHBENCH_SLOW_TESTS=1 to step 1
   and give the slow profile's length, e.g. `--epochs 90` for tvae, 45 for ctgan and adsgan (the slow profiles
   keep the fast tier's networks); `--set` overrides any other parameter.
4. SDGym's ColumnSynthesizer (sdgym 0.15.1, rdt 2.0.0, scikit-learn 1.9.1 in its own venv, /work/venv-sdgym):
     /work/venv-sdgym/bin/python scripts/reference/property_neural.py /tmp/props sdgym column --shapes 1 2 3 4 5
   after step 1 with SYNTHBENCH_PROPERTY_METHODS=sdv/column. The training table reaches it as SDGym's benchmark
   hands a dataset over: `pd.read_csv(low_memory=False)`, so dates are text (dtype object), a boolean column
   without missing values is `bool`, an integer column without missing values `int64`.
"""
import argparse
import ast
import os

import numpy as np
import pandas as pd
from scipy.stats import ks_2samp

# The fast tier's parameters (Sources/Synthesizers/Registry/MethodCatalog+TestProfiles.swift); SynthBench's
# `early_stopping: false` is SynthCity's patience never running out.
FAST = {
    ("sdv", "ctgan"): dict(epochs=30, batch_size=50, embedding_dim=16, generator_dim=(48, 48),
                           discriminator_dim=(48, 48), generator_lr=2e-3, discriminator_lr=2e-3),
    # SDV's TVAE hard-codes Adam's learning rate (1e-3); fit_sample patches it to `learning_rate`.
    ("sdv", "tvae"): dict(epochs=60, batch_size=50, embedding_dim=16, compress_dims=(48, 48),
                          decompress_dims=(48, 48), learning_rate=3e-3),
    ("synthcity", "ctgan"): dict(n_iter=30, batch_size=50, generator_n_units_hidden=48,
                                 discriminator_n_units_hidden=48, lr=2e-3, patience=10**6),
    ("synthcity", "tvae"): dict(n_iter=60, batch_size=50, n_units_embedding=16, encoder_n_layers_hidden=2,
                                encoder_n_units_hidden=32, decoder_n_layers_hidden=2, decoder_n_units_hidden=32,
                                patience=10**6),
    ("synthcity", "ddpm"): dict(n_iter=4000, batch_size=64, num_timesteps=50, dim_embed=32, lr=2e-3,
                                model_params=dict(n_layers_hidden=3, n_units_hidden=64, dropout=0.0)),
    # SDV's GaussianCopulaSynthesizer at its defaults (beta marginals), as `sdv/gc`'s profile runs it.
    ("sdv", "gc"): dict(),
    # SDGym's ColumnSynthesizer has no parameters.
    ("sdgym", "column"): dict(),
    ("synthcity", "adsgan"): dict(n_iter=20, batch_size=50, generator_n_units_hidden=48,
                                  discriminator_n_units_hidden=48, lr=2e-3, patience=10**6),
}


def kinds(frame):
    """The suite's column kinds, from the names PropertyTable gives them."""
    out = {}
    for c in frame.columns:
        if c.startswith("band") or c == "group":
            out[c] = "categorical"
        elif c == "flag":
            out[c] = "boolean"
        elif c == "when":
            out[c] = "datetime"
        elif c == "count":
            out[c] = "integer"
        else:
            out[c] = "numerical"
    return out


def seconds(series):
    return pd.to_datetime(series, format="%Y-%m-%d").astype("int64") // 10**9


def column_errors(real, other, kind):
    out = {}
    for c, k in kind.items():
        if c.startswith("band"):
            continue
        a, b = real[c].dropna(), other[c].dropna()
        if k in ("numerical", "integer", "datetime"):
            if k == "datetime":
                a, b = seconds(a), seconds(b)
            out[c] = 1.0 if len(a) == 0 or len(b) == 0 else ks_2samp(a.astype(float), b.astype(float)).statistic
        else:
            p = a.astype(str).value_counts(normalize=True)
            q = b.astype(str).value_counts(normalize=True)
            out[c] = 0.5 * p.subtract(q, fill_value=0).abs().sum()
    return out


def cramers_v(frame, a, b):
    """Cramér's V without continuity correction over rows where both are observed, levels by text (0 when a
    side has one level), as TableMeasures.cramersV."""
    both = frame[[a, b]].dropna()
    if len(both) == 0:
        return 0.0
    table = pd.crosstab(both[a].astype(str), both[b].astype(str)).to_numpy(dtype=float)
    if min(table.shape) < 2:
        return 0.0
    expected = table.sum(1, keepdims=True) * table.sum(0, keepdims=True) / table.sum()
    chi2 = ((table - expected) ** 2 / expected).sum()
    return float(np.sqrt(chi2 / table.sum() / (min(table.shape) - 1)))


def dependence_errors(real, other, kind):
    """The suite's dependence measure, per pair (TableMeasures.dependenceErrors): |Δ| of Pearson r between the
    Gaussian block's columns (complete pairs), of Cramér's V between categorical and boolean columns (bands too)."""
    def pearson(frame, a, b):
        both = frame[[a, b]].dropna().astype(float)
        r = both[a].corr(both[b]) if len(both) > 1 else float("nan")
        return 0.0 if np.isnan(r) else r
    numeric = [c for c, k in kind.items() if k == "numerical" and c.startswith("g")]
    discrete = [c for c, k in kind.items() if k in ("categorical", "boolean")]
    out = {}
    for i, a in enumerate(numeric):
        for b in numeric[i + 1:]:
            out[f"r({a}, {b})"] = abs(pearson(real, a, b) - pearson(other, a, b))
    for i, a in enumerate(discrete):
        for b in discrete[i + 1:]:
            out[f"V({a}, {b})"] = abs(cramers_v(real, a, b) - cramers_v(other, a, b))
    return out


def read(path, kind):
    frame = pd.read_csv(path, dtype={c: str for c, k in kind.items() if k in ("categorical", "boolean", "datetime")})
    for c, k in kind.items():
        if k == "boolean":
            frame[c] = frame[c].map({"True": True, "False": False}).astype(object)
    return frame


def sdgym_column(path, kind, seed):
    """SDGym's ColumnSynthesizer on the CSV at `path`, read as SDGym's benchmark reads a dataset; its mixtures
    and its resampling of text columns draw from numpy's global generator, seeded here."""
    from sdgym.synthesizers import ColumnSynthesizer
    from sdv.metadata import Metadata
    np.random.seed(seed)
    data = pd.read_csv(path, low_memory=False)
    md = Metadata.detect_from_dataframes({"t": data})
    for c, k in kind.items():
        if k == "datetime":
            md.update_column(c, table_name="t", sdtype="datetime", datetime_format="%Y-%m-%d")
        else:
            md.update_column(c, table_name="t", sdtype=k if k in ("categorical", "boolean") else "numerical")
    s = ColumnSynthesizer()
    s._fit(data, md)
    out = s.sample_from_synthesizer(s, len(data))
    for c, k in kind.items():
        if k == "boolean":
            out[c] = out[c].map({True: True, False: False, "True": True, "False": False}).astype(object)
    return out


def fit_sample(backend, method, real, kind, seed, path=None):
    if backend == "sdgym":
        return sdgym_column(path, kind, seed)
    import torch
    torch.manual_seed(seed)
    np.random.seed(seed)
    params = dict(FAST[(backend, method)])
    if backend == "sdv":
        import functools
        import ctgan.synthesizers.tvae as tvae
        from sdv.metadata import Metadata
        from sdv.single_table import CTGANSynthesizer, GaussianCopulaSynthesizer, TVAESynthesizer
        md = Metadata.detect_from_dataframes({"t": real})
        for c, k in kind.items():
            if k == "datetime":
                md.update_column(c, table_name="t", sdtype="datetime", datetime_format="%Y-%m-%d")
            elif k in ("categorical", "boolean"):
                md.update_column(c, table_name="t", sdtype=k)
            else:
                md.update_column(c, table_name="t", sdtype="numerical")
        if method == "tvae":
            tvae.Adam = functools.partial(torch.optim.Adam, lr=params.pop("learning_rate"))
        cls = {"ctgan": CTGANSynthesizer, "tvae": TVAESynthesizer, "gc": GaussianCopulaSynthesizer}[method]
        s = cls(md, **params)
        s.fit({"t": real})
        out = s.sample(len(real))
        return out["t"] if isinstance(out, dict) else out
    from synthcity.plugins import Plugins
    from synthcity.plugins.core.dataloader import GenericDataLoader
    frame = real.copy()
    frame["when"] = pd.to_datetime(frame["when"], format="%Y-%m-%d")
    plugin = Plugins().get(method, random_state=seed, **params)
    plugin.fit(GenericDataLoader(frame))
    out = plugin.generate(len(real)).dataframe()
    out["when"] = pd.to_datetime(out["when"]).dt.strftime("%Y-%m-%d")
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("directory")
    ap.add_argument("backend", choices=["sdv", "synthcity", "sdgym"])
    ap.add_argument("method", choices=["ctgan", "tvae", "ddpm", "adsgan", "gc", "column"])
    ap.add_argument("--shapes", nargs="+", type=int, default=[1, 2])
    ap.add_argument("--seeds", nargs="+", type=int, default=[0])
    ap.add_argument("--epochs", type=int, help="override the fast tier's epochs / n_iter")
    ap.add_argument("--set", nargs="+", default=[], metavar="KEY=VALUE",
                    help="override any other parameter (a Python literal: --set batch_size=50 "
                         "compress_dims='(128, 128)'), e.g. to match a slow-tier profile on the 2,000-row tables")
    args = ap.parse_args()
    if args.backend != "sdgym":
        import torch
        torch.set_num_threads(1)
    if args.epochs:
        FAST[(args.backend, args.method)]["epochs" if args.backend == "sdv" else "n_iter"] = args.epochs
    for assignment in args.set:
        key, value = assignment.split("=", 1)
        FAST[(args.backend, args.method)][key] = ast.literal_eval(value)
    suffix = "-complete" if args.backend == "synthcity" else ""
    # SynthBench's name for the reference's method, in the sample files step 1 writes.
    ours_name = {"sdgym": "sdv"}.get(args.backend, args.backend)
    for shape in args.shapes:
        name = f"shape{shape}{suffix}"
        probe = pd.read_csv(os.path.join(args.directory, f"{name}.csv"), nrows=1)
        kind = kinds(probe)
        real = read(os.path.join(args.directory, f"{name}.csv"), kind)
        ours_path = os.path.join(args.directory, f"{name}-{ours_name}-{args.method}.csv")
        ours = column_errors(real, read(ours_path, kind), kind) if os.path.exists(ours_path) else None
        samples = [fit_sample(args.backend, args.method, real, kind, s, os.path.join(args.directory, f"{name}.csv"))
                   for s in args.seeds]
        refs = [column_errors(real, sample, kind) for sample in samples]
        print(f"{args.backend}/{args.method} shape {shape}: column, SynthBench, reference seeds {args.seeds}")
        for c in refs[0]:
            mine = f"{ours[c]:.4f}" if ours else "-"
            print(f"  {c:8s} {kind[c]:12s} {mine}  " + " ".join(f"{r[c]:.4f}" for r in refs))
        for c in kind:
            if real[c].isna().any():
                print(f"  missing rate {c:8s} training {real[c].isna().mean():.4f}, reference "
                      + " ".join(f"{sample[c].isna().mean():.4f}" for sample in samples))
        mean = lambda d: sum(d.values()) / len(d)
        print(f"  {'mean':21s} {mean(ours) if ours else float('nan'):.4f}  " + " ".join(f"{mean(r):.4f}" for r in refs))
        ours_dep = dependence_errors(real, read(ours_path, kind), kind) if ours else None
        refs_dep = [dependence_errors(real, sample, kind) for sample in samples]
        print(f"  {'dependence (mean)':21s} {mean(ours_dep) if ours_dep else float('nan'):.4f}  "
              + " ".join(f"{mean(r):.4f}" for r in refs_dep))


if __name__ == "__main__":
    main()
