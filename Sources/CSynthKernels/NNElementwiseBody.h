// The elementwise passes of SynthNN's training step (nn_elementwise.c), written once: nn_elementwise.c includes
// this file once per target with NN_NAME (a prefix for the functions), NN_ATTRIBUTES (the `target` attribute, or
// nothing for the portable build) and NN_LANES (floats per vector: 16, 8, 4) set. Every value is the Swift loop's:
// the same Float operations in the same order (no contraction: the file sets `fp contract(off)`), column sums added
// row after row from the first row, and a tail shorter than a vector computed as a zero-padded vector whose extra
// lanes are not stored. So every build returns the same bits. Not a public header.

#include "VectorMathBody.h"

/// `max(v, 0)` as the Swift loops write it, `v < 0 ? 0 : v`: NaN and −0 pass through.
NN_INLINE VF NN_FN(_relu)(VF v) { return NN_FN(_select)(v < 0, (VF)0, v); }

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
