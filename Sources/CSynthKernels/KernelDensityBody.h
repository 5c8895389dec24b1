// The kernel-density row sums of kernel_density.c, written once: kernel_density.c includes this file once per
// target with KDE_NAME (the function) and KDE_ATTRIBUTES (its `target` attribute, or nothing for the portable
// build) set. Every build works on vectors of KDE_LANES doubles with the same operations in the same order, so
// all return the same bits. Not a public header.

#define VD NS_CAT(KDE_NAME, _vd)
#define VL NS_CAT(KDE_NAME, _vl)
typedef double VD __attribute__((ext_vector_type(KDE_LANES)));
typedef int64_t VL __attribute__((ext_vector_type(KDE_LANES)));

/// e^y for y ≤ 0: y = n ln 2 + r with n = round(y / ln 2), |r| ≤ ln 2 / 2 (Cody and Waite's two-part ln 2),
/// e^r by its Taylor polynomial of degree 13 (truncation below 1e-17), times 2^n built in the exponent bits.
/// Below −708 (results under 2^−1022, subnormal or 0) it returns 0: a KDE row sum holds a term equal to 1, so
/// such terms never change it.
KDE_ATTRIBUTES __attribute__((always_inline)) static inline VD NS_CAT(KDE_NAME, _exp)(VD y) {
    const VD shifter = 0x1.8p52;
    VD n = y * 0x1.71547652b82fep0 + shifter;  // contraction is off: the product rounds, then the sum
    n = n - shifter;
    VD r = __builtin_elementwise_fma(-n, (VD)0x1.62e42fee00000p-1, y);
    r = __builtin_elementwise_fma(-n, (VD)0x1.a39ef35793c76p-33, r);
    VD p = 1.0 / 6227020800.0;
    p = __builtin_elementwise_fma(p, r, (VD)(1.0 / 479001600.0));
    p = __builtin_elementwise_fma(p, r, (VD)(1.0 / 39916800.0));
    p = __builtin_elementwise_fma(p, r, (VD)(1.0 / 3628800.0));
    p = __builtin_elementwise_fma(p, r, (VD)(1.0 / 362880.0));
    p = __builtin_elementwise_fma(p, r, (VD)(1.0 / 40320.0));
    p = __builtin_elementwise_fma(p, r, (VD)(1.0 / 5040.0));
    p = __builtin_elementwise_fma(p, r, (VD)(1.0 / 720.0));
    p = __builtin_elementwise_fma(p, r, (VD)(1.0 / 120.0));
    p = __builtin_elementwise_fma(p, r, (VD)(1.0 / 24.0));
    p = __builtin_elementwise_fma(p, r, (VD)(1.0 / 6.0));
    p = __builtin_elementwise_fma(p, r, (VD)0.5);
    p = __builtin_elementwise_fma(p, r, (VD)1.0);
    p = __builtin_elementwise_fma(p, r, (VD)1.0);
    VL bits = (__builtin_convertvector(n, VL) + 1023) << 52;
    VD scale;
    __builtin_memcpy(&scale, &bits, sizeof scale);
    VD out = p * scale;
    return y < -708.0 ? (VD)0.0 : out;
}

/// Per row i of the block (`rows` x `width` dot products q_i·r_j, row-major; `qnorm`, `rnorm` the rows' squared
/// norms): x_ij = max(0, ‖q_i‖² + ‖r_j‖² − 2 q_i·r_j) (SquaredDistanceBlocks.distance), m = max_j(−x_ij / 2)
/// and s = Σ_j e^(−x_ij / 2 − m), summed in KDE_LANES partial sums (j mod KDE_LANES) then lane by lane, folded
/// into the running log-sum-exp (maxima[i], sums[i]).
KDE_ATTRIBUTES static void KDE_NAME(const double *cross, int64_t rows, int64_t width, const double *qnorm,
                                    const double *rnorm, double *maxima, double *sums) {
    for (int64_t i = 0; i < rows; i++) {
        const double *row = cross + i * width;
        const double qn = qnorm[i];
        VD top = -INFINITY, partial = 0.0;
        // Pass 1: the halved negative distances and their maximum (kept in place of the dot products).
        double *half = (double *)row;
        for (int64_t j = 0; j < width; j += KDE_LANES) {
            VD dot = 0.0, rn = 0.0;
            const int64_t count = width - j < KDE_LANES ? width - j : KDE_LANES;
            if (count == KDE_LANES) { __builtin_memcpy(&dot, row + j, sizeof dot); __builtin_memcpy(&rn, rnorm + j, sizeof rn); }
            else for (int64_t k = 0; k < count; k++) { dot[k] = row[j + k]; rn[k] = rnorm[j + k]; }
            VD x = (qn + rn) - 2.0 * dot;
            x = -0.5 * (x > 0.0 ? x : (VD)0.0);
            for (int64_t k = count; k < KDE_LANES; k++) x[k] = -INFINITY;  // past the row's end: e^(−∞) = 0
            top = top > x ? top : x;
            if (count == KDE_LANES) __builtin_memcpy(half + j, &x, sizeof x);
            else for (int64_t k = 0; k < count; k++) half[j + k] = x[k];
        }
        double m = -INFINITY;
        for (int l = 0; l < KDE_LANES; l++) m = m > top[l] ? m : top[l];
        // Pass 2: the exponentials.
        for (int64_t j = 0; j < width; j += KDE_LANES) {
            VD x = -INFINITY;
            const int64_t count = width - j < KDE_LANES ? width - j : KDE_LANES;
            if (count == KDE_LANES) __builtin_memcpy(&x, half + j, sizeof x);
            else for (int64_t k = 0; k < count; k++) x[k] = half[j + k];
            partial += NS_CAT(KDE_NAME, _exp)(x - m);
        }
        double s = 0;
        for (int l = 0; l < KDE_LANES; l++) s += partial[l];
        if (m > maxima[i]) {
            sums[i] = sums[i] * exp(maxima[i] - m) + s;
            maxima[i] = m;
        } else {
            sums[i] += s * exp(m - maxima[i]);
        }
    }
}

/// The exponential alone over `n` values (its tests; GaussianMixture's E step, in place): `out[k] = e^y[k]`.
KDE_ATTRIBUTES static void NS_CAT(KDE_NAME, _exps)(const double *y, int64_t n, double *out) {
    for (int64_t j = 0; j < n; j += KDE_LANES) {
        VD x = 0.0;
        for (int64_t k = j; k < n && k < j + KDE_LANES; k++) x[k - j] = y[k];
        x = NS_CAT(KDE_NAME, _exp)(x);
        for (int64_t k = j; k < n && k < j + KDE_LANES; k++) out[k] = x[k - j];
    }
}

#undef VD
#undef VL
