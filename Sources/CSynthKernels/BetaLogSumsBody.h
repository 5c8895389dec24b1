// The beta likelihood's product sums of beta_log_sums.c, written once: beta_log_sums.c includes this file once
// per target with BLS_NAME (the function), BLS_ATTRIBUTES (its `target` attribute, or nothing for the portable
// build) and BLS_RECIPROCAL (1: the quotient through the reciprocal and FMA corrections, verified; 0: the
// division) set. Every build works on vectors of 8 doubles with the same operations in the same order and
// every quotient is the correctly rounded one, so all return the same bits. Not a public header.

#define VD NS_CAT(BLS_NAME, _vd)
#define VL NS_CAT(BLS_NAME, _vl)
typedef double VD __attribute__((ext_vector_type(8)));
typedef int64_t VL __attribute__((ext_vector_type(8)));

/// z = (x − loc)/scale for 8 values, correctly rounded (what the IEEE division returns).
///
/// With BLS_RECIPROCAL: y = RN(1/scale) is given; q0 = RN(d·y), then Markstein's correction q = RN(q0 + r·y)
/// with the exact residual r = d − scale·q0 (one FMA). q is then *verified*: with t = RN(d − scale·q) (one FMA)
/// and h = ½ulp(q)·scale (exact: a power of two times scale, which the caller keeps within 2^±800), |t| < h
/// implies |d − scale·q| < h (rounding is monotone and h is a double), that is |d/scale − q| < ½ulp(q), so q is
/// the nearest double to d/scale unless q is a power of two (where the ulp below is half: not accepted). A
/// vector with any unverified lane is divided instead. Lanes are z in [2⁻⁶⁰, 1): normal, positive.
BLS_ATTRIBUTES __attribute__((always_inline)) static inline VD NS_CAT(BLS_NAME, _quotient)(VD x, double loc,
                                                                                         double scale, double y) {
    VD d = x - loc;
#if BLS_RECIPROCAL
    const VD s = scale;
    VD q = d * y;
    VD r = __builtin_elementwise_fma(-q, s, d);
    q = __builtin_elementwise_fma(r, (VD)y, q);
    VD t = __builtin_elementwise_fma(-q, s, d);
    VL bits;
    __builtin_memcpy(&bits, &q, sizeof bits);
    VL halfBits = (bits & 0x7FF0000000000000LL) - (53LL << 52);
    VD half;
    __builtin_memcpy(&half, &halfBits, sizeof half);
    VD h = half * s;
    VD magnitude = __builtin_elementwise_abs(t);
    VL verified = (magnitude < h) & ((bits & 0x000FFFFFFFFFFFFFLL) != 0);
    if (__builtin_reduce_and(verified) != -1) return d / scale;
    return q;
#else
    (void)y;
    return d / scale;
#endif
}

/// Moves each lane's binary exponent into `exponent`, leaving a significand in [1, 2) (lanes positive normal).
BLS_ATTRIBUTES __attribute__((always_inline)) static inline void NS_CAT(BLS_NAME, _renormalise)(VD *p, VL *exponent) {
    VL bits;
    __builtin_memcpy(&bits, p, sizeof bits);
    *exponent += ((bits >> 52) & 0x7FF) - 1023;
    bits = (bits & 0x000FFFFFFFFFFFFFLL) | 0x3FF0000000000000LL;
    __builtin_memcpy(p, &bits, sizeof bits);
}

/// Σ log z and Σ log(1 − z) over x[0..<n] (see synth_beta_log_sums): lane k multiplies the z of the values at
/// k mod 8, renormalised after every 16 vectors (and after the last, shorter group), the lanes' logarithms added
/// in lane order, then the last n mod 8 values one by one with log and log1p.
BLS_ATTRIBUTES static void BLS_NAME(const double *x, int64_t n, double loc, double scale, double y, double *log_z,
                                    double *log_w) {
    VD productZ = 1.0, productW = 1.0;
    VL exponentZ = 0, exponentW = 0;
    int64_t i = 0;
    while (i + 8 <= n) {
        int64_t end = n - (n - i) % 8;
        if (end > i + 16 * 8) end = i + 16 * 8;
        for (; i < end; i += 8) {
            VD v;
            __builtin_memcpy(&v, x + i, sizeof v);
            VD t = NS_CAT(BLS_NAME, _quotient)(v, loc, scale, y);
            productZ *= t;
            productW *= 1.0 - t;
        }
        NS_CAT(BLS_NAME, _renormalise)(&productZ, &exponentZ);
        NS_CAT(BLS_NAME, _renormalise)(&productW, &exponentW);
    }
    double sumZ = 0.0, sumW = 0.0;
    for (int lane = 0; lane < 8; lane++) {
        sumZ += log(productZ[lane]) + (double)exponentZ[lane] * 0.693147180559945309417232121458176568;
        sumW += log(productW[lane]) + (double)exponentW[lane] * 0.693147180559945309417232121458176568;
    }
    for (; i < n; i++) {
        double t = (x[i] - loc) / scale;
        sumZ += log(t);
        sumW += log1p(-t);
    }
    *log_z = sumZ;
    *log_w = sumW;
}

#undef VD
#undef VL
