// The exponential sums of the Gaussian kernel density estimate (SynthMath's MultivariateGaussianKDE), with a
// vector exponential: the scalar libm `exp` of every (query, data) pair was most of the KDE's cost. Built per
// target like gower.c (AVX-512, AVX2 + FMA, and a portable build for other CPUs), each on vectors of 8
// doubles with the same operations in the same order, so every build returns the same bits.

#include "KernelBuild.h"
#include "CSynthKernels.h"

#include <math.h>

#include "NeighbourSearch.h"

// The exponential's range reduction relies on each product rounding before its sum.
#pragma clang fp contract(off)

#define KDE_LANES 8
// The exponential takes and returns 8-double vectors; it is always inlined, so the AVX2 and portable builds
// never pass one by value across a call and the ABI note does not apply.
#pragma clang diagnostic ignored "-Wpsabi"

#if defined(__x86_64__)
#define KDE_NAME kde_avx512
#define KDE_ATTRIBUTES __attribute__((target("avx512f")))
#include "KernelDensityBody.h"
#undef KDE_NAME
#undef KDE_ATTRIBUTES

#define KDE_NAME kde_avx2
#define KDE_ATTRIBUTES __attribute__((target("avx2,fma")))
#include "KernelDensityBody.h"
#undef KDE_NAME
#undef KDE_ATTRIBUTES
#endif

#define KDE_NAME kde_portable
#define KDE_ATTRIBUTES
#include "KernelDensityBody.h"
#undef KDE_NAME
#undef KDE_ATTRIBUTES

int synth_kde_supports(int build) { return synth_build_supported(build); }

int synth_kde_fold(int build, double *cross, int64_t rows, int64_t width, const double *qnorm, const double *rnorm,
                   double *maxima, double *sums) {
    if (!synth_kde_supports(build)) return -1;
#if defined(__x86_64__)
    if (build == 2) { kde_avx512(cross, rows, width, qnorm, rnorm, maxima, sums); return 0; }
    if (build == 1) { kde_avx2(cross, rows, width, qnorm, rnorm, maxima, sums); return 0; }
#endif
    kde_portable(cross, rows, width, qnorm, rnorm, maxima, sums);
    return 0;
}

int synth_kde_exp(int build, const double *y, int64_t n, double *out) {
    if (!synth_kde_supports(build)) return -1;
#if defined(__x86_64__)
    if (build == 2) { kde_avx512_exps(y, n, out); return 0; }
    if (build == 1) { kde_avx2_exps(y, n, out); return 0; }
#endif
    kde_portable_exps(y, n, out);
    return 0;
}
