#!/bin/sh
# Builds and runs scripts/bench/ddpm_multinomial_passes.swift: Sources/CSynthKernels/diffusion_steps.c with clang -O2,
# the script (as main.swift, CSynthKernels.h as its bridging header) with SynthNN's FastMath.swift and Vectorized.swift
# and bench_support.swift with swiftc -O -wmo (one module, as a release build), all alone.
#   usage: scripts/bench/ddpm_multinomial_passes.sh [PAIRS]
set -e
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
clang -O2 -c -I"$root/Sources/CSynthKernels/include" "$root/Sources/CSynthKernels/diffusion_steps.c" -o "$work/kernels.o"
cp "$root/scripts/bench/ddpm_multinomial_passes.swift" "$work/main.swift"
swiftc -O -wmo -import-objc-header "$root/Sources/CSynthKernels/include/CSynthKernels.h" "$work/main.swift" \
    "$root/Sources/SynthNN/Core/FastMath.swift" "$root/Sources/SynthNN/Core/Vectorized.swift" \
    "$root/scripts/bench/bench_support.swift" "$work/kernels.o" -o "$work/bench"
"$work/bench" "${1:-4}"
