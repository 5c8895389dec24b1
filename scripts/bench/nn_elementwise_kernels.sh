#!/bin/sh
# Builds and runs scripts/bench/nn_elementwise_kernels.swift: Sources/CSynthKernels/nn_elementwise.c with clang -O2, the
# script (as main.swift) with SynthNN's FastMath.swift and Vectorized.swift with swiftc -O -wmo (one module, as a release build), all alone.
#   usage: scripts/bench/nn_elementwise_kernels.sh [PAIRS]
set -e
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
clang -O2 -c -I"$root/Sources/CSynthKernels/include" "$root/Sources/CSynthKernels/nn_elementwise.c" -o "$work/kernels.o"
cp "$root/scripts/bench/nn_elementwise_kernels.swift" "$work/main.swift"
swiftc -O -wmo "$work/main.swift" "$root/Sources/SynthNN/Core/FastMath.swift" "$root/Sources/SynthNN/Core/Vectorized.swift" \
    "$work/kernels.o" -o "$work/bench"
"$work/bench" "${1:-4}"
