// The sums of logarithms in the beta fit's likelihood (SynthMath's BetaLikelihood): Σ log z and Σ log(1 − z)
// over up to a million points per Nelder–Mead evaluation, as lane-wise products. The division z = (x − loc)/scale
// bounded it (a divider delivers about one double per two cycles at any vector width); with FMA the quotient
// comes from the reciprocal, corrected and verified to be the division's (BetaLogSumsBody.h), so the sums keep
// their bits and the fit its path. Built per target like kernel_density.c: AVX-512, AVX2 + FMA, and a portable
// build that divides.

#include "KernelBuild.h"
#include "CSynthKernels.h"

#include <math.h>

#include "NeighbourSearch.h"

// Every product, sum and the lanes' `log + e·ln 2` round on their own, as in the portable build.
#pragma clang fp contract(off)
// The 8-double vectors never cross a call (the helpers are always inlined).
#pragma clang diagnostic ignored "-Wpsabi"

#if defined(__x86_64__)
#define BLS_NAME beta_log_sums_avx512
#define BLS_ATTRIBUTES __attribute__((target("avx512f")))
#define BLS_RECIPROCAL 1
#include "BetaLogSumsBody.h"
#undef BLS_NAME
#undef BLS_ATTRIBUTES
#undef BLS_RECIPROCAL

#define BLS_NAME beta_log_sums_avx2
#define BLS_ATTRIBUTES __attribute__((target("avx2,fma")))
#define BLS_RECIPROCAL 1
#include "BetaLogSumsBody.h"
#undef BLS_NAME
#undef BLS_ATTRIBUTES
#undef BLS_RECIPROCAL
#endif

#define BLS_NAME beta_log_sums_portable
#define BLS_ATTRIBUTES
#define BLS_RECIPROCAL 0
#include "BetaLogSumsBody.h"
#undef BLS_NAME
#undef BLS_ATTRIBUTES
#undef BLS_RECIPROCAL

int synth_beta_log_sums_supports(int build) { return synth_build_supported(build); }

int synth_beta_log_sums(int build, const double *x, int64_t n, double loc, double scale, double *log_z,
                        double *log_w) {
    if (!synth_beta_log_sums_supports(build)) return -1;
    // The reciprocal builds' verification needs ½ulp(z)·scale exact (no underflow or overflow): scale within
    // 2^±800; outside, the portable build divides.
    const int reciprocalSafe = scale >= 0x1p-800 && scale <= 0x1p800;
    const double y = 1.0 / scale;
#if defined(__x86_64__)
    if (build == 2 && reciprocalSafe) { beta_log_sums_avx512(x, n, loc, scale, y, log_z, log_w); return 0; }
    if (build == 1 && reciprocalSafe) { beta_log_sums_avx2(x, n, loc, scale, y, log_z, log_w); return 0; }
#endif
    beta_log_sums_portable(x, n, loc, scale, y, log_z, log_w);
    return 0;
}
