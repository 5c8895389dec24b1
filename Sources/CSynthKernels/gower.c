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

#define NS_DRIVER gower_drive
#define NS_VALUE float
#define NS_INDEX int32_t
#define NS_TILE GOWER_TILE
#define NS_BLOCK GOWER_BLOCK
#include "NeighbourSearch.h"

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
#if defined(__x86_64__)
    // The reference is column-major: row j, column c at c * nr + j.
    return gower_drive(lanes, lanes == 16 ? gower_avx512 : gower_avx2, query, nq, reference, nr, columns, 1, nr,
                       discrete_from, excluding, first, second, index);
#else
    return -1;
#endif
}
