// Wide-vector kernels for the Gower nearest-neighbour search (SynthMath's GowerNeighbourKernel): Swift
// cannot compile a function for AVX-512 or AVX2 without building everything for it, so the kernel is C,
// compiled per target with `target` attributes and chosen at run time. Each lane adds the same Float costs
// in the same order as the Swift kernels, so every width gives the same sums, minima and indices.

#include "CSynthKernels.h"

#include <math.h>
#include <stdlib.h>

#define GOWER_TILE 4
/// Reference rows per packed block: 512 rows of 15 columns are 30 KB, in L1 beside the query tile.
#define GOWER_BLOCK 512

#if defined(__x86_64__)
#define GOWER_NAME gower_avx512
#define GOWER_TARGET "avx512f"
#define GOWER_LANES 16
#include "GowerKernelBody.h"
#undef GOWER_NAME
#undef GOWER_TARGET
#undef GOWER_LANES

#define GOWER_NAME gower_avx2
#define GOWER_TARGET "avx2"
#define GOWER_LANES 8
#include "GowerKernelBody.h"
#undef GOWER_NAME
#undef GOWER_TARGET
#undef GOWER_LANES
#endif

int synth_gower_supports(int lanes) {
#if defined(__x86_64__)
    if (lanes == 16) return __builtin_cpu_supports("avx512f");
    if (lanes == 8) return __builtin_cpu_supports("avx2");
#endif
    return 0;
}

int synth_gower_lanes(void) {
    if (synth_gower_supports(16)) return 16;
    if (synth_gower_supports(8)) return 8;
    return 0;
}

int synth_gower_search(int lanes, const float *query, int64_t nq, const float *reference, int64_t nr, int64_t columns,
                       int64_t discrete_from, const int64_t *excluding, float *first, float *second, int32_t *index) {
    if (!synth_gower_supports(lanes)) return -1;
    const int64_t padded = (nq + GOWER_TILE - 1) / GOWER_TILE * GOWER_TILE;
    const int64_t panel_floats = (GOWER_BLOCK + lanes) * columns;
    float *rows = malloc(sizeof(float) * (size_t)(padded * columns));
    float *panel = aligned_alloc(64, sizeof(float) * (size_t)((panel_floats + 15) / 16 * 16));
    float *best = malloc(sizeof(float) * (size_t)(padded * lanes)), *next = malloc(sizeof(float) * (size_t)(padded * lanes));
    int32_t *at = malloc(sizeof(int32_t) * (size_t)(padded * lanes));
    if (!rows || !panel || !best || !next || !at) {
        free(rows); free(panel); free(best); free(next); free(at);
        return -1;
    }
    // Padding query rows copy row 0; their results are dropped.
    for (int64_t i = 0; i < padded; i++)
        for (int64_t c = 0; c < columns; c++) rows[i * columns + c] = query[(i < nq ? i : 0) * columns + c];
    for (int64_t k = 0; k < padded * lanes; k++) { best[k] = INFINITY; next[k] = INFINITY; at[k] = -1; }
    for (int64_t start = 0; start < nr; start += GOWER_BLOCK) {
        const int64_t end = start + GOWER_BLOCK < nr ? start + GOWER_BLOCK : nr;
        const int64_t chunks = (end - start + lanes - 1) / lanes;
        for (int64_t chunk = 0; chunk < chunks; chunk++)
            for (int64_t c = 0; c < columns; c++)
                for (int l = 0; l < lanes; l++) {
                    const int64_t j = start + chunk * lanes + l;
                    panel[(chunk * columns + c) * lanes + l] = j < end ? reference[c * nr + j] : 0;
                }
#if defined(__x86_64__)
        if (lanes == 16) gower_avx512(rows, padded, nq, panel, start, end, columns, discrete_from, excluding, best, next, at);
        else gower_avx2(rows, padded, nq, panel, start, end, columns, discrete_from, excluding, best, next, at);
#endif
    }
    // Per query row: the smallest sum over the lanes (ties: the lowest index), its index, and the second
    // smallest (that lane's second or another lane's smallest).
    for (int64_t i = 0; i < nq; i++) {
        const float *b = best + i * lanes, *n = next + i * lanes;
        const int32_t *ix = at + i * lanes;
        int lane = -1;
        for (int l = 0; l < lanes; l++) {
            if (ix[l] < 0) continue;
            if (lane < 0 || b[l] < b[lane] || (b[l] == b[lane] && ix[l] < ix[lane])) lane = l;
        }
        if (lane < 0) { first[i] = INFINITY; second[i] = INFINITY; index[i] = -1; continue; }
        float s = n[lane];
        for (int l = 0; l < lanes; l++) if (l != lane && b[l] < s) s = b[l];
        first[i] = b[lane]; second[i] = s; index[i] = ix[lane];
    }
    free(rows); free(panel); free(best); free(next); free(at);
    return 0;
}
