// What the Gower (gower.c) and Euclidean (euclidean.c) nearest-neighbour kernels share: the per-lane fold of
// a vector of distances into running minima, and the driver around a kernel (query rows padded to whole
// tiles, reference rows packed per block into panels of `lanes` rows column after column, the lanes merged at
// the end). Not a public header.
//
// The driver is a template: define NS_DRIVER (its name), NS_VALUE (float or double), NS_INDEX (int32_t or
// int64_t), NS_TILE (query rows per register tile) and NS_BLOCK (reference rows per packed block), then
// include this file; the macros are undefined at its end. NEIGHBOUR_FOLD and NS_CAT stay defined.

#ifndef NEIGHBOUR_FOLD
#define NS_CAT_(a, b) a##b
/// Pastes two tokens after expanding them (kernel names built from a width's name).
#define NS_CAT(a, b) NS_CAT_(a, b)

/// Defines `NAME(s, best, next, at, candidate)` for target TARGET: folds one vector of distances `s` (reference
/// rows `candidate`) into a query row's per-lane smallest (`best`, index `at`) and second smallest (`next`).
/// A distance equal to the lane's smallest keeps the earlier (lower) index.
#define NEIGHBOUR_FOLD(NAME, TARGET, VV, VI)                                                                       \
    __attribute__((target(TARGET), always_inline)) static inline void                                            \
    NAME(VV s, __typeof__(s[0]) *best, __typeof__(s[0]) *next, __typeof__(((VI){0})[0]) *at, VI candidate) {      \
        VV b, n; VI a;                                                                                           \
        __builtin_memcpy(&b, best, sizeof b); __builtin_memcpy(&n, next, sizeof n);                              \
        __builtin_memcpy(&a, at, sizeof a);                                                                      \
        VV high = b > s ? b : s;                                                                                 \
        n = n < high ? n : high;                                                                                 \
        VI better = s < b;                                                                                       \
        b = s < b ? s : b;                                                                                       \
        a = better ? candidate : a;                                                                              \
        __builtin_memcpy(best, &b, sizeof b); __builtin_memcpy(next, &n, sizeof n);                              \
        __builtin_memcpy(at, &a, sizeof a);                                                                      \
    }
#endif

#ifdef NS_DRIVER
#define NS_KERNEL NS_CAT(NS_DRIVER, _kernel)
/// A kernel: one packed block of reference rows [start, end) against every tile of query rows.
typedef void (*NS_KERNEL)(const NS_VALUE *rows, int64_t padded, int64_t nq, const NS_VALUE *panel,
                                   int64_t start, int64_t end, int64_t columns, int64_t discrete_from,
                                   const int64_t *excluding, NS_VALUE *best, NS_VALUE *next, NS_INDEX *at);

/// Runs `kernel` (of `lanes` lanes) over every block of the reference rows, whose value (row j, column c) is
/// `reference[j * row_stride + c * column_stride]`; `query` is row-major. Writes the smallest and second
/// smallest distance (+inf when missing) and the index of the smallest (-1 when none; ties: the lowest index)
/// per query row. Returns 0, or -1 when memory ran out.
static int NS_DRIVER(int lanes, NS_KERNEL kernel, const NS_VALUE *query, int64_t nq, const NS_VALUE *reference,
                     int64_t nr, int64_t columns, int64_t row_stride, int64_t column_stride, int64_t discrete_from,
                     const int64_t *excluding, NS_VALUE *first, NS_VALUE *second, NS_INDEX *index) {
    const int64_t padded = (nq + NS_TILE - 1) / NS_TILE * NS_TILE;
    const int64_t panel_values = (NS_BLOCK + lanes) * columns;
    NS_VALUE *rows = malloc(sizeof(NS_VALUE) * (size_t)(padded * columns + 1));
    NS_VALUE *panel = aligned_alloc(64, (sizeof(NS_VALUE) * (size_t)panel_values + 63) / 64 * 64 + 64);
    NS_VALUE *best = malloc(sizeof(NS_VALUE) * (size_t)(padded * lanes));
    NS_VALUE *next = malloc(sizeof(NS_VALUE) * (size_t)(padded * lanes));
    NS_INDEX *at = malloc(sizeof(NS_INDEX) * (size_t)(padded * lanes));
    if (!rows || !panel || !best || !next || !at) {
        free(rows); free(panel); free(best); free(next); free(at);
        return -1;
    }
    // Padding query rows copy row 0; their results are dropped.
    for (int64_t i = 0; i < padded; i++)
        for (int64_t c = 0; c < columns; c++) rows[i * columns + c] = query[(i < nq ? i : 0) * columns + c];
    for (int64_t k = 0; k < padded * lanes; k++) { best[k] = INFINITY; next[k] = INFINITY; at[k] = -1; }
    for (int64_t start = 0; start < nr; start += NS_BLOCK) {
        const int64_t end = start + NS_BLOCK < nr ? start + NS_BLOCK : nr;
        const int64_t chunks = (end - start + lanes - 1) / lanes;
        for (int64_t chunk = 0; chunk < chunks; chunk++)
            for (int64_t c = 0; c < columns; c++)
                for (int l = 0; l < lanes; l++) {
                    const int64_t j = start + chunk * lanes + l;
                    panel[(chunk * columns + c) * lanes + l] = j < end ? reference[j * row_stride + c * column_stride] : 0;
                }
        kernel(rows, padded, nq, panel, start, end, columns, discrete_from, excluding, best, next, at);
    }
    // Per query row: the smallest over the lanes (ties: the lowest index), its index, and the second smallest
    // (that lane's second or another lane's smallest).
    for (int64_t i = 0; i < nq; i++) {
        const NS_VALUE *b = best + i * lanes, *n = next + i * lanes;
        const NS_INDEX *ix = at + i * lanes;
        int lane = -1;
        for (int l = 0; l < lanes; l++) {
            if (ix[l] < 0) continue;
            if (lane < 0 || b[l] < b[lane] || (b[l] == b[lane] && ix[l] < ix[lane])) lane = l;
        }
        if (lane < 0) { first[i] = INFINITY; second[i] = INFINITY; index[i] = -1; continue; }
        NS_VALUE s = n[lane];
        for (int l = 0; l < lanes; l++) if (l != lane && b[l] < s) s = b[l];
        first[i] = b[lane]; second[i] = s; index[i] = ix[lane];
    }
    free(rows); free(panel); free(best); free(next); free(at);
    return 0;
}
#undef NS_KERNEL
#undef NS_DRIVER
#undef NS_VALUE
#undef NS_INDEX
#undef NS_TILE
#undef NS_BLOCK
#endif
