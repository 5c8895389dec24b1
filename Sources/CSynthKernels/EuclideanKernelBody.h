// The Euclidean search kernel of euclidean.c, written once for a vector width: euclidean.c includes this file
// once per target with EUCLID_NAME (the function), EUCLID_TARGET (a `target` attribute string) and
// EUCLID_LANES (doubles per vector) set. Not a public header.

#define VD NS_CAT(EUCLID_NAME, _vd)
#define VL NS_CAT(EUCLID_NAME, _vl)

typedef double VD __attribute__((ext_vector_type(EUCLID_LANES)));
typedef int64_t VL __attribute__((ext_vector_type(EUCLID_LANES)));

NEIGHBOUR_FOLD(NS_CAT(EUCLID_NAME, _fold), EUCLID_TARGET, VD, VL)

/// One block of reference rows, packed in `panel` as chunks of EUCLID_LANES rows (column after column),
/// against every tile of EUCLID_TILE query rows; `best`, `next`, `at` hold EUCLID_LANES entries per query row.
/// Per pair: acc = 0, then acc = fma(q_c - r_c, q_c - r_c, acc) for c in column order.
__attribute__((target(EUCLID_TARGET))) static void
EUCLID_NAME(const double *rows, int64_t padded, int64_t nq, const double *panel, int64_t start, int64_t end,
            int64_t columns, int64_t discrete_from, const int64_t *excluding, double *best, double *next, int64_t *at) {
    (void)discrete_from;  // every column is continuous here
    const int64_t chunks = (end - start + EUCLID_LANES - 1) / EUCLID_LANES;
    VD tail = 0.0;
    VL lanes;
    for (int l = 0; l < EUCLID_LANES; l++) {
        lanes[l] = l;
        if (start + (chunks - 1) * EUCLID_LANES + l >= end) tail[l] = INFINITY;
    }
    for (int64_t i = 0; i < padded; i += EUCLID_TILE) {
        const double *q = rows + i * columns;
        for (int64_t chunk = 0; chunk < chunks; chunk++) {
            const double *r = panel + chunk * columns * EUCLID_LANES;
            VD acc[EUCLID_TILE];
            for (int t = 0; t < EUCLID_TILE; t++) acc[t] = 0.0;
            for (int64_t c = 0; c < columns; c++) {
                VD ref;
                __builtin_memcpy(&ref, r + c * EUCLID_LANES, sizeof ref);
                for (int t = 0; t < EUCLID_TILE; t++) {
                    VD d = q[t * columns + c] - ref;
                    acc[t] = __builtin_elementwise_fma(d, d, acc[t]);
                }
            }
            const int64_t base = start + chunk * EUCLID_LANES;
            const VL candidate = lanes + base;
            for (int t = 0; t < EUCLID_TILE; t++) {
                VD s = acc[t];
                if (chunk == chunks - 1) s += tail;
                const int64_t skip = excluding && i + t < nq ? excluding[i + t] : -1, lane = skip - base;
                if (skip >= 0 && lane >= 0 && lane < EUCLID_LANES) s[lane] = INFINITY;
                NS_CAT(EUCLID_NAME, _fold)(s, best + (i + t) * EUCLID_LANES, next + (i + t) * EUCLID_LANES,
                                               at + (i + t) * EUCLID_LANES, candidate);
            }
        }
    }
}

#undef VD
#undef VL
