// Wide-vector kernels for the Euclidean nearest-neighbour search (SynthMath's EuclideanNeighbourKernel), built
// like gower.c: compiled per target with `target` attributes and chosen at run time. Every lane sums
// fma(q_c - r_c, q_c - r_c, acc) in column order, as the Swift scalar loop does, so every width gives the
// same squared distances, minima and indices.

#include "CSynthKernels.h"

#include <math.h>
#include <stdlib.h>

#define EUCLID_TILE 8
/// Reference rows per packed block: 256 rows of 15 columns are 30 KB of doubles, in L1 beside the query tile.
#define EUCLID_BLOCK 256

#define NS_DRIVER euclid_drive
#define NS_VALUE double
#define NS_INDEX int64_t
#define NS_TILE EUCLID_TILE
#define NS_BLOCK EUCLID_BLOCK
#include "NeighbourSearch.h"

#if defined(__x86_64__)
#define EUCLID_NAME euclid_avx512
#define EUCLID_TARGET "avx512f"
#define EUCLID_LANES 8
#include "EuclideanKernelBody.h"
#undef EUCLID_NAME
#undef EUCLID_TARGET
#undef EUCLID_LANES

#define EUCLID_NAME euclid_avx2
#define EUCLID_TARGET "avx2,fma"
#define EUCLID_LANES 4
#include "EuclideanKernelBody.h"
#undef EUCLID_NAME
#undef EUCLID_TARGET
#undef EUCLID_LANES
#endif

int synth_euclid_supports(int lanes) {
#if defined(__x86_64__)
    if (lanes == 8) return __builtin_cpu_supports("avx512f");
    if (lanes == 4) return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
    return 0;
}

int synth_euclid_search(int lanes, const double *query, int64_t nq, const double *reference, int64_t nr,
                        int64_t columns, const int64_t *excluding, double *first, double *second, int64_t *index) {
    if (!synth_euclid_supports(lanes)) return -1;
#if defined(__x86_64__)
    return euclid_drive(lanes, lanes == 8 ? euclid_avx512 : euclid_avx2, query, nq, reference, nr, columns, columns, 1, 0,
                        excluding, first, second, index);
#else
    return -1;
#endif
}
