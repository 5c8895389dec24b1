#!/bin/sh
# Builds and runs the standalone bench of one of SynthNN's C kernels, all alone: Sources/CSynthKernels/KERNEL.c with
# clang -O2, its bench script (as main.swift) with SynthNN's FastMath.swift and Vectorized.swift (and what the
# bench needs beside them) with swiftc -O -wmo (one module, as a release build); then the bench runs PAIRS pairs.
#   KERNEL            bench                                        also compiled in
#   diffusion_steps   scripts/bench/ddpm_multinomial_passes.swift  CSynthKernels.h as bridging header, bench_support.swift
#   nn_elementwise    scripts/bench/nn_elementwise_kernels.swift   (its own CPU clock and @_silgen_name declarations)
#   usage: scripts/bench/c_kernel_passes.sh KERNEL [PAIRS]
#   e.g.   scripts/bench/c_kernel_passes.sh diffusion_steps 4
set -e
root=$(cd "$(dirname "$0")/../.." && pwd)
include="$root/Sources/CSynthKernels/include"
kernel=$1 pairs=${2:-4}
case "$kernel" in
    diffusion_steps) bench=ddpm_multinomial_passes
        set -- -import-objc-header "$include/CSynthKernels.h" "$root/scripts/bench/bench_support.swift" ;;
    nn_elementwise) bench=nn_elementwise_kernels
        set -- ;;
    *) echo "usage: $0 diffusion_steps|nn_elementwise [PAIRS]" >&2; exit 2 ;;
esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
clang -O2 -c -I"$include" "$root/Sources/CSynthKernels/$kernel.c" -o "$work/kernels.o"
cp "$root/scripts/bench/$bench.swift" "$work/main.swift"
swiftc -O -wmo "$@" "$work/main.swift" "$root/Sources/SynthNN/Core/FastMath.swift" "$root/Sources/SynthNN/Core/Vectorized.swift" \
    "$work/kernels.o" -o "$work/bench"
"$work/bench" "$pairs"
