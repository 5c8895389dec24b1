"""CPU seconds and leaf-function shares of the phases of one `synthbench bench ddpm` process, from a `perf record
-F 1000 -g` of it (cpu-clock samples: each sample stands for its period of the process's CPU time, so the figures
do not depend on how long the process waited for a core on a loaded machine). For docs/ddpm.md:
    perf record -F 1000 -g -o P.data synthbench bench ddpm adult ... --json > B.json
    perf script -i P.data -F time,period,ip,sym > P.txt
    python3 scripts/reference/ddpm_perf_phases.py P.txt B.json [STEPS]
STEPS: the training steps run, when the bench's JSON miscounts them (main before 2026-12-06 counted a step budget
shorter than a pass as the whole pass).
A phase runs from the first to the last sample whose stack holds its function: training (TabularDiffusion.train),
sampling (TabularDiffusion.generate), the sgemm benchmark (BLASBenchmark). Rates: the bench's FLOP counts over these
CPU seconds; the sgemm benchmark ran 7 x callsPerBatch products (a warm-up call, the doubling batches 1, 2, ..., and
5 timed batches) of its shape. Shares: the sampled leaf functions, OpenBLAS's kernel, packing and beta (memset)
together as `sgemm`."""
import collections
import json
import re
import sys

samples = []
for block in open(sys.argv[1]).read().split("\n\n"):
    lines = [l for l in block.strip().split("\n") if l.strip()]
    if not lines:
        continue
    m = re.match(r"\s*(\d+\.\d+):\s+(\d+)\s", lines[0])
    if not m:
        continue
    frames = [re.sub(r"\+0x[0-9a-f]+.*", "", l.strip().split(" ", 1)[-1]) for l in lines[1:]]
    samples.append((float(m.group(1)), int(m.group(2)) * 1e-9, frames))
samples.sort(key=lambda s: s[0])
bench = json.loads(open(sys.argv[2]).read())
bench = bench.get("result", bench)


def window(key):
    times = [t for t, _, f in samples if any(key in x for x in f)]
    return (min(times), max(times)) if times else None


def phase(key):
    w = window(key)
    inside = [(p, f) for t, p, f in samples if w and w[0] <= t <= w[1]]
    cpu = sum(p for p, _ in inside)
    leaves = collections.Counter()
    for p, f in inside:
        leaf = f[0] if f else "?"
        if "sgemm" in leaf or leaf.startswith("__memset"):
            leaf = "sgemm (kernel, packing, beta)"
        leaves[leaf[:90]] += p
    return cpu, leaves


train_cpu, train_leaves = phase("TabularDiffusionC5train")
sample_cpu, sample_leaves = phase("TabularDiffusionC8generate")
blas_cpu, _ = phase("BLASBenchmark")
print(json.dumps({k: bench[k] for k in ("stepsRun", "sampleSteps", "rows", "blasCore")}, default=str))
steps = int(sys.argv[3]) if len(sys.argv) > 3 else bench["stepsRun"]
train_rate = bench["trainingFlopsPerStep"] * steps / train_cpu / 1e9
sample_rate = bench["sampleFlopsPerStep"] * bench["sampleSteps"] / sample_cpu / 1e9
print(f"training: {train_cpu:.2f} s CPU for {steps} steps = {1e3 * train_cpu / steps:.1f} ms/step, {train_rate:.1f} GFLOP/s")
print(f"sampling: {sample_cpu:.2f} s CPU for {bench['sampleSteps']} steps of {bench['rows']} rows, {sample_rate:.1f} GFLOP/s")
for name, leaves, cpu in (("training", train_leaves, train_cpu), ("sampling", sample_leaves, sample_cpu)):
    print(f"{name} leaf shares:")
    for leaf, p in leaves.most_common(12):
        print(f"  {100 * p / cpu:5.1f} % {leaf}")
print(f"sgemm benchmark phase: {blas_cpu:.2f} s CPU")
