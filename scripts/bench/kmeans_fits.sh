#!/bin/sh
# Alternates SynthMath's KMeans of two revisions on the 8 fits of `anonymity.cluster_k_anonymization`
# (scripts/bench/kmeans_fits.swift): each revision's KMeans, KMeansAssignment, Matrix and RandomStream sources and
# its CSynthKernels/kmeans.c are compiled alone (-O, clang -O2) into one program; the two run in turn PAIRS times
# and print their digests of labels, centres and predictions (equal: the same bits).
#   usage: scripts/bench/kmeans_fits.sh OLD_REV NEW_REV [ADULT_DATA] [PAIRS]
#   e.g.   OPENBLAS_NUM_THREADS=1 scripts/bench/kmeans_fits.sh integ HEAD datasets/.cache/adult.data 3
. "$(dirname "$0")/revisions.sh"
old=$1 new=$2 data=${3:-datasets/.cache/adult.data} pairs=${4:-3}
for side in old new; do
    eval rev=\$$side
    unpack "$rev" "$work/$side" Sources/SynthMath/Mixtures Sources/SynthMath/LinearAlgebra/Matrix.swift \
        Sources/SynthMath/Random/RandomStream.swift Sources/CSynthKernels Sources/CBLAS
    t="$work/$side/tree/Sources"
    cp "$t/SynthMath/Mixtures/KMeans.swift" "$t/SynthMath/Mixtures/KMeansAssignment.swift" \
        "$t/SynthMath/LinearAlgebra/Matrix.swift" "$t/SynthMath/Random/RandomStream.swift" "$work/$side/src/"
    sed "s|ADULT_PATH|$(realpath "$data")|" "$root/scripts/bench/kmeans_fits.swift" > "$work/$side/src/main.swift"
    cp "$root/scripts/bench/adult_codes.swift" "$work/$side/src/"
    mkdir -p "$work/$side/mods"
    printf 'module CSynthKernels { header "%s" export * }\n' "$t/CSynthKernels/include/CSynthKernels.h" > "$work/$side/mods/module.modulemap"
    clang -O2 -c -I"$t/CSynthKernels/include" "$t/CSynthKernels/kmeans.c" -o "$work/$side/kmeans.o"
    swiftc -O -I "$work/$side/mods" -I "$t/CBLAS" "$work/$side/src"/*.swift "$work/$side/kmeans.o" -lopenblas -o "$work/$side/bench"
done
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$pairs"); do
    printf 'old %s: ' "$old"; "$work/old/bench" | tr '\n' ' '; echo
    printf 'new %s: ' "$new"; "$work/new/bench" | tr '\n' ' '; echo
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
