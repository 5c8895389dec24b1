#!/bin/sh
# Pair-by-pair timing of SynthBench's SynthCity-compatible suites against SynthCity 0.2.12's matching evaluators
# on adult (docs/metrics.md#speed-against-synthcity): per suite, ours, then SynthCity's, then ours again, in one
# sitting, each as CPU (user + system) and wall seconds, with the load average before each run.
#
# Usage: scripts/reference/suite_timing_pairs.sh SYNTHBENCH_BINARY SYNTHETIC_CSV [SUITE ...]
#   SYNTHBENCH_BINARY: a release build (`swift build -c release --product synthbench`);
#   SYNTHETIC_CSV: a fixed synthetic adult table, e.g. from
#     synthbench generate --dataset adult --method gc --suite payload --holdout 0 --out DIR   (DIR/synthetic.csv)
#   SUITE: stats detection performance privacy (default: all four).
# Ours runs every row (--eval-cap 0), as SynthCity's evaluators do, on one BLAS thread.
set -eu
bin=$1; csv=$2; shift 2
suites=${*:-stats detection performance privacy}
python=${SYNTHCITY_PYTHON:-/work/venv-synthcity/bin/python}
here=$(dirname "$0")
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
ours_args() {
    case $1 in
        privacy) echo "--suite membership --suite distance --suite anonymity" ;;
        *) echo "--suite $1" ;;
    esac
}
for s in $suites; do
    for side in ours synthcity ours; do
        load=$(cut -d' ' -f1 /proc/loadavg)
        if [ "$side" = ours ]; then
            # shellcheck disable=SC2046
            /usr/bin/time -f "%U %S %e" -o "$tmp" "$bin" evaluate --real adult --synthetic "$csv" --eval-cap 0 \
                --blas-threads 1 $(ours_args "$s") >/dev/null 2>&1
            t=$(tail -1 "$tmp")
            echo "$s ours load=$load cpu=$(echo "$t" | awk '{print $1 + $2}') wall=$(echo "$t" | awk '{print $3}')"
        else
            tot=$("$python" "$here/synthcity_suite_timings.py" "$s" "$csv" | tail -1)
            echo "$s synthcity load=$load cpu=$(echo "$tot" | cut -f2) wall=$(echo "$tot" | cut -f3)"
        fi
    done
done
