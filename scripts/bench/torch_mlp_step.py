#!/usr/bin/env python3
"""PyTorch reference for `synthbench bench nn`'s MLP step (docs/blas.md, docs/nn.md).

The same step as NNBenchmark.measureMLP: a 156 -> 256 -> 256 -> 156 ReLU MLP (nn.Linear with bias),
batch 500, MSE loss against a fixed normal target, backward, Adam(lr 1e-3) step, on ONE thread.
Prints the median, mean and min step time in ms over --steps timed steps (after --warmup steps), the
PyTorch version and the CPU capability PyTorch's kernels use.

Run outside the build, in a venv with torch:  /work/venv/bin/python scripts/bench/torch_mlp_step.py
"""
import argparse
import json
import statistics
import time

import torch


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    widths = [156, 256, 256, 156]
    layers = []
    for i in range(len(widths) - 1):
        layers.append(torch.nn.Linear(widths[i], widths[i + 1]))
        if i + 2 < len(widths):
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.randn(500, widths[0])
    y = torch.randn(500, widths[-1])

    def step() -> None:
        optimizer.zero_grad(set_to_none=True)
        loss = torch.nn.functional.mse_loss(model(x), y)
        loss.backward()
        optimizer.step()

    for _ in range(args.warmup):
        step()
    times = []
    for _ in range(args.steps):
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    with open("/proc/loadavg") as f:
        load = f.read().split()[:3]
    print(json.dumps({
        "torch": torch.__version__,
        "cpu_capability": torch.backends.cpu.get_cpu_capability(),
        "threads": torch.get_num_threads(),
        "steps": args.steps,
        "median_ms": round(statistics.median(times) * 1e3, 3),
        "mean_ms": round(statistics.mean(times) * 1e3, 3),
        "min_ms": round(min(times) * 1e3, 3),
        "load_average": load,
    }))


if __name__ == "__main__":
    main()
