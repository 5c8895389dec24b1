#!/bin/sh
# Alternates the five fits of `c2st.detection_xgb` (LEARNER xgb: GradientBoostedTrees) or `c2st.detection_linear`
# (linear: LogisticRegression) of two revisions on adult (scripts/bench/c2st_learners.swift): each revision's
# learner sources (GradientBoostedTrees with FeatureBinning and its tree grower if any, LogisticRegression with
# DampedNewton, SynthMath's RandomStream; Matrix.solve from scripts/bench/c2st_learners_shim.swift) are compiled
# alone with -O into one program, the two programs run in turn PAIRS times on the same rows, and their test
# probabilities are compared bit for bit.
#   usage: scripts/bench/c2st_learners.sh LEARNER OLD_REV NEW_REV ADULT_DATA SYNTHETIC_CSV [PAIRS]
#   e.g.   scripts/bench/c2st_learners.sh xgb integ HEAD datasets/.cache/adult.data DIR/synthetic.csv 3
. "$(dirname "$0")/revisions.sh"
learner=$1 old=$2 new=$3 data=$4 csv=$5 pairs=${6:-3}
for side in old new; do
    eval rev=\$$side
    unpack "$rev" "$work/$side" Sources/Evaluation/Classifiers Sources/SynthMath/Random
    for f in GradientBoostedTrees FeatureBinning HistogramTreeGrower LogisticRegression DampedNewton; do
        src="$work/$side/tree/Sources/Evaluation/Classifiers/$f.swift"
        [ -f "$src" ] && cp "$src" "$work/$side/src/"
    done
    cp "$work/$side/tree/Sources/SynthMath/Random/RandomStream.swift" "$work/$side/src/"
    sed -i 's/^import SynthMath$//' "$work/$side/src"/*.swift
    cp "$root/scripts/bench/c2st_learners.swift" "$work/$side/src/main.swift"
    cp "$root/scripts/bench/c2st_learners_shim.swift" "$work/$side/src/"
    swiftc -O -module-name Evaluation "$work/$side/src"/*.swift -o "$work/$side/bench"
done
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$pairs"); do
    printf 'old %s: ' "$old"; "$work/old/bench" "$data" "$csv" "$work/old.bin" "$learner"
    printf 'new %s: ' "$new"; "$work/new/bench" "$data" "$csv" "$work/new.bin" "$learner"
done
cmp "$work/old.bin" "$work/new.bin" && echo "same probabilities, bit for bit"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
