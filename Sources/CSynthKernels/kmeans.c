// The assignment step of k-means (SynthMath's KMeans): every row to its nearest centre, with the centres few
// (SynthCity's k ≤ 15) and the rows many. The rows go in vector lanes and the centres one at a time, so the
// nearest (and the second nearest) is kept by vertical compares in centre order, without the per-lane minima
// of the Euclidean neighbour search (euclidean.c) or a horizontal reduction per row.
// Every pair is summed as acc = fma(x_c - m_c, x_c - m_c, acc) in column order from 0, as euclidean.c and the
// Swift scalar loop do, so every build gives the same distances, labels and sums.
//
// Lloyd's later iterations move the centres little, so most rows keep their centre: synth_kmeans_step skips
// them with Hamerly's bounds (Hamerly 2010, "Making k-means even faster"): per row an upper bound on the
// distance to its centre and a lower bound on the distance to every other centre, moved by the centres'
// shifts. A row is skipped only when the bounds prove, with a margin far above the rounding of the fused
// sums, that its computed nearest centre is unchanged; every other row is summed in full as above. So the
// labels are the full pass's bit for bit, and so are the cluster sums: added in row order, or, on tables whose
// sums are exact (integers), kept between steps with only the moved rows moved.
//
// The greedy k-means++ seeding (synth_kmeans_seed_trial) computes, per candidate, every row's distance to it
// (unfused, as SynthMath's Swift loop did), except for rows that the triangle inequality proves nearer to their
// own chosen centre.

#include "KernelBuild.h"
#include "CSynthKernels.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

#define KM_LANES 8
/// Vectors of rows per tile: independent fma chains (one per vector) that hide the fma latency, sharing each
/// broadcast centre coordinate.
#define KM_VECTORS 4
#define KM_TILE (KM_LANES * KM_VECTORS)

typedef double km_vd __attribute__((ext_vector_type(KM_LANES)));
typedef int64_t km_vl __attribute__((ext_vector_type(KM_LANES)));

/// The nearest centre of the rows `index[0..<m]` (every row 0..<m when `index` is NULL): `at[r]` its index
/// (ties: the lower), `best[r]` its squared distance and, when `second` is not NULL, `second[r]` the smallest
/// squared distance to any other centre (+inf when k is 1), r the position in `index`. Rows go in lanes (a tile
/// of KM_TILE rows copied column after column into `tile`, d * KM_TILE doubles) and the centres one at a time, so
/// the nearest is kept by vertical compares in centre order: a centre wins only when strictly nearer, as the
/// scalar loop decides, with no horizontal reduction. Inlined into one wrapper per target.
__attribute__((always_inline)) static inline void
km_nearest(const double *x, const int64_t *index, int64_t m, int64_t d, const double *centres, int64_t k,
           double *tile, int64_t *at, double *best, double *second) {
    for (int64_t r0 = 0; r0 < m; r0 += KM_TILE) {
        const int rows = m - r0 < KM_TILE ? (int)(m - r0) : KM_TILE;
        for (int t = 0; t < KM_TILE; t++) {
            const int64_t r = r0 + (t < rows ? t : 0);
            const double *row = x + (index ? index[r] : r) * d;
            for (int64_t c = 0; c < d; c++) tile[c * KM_TILE + t] = row[c];
        }
        // Scattered rows: fetch the next tile's while this one is summed.
        if (index)
            for (int t = 0; t < KM_TILE && r0 + KM_TILE + t < m; t++) {
                const double *ahead = x + index[r0 + KM_TILE + t] * d;
                __builtin_prefetch(ahead);
                __builtin_prefetch(ahead + d - 1);
            }
        km_vd low[KM_VECTORS], next[KM_VECTORS];
        km_vl arg[KM_VECTORS];
        for (int v = 0; v < KM_VECTORS; v++) { low[v] = INFINITY; next[v] = INFINITY; arg[v] = 0; }
        for (int64_t j = 0; j < k; j++) {
            const double *mj = centres + j * d;
            km_vd acc[KM_VECTORS];
            for (int v = 0; v < KM_VECTORS; v++) acc[v] = 0.0;
            for (int64_t c = 0; c < d; c++) {
                const double mc = mj[c];
                for (int v = 0; v < KM_VECTORS; v++) {
                    km_vd xc;
                    __builtin_memcpy(&xc, tile + c * KM_TILE + v * KM_LANES, sizeof xc);
                    const km_vd diff = xc - mc;
                    acc[v] = __builtin_elementwise_fma(diff, diff, acc[v]);
                }
            }
            for (int v = 0; v < KM_VECTORS; v++) {
                const km_vl nearer = acc[v] < low[v];
                const km_vl second_nearer = acc[v] < next[v];
                next[v] = nearer ? low[v] : (second_nearer ? acc[v] : next[v]);
                low[v] = nearer ? acc[v] : low[v];
                arg[v] = nearer ? (km_vl)j : arg[v];
            }
        }
        for (int t = 0; t < rows; t++) {
            at[r0 + t] = arg[t / KM_LANES][t % KM_LANES];
            best[r0 + t] = low[t / KM_LANES][t % KM_LANES];
            if (second) second[r0 + t] = next[t / KM_LANES][t % KM_LANES];
        }
    }
}

#if defined(__x86_64__)
__attribute__((target("avx512f"))) static void km_nearest_avx512(const double *x, const int64_t *index, int64_t m, int64_t d,
                                                                 const double *centres, int64_t k, double *tile,
                                                                 int64_t *at, double *best, double *second) {
    km_nearest(x, index, m, d, centres, k, tile, at, best, second);
}

__attribute__((target("avx2,fma"))) static void km_nearest_avx2(const double *x, const int64_t *index, int64_t m, int64_t d,
                                                                const double *centres, int64_t k, double *tile,
                                                                int64_t *at, double *best, double *second) {
    km_nearest(x, index, m, d, centres, k, tile, at, best, second);
}
#endif

static void km_nearest_portable(const double *x, const int64_t *index, int64_t m, int64_t d, const double *centres,
                                int64_t k, double *tile, int64_t *at, double *best, double *second) {
    km_nearest(x, index, m, d, centres, k, tile, at, best, second);
}

/// The build's kernel; -1 when memory for the tile ran out.
static int km_nearest_build(int build, const double *x, const int64_t *index, int64_t m, int64_t d,
                            const double *centres, int64_t k, int64_t *at, double *best, double *second) {
    double *tile = aligned_alloc(64, (sizeof(double) * (size_t)(d * KM_TILE) + 63) / 64 * 64);
    if (!tile) return -1;
#if defined(__x86_64__)
    if (build == 2) km_nearest_avx512(x, index, m, d, centres, k, tile, at, best, second);
    else if (build == 1) km_nearest_avx2(x, index, m, d, centres, k, tile, at, best, second);
    else
#endif
        km_nearest_portable(x, index, m, d, centres, k, tile, at, best, second);
    free(tile);
    return 0;
}

/// Hamerly's test for every row (synth_kmeans_step): moves row i's bounds by the centres' shifts (upper by its
/// centre's, lower by the largest, both rounded outwards) and lists in `todo` the rows whose bounds do not prove
/// their centre nearest by the margin (and rows without a centre); returns how many. First the bounds and a flag
/// per row (`flag`, n bytes; a loop the compiler vectorizes, gathers included), then the list. Inlined into one
/// wrapper per target.
__attribute__((always_inline)) static inline int64_t
km_bounds(int64_t n, int64_t k, const double *shift, const double *half, double largest, double slack,
          const int64_t *restrict labels, double *restrict upper, double *restrict lower, int64_t *restrict todo,
          unsigned char *restrict flag) {
    const double grow = 1 + 2 * DBL_EPSILON, shrink = 1 - 2 * DBL_EPSILON, margin = 1 - 2 * slack;
    for (int64_t i = 0; i < n; i++) {
        const int64_t a = labels[i];
        const int valid = (uint64_t)a < (uint64_t)k;
        const int64_t c = valid ? a : 0;
        const double u = (upper[i] + shift[c]) * grow;
        double l = lower[i] - largest;
        l = l > 0 ? l * shrink : 0;
        upper[i] = u;
        lower[i] = l;
        const double h = half[c], bound = h > l ? h : l;
        // Far from underflow and overflow of the squares, where the relative rounding bound holds.
        flag[i] = !(valid & (u < 1e150) & (bound > 1e-100) & (u < bound * margin));
    }
    int64_t m = 0;
    for (int64_t i = 0; i < n; i++) {
        todo[m] = i;
        m += flag[i];
    }
    return m;
}

#if defined(__x86_64__)
__attribute__((target("avx512f"))) static int64_t km_bounds_avx512(int64_t n, int64_t k, const double *shift, const double *half,
                                                                   double largest, double slack, const int64_t *labels,
                                                                   double *upper, double *lower, int64_t *todo,
                                                                   unsigned char *flag) {
    return km_bounds(n, k, shift, half, largest, slack, labels, upper, lower, todo, flag);
}

__attribute__((target("avx2,fma"))) static int64_t km_bounds_avx2(int64_t n, int64_t k, const double *shift, const double *half,
                                                                  double largest, double slack, const int64_t *labels,
                                                                  double *upper, double *lower, int64_t *todo,
                                                                  unsigned char *flag) {
    return km_bounds(n, k, shift, half, largest, slack, labels, upper, lower, todo, flag);
}
#endif

static int64_t km_bounds_portable(int64_t n, int64_t k, const double *shift, const double *half, double largest,
                                  double slack, const int64_t *labels, double *upper, double *lower, int64_t *todo,
                                  unsigned char *flag) {
    return km_bounds(n, k, shift, half, largest, slack, labels, upper, lower, todo, flag);
}

int synth_kmeans_supports(int build) { return synth_build_supported(build); }

/// Each cluster's sum of rows, added in row order, and size.
static void km_sums(const double *x, int64_t n, int64_t d, const int64_t *labels, int64_t k, double *sums, int64_t *counts) {
    for (int64_t j = 0; j < k * d; j++) sums[j] = 0;
    for (int64_t j = 0; j < k; j++) counts[j] = 0;
    for (int64_t i = 0; i < n; i++) {
        counts[labels[i]] += 1;
        double *s = sums + labels[i] * d;
        const double *r = x + i * d;
        for (int64_t c = 0; c < d; c++) s[c] += r[c];
    }
}

int synth_kmeans_assign(int build, const double *x, int64_t n, int64_t d, const double *centres, int64_t k,
                        int64_t *labels, double *sums, int64_t *counts) {
    if (!synth_kmeans_supports(build) || k < 1 || d < 1) return -1;
    double *best = malloc(sizeof(double) * (size_t)(n > 0 ? n : 1));
    const int status = best ? km_nearest_build(build, x, NULL, n, d, centres, k, labels, best, NULL) : -1;
    free(best);
    if (status != 0) return -1;
    km_sums(x, n, d, labels, k, sums, counts);
    return 0;
}

/// The Euclidean distance between two points, summed as the kernel sums (so within its rounding bound).
static double km_distance(const double *a, const double *b, int64_t d) {
    double s = 0;
    for (int64_t c = 0; c < d; c++) { const double v = a[c] - b[c]; s = fma(v, v, s); }
    return sqrt(s);
}

int synth_kmeans_step(int build, const double *x, int64_t n, int64_t d, const double *centres, const double *previous,
                      int64_t k, int exact, int64_t *labels, double *upper, double *lower, double *sums, int64_t *counts,
                      int64_t *changed, void *scratch) {
    if (!synth_kmeans_supports(build) || k < 1 || d < 1 || !scratch) return -1;
    // A computed squared distance is within (d + 3) u of the true one (u = DBL_EPSILON / 2: d fused roundings of
    // non-negative terms and the rounded differences), so its root within (d / 2 + 2) u. `slack` (2 (d + 8)
    // DBL_EPSILON, 4 (d + 8) u) covers that with room; a row is skipped only when its bounds differ by 2 slack,
    // which keeps every other centre's computed distance above its own.
    const double slack = 2.0 * (double)(d + 8) * DBL_EPSILON;
    double *shift = malloc(sizeof(double) * (size_t)k), *half = malloc(sizeof(double) * (size_t)k);
    int64_t *todo = scratch, *at = todo + n;
    double *best = (double *)(at + n), *second = best + n;
    unsigned char *flag = (unsigned char *)second;  // the bounds' flags, read before the kernel writes `second`
    if (!shift || !half) { free(shift); free(half); return -1; }
    // Upper bounds on how far each centre moved, and on the largest move; lower bounds on half the distance
    // from each centre to the nearest other one (Hamerly's s).
    double largest = 0;
    for (int64_t j = 0; j < k; j++) {
        shift[j] = previous ? km_distance(centres + j * d, previous + j * d, d) * (1 + slack) : 0;
        if (shift[j] > largest) largest = shift[j];
        double gap = INFINITY;
        for (int64_t o = 0; o < k; o++)
            if (o != j) { const double g = km_distance(centres + j * d, centres + o * d, d); if (g < gap) gap = g; }
        half[j] = 0.5 * gap * (1 - slack);
    }
    int64_t m = 0;
    if (!previous) {
        for (int64_t i = 0; i < n; i++) todo[i] = i;  // no bounds yet
        m = n;
    }
#if defined(__x86_64__)
    else if (build == 2) m = km_bounds_avx512(n, k, shift, half, largest, slack, labels, upper, lower, todo, flag);
    else if (build == 1) m = km_bounds_avx2(n, k, shift, half, largest, slack, labels, upper, lower, todo, flag);
#endif
    else m = km_bounds_portable(n, k, shift, half, largest, slack, labels, upper, lower, todo, flag);
    if (km_nearest_build(build, x, todo, m, d, centres, k, at, best, second) != 0) {
        free(shift); free(half);
        return -1;
    }
    // Exact sums (integer values, every partial sum below 2^53) are the same in any order, so only the rows that
    // changed cluster move between the previous step's sums; otherwise every row is added again in row order.
    int incremental = exact && previous;
    int64_t moved = 0;
    for (int64_t r = 0; r < m; r++) {
        const int64_t i = todo[r], from = labels[i], to = at[r];
        if (from != to) {
            moved += 1;
            if (from < 0 || from >= k) incremental = 0;  // a row without a cluster: sum every row again
            if (incremental) {
                const double *row = x + i * d;
                double *a = sums + from * d, *b = sums + to * d;
                for (int64_t c = 0; c < d; c++) { a[c] -= row[c]; b[c] += row[c]; }
                counts[from] -= 1;
                counts[to] += 1;
            }
        }
        labels[i] = to;
        upper[i] = sqrt(best[r]) * (1 + slack);
        lower[i] = sqrt(second[r]) * (1 - slack);
    }
    if (!incremental) km_sums(x, n, d, labels, k, sums, counts);
    *changed = moved;
    free(shift); free(half);
    return 0;
}

/// Whether 0 ≤ a < 2^52 is an integer: a + 2^52 rounds to an integer, and subtracting 2^52 back is exact.
static inline int km_small_integer(double a) {
#pragma clang fp contract(off)
    return (a >= 0) & (a < 0x1p52) & ((a + 0x1p52) - 0x1p52 == a);
}

/// Σ v[i] as added in row order. When every term is an integer in [0, 2^52) and the sum, taken in any order, stays
/// below 2^52 (so every partial sum is below 2^53: exact), the order does not matter and eight partial sums give
/// the same bits without a chain of n dependent additions; otherwise the terms are added one after another.
static double km_row_order_sum(const double *v, int64_t n) {
#pragma clang fp contract(off)
    double lanes[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    int integral = 1;
    int64_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (int l = 0; l < 8; l++) {
            integral &= km_small_integer(v[i + l]);
            lanes[l] += v[i + l];
        }
    for (; i < n; i++) {
        integral &= km_small_integer(v[i]);
        lanes[0] += v[i];
    }
    double total = 0;
    for (int l = 0; l < 8; l++) total += lanes[l];
    if (integral && total < 0x1p52) return total;
    total = 0;
    for (i = 0; i < n; i++) total += v[i];
    return total;
}

/// Squared distances of the rows `index[0..<m]` to `r`, unfused (s = s + v * v in column order from 0), KM_LANES
/// rows at a time (one lane each, so every lane's sum is the scalar loop's); out[t] = min(s, cap[index[t]]) as
/// Swift's min(s, cap) (cap NULL: s). Inlined into one wrapper per target.
__attribute__((always_inline)) static inline void
km_seed_distances(const double *x, int64_t d, const double *r, const int64_t *index, int64_t m, const double *cap,
                  double *out) {
#pragma clang fp contract(off)
    for (int64_t t0 = 0; t0 < m; t0 += KM_LANES) {
        const double *row[KM_LANES];
        for (int l = 0; l < KM_LANES; l++) row[l] = x + index[t0 + l < m ? t0 + l : t0] * d;
        for (int l = 0; l < KM_LANES && t0 + KM_LANES + l < m; l++) {  // scattered rows: fetch the next group's
            const double *ahead = x + index[t0 + KM_LANES + l] * d;
            __builtin_prefetch(ahead);
            __builtin_prefetch(ahead + d - 1);
        }
        km_vd s = 0.0;
        for (int64_t c = 0; c < d; c++) {
            km_vd v;
            for (int l = 0; l < KM_LANES; l++) v[l] = row[l][c];
            v = v - r[c];
            s = s + v * v;
        }
        const int lanes = m - t0 < KM_LANES ? (int)(m - t0) : KM_LANES;
        for (int l = 0; l < lanes; l++) {
            const double c = cap ? cap[index[t0 + l]] : INFINITY;
            out[t0 + l] = c < s[l] ? c : s[l];
        }
    }
}

#if defined(__x86_64__)
__attribute__((target("avx512f"))) static void km_seed_distances_avx512(const double *x, int64_t d, const double *r,
                                                                        const int64_t *index, int64_t m, const double *cap,
                                                                        double *out) {
    km_seed_distances(x, d, r, index, m, cap, out);
}

__attribute__((target("avx2,fma"))) static void km_seed_distances_avx2(const double *x, int64_t d, const double *r,
                                                                       const int64_t *index, int64_t m, const double *cap,
                                                                       double *out) {
    km_seed_distances(x, d, r, index, m, cap, out);
}
#endif

static void km_seed_distances_portable(const double *x, int64_t d, const double *r, const int64_t *index, int64_t m,
                                       const double *cap, double *out) {
    km_seed_distances(x, d, r, index, m, cap, out);
}

int synth_kmeans_seed_trial(int build, const double *x, int64_t n, int64_t d, int64_t row, const double *closest,
                            const int64_t *owner, const double *chosen, int64_t count, double *distances,
                            double *potential, void *scratch) {
    // Unfused products and sums, in the order of SynthMath's Swift loop before this kernel (Swift does not
    // contract a * b + c), so the seeds are the same bits in every build.
#pragma clang fp contract(off)
    if (!synth_kmeans_supports(build) || row < 0 || row >= n || d < 1 || !scratch ||
        (closest && (!owner || !chosen || count < 1)))
        return -1;
    const double *r = x + row * d;
    // A row whose chosen centre a lies far from the candidate keeps its distance: with D the candidate's distance
    // to a (a lower bound of it), ‖x_i − x_row‖ ≥ D − ‖x_i − a‖ > ‖x_i − a‖ when closest[i] ≤ (D / 2)², with a
    // margin (`slack`, as synth_kmeans_step's) far above the rounding of the unfused sums, so the computed square
    // is above closest[i] and the minimum is closest[i] itself. `reach[j]`: that limit on closest[i].
    const double slack = 2.0 * (double)(d + 8) * DBL_EPSILON;
    double *reach = malloc(sizeof(double) * (size_t)(count > 0 ? count : 1)), *near = scratch;
    int64_t *todo = (int64_t *)(near + n);
    if (!reach) return -1;
    for (int64_t j = 0; j < count; j++) {
        const double *a = chosen + j * d;
        double s = 0;
        for (int64_t c = 0; c < d; c++) { const double v = a[c] - r[c]; s += v * v; }
        const double far = sqrt(s) * (1 - slack) / (2 * (1 + 2 * slack));
        // Far from underflow and overflow of the squares, where the relative rounding bound holds.
        reach[j] = far > 1e-100 && far < 1e150 ? far * far * (1 - 4 * DBL_EPSILON) : -1;
    }
    int64_t m = 0;
    for (int64_t i = 0; i < n; i++) {
        if (closest) distances[i] = closest[i];
        todo[m] = i;
        m += !closest || !(closest[i] <= reach[owner[i]]);
    }
#if defined(__x86_64__)
    if (build == 2) km_seed_distances_avx512(x, d, r, todo, m, closest, near);
    else if (build == 1) km_seed_distances_avx2(x, d, r, todo, m, closest, near);
    else
#endif
        km_seed_distances_portable(x, d, r, todo, m, closest, near);
    for (int64_t t = 0; t < m; t++) distances[todo[t]] = near[t];
    *potential = km_row_order_sum(distances, n);
    free(reach);
    return 0;
}

int synth_kmeans_exact_sums(const double *x, int64_t n, int64_t d, double *scratch) {
    // Integers below 2^52 in magnitude (NaN and infinities fail), and each column's absolute sum below 2^52: every
    // addition rounds at most by a relative 2^-53, so the true sums, and any partial sum, stay below 2^53.
#pragma clang fp contract(off)
    int integral = 1;
    for (int64_t c = 0; c < d; c++) scratch[c] = 0;
    for (int64_t i = 0; i < n; i++) {
        const double *r = x + i * d;
        for (int64_t c = 0; c < d; c++) {
            const double a = fabs(r[c]);
            integral &= km_small_integer(a);
            scratch[c] += a;
        }
    }
    for (int64_t c = 0; c < d; c++) integral &= scratch[c] < 0x1p52;
    return integral;
}
