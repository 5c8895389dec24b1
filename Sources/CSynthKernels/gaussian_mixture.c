// The per-element passes of SynthMath's GaussianMixture EM around its dgemms: the E step's half squared norms of
// the whitened rows, and the M step's √r-scaled centred rows. Swift compiles them for baseline x86-64 (2-double
// vectors, or scalar where a sum runs in order); here each build runs 8 rows (or 8 columns) per vector. Every
// element is the same operations in the same order as the Swift loops they replace (unfused: Swift does not
// contract a * b + c), so every build returns the Swift loops' bits.

#include "KernelBuild.h"
#include "CSynthKernels.h"

#include <math.h>

#define GMM_LANES 8

typedef double gmm_vd __attribute__((ext_vector_type(GMM_LANES)));

/// out[i * k + c] = base[c] - 0.5 * q, q = Σ_a (z[i * k * d + c * d + a] - shift[c * d + a])², summed in order of a
/// from 0; GMM_LANES rows at a time, one lane each.
__attribute__((always_inline)) static inline void
gmm_half_norms(const double *z, int64_t rows, int64_t k, int64_t d, const double *shift, const double *base, double *out) {
#pragma clang fp contract(off)
    const int64_t kd = k * d;
    int64_t i0 = 0;
    for (; i0 + GMM_LANES <= rows; i0 += GMM_LANES) {
        for (int64_t c = 0; c < k; c++) {
            gmm_vd q = 0.0;
            const double *col = z + i0 * kd + c * d;
            for (int64_t a = 0; a < d; a++) {
                gmm_vd v;
                for (int l = 0; l < GMM_LANES; l++) v[l] = col[l * kd + a];
                v = v - shift[c * d + a];
                q = q + v * v;
            }
            const gmm_vd o = base[c] - 0.5 * q;
            for (int l = 0; l < GMM_LANES; l++) out[(i0 + l) * k + c] = o[l];
        }
    }
    for (; i0 < rows; i0++)
        for (int64_t c = 0; c < k; c++) {
            double q = 0;
            for (int64_t a = 0; a < d; a++) { const double v = z[i0 * kd + c * d + a] - shift[c * d + a]; q += v * v; }
            out[i0 * k + c] = base[c] - 0.5 * q;
        }
}

/// out[i * d + j] = (x[i * d + j] - mean[j]) * √resp[i * k + c] for a block of rows.
__attribute__((always_inline)) static inline void
gmm_centre(const double *x, int64_t rows, int64_t d, const double *mean, const double *resp, int64_t k, int64_t c,
           double *out) {
#pragma clang fp contract(off)
    for (int64_t i = 0; i < rows; i++) {
        const double r = sqrt(resp[i * k + c]);
        const double *row = x + i * d;
        double *o = out + i * d;
        for (int64_t j = 0; j < d; j++) o[j] = (row[j] - mean[j]) * r;
    }
}

#if defined(__x86_64__)
__attribute__((target("avx512f"))) static void gmm_half_norms_avx512(const double *z, int64_t rows, int64_t k, int64_t d,
                                                                     const double *shift, const double *base, double *out) {
    gmm_half_norms(z, rows, k, d, shift, base, out);
}
__attribute__((target("avx2,fma"))) static void gmm_half_norms_avx2(const double *z, int64_t rows, int64_t k, int64_t d,
                                                                    const double *shift, const double *base, double *out) {
    gmm_half_norms(z, rows, k, d, shift, base, out);
}
__attribute__((target("avx512f"))) static void gmm_centre_avx512(const double *x, int64_t rows, int64_t d, const double *mean,
                                                                 const double *resp, int64_t k, int64_t c, double *out) {
    gmm_centre(x, rows, d, mean, resp, k, c, out);
}
__attribute__((target("avx2,fma"))) static void gmm_centre_avx2(const double *x, int64_t rows, int64_t d, const double *mean,
                                                                const double *resp, int64_t k, int64_t c, double *out) {
    gmm_centre(x, rows, d, mean, resp, k, c, out);
}
#endif

static void gmm_half_norms_portable(const double *z, int64_t rows, int64_t k, int64_t d, const double *shift,
                                    const double *base, double *out) {
    gmm_half_norms(z, rows, k, d, shift, base, out);
}
static void gmm_centre_portable(const double *x, int64_t rows, int64_t d, const double *mean, const double *resp, int64_t k,
                                int64_t c, double *out) {
    gmm_centre(x, rows, d, mean, resp, k, c, out);
}

int synth_gmm_supports(int build) { return synth_build_supported(build); }

int synth_gmm_half_norms(int build, const double *z, int64_t rows, int64_t k, int64_t d, const double *shift,
                         const double *base, double *out) {
    if (!synth_gmm_supports(build)) return -1;
#if defined(__x86_64__)
    if (build == 2) { gmm_half_norms_avx512(z, rows, k, d, shift, base, out); return 0; }
    if (build == 1) { gmm_half_norms_avx2(z, rows, k, d, shift, base, out); return 0; }
#endif
    gmm_half_norms_portable(z, rows, k, d, shift, base, out);
    return 0;
}

int synth_gmm_centre(int build, const double *x, int64_t rows, int64_t d, const double *mean, const double *resp, int64_t k,
                     int64_t c, double *out) {
    if (!synth_gmm_supports(build)) return -1;
#if defined(__x86_64__)
    if (build == 2) { gmm_centre_avx512(x, rows, d, mean, resp, k, c, out); return 0; }
    if (build == 1) { gmm_centre_avx2(x, rows, d, mean, resp, k, c, out); return 0; }
#endif
    gmm_centre_portable(x, rows, d, mean, resp, k, c, out);
    return 0;
}
