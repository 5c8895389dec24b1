// The assignment step of k-means (SynthMath's KMeans): every row to its nearest centre, with the centres few
// (SynthCity's k ≤ 15) and the rows many. The Euclidean neighbour search (euclidean.c) keeps per-lane running
// minima and a second nearest for large reference sets; here the centres fit in a few vectors, so each row's
// distances to all of them are summed in registers and reduced to one index at once, and the row is added to
// its cluster's sum in the same pass (scikit-learn fuses its Lloyd step likewise).
// Every pair is summed as acc = fma(x_c - m_c, x_c - m_c, acc) in column order from 0, as euclidean.c and the
// Swift scalar loop do, so every build gives the same distances, labels and sums.

#include "CSynthKernels.h"

#include <math.h>
#include <stdlib.h>

#define KM_LANES 8
/// Rows per register tile: independent fma chains that hide the fma latency.
#define KM_TILE 8

typedef double km_vd __attribute__((ext_vector_type(KM_LANES)));
typedef _Bool km_vb __attribute__((ext_vector_type(KM_LANES)));

/// The kernel, inlined into one wrapper per target. `panel`: the centres in chunks of KM_LANES, column after
/// column (chunk g, column c, lane l at (g * d + c) * KM_LANES + l).
__attribute__((always_inline)) static inline void
km_assign(const double *x, int64_t n, int64_t d, const double *panel, int64_t k, int64_t *labels, double *sums,
          int64_t *counts) {
    const int64_t chunks = (k + KM_LANES - 1) / KM_LANES;
    km_vd tail = 0.0;  // +inf in the last chunk's lanes past k, so they never win
    for (int l = 0; l < KM_LANES; l++)
        if ((chunks - 1) * KM_LANES + l >= k) tail[l] = INFINITY;
    for (int64_t i0 = 0; i0 < n; i0 += KM_TILE) {
        const double *row[KM_TILE];
        for (int t = 0; t < KM_TILE; t++) row[t] = x + (i0 + t < n ? i0 + t : i0) * d;
        double best[KM_TILE];
        int64_t at[KM_TILE];
        for (int t = 0; t < KM_TILE; t++) { best[t] = INFINITY; at[t] = 0; }
        for (int64_t g = 0; g < chunks; g++) {
            const double *p = panel + g * d * KM_LANES;
            km_vd acc[KM_TILE];
            for (int t = 0; t < KM_TILE; t++) acc[t] = 0.0;
            for (int64_t c = 0; c < d; c++) {
                km_vd m;
                __builtin_memcpy(&m, p + c * KM_LANES, sizeof m);
                for (int t = 0; t < KM_TILE; t++) {
                    km_vd diff = row[t][c] - m;
                    acc[t] = __builtin_elementwise_fma(diff, diff, acc[t]);
                }
            }
            // Per row: the chunk's smallest, and its first lane (the lowest index); a later chunk wins only
            // when strictly smaller.
            for (int t = 0; t < KM_TILE; t++) {
                const km_vd s = g == chunks - 1 ? acc[t] + tail : acc[t];
                const double m = __builtin_reduce_min(s);
                if (m < best[t]) {
                    km_vb hit = __builtin_convertvector(s == m, km_vb);
                    unsigned char bits;
                    __builtin_memcpy(&bits, &hit, 1);
                    best[t] = m;
                    at[t] = g * KM_LANES + __builtin_ctz(bits);
                }
            }
        }
        const int rows = n - i0 < KM_TILE ? (int)(n - i0) : KM_TILE;
        for (int t = 0; t < rows; t++) {
            labels[i0 + t] = at[t];
            counts[at[t]] += 1;
            double *s = sums + at[t] * d;
            for (int64_t c = 0; c < d; c++) s[c] += row[t][c];
        }
    }
}

#if defined(__x86_64__)
__attribute__((target("avx512f"))) static void km_assign_avx512(const double *x, int64_t n, int64_t d, const double *panel,
                                                                int64_t k, int64_t *labels, double *sums, int64_t *counts) {
    km_assign(x, n, d, panel, k, labels, sums, counts);
}

__attribute__((target("avx2,fma"))) static void km_assign_avx2(const double *x, int64_t n, int64_t d, const double *panel,
                                                               int64_t k, int64_t *labels, double *sums, int64_t *counts) {
    km_assign(x, n, d, panel, k, labels, sums, counts);
}
#endif

static void km_assign_portable(const double *x, int64_t n, int64_t d, const double *panel, int64_t k, int64_t *labels,
                               double *sums, int64_t *counts) {
    km_assign(x, n, d, panel, k, labels, sums, counts);
}

int synth_kmeans_supports(int build) {
#if defined(__x86_64__)
    if (build == 2) return __builtin_cpu_supports("avx512f");
    if (build == 1) return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
    return build == 0;
}

int synth_kmeans_assign(int build, const double *x, int64_t n, int64_t d, const double *centres, int64_t k,
                        int64_t *labels, double *sums, int64_t *counts) {
    if (!synth_kmeans_supports(build) || k < 1 || d < 1) return -1;
    const int64_t chunks = (k + KM_LANES - 1) / KM_LANES;
    double *panel = aligned_alloc(64, (sizeof(double) * (size_t)(chunks * d * KM_LANES) + 63) / 64 * 64);
    if (!panel) return -1;
    for (int64_t g = 0; g < chunks; g++)
        for (int64_t c = 0; c < d; c++)
            for (int l = 0; l < KM_LANES; l++) {
                const int64_t j = g * KM_LANES + l;
                panel[(g * d + c) * KM_LANES + l] = j < k ? centres[j * d + c] : 0;
            }
    for (int64_t j = 0; j < k * d; j++) sums[j] = 0;
    for (int64_t j = 0; j < k; j++) counts[j] = 0;
#if defined(__x86_64__)
    if (build == 2) km_assign_avx512(x, n, d, panel, k, labels, sums, counts);
    else if (build == 1) km_assign_avx2(x, n, d, panel, k, labels, sums, counts);
    else
#endif
        km_assign_portable(x, n, d, panel, k, labels, sums, counts);
    free(panel);
    return 0;
}
