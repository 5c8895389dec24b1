// The Gower search kernel of gower.c, written once for a vector width: gower.c includes this file once per
// target with GOWER_NAME (the function), GOWER_TARGET (a `target` attribute string) and GOWER_LANES set.
// Not a public header.

#define VF NS_CAT(GOWER_NAME, _vf)
#define VI NS_CAT(GOWER_NAME, _vi)

typedef float VF __attribute__((ext_vector_type(GOWER_LANES)));
typedef int32_t VI __attribute__((ext_vector_type(GOWER_LANES)));

NEIGHBOUR_FOLD(NS_CAT(GOWER_NAME, _fold), GOWER_TARGET, VF, VI)

/// One block of reference rows, packed in `panel` as chunks of GOWER_LANES rows (column after column),
/// against every tile of GOWER_TILE query rows; `best`, `next`, `at` hold GOWER_LANES entries per query row.
__attribute__((target(GOWER_TARGET))) static void
GOWER_NAME(const float *rows, int64_t padded, int64_t nq, const float *panel, int64_t start, int64_t end,
           int64_t columns, int64_t discrete_from, const int64_t *excluding, float *best, float *next, int32_t *at) {
    const int64_t chunks = (end - start + GOWER_LANES - 1) / GOWER_LANES;
    const VF one = 1.0f;
    const VI magnitude = 0x7fffffff, discrete = (int32_t)(columns - discrete_from);
    VF tail = 0.0f;
    VI lanes;
    for (int l = 0; l < GOWER_LANES; l++) {
        lanes[l] = l;
        if (start + (chunks - 1) * GOWER_LANES + l >= end) tail[l] = INFINITY;
    }
    for (int64_t i = 0; i < padded; i += GOWER_TILE) {
        const float *q[GOWER_TILE];
        int64_t skip[GOWER_TILE];
        for (int t = 0; t < GOWER_TILE; t++) {
            q[t] = rows + (i + t) * columns;
            skip[t] = excluding && i + t < nq ? excluding[i + t] : -1;
        }
        for (int64_t chunk = 0; chunk < chunks; chunk++) {
            const float *r = panel + chunk * columns * GOWER_LANES;
            VF acc[GOWER_TILE];
            VI equal[GOWER_TILE];
            for (int t = 0; t < GOWER_TILE; t++) { acc[t] = 0.0f; equal[t] = 0; }
            for (int64_t c = 0; c < discrete_from; c++) {
                VF ref;
                __builtin_memcpy(&ref, r + c * GOWER_LANES, sizeof ref);
                for (int t = 0; t < GOWER_TILE; t++) {
                    VF d = (VF)((VI)(q[t][c] - ref) & magnitude);
                    acc[t] += d < one ? d : one;
                }
            }
            for (int64_t c = discrete_from; c < columns; c++) {
                VF ref;
                __builtin_memcpy(&ref, r + c * GOWER_LANES, sizeof ref);
                for (int t = 0; t < GOWER_TILE; t++) equal[t] -= (q[t][c] == ref);
            }
            const int64_t base = start + chunk * GOWER_LANES;
            const VI candidate = lanes + (int32_t)base;
            for (int t = 0; t < GOWER_TILE; t++) {
                VF s = acc[t] + __builtin_convertvector(discrete - equal[t], VF);
                if (chunk == chunks - 1) s += tail;
                int64_t lane = skip[t] - base;
                if (skip[t] >= 0 && lane >= 0 && lane < GOWER_LANES) s[lane] += INFINITY;
                NS_CAT(GOWER_NAME, _fold)(s, best + (i + t) * GOWER_LANES, next + (i + t) * GOWER_LANES,
                                             at + (i + t) * GOWER_LANES, candidate);
            }
        }
    }
}

#undef VF
#undef VI
