#!/bin/sh
# How much of its bound fnlwgt's coarse stretch uses at revision REV (scripts/bench/coarse_stretch_margin.swift).
#   usage: scripts/bench/coarse_stretch_margin.sh REV [DRAWS]
#   e.g.   scripts/bench/coarse_stretch_margin.sh HEAD 10000000
. "$(dirname "$0")/revisions.sh"
rev=$1 draws=${2:-10000000}
table_bench "$rev" "$work/bench" coarse_stretch_margin.swift
"$work/bench/bench" "$draws"
