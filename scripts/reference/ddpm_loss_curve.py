"""The official TabDDPM trainer's loss curve on adult, for docs/ddpm.md (issue 13: is SynthBench's flat Gaussian
loss in the paper preset's first steps also the reference's?).

Imports the official model and diffusion (`tab_ddpm.MLPDiffusion`, `tab_ddpm.GaussianMultinomialDiffusion`) from a
checkout of yandex-research/tab-ddpm and runs the steps of its `scripts/train.py` Trainer on the same rows
SynthBench trains on: adult's 32,561 training rows, the six numerical columns through the official `normalize`
(sklearn `QuantileTransformer(output_distribution="normal", n_quantiles=max(min(n // 30, 1000), 10),
subsample=1e9, random_state=seed)`), the eight categorical ones as ordinal codes (sorted categories, missing
last; `cat_encoding="__none__"`), conditioned on `income` (`is_y_cond=true`), with the paper's adult configuration
(`exp/adult/ddpm_cb_best/config.toml`: d_layers 256,1024x4,256, dropout 0, 100 timesteps, cosine, mse, AdamW
lr 0.0020099 wd 0, batch 4096). The loop is the Trainer's: `lib.FastTensorDataLoader`'s passes (a fresh
`torch.randperm` per pass, the last batch partial), zero_grad, `mixed_loss`, backward, AdamW step, then
`lr = lr0 * (1 - step / steps)`. (The checkout's `lib` needs packages the product's venv lacks, so the loader's
few lines are restated here; nothing else is.)

Prints one line per pass (the mean of its steps' losses, each step weighted by its rows as the Trainer's log does),
so it lines up with SynthBench's per-pass history:
    /work/venv/bin/python scripts/reference/ddpm_loss_curve.py TAB_DDPM_CHECKOUT datasets/.cache/adult.data \
        [--steps 200] [--seed 0] [--threads 1] [--every-steps 0]
With --every-steps K, the Trainer's own log (every K steps) instead."""
import argparse
import sys
import time

import numpy as np
import torch
from sklearn.preprocessing import QuantileTransformer

sys.path.insert(0, __import__("os").path.dirname(__file__))
from adult_data import load  # noqa: E402

NUMERICAL = ["age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week"]
CATEGORICAL = ["workclass", "education", "marital-status", "occupation", "relationship", "race", "sex",
               "native-country"]


def codes(column):
    """Sorted categories, missing last (SynthBench's `ColumnCategories(order: .sorted)`)."""
    present = sorted(column.dropna().unique())
    index = {v: i for i, v in enumerate(present)}
    has_missing = column.isna().any()
    out = column.map(lambda v: index.get(v, len(present))).to_numpy(dtype=np.int64)
    return out, len(present) + (1 if has_missing else 0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("checkout")
    parser.add_argument("adult")
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--every-steps", type=int, default=0)
    parser.add_argument("--lr", type=float, default=0.0020099410620098234)
    parser.add_argument("--batch", type=int, default=4096)
    args = parser.parse_args()
    sys.path.insert(0, args.checkout)
    from tab_ddpm import GaussianMultinomialDiffusion, MLPDiffusion

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    df = load(args.adult)
    n = len(df)
    x_num = df[NUMERICAL].to_numpy(dtype=np.float64)
    qt = QuantileTransformer(output_distribution="normal", n_quantiles=max(min(n // 30, 1000), 10),
                             subsample=int(1e9), random_state=args.seed)
    x_num = qt.fit_transform(x_num)
    cat = [codes(df[c]) for c in CATEGORICAL]
    x_cat = np.stack([c for c, _ in cat], axis=1)
    sizes = np.array([k for _, k in cat])
    y, _ = codes(df["income"])
    x = torch.from_numpy(np.concatenate([x_num, x_cat], axis=1)).float()
    y = torch.from_numpy(y)

    d_in = int(sizes.sum()) + len(NUMERICAL)
    model = MLPDiffusion(d_in=d_in, num_classes=2, is_y_cond=True,
                         rtdl_params={"d_layers": [256, 1024, 1024, 1024, 1024, 256], "dropout": 0.0}, dim_t=128)
    diffusion = GaussianMultinomialDiffusion(num_classes=sizes, num_numerical_features=len(NUMERICAL),
                                             denoise_fn=model, gaussian_loss_type="mse", num_timesteps=100,
                                             scheduler="cosine", device=torch.device("cpu"))
    diffusion.train()
    optimizer = torch.optim.AdamW(diffusion.parameters(), lr=args.lr, weight_decay=0.0)
    print(f"# rows {n}, d_in {d_in}, category sizes {sizes.tolist()}, torch {torch.__version__}, "
          f"{args.threads} thread(s), seed {args.seed}", flush=True)
    print("step,multinomial,gaussian,cpu_s", flush=True)
    step, start = 0, time.process_time()
    acc_m = acc_g = 0.0
    count = 0
    while step < args.steps:
        order = torch.randperm(n)
        for first in range(0, n, args.batch):
            if step >= args.steps:
                break
            index = order[first:first + args.batch]
            xb, out = x[index], {"y": y[index].long()}
            optimizer.zero_grad()
            loss_multi, loss_gauss = diffusion.mixed_loss(xb, out)
            (loss_multi + loss_gauss).backward()
            optimizer.step()
            for group in optimizer.param_groups:
                group["lr"] = args.lr * (1 - step / args.steps)
            acc_m += loss_multi.item() * len(xb)
            acc_g += loss_gauss.item() * len(xb)
            count += len(xb)
            step += 1
            if args.every_steps and step % args.every_steps == 0:
                print(f"{step},{acc_m / count:.4f},{acc_g / count:.4f},{time.process_time() - start:.1f}", flush=True)
                acc_m = acc_g = 0.0
                count = 0
        if not args.every_steps and count:
            print(f"{step},{acc_m / count:.4f},{acc_g / count:.4f},{time.process_time() - start:.1f}", flush=True)
            acc_m = acc_g = 0.0
            count = 0


if __name__ == "__main__":
    main()
