"""SynthCity 0.2.12's CTGAN on the property suite's tables: the level shares of the Zipf column `group` in its
samples, as shipped and with its training conditions ALIGNED with their real rows (docs/ctgan-tvae.md,
"Conditions at generation and the rare levels").

SynthCity's `ConditionalDatasetSampler` draws one condition per table row (a discrete column uniformly, then a
category by raw frequency) and a row carrying it, but `GAN._train_test_split` indexes the conditions (kept in
draw order) by row index, so each real row is paired with another draw's condition; `_generator_cond_loss`
then targets the paired REAL row's category under the conditioned block. `--aligned` patches the sampler so
that each row keeps the condition that drew it (rows never drawn get a condition they carry): what CTGAN's
`DataSampler` and SynthBench do. Generation (`sample_conditional`: column uniformly, category by raw frequency)
is not touched.

Tables: SYNTHBENCH_PROPERTY_CSV=<dir> with the property suite (shape<N>-complete.csv), or /work/runs/nn14/props.
    /work/venv-synthcity/bin/python scripts/reference/ctgan_condition_alignment.py DIR --seeds 0 1 2 3 [--aligned]
Each line: shape, seed, TV of `group` (observed levels), level shares (real first), missing share, and how
many rows of the last generation round SynthCity's schema filter kept (`--lenient`: `strict=False`, no filter).
"""
import argparse
import os

import numpy as np
import pandas as pd

FAST = dict(n_iter=30, batch_size=50, generator_n_units_hidden=48, discriminator_n_units_hidden=48, lr=2e-3,
            patience=10**6)


def align_conditions():
    """Patches ConditionalDatasetSampler so that condition i sits at the row it drew."""
    from synthcity.utils import samplers

    original = samplers.ConditionalDatasetSampler._prepare_dataset_conditionals

    def prepare(self):
        train = set(int(i) for i in self._train_idx)
        original(self)
        if self._dataset_conditional is None:
            return
        draws = self._dataset_conditional
        # The sampled row of each draw, again: rebuild it from the draw order the original used.
        by_row = np.zeros_like(draws)
        drawn = np.zeros(len(draws), dtype=bool)
        for i, row in enumerate(self._sampling_indices):
            by_row[row] = draws[i]
            drawn[row] = True
        # Rows never drawn: a column uniformly and the category the row carries.
        for row in np.nonzero(~drawn)[0]:
            k = np.random.randint(self._n_discrete_columns)
            lo = self._categorical_feat_offset[k]
            for j, rows in enumerate(self._categorical_value_to_row_[k]):
                if row in rows:
                    by_row[row, lo + j] = 1
        self._dataset_conditional = by_row
        assert all(i in train for i in self._train_idx)

    def indices(self, cat_feats, cat_values):
        idx = [np.random.choice(self._categorical_value_to_row_[c][o]) for c, o in zip(cat_feats, cat_values)]
        self._sampling_indices = idx
        return idx

    samplers.ConditionalDatasetSampler._prepare_dataset_conditionals = prepare
    samplers.ConditionalDatasetSampler.sample_conditional_indices = indices


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("directory")
    ap.add_argument("--shapes", nargs="+", type=int, default=[1, 2])
    ap.add_argument("--seeds", nargs="+", type=int, default=[0, 1])
    ap.add_argument("--aligned", action="store_true")
    ap.add_argument("--lenient", action="store_true",
                    help="strict=False: no schema filter (rows outside the training ranges kept) nor duplicate drop")
    args = ap.parse_args()
    import torch
    torch.set_num_threads(1)
    from synthcity.plugins import Plugins
    from synthcity.plugins.core.dataloader import GenericDataLoader
    if args.aligned:
        align_conditions()
    from synthcity.plugins.core.constraints import Constraints
    kept = []
    match = Constraints.match

    def counting_match(self, X):
        out = match(self, X)
        kept.append((len(out), len(X)))
        return out

    Constraints.match = counting_match
    for shape in args.shapes:
        real = pd.read_csv(os.path.join(args.directory, f"shape{shape}-complete.csv"),
                           dtype={"group": str, "band0": str, "band1": str, "flag": str, "when": str})
        frame = real.copy()
        frame["when"] = pd.to_datetime(frame["when"], format="%Y-%m-%d")
        levels = sorted(real["group"].dropna().unique())
        p = real["group"].dropna().value_counts(normalize=True).reindex(levels, fill_value=0)
        print(f"shape {shape} real   " + " ".join(f"{v:.3f}" for v in p) + f"  missing {real['group'].isna().mean():.3f}")
        for seed in args.seeds:
            torch.manual_seed(seed)
            np.random.seed(seed)
            kept.clear()
            plugin = Plugins().get("ctgan", random_state=seed, strict=not args.lenient, **FAST)
            plugin.fit(GenericDataLoader(frame))
            out = plugin.generate(len(real)).dataframe()
            g = out["group"].astype(object).where(out["group"].notna(), None).dropna().astype(str)
            q = g.value_counts(normalize=True).reindex(levels, fill_value=0)
            tv = 0.5 * p.subtract(q, fill_value=0).abs().sum()
            label = ("aligned" if args.aligned else "shipped") + (" lenient" if args.lenient else "")
            # Constraints.match also runs inside fit (the patience metric's generations): the last calls are ours.
            passed = f"  schema filter kept {kept[-1][0]}/{kept[-1][1]}" if kept and not args.lenient else ""
            print(f"shape {shape} seed {seed} {label} TV {tv:.4f}  " + " ".join(f"{v:.3f}" for v in q)
                  + f"  missing {out['group'].isna().mean():.3f}" + passed, flush=True)


if __name__ == "__main__":
    main()
