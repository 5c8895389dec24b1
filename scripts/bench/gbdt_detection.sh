#!/bin/sh
# Alternates `c2st.detection_xgb`'s five boosted-tree fits of two revisions on adult (scripts/bench/
# gbdt_detection.swift): each revision's GradientBoostedTrees sources (with FeatureBinning, its tree grower if
# any, and SynthMath's RandomStream) are compiled alone with -O into one program, the two programs run in turn
# PAIRS times on the same rows, and their test probabilities are compared bit for bit.
#   usage: scripts/bench/gbdt_detection.sh OLD_REV NEW_REV ADULT_DATA SYNTHETIC_CSV [PAIRS]
#   e.g.   scripts/bench/gbdt_detection.sh integ HEAD datasets/.cache/adult.data DIR/synthetic.csv 3
. "$(dirname "$0")/revisions.sh"
old=$1 new=$2 data=$3 csv=$4 pairs=${5:-3}
for side in old new; do
    eval rev=\$$side
    unpack "$rev" "$work/$side" Sources/Evaluation/Classifiers Sources/SynthMath/Random
    for f in GradientBoostedTrees FeatureBinning HistogramTreeGrower; do
        src="$work/$side/tree/Sources/Evaluation/Classifiers/$f.swift"
        [ -f "$src" ] && cp "$src" "$work/$side/src/"
    done
    cp "$work/$side/tree/Sources/SynthMath/Random/RandomStream.swift" "$work/$side/src/"
    sed -i 's/^import SynthMath$//' "$work/$side/src"/*.swift
    cp "$root/scripts/bench/gbdt_detection.swift" "$work/$side/src/main.swift"
    swiftc -O -module-name Evaluation "$work/$side/src"/*.swift -o "$work/$side/bench"
done
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$pairs"); do
    printf 'old %s: ' "$old"; "$work/old/bench" "$data" "$csv" "$work/old.bin"
    printf 'new %s: ' "$new"; "$work/new/bench" "$data" "$csv" "$work/new.bin"
done
cmp "$work/old.bin" "$work/new.bin" && echo "same probabilities, bit for bit"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
