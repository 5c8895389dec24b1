// The elementwise passes of SynthNN's training step (nn_elementwise.c), written once: nn_elementwise.c includes
// this file once per target with NN_NAME (a prefix for the functions), NN_ATTRIBUTES (the `target` attribute, or
// nothing for the portable build) and NN_LANES (floats per vector: 16, 8, 4) set. Every value is the Swift loop's:
// the same Float operations in the same order (no contraction: the file sets `fp contract(off)`), column sums added
// row after row from the first row, and a tail shorter than a vector computed as a zero-padded vector whose extra
// lanes are not stored. So every build returns the same bits. Not a public header.

#define VF NN_CAT(NN_NAME, _vf)
#define VI NN_CAT(NN_NAME, _vi)
typedef float VF __attribute__((ext_vector_type(NN_LANES)));
typedef int32_t VI __attribute__((ext_vector_type(NN_LANES)));
#define NN_FN(name) NN_CAT(NN_NAME, name)
#define NN_INLINE NN_ATTRIBUTES __attribute__((always_inline)) static inline

NN_INLINE VF NN_FN(_load)(const float *p) {
    VF v;
    __builtin_memcpy(&v, p, sizeof v);
    return v;
}

NN_INLINE void NN_FN(_store)(VF v, float *p) { __builtin_memcpy(p, &v, sizeof v); }

/// The first `count` (< NN_LANES) values of `p`, the other lanes 0.
NN_INLINE VF NN_FN(_load_partial)(const float *p, int64_t count) {
    VF v = 0;
    for (int64_t k = 0; k < count; k++) v[k] = p[k];
    return v;
}

NN_INLINE void NN_FN(_store_partial)(VF v, float *p, int64_t count) {
    for (int64_t k = 0; k < count; k++) p[k] = v[k];
}

NN_INLINE VF NN_FN(_bits_to_float)(VI bits) {
    VF v;
    __builtin_memcpy(&v, &bits, sizeof v);
    return v;
}

NN_INLINE VI NN_FN(_float_to_bits)(VF v) {
    VI bits;
    __builtin_memcpy(&bits, &v, sizeof bits);
    return bits;
}

/// Lane-wise `mask ? a : b` for a comparison's mask (all ones or zero per lane).
NN_INLINE VF NN_FN(_select)(VI mask, VF a, VF b) {
    return NN_FN(_bits_to_float)((mask & NN_FN(_float_to_bits)(a)) | (~mask & NN_FN(_float_to_bits)(b)));
}

/// `max(v, 0)` as the Swift loops write it, `v < 0 ? 0 : v`: NaN and −0 pass through.
NN_INLINE VF NN_FN(_relu)(VF v) { return NN_FN(_select)(v < 0, (VF)0, v); }

/// SynthNN's FastMath.exp (Cephes `expf`), operation for operation: clamp to [−104, 89], n by the 1.5·2²³ shifter,
/// r in two Cody–Waite steps, the degree-5 polynomial, the product with two normal powers of two.
NN_INLINE VF NN_FN(_exp)(VF x) {
    const VF shifter = 12582912.0f;
    VF xc = NN_FN(_select)(x > 89.0f, (VF)89.0f, x);
    xc = NN_FN(_select)(xc < -104.0f, (VF)-104.0f, xc);
    VF t = xc * 1.44269504088896341f + shifter;
    VF n = t - shifter;
    VF r = xc - n * 0.693359375f;
    r = r - n * -2.12194440e-4f;
    VF p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * (r * r) + r + 1.0f;
    VI ni = NN_FN(_float_to_bits)(t) - 0x4B400000;
    VI n1 = ni >> 1;
    VI n2 = ni - n1;
    VF s1 = NN_FN(_bits_to_float)((n1 + 127) << 23);
    VF s2 = NN_FN(_bits_to_float)((n2 + 127) << 23);
    return p * s1 * s2;
}

/// SynthNN's FastMath.sigmoid: `n / (1 + e^−|x|)` with `n = e^−|x|` for `x < 0`, else 1.
NN_INLINE VF NN_FN(_sigmoid)(VF x) {
    VF e = NN_FN(_exp)(-NN_FN(_bits_to_float)(NN_FN(_float_to_bits)(x) & 0x7FFFFFFF));
    return NN_FN(_select)(x < 0, e, (VF)1.0f) / (1.0f + e);
}

/// dst = src + bias per row (`relu`: then `v < 0 ? 0 : v`); bias NULL: the ReLU alone. `dst` may be `src`.
NN_ATTRIBUTES static void NN_FN(_bias_activation)(const float *src, const float *bias, int64_t rows, int64_t cols,
                                                 float *dst, int relu) {
    const int64_t tail = cols % NN_LANES, body = cols - tail;
    for (int64_t r = 0; r < rows; r++) {
        const float *s = src + r * cols;
        float *d = dst + r * cols;
        int64_t c = 0;
        for (; c < body; c += NN_LANES) {
            VF v = NN_FN(_load)(s + c);
            if (bias) v = v + NN_FN(_load)(bias + c);
            NN_FN(_store)(relu ? NN_FN(_relu)(v) : v, d + c);
        }
        if (tail) {
            VF v = NN_FN(_load_partial)(s + c, tail);
            if (bias) v = v + NN_FN(_load_partial)(bias + c, tail);
            NN_FN(_store_partial)(relu ? NN_FN(_relu)(v) : v, d + c, tail);
        }
    }
}

/// (y > 0 ? g : 0) for one vector.
NN_INLINE VF NN_FN(_relu_gradient)(VF g, VF y) { return NN_FN(_select)(y > 0, g, (VF)0); }

/// dst = (y > 0 ? g : 0), and each row of dst added into `sums` (zeroed first unless `accumulate`). Two rows per
/// pass over the columns: each sum adds the first row's value, then the second's (the row order), loaded and
/// stored once per pair.
NN_ATTRIBUTES static void NN_FN(_relu_backward_sums)(const float *g, const float *y, int64_t rows, int64_t cols,
                                                    float *dst, float *sums, int accumulate) {
    if (!accumulate) for (int64_t c = 0; c < cols; c++) sums[c] = 0;
    const int64_t tail = cols % NN_LANES, body = cols - tail;
    int64_t r = 0;
    for (; r + 2 <= rows; r += 2) {
        const float *g0 = g + r * cols, *y0 = y + r * cols, *g1 = g0 + cols, *y1 = y0 + cols;
        float *d0 = dst + r * cols, *d1 = d0 + cols;
        int64_t c = 0;
        for (; c < body; c += NN_LANES) {
            VF v0 = NN_FN(_relu_gradient)(NN_FN(_load)(g0 + c), NN_FN(_load)(y0 + c));
            VF v1 = NN_FN(_relu_gradient)(NN_FN(_load)(g1 + c), NN_FN(_load)(y1 + c));
            NN_FN(_store)(v0, d0 + c);
            NN_FN(_store)(v1, d1 + c);
            NN_FN(_store)((NN_FN(_load)(sums + c) + v0) + v1, sums + c);
        }
        if (tail) {
            VF v0 = NN_FN(_relu_gradient)(NN_FN(_load_partial)(g0 + c, tail), NN_FN(_load_partial)(y0 + c, tail));
            VF v1 = NN_FN(_relu_gradient)(NN_FN(_load_partial)(g1 + c, tail), NN_FN(_load_partial)(y1 + c, tail));
            NN_FN(_store_partial)(v0, d0 + c, tail);
            NN_FN(_store_partial)(v1, d1 + c, tail);
            NN_FN(_store_partial)((NN_FN(_load_partial)(sums + c, tail) + v0) + v1, sums + c, tail);
        }
    }
    if (r < rows) {
        const float *gr = g + r * cols, *yr = y + r * cols;
        float *dr = dst + r * cols;
        int64_t c = 0;
        for (; c < body; c += NN_LANES) {
            VF v = NN_FN(_relu_gradient)(NN_FN(_load)(gr + c), NN_FN(_load)(yr + c));
            NN_FN(_store)(v, dr + c);
            NN_FN(_store)(NN_FN(_load)(sums + c) + v, sums + c);
        }
        if (tail) {
            VF v = NN_FN(_relu_gradient)(NN_FN(_load_partial)(gr + c, tail), NN_FN(_load_partial)(yr + c, tail));
            NN_FN(_store_partial)(v, dr + c, tail);
            NN_FN(_store_partial)(NN_FN(_load_partial)(sums + c, tail) + v, sums + c, tail);
        }
    }
}

/// sums[c] (+)= src[r, c] added row after row.
NN_ATTRIBUTES static void NN_FN(_column_sums)(const float *src, int64_t rows, int64_t cols, float *sums,
                                             int accumulate) {
    if (!accumulate) for (int64_t c = 0; c < cols; c++) sums[c] = 0;
    const int64_t tail = cols % NN_LANES, body = cols - tail;
    for (int64_t r = 0; r < rows; r++) {
        const float *s = src + r * cols;
        int64_t c = 0;
        for (; c < body; c += NN_LANES) NN_FN(_store)(NN_FN(_load)(sums + c) + NN_FN(_load)(s + c), sums + c);
        if (tail) {
            VF v = NN_FN(_load_partial)(sums + c, tail) + NN_FN(_load_partial)(s + c, tail);
            NN_FN(_store_partial)(v, sums + c, tail);
        }
    }
}

/// s = sigmoid(x), out = x · s.
NN_ATTRIBUTES static void NN_FN(_silu_forward)(const float *x, int64_t n, float *s, float *out) {
    const int64_t tail = n % NN_LANES, body = n - tail;
    int64_t i = 0;
    for (; i < body; i += NN_LANES) {
        VF xv = NN_FN(_load)(x + i), sv = NN_FN(_sigmoid)(xv);
        NN_FN(_store)(sv, s + i);
        NN_FN(_store)(xv * sv, out + i);
    }
    if (tail) {
        VF xv = NN_FN(_load_partial)(x + i, tail), sv = NN_FN(_sigmoid)(xv);
        NN_FN(_store_partial)(sv, s + i, tail);
        NN_FN(_store_partial)(xv * sv, out + i, tail);
    }
}

/// dx = g·s + ((g·x)·s)·(1 − s): the gradient of x · sigmoid(x) as the tape composes it.
NN_INLINE VF NN_FN(_silu_gradient)(VF g, VF x, VF s) {
    VF gx = g * x;
    return g * s + gx * s * (1.0f - s);
}

NN_ATTRIBUTES static void NN_FN(_silu_backward)(const float *g, const float *x, const float *s, int64_t n, float *dx) {
    const int64_t tail = n % NN_LANES, body = n - tail;
    int64_t i = 0;
    for (; i < body; i += NN_LANES)
        NN_FN(_store)(NN_FN(_silu_gradient)(NN_FN(_load)(g + i), NN_FN(_load)(x + i), NN_FN(_load)(s + i)), dx + i);
    if (tail) {
        VF v = NN_FN(_silu_gradient)(NN_FN(_load_partial)(g + i, tail), NN_FN(_load_partial)(x + i, tail),
                                     NN_FN(_load_partial)(s + i, tail));
        NN_FN(_store_partial)(v, dx + i, tail);
    }
}

/// One Adam/AdamW update of a vector (SynthNN's Adam.loop): decay or L2 term, the first moment by ATen's lerp,
/// the second moment, the step. The flags are literals at each call, so every variant is a branch-free loop.
NN_INLINE void NN_FN(_adam_lanes)(VF *p, VF g, VF *m, VF *v, const synth_adam_constants *k, int decoupled, int l2,
                                  int lerp_low) {
    const float one_minus_w = 1.0f - k->w;
    VF pj = decoupled ? *p * k->decay : *p;
    VF gj = l2 ? g + k->l2 * pj : g;
    VF mj = lerp_low ? *m + k->w * (gj - *m) : gj - (gj - *m) * one_minus_w;
    VF vj = *v * k->b2 + k->one_minus_b2 * gj * gj;
    *p = pj + k->neg_step * mj / (__builtin_elementwise_sqrt(vj) / k->bc2_sqrt + k->eps);
    *m = mj;
    *v = vj;
}

NN_INLINE void NN_FN(_adam_loop)(float *p, const float *g, float *m, float *v, int64_t n,
                                 const synth_adam_constants *k, int decoupled, int l2, int lerp_low) {
    const int64_t tail = n % NN_LANES, body = n - tail;
    int64_t i = 0;
    for (; i < body; i += NN_LANES) {
        VF pv = NN_FN(_load)(p + i), mv = NN_FN(_load)(m + i), vv = NN_FN(_load)(v + i);
        NN_FN(_adam_lanes)(&pv, NN_FN(_load)(g + i), &mv, &vv, k, decoupled, l2, lerp_low);
        NN_FN(_store)(pv, p + i);
        NN_FN(_store)(mv, m + i);
        NN_FN(_store)(vv, v + i);
    }
    if (tail) {
        VF pv = NN_FN(_load_partial)(p + i, tail), mv = NN_FN(_load_partial)(m + i, tail);
        VF vv = NN_FN(_load_partial)(v + i, tail);
        NN_FN(_adam_lanes)(&pv, NN_FN(_load_partial)(g + i, tail), &mv, &vv, k, decoupled, l2, lerp_low);
        NN_FN(_store_partial)(pv, p + i, tail);
        NN_FN(_store_partial)(mv, m + i, tail);
        NN_FN(_store_partial)(vv, v + i, tail);
    }
}

NN_ATTRIBUTES static void NN_FN(_adam)(float *p, const float *g, float *m, float *v, int64_t n,
                                      const synth_adam_constants *k, int decoupled, int l2, int lerp_low) {
    if (decoupled) {
        if (lerp_low) NN_FN(_adam_loop)(p, g, m, v, n, k, 1, 0, 1);
        else NN_FN(_adam_loop)(p, g, m, v, n, k, 1, 0, 0);
    } else if (l2) {
        if (lerp_low) NN_FN(_adam_loop)(p, g, m, v, n, k, 0, 1, 1);
        else NN_FN(_adam_loop)(p, g, m, v, n, k, 0, 1, 0);
    } else {
        if (lerp_low) NN_FN(_adam_loop)(p, g, m, v, n, k, 0, 0, 1);
        else NN_FN(_adam_loop)(p, g, m, v, n, k, 0, 0, 0);
    }
}

#undef VF
#undef VI
#undef NN_FN
#undef NN_INLINE
