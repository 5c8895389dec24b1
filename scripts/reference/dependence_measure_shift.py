"""What moved the slow tier's dependence figures of `column` (the negative control) and `gc` between the first run
(branch verdict14, 2026-12-06: `column` 4.2-5.9x the noise limit, `gc` 0.63-0.94x) and the rerun (branch slow14,
2026-12-07: 5.4-8.6x and 0.71-1.22x); docs/testing.md, "The slow tier for the non-neural methods".

Between the two runs the property tables (shapes, seeds, rows, 40 resamples, mean + 4 sd) did not change; the
dependence measure did (commit 011556d): its Pearson part took every column whose name starts with a g, so the
categorical `group` entered it by its level codes, paired with each Gaussian-block column. This script recomputes,
from the CSV files alone (independently of the Swift code), the dependence error of each method's sample and the
real-vs-real noise limit with the measure before ("old") and after ("new") that commit, per shape, and splits the
shift of each figure into its two factors: the error (the `group` pairs diluted the mean) and the limit.

1. The slow tier's tables, the 40 fresh real tables behind each noise limit, and the samples (debug build):
     SYNTHBENCH_SLOW_TESTS=1 SYNTHBENCH_PROPERTY_LOG=1 SYNTHBENCH_PROPERTY_CSV=DIR \
     SYNTHBENCH_PROPERTY_METHODS=sdv/column,sdv/gc OPENBLAS_NUM_THREADS=1 \
       swift test --skip-build --disable-xctest --filter DependenceProperty
   (the negative control fits `sdv/column` whatever the selection; `sdv/gc` is checked as its profile says.)
2. /work/venv/bin/python scripts/reference/dependence_measure_shift.py DIR --log LOG
   numpy, pandas, scipy (through property_neural.py's measure). With --log (step 1's output) the new measure's
   multiples of the limit are checked against the suite's log lines (`dependence sdv/gc shape N: ... = R x
   noise ...`, `dependence negative control sdv/column shape N: R x the noise limit`), which print 4 decimals.

The level codes of `group`, which only the old measure reads: SyntheticTableGenerator names the levels
group_1 ... group_k and codes them 0 ... k-1 in that order, and every sample keeps its training column's level
list (CategoryCoding), so a row's code is k - 1 for its level group_k in every table here.
"""
import argparse
import glob
import os
import re

import numpy as np

from property_neural import dependence_errors, kinds, read

# The property suite's slow tier (Tests/SynthesizersTests/Properties/GeneratorPropertyHarness.swift).
SHAPES = [1, 2, 3, 4, 5]
LIMIT_SDS = 4


def pearson(frame, a, b):
    both = frame[[a, b]].dropna().astype(float)
    r = both[a].corr(both[b]) if len(both) > 1 else float("nan")
    return 0.0 if np.isnan(r) else r


def with_codes(frame):
    """`group` as the old measure read it: its level code (group_k -> k - 1), NaN where missing."""
    out = frame.copy()
    out["group"] = frame["group"].map(lambda s: float(int(re.fullmatch(r"group_(\d+)", s).group(1)) - 1)
                                      if isinstance(s, str) else np.nan)
    return out


def old_parts(real, other, kind):
    """The measure before 011556d: the new measure's parts plus |Δr| between `group`'s codes and each
    Gaussian-block column (the old code paired every column named g*, `group` included)."""
    parts = dict(dependence_errors(real, other, kind))
    r, o = with_codes(real), with_codes(other)
    for b in [c for c, k in kind.items() if k == "numerical" and c.startswith("g")]:
        parts[f"r(group, {b})"] = abs(pearson(r, "group", b) - pearson(o, "group", b))
    return parts


def new_parts(real, other, kind):
    return dependence_errors(real, other, kind)


def measure(parts):
    return float(np.mean(list(parts.values())))


def noise_limit(real, fresh, kind, parts):
    values = np.array([measure(parts(real, f, kind)) for f in fresh])
    return values.mean(), values.std(ddof=1), values.mean() + LIMIT_SDS * values.std(ddof=1)


def logged_multiples(path):
    """(method, shape) -> the multiple of the noise limit the Swift suite printed."""
    out = {}
    pattern = re.compile(r"\[property\] dependence (?:negative control )?(\S+) shape (\d+): "
                         r"(?:[0-9.]+ = )?([0-9.]+) x (?:noise|the noise limit)")
    with open(path) as f:
        for line in f:
            m = pattern.match(line)
            if m:
                out[(m.group(1), int(m.group(2)))] = float(m.group(3))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dir")
    parser.add_argument("--shapes", type=int, nargs="+", default=SHAPES)
    parser.add_argument("--log", help="the suite's output of step 1, to check the new measure against")
    args = parser.parse_args()
    logged = logged_multiples(args.log) if args.log else {}
    summary = {}
    for shape in args.shapes:
        stem = os.path.join(args.dir, f"shape{shape}")
        kind = kinds(read(stem + ".csv", {}))
        real = read(stem + ".csv", kind)
        fresh_paths = sorted(glob.glob(stem + "-fresh*.csv"), key=lambda p: int(re.search(r"fresh(\d+)", p).group(1)))
        fresh = [read(p, kind) for p in fresh_paths]
        # The samples of the full table: shape<N>-<backend>-<method>.csv (not the -complete ones).
        named = [(re.fullmatch(rf"shape{shape}-(sdv|synthcity)-(.+)\.csv", os.path.basename(p)), p)
                 for p in sorted(glob.glob(stem + "-*.csv"))]
        samples = {f"{m.group(1)}/{m.group(2)}": read(p, kind) for m, p in named if m}
        width = sum(1 for c, k in kind.items() if k == "numerical" and c.startswith("g"))
        limits = {name: noise_limit(real, fresh, kind, parts) for name, parts in (("old", old_parts), ("new", new_parts))}
        n_old, n_new = len(old_parts(real, real, kind)), len(new_parts(real, real, kind))
        print(f"shape {shape}: Gaussian block of {width}, {n_new} pairs (old measure {n_old}: + r(group, g*)), "
              f"{len(fresh)} fresh tables")
        for name, (m, sd, limit) in limits.items():
            print(f"  noise, {name} measure: {m:.4f} ± {sd:.4f} (limit {limit:.4f})")
        for method, sample in samples.items():
            e_old, e_new = measure(old_parts(real, sample, kind)), measure(new_parts(real, sample, kind))
            l_old, l_new = limits["old"][2], limits["new"][2]
            row = dict(old=e_old / l_old, new=e_new / l_new, err=e_new / e_old, lim=l_old / l_new)
            summary.setdefault(method, []).append((shape, row))
            print(f"  {method}: error old {e_old:.4f}, new {e_new:.4f}; x the limit: old {row['old']:.2f}, "
                  f"new {row['new']:.2f} (shift {row['new'] / row['old']:.3f} = error {row['err']:.3f} "
                  f"x limit {row['lim']:.3f}); new error against the old limit {e_new / l_old:.2f}, "
                  f"old error against the new limit {e_old / l_new:.2f}")
            for part, value in old_parts(real, sample, kind).items():
                if part.startswith("r(group"):
                    print(f"    {part}: {value:.4f}")
    checked = [(method, shape, row["new"], logged[(method, shape)])
               for method, rows in summary.items() for shape, row in rows if (method, shape) in logged]
    for method, shape, ours, swift in checked:
        if abs(ours - swift) > 5.1e-5:  # the log rounds to 4 decimals
            raise SystemExit(f"{method} shape {shape}: {ours:.4f} x the limit here, {swift:.4f} in the suite's log")
    if args.log:
        print(f"\nthe new measure agrees with the suite's log to its 4 decimals in {len(checked)} of "
              f"{sum(len(rows) for rows in summary.values())} figures")
    print("\nx the noise limit, shapes " + ", ".join(map(str, args.shapes)))
    for method, rows in summary.items():
        print(f"  {method}: old measure " + ", ".join(f"{r['old']:.2f}" for _, r in rows)
              + "; new measure " + ", ".join(f"{r['new']:.2f}" for _, r in rows))


if __name__ == "__main__":
    main()
