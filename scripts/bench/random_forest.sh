#!/bin/sh
# Alternates the random forest of two revisions (scripts/bench/random_forest.swift): each revision's
# Sources/Evaluation/Classifiers/{DecisionTree,RandomForestClassifier,FeatureBinning}.swift and
# Sources/SynthMath/Random/RandomStream.swift compiled alone with -O, then the two programs run in turn PAIRS
# times; each prints the CPU seconds of the fit and the prediction and the digest of the probabilities, which
# must agree.
#   usage: scripts/bench/random_forest.sh OLD_REV NEW_REV [ROWS] [PAIRS]
#   e.g.   scripts/bench/random_forest.sh 3b743d6 HEAD 50000 3
. "$(dirname "$0")/revisions.sh"
old=$1 new=$2 rows=${3:-50000} pairs=${4:-3}
for side in old new; do
    eval rev=\$$side
    unpack "$rev" "$work/$side" Sources/Evaluation/Classifiers/DecisionTree.swift \
        Sources/Evaluation/Classifiers/RandomForestClassifier.swift Sources/Evaluation/Classifiers/FeatureBinning.swift \
        Sources/SynthMath/Random/RandomStream.swift
    for f in "$work/$side/tree"/Sources/Evaluation/Classifiers/*.swift "$work/$side/tree"/Sources/SynthMath/Random/*.swift; do
        grep -v '^import SynthMath' "$f" > "$work/$side/src/$(basename "$f")"
    done
    cp "$root/scripts/bench/random_forest.swift" "$work/$side/src/main.swift"   # top-level code
    swiftc -O "$work/$side/src"/*.swift -o "$work/$side/bench"
done
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$pairs"); do
    printf 'old %s: ' "$old"; "$work/old/bench" "$rows"
    printf 'new %s: ' "$new"; "$work/new/bench" "$rows"
done
