// Which of a kernel file's three builds this CPU runs: 0 portable (always), 1 AVX2 + FMA, 2 AVX-512.
// Shared by every kernel file numbered that way (beta log sums, KDE, k-means, Gaussian mixture).
#ifndef SYNTH_KERNEL_BUILD_H
#define SYNTH_KERNEL_BUILD_H

static inline int synth_build_supported(int build) {
#if defined(__x86_64__)
    if (build == 2) return __builtin_cpu_supports("avx512f");
    if (build == 1) return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
    return build == 0;
}

#endif
