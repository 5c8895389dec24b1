#!/bin/sh
# Pair-by-pair timing of SynthBench's SynthCity-compatible suites against SynthCity 0.2.12's matching evaluators
# on adult (docs/metrics.md#speed-against-synthcity): per suite, ours, then SynthCity's, then ours again, in one
# sitting, each as CPU (user + system) and wall seconds, with the load average before each run.
#
# Usage: scripts/reference/suite_timing_pairs.sh SYNTHBENCH_BINARY SYNTHETIC_CSV [SUITE ...]
#        scripts/reference/suite_timing_pairs.sh --per-metric SYNTHBENCH_BINARY SYNTHETIC_CSV [OUR_SUITE ...]
#   SYNTHBENCH_BINARY: a release build (`swift build -c release --product synthbench`);
#   SYNTHETIC_CSV: a fixed synthetic adult table, e.g. from
#     synthbench generate --dataset adult --method gc --suite payload --holdout 0 --out DIR   (DIR/synthetic.csv)
#   SUITE: stats detection performance privacy (default: all four).
# Ours runs every row (--eval-cap 0), as SynthCity's evaluators do, on one BLAS thread.
#
# --per-metric (docs/metrics.md#per-metric-pairs-against-synthcity): per suite of ours (anonymity, distance,
# membership, c2st; default all four), `synthbench bench privacy adult --suite S --eval-cap 0` (each metric timed
# alone, process CPU seconds per metric; `--synthetic SYNTHETIC_CSV` when the binary has the option, else its own
# gc table), then each matching SynthCity evaluator in its own process, then ours again. Lines:
#   <metric> <side> load=<1-min load> cpu=<s> [wall=<s>]
set -eu
per_metric=0
if [ "${1:-}" = --per-metric ]; then per_metric=1; shift; fi
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
if [ $per_metric = 1 ]; then
    # Our suite -> the SynthCity evaluators it stands beside.
    evaluators() {
        case $1 in
            anonymity) echo "k-anonymization|distinct l-diversity|k-map|delta-presence" ;;
            distance) echo "identifiability_score" ;;
            membership) echo "DomiasMIA_KDE|DomiasMIA_prior|DomiasMIA_BNAF" ;;
            c2st) echo "detection_xgb|detection_mlp|detection_gmm|detection_linear" ;;
            leakage) echo "data_leakage_linear|data_leakage_xgb|data_leakage_mlp" ;;
        esac
    }
    synthetic_option=""
    if "$bin" bench privacy --help 2>/dev/null | grep -q -- --synthetic; then synthetic_option="--synthetic $csv"; fi
    ours() {
        load=$(cut -d' ' -f1 /proc/loadavg)
        # shellcheck disable=SC2086
        "$bin" bench privacy adult --suite "$1" --eval-cap 0 --blas-threads 1 $synthetic_option --json 2>/dev/null |
            "$python" -c 'import json, sys
for m, c in sorted(json.load(sys.stdin)["result"]["metricCPUSeconds"].items()): print(m, "ours", "load='"$load"'", f"cpu={c:.2f}")'
    }
    for s in ${*:-anonymity distance membership c2st}; do
        [ "$s" = leakage ] || ours "$s"
        IFS='|'
        for e in $(evaluators "$s"); do
            unset IFS
            load=$(cut -d' ' -f1 /proc/loadavg)
            # SynthCity's import prints KeOps warnings on stdout: keep only the evaluator's own line.
            line=$("$python" "$here/synthcity_suite_timings.py" "$e" "$csv" 2>/dev/null | grep "^$e	" | head -1)
            echo "$e synthcity load=$load cpu=$(echo "$line" | cut -f2) wall=$(echo "$line" | cut -f3)"
            IFS='|'
        done
        unset IFS
        [ "$s" = leakage ] || ours "$s"
    done
    exit 0
fi
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
