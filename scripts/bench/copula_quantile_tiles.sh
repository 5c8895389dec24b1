#!/bin/sh
# Alternates the copula's quantile pass by column and in row tiles (scripts/bench/copula_quantile_tiles.swift), both
# with revision REV's Sources/SynthMath/Special/*.swift and NormalScoreQuantileTable.swift (one program, two modes);
# the digests of the values must agree.
#   usage: scripts/bench/copula_quantile_tiles.sh REV [BLOCKS] [PAIRS]
#   e.g.   scripts/bench/copula_quantile_tiles.sh HEAD 16 4
. "$(dirname "$0")/revisions.sh"
rev=$1 blocks=${2:-16} pairs=${3:-4}
table_bench "$rev" "$work/bench" copula_quantile_tiles.swift
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$pairs"); do
    "$work/bench/bench" columns "$blocks" 1
    "$work/bench/bench" tiles "$blocks" 1
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
