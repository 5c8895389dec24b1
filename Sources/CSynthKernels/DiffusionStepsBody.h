// TabDDPM's per-row passes (diffusion_steps.c), written once: diffusion_steps.c includes this file once per target
// with NN_NAME, NN_ATTRIBUTES and NN_LANES set (as NNElementwiseBody.h). The categorical passes put one row in each
// lane: a block of NN_LANES rows is transposed into scratch (class c of lane l at [c · NN_LANES + l]), and each lane
// runs the Swift loop's Float operations on its row in their order: a span's maximum, sums and draws class after
// class from 0, FastMath's exp and log, every product rounded before its sum. A block shorter than NN_LANES fills
// the missing lanes with its first row and stores nothing of them. So every build returns the Swift loops' bits.
// Not a public header.

#include "VectorMathBody.h"

/// Lane-wise `mask ? a : b` of integer vectors.
NN_INLINE VI NN_FN(_select_int)(VI mask, VI a, VI b) { return (mask & a) | (~mask & b); }

/// Rows r0 ..< r0 + active of a row-major block (`stride` apart, `width` values from `src`), transposed into
/// `dst[c · NN_LANES + l]`; lanes from `active` on repeat row r0.
NN_INLINE void NN_FN(_transpose_in)(const float *src, int64_t stride, int64_t width, int64_t r0, int64_t active,
                                    float *dst) {
#if NN_LANES == 16 || NN_LANES == 8
    // One gather per class (the scalar copy's stores cost more than the span passes).
    int32_t offsets[NN_LANES];
    for (int64_t l = 0; l < NN_LANES; l++) offsets[l] = (int32_t)((l < active ? l : 0) * stride);
    const float *base = src + r0 * stride;
#if NN_LANES == 16
    const __m512i index = _mm512_loadu_si512(offsets);
    for (int64_t c = 0; c < width; c++) _mm512_storeu_ps(dst + c * NN_LANES, _mm512_i32gather_ps(index, base + c, 4));
#else
    const __m256i index = _mm256_loadu_si256((const __m256i *)offsets);
    for (int64_t c = 0; c < width; c++) _mm256_storeu_ps(dst + c * NN_LANES, _mm256_i32gather_ps(base + c, index, 4));
#endif
#else
    for (int64_t l = 0; l < NN_LANES; l++) {
        const float *row = src + (r0 + (l < active ? l : 0)) * stride;
        for (int64_t c = 0; c < width; c++) dst[c * NN_LANES + l] = row[c];
    }
#endif
}

/// The inverse of _transpose_in for the active lanes.
NN_INLINE void NN_FN(_transpose_out)(const float *src, int64_t width, int64_t r0, int64_t active, float *dst,
                                     int64_t stride) {
#if NN_LANES == 16
    if (active == NN_LANES) {  // one scatter per class
        int32_t offsets[NN_LANES];
        for (int64_t l = 0; l < NN_LANES; l++) offsets[l] = (int32_t)(l * stride);
        const __m512i index = _mm512_loadu_si512(offsets);
        for (int64_t c = 0; c < width; c++)
            _mm512_i32scatter_ps(dst + r0 * stride + c, index, _mm512_loadu_ps(src + c * NN_LANES), 4);
        return;
    }
#endif
    for (int64_t l = 0; l < active; l++) {
        float *row = dst + (r0 + l) * stride;
        for (int64_t c = 0; c < width; c++) row[c] = src[c * NN_LANES + l];
    }
}

/// base[index[l]] in lane l (a gather with AVX-512 and AVX2).
NN_INLINE VF NN_FN(_gather)(const float *base, VI index) {
    VF v;
#if NN_LANES == 16
    __m512i i;
    __builtin_memcpy(&i, &index, sizeof i);
    __m512 g = _mm512_i32gather_ps(i, base, 4);
    __builtin_memcpy(&v, &g, sizeof v);
#elif NN_LANES == 8
    __m256i i;
    __builtin_memcpy(&i, &index, sizeof i);
    __m256 g = _mm256_i32gather_ps(base, i, 4);
    __builtin_memcpy(&v, &g, sizeof v);
#else
    for (int64_t l = 0; l < NN_LANES; l++) v[l] = base[index[l]];
#endif
    return v;
}

/// base[index[l]] of 32-bit integers in lane l.
NN_INLINE VI NN_FN(_gather_int)(const int32_t *base, VI index) {
    VF bits = NN_FN(_gather)((const float *)base, index);
    return NN_FN(_float_to_bits)(bits);
}

/// The index of row r0 + l (row r0 from `active` on) in a row-major table of `columns` values, plus `j`.
NN_INLINE VI NN_FN(_row_index)(int64_t columns, int64_t j, int64_t active) {
    VI v;
    for (int64_t l = 0; l < NN_LANES; l++) v[l] = (int32_t)((l < active ? l : 0) * columns + j);
    return v;
}

/// Column j's codes of the block's rows (`codes` rows x columns), lanes from `active` on repeating row r0.
NN_INLINE VI NN_FN(_codes)(const int32_t *codes, int64_t columns, int64_t j, int64_t r0, int64_t active) {
    return NN_FN(_gather_int)(codes + r0 * columns, NN_FN(_row_index)(columns, j, active));
}

/// MultinomialDiffusion.spanSoftmax on one span of a transposed block: z − max into `shifted` when not NULL,
/// e = exp(z − max) into `p`, their sum from 0 in class order, then p = e / sum. Returns the sum.
NN_INLINE VF NN_FN(_span_softmax)(const float *z, int64_t o, int64_t k, float *p, float *shifted) {
    VF m = NN_FN(_load)(z + o * NN_LANES);
    for (int64_t c = o + 1; c < o + k; c++) {
        VF v = NN_FN(_load)(z + c * NN_LANES);
        m = NN_FN(_select)(v > m, v, m);
    }
    VF s = 0;
    for (int64_t c = o; c < o + k; c++) {
        VF d = NN_FN(_load)(z + c * NN_LANES) - m, e = NN_FN(_exp)(d);
        if (shifted) NN_FN(_store)(d, shifted + c * NN_LANES);
        NN_FN(_store)(e, p + c * NN_LANES);
        s = s + e;
    }
    for (int64_t c = o; c < o + k; c++) NN_FN(_store)(NN_FN(_load)(p + c * NN_LANES) / s, p + c * NN_LANES);
    return s;
}

/// MultinomialDiffusion.modelPosterior on one span: prior P_c = a·p_c + b/K where `mixed` (t > 0), else p_c, into
/// `prior`; W_c = P_c · (c = x_t ? q_hit : q_miss) into `weights`. Returns Σ W from 0 in class order.
NN_INLINE VF NN_FN(_span_posterior)(const float *p, int64_t o, int64_t k, const float *inverse_k, VI mixed, VF a, VF b,
                                    VI hot, VF q_hit, VF q_miss, float *prior, float *weights) {
    VF sum = 0;
    for (int64_t c = o; c < o + k; c++) {
        VF pc = NN_FN(_load)(p + c * NN_LANES);
        VF prior_c = NN_FN(_select)(mixed, a * pc + b * inverse_k[c], pc);
        VF w = NN_FN(_select)(hot == (int32_t)(c - o), prior_c * q_hit, prior_c * q_miss);
        NN_FN(_store)(prior_c, prior + c * NN_LANES);
        NN_FN(_store)(w, weights + c * NN_LANES);
        sum = sum + w;
    }
    return sum;
}

/// One reverse step's categorical part (synth_ddpm_posterior_draw). `scratch`: 4 · width · NN_LANES floats.
NN_ATTRIBUTES static void NN_FN(_posterior_draw)(const synth_ddpm_spans *spans, const float *logits, int64_t stride,
                                                int64_t rows, float a, float b, int mixed,
                                                const synth_ddpm_column_step *step, const int32_t *xt,
                                                const float *uniforms, int32_t *codes, float *weights, float *sums,
                                                float *scratch) {
    const int64_t w = spans->width, nc = spans->columns;
    float *z = scratch, *p = z + w * NN_LANES, *prior = p + w * NN_LANES, *wt = prior + w * NN_LANES;
    const VI mixed_v = mixed ? (VI)-1 : (VI)0;
    for (int64_t r0 = 0; r0 < rows; r0 += NN_LANES) {
        const int64_t active = rows - r0 < NN_LANES ? rows - r0 : NN_LANES;
        NN_FN(_transpose_in)(logits, stride, w, r0, active, z);
        for (int64_t j = 0; j < nc; j++) {
            const int64_t o = spans->offsets[j], k = spans->counts[j];
            NN_FN(_span_softmax)(z, o, k, p, 0);
            VI hot = NN_FN(_codes)(xt, nc, j, r0, active);
            VF sum = NN_FN(_span_posterior)(p, o, k, spans->inverse_k, mixed_v, (VF)a, (VF)b, hot, (VF)step[j].q_hit,
                                            (VF)step[j].q_miss, prior, wt);
            if (sums)
                for (int64_t l = 0; l < active; l++) sums[(r0 + l) * nc + j] = sum[l];
            if (!uniforms) continue;
            // Inverse CDF as drawCategories: the first class whose running sum exceeds u · S, else the last.
            VF target = NN_FN(_gather)(uniforms + r0 * nc, NN_FN(_row_index)(nc, j, active)) * sum;
            VF acc = 0, picked = NN_FN(_load)(wt + (o + k - 1) * NN_LANES);  // the weight of the class picked
            VI pick = (VI)(int32_t)(k - 1), found = 0;
            for (int64_t c = 0; c < k - 1; c++) {
                VF wc = NN_FN(_load)(wt + (o + c) * NN_LANES);
                acc = acc + wc;
                VI now = (target < acc) & ~found;
                pick = NN_FN(_select_int)(now, (VI)(int32_t)c, pick);
                picked = NN_FN(_select)(now, wc, picked);
                found = found | now;
            }
            // Rounding can leave the target at the end of the CDF: then the last class with weight (rare: a lane
            // whose pick has no weight).
            int32_t chosen[NN_LANES], empty[NN_LANES];
            const VI no_weight = (pick > 0) & ~(picked > 0);
            __builtin_memcpy(chosen, &pick, sizeof chosen);
            __builtin_memcpy(empty, &no_weight, sizeof empty);
            for (int64_t l = 0; l < active; l++) {
                if (empty[l])
                    while (chosen[l] > 0 && wt[(o + chosen[l]) * NN_LANES + l] <= 0) chosen[l] -= 1;
                codes[(r0 + l) * nc + j] = chosen[l];
            }
        }
        if (weights) NN_FN(_transpose_out)(wt, w, r0, active, weights, w);
    }
}

/// The multinomial part of DiffusionLoss (synth_ddpm_multinomial_loss). `scratch`: 6 · width · NN_LANES floats.
NN_ATTRIBUTES static void NN_FN(_multinomial_loss)(const synth_ddpm_spans *spans, const float *logits, int64_t stride,
                                                  int64_t rows, const int64_t *timesteps, const float *prior_a,
                                                  const float *prior_b, const synth_ddpm_column_step *steps,
                                                  const int32_t *x0, const int32_t *xt, float steps_t, float prior_kl,
                                                  float scale, float *grad, double *total, float *scratch) {
    const int64_t w = spans->width, nc = spans->columns;
    float *z = scratch, *p = z + w * NN_LANES, *log_p = p + w * NN_LANES, *prior = log_p + w * NN_LANES;
    float *wt = prior + w * NN_LANES, *gl = wt + w * NN_LANES;
    double sum = 0;
    for (int64_t r0 = 0; r0 < rows; r0 += NN_LANES) {
        const int64_t active = rows - r0 < NN_LANES ? rows - r0 : NN_LANES;
        NN_FN(_transpose_in)(logits, stride, w, r0, active, z);
        VI t;
        VF a, b;
        for (int64_t l = 0; l < NN_LANES; l++) {
            int64_t tl = timesteps[r0 + (l < active ? l : 0)];
            t[l] = (int32_t)tl;
            a[l] = tl > 0 ? prior_a[tl] : 1.0f;
            b[l] = tl > 0 ? prior_b[tl] : 0.0f;
        }
        const VI mixed = t > 0;
        VF row_loss = 0;
        for (int64_t j = 0; j < nc; j++) {
            const int64_t o = spans->offsets[j], k = spans->counts[j];
            // The span softmax with log p = (z − max) − log Σ e.
            const VF log_soft_sum = NN_FN(_log)(NN_FN(_span_softmax)(z, o, k, p, log_p));
            for (int64_t c = o; c < o + k; c++)
                NN_FN(_store)(NN_FN(_load)(log_p + c * NN_LANES) - log_soft_sum, log_p + c * NN_LANES);
            // Each row's entries of its timestep and this column, field by field (floats of the table).
            const VI entry = (t * (int32_t)nc + (int32_t)j) * (int32_t)(sizeof(synth_ddpm_column_step) / sizeof(float));
            const float *table = (const float *)steps;
#define DDPM_FIELD(name) NN_FN(_gather)(table + __builtin_offsetof(synth_ddpm_column_step, name) / sizeof(float), entry)
            const VF q_hit = DDPM_FIELD(q_hit), q_miss = DDPM_FIELD(q_miss), log_q_hit = DDPM_FIELD(log_q_hit);
            const VF log_q_miss = DDPM_FIELD(log_q_miss), same_hit = DDPM_FIELD(same_hit);
            const VF same_other = DDPM_FIELD(same_other), diff_x0 = DDPM_FIELD(diff_x0), diff_xt = DDPM_FIELD(diff_xt);
            const VF diff_other = DDPM_FIELD(diff_other), same_ent = DDPM_FIELD(same_neg_entropy);
            const VF diff_ent = DDPM_FIELD(diff_neg_entropy);
#undef DDPM_FIELD
            const VI hot0 = NN_FN(_codes)(x0, nc, j, r0, active), hot_t = NN_FN(_codes)(xt, nc, j, r0, active);
            const VF big_s = NN_FN(_span_posterior)(p, o, k, spans->inverse_k, mixed, a, b, hot_t, q_hit, q_miss,
                                                    prior, wt);
            const VF log_big_s = NN_FN(_log)(big_s);
            const VI same = hot0 == hot_t;
            // ∂L/∂m into gl (t > 0: minus the true posterior; t = 0: minus x_0's one-hot), the loss's terms.
            VF qm = 0, gl_hot_t = 0, l_hot0 = 0, sg = 0;
            for (int64_t c = o; c < o + k; c++) {
                const VI at0 = hot0 == (int32_t)(c - o), at_t = hot_t == (int32_t)(c - o);
                VF g_mixed = NN_FN(_select)(same, NN_FN(_select)(at0, -same_hit, -same_other),
                                            NN_FN(_select)(at0, -diff_x0, NN_FN(_select)(at_t, -diff_xt, -diff_other)));
                VF g = NN_FN(_select)(mixed, g_mixed, NN_FN(_select)(at0, (VF)-1.0f, (VF)0.0f));
                VF lc = NN_FN(_select)(mixed, NN_FN(_log)(NN_FN(_load)(prior + c * NN_LANES)),
                                       NN_FN(_load)(log_p + c * NN_LANES));
                qm = qm + g * ((lc + log_q_miss) - log_big_s);
                gl_hot_t = NN_FN(_select)(at_t, g, gl_hot_t);
                l_hot0 = NN_FN(_select)(at0, lc, l_hot0);
                NN_FN(_store)(g, gl + c * NN_LANES);
            }
            qm = qm + gl_hot_t * (log_q_hit - log_q_miss);
            VF loss_mixed = (row_loss + NN_FN(_select)(same, same_ent, diff_ent)) + qm;
            VF loss_first = row_loss - ((l_hot0 + NN_FN(_select)(same, log_q_hit, log_q_miss)) - log_big_s);
            row_loss = NN_FN(_select)(mixed, loss_mixed, loss_first);
            for (int64_t c = o; c < o + k; c++) sg = sg + NN_FN(_load)(gl + c * NN_LANES);
            // Through the span normalisation, then (t > 0) through P: × a p_c / P_c.
            VF sl = 0;
            for (int64_t c = o; c < o + k; c++) {
                VF g = NN_FN(_load)(gl + c * NN_LANES) - NN_FN(_load)(wt + c * NN_LANES) / big_s * sg;
                VF through = g * (a * NN_FN(_load)(p + c * NN_LANES) / NN_FN(_load)(prior + c * NN_LANES));
                g = NN_FN(_select)(mixed, through, g);
                NN_FN(_store)(g, gl + c * NN_LANES);
                sl = sl + g;
            }
            for (int64_t c = o; c < o + k; c++) {
                VF g = scale * (NN_FN(_load)(gl + c * NN_LANES) - NN_FN(_load)(p + c * NN_LANES) * sl);
                NN_FN(_store)(g, gl + c * NN_LANES);
            }
        }
        NN_FN(_transpose_out)(gl, w, r0, active, grad, stride);
        VF term = (steps_t * row_loss + prior_kl) / (float)nc;
        for (int64_t l = 0; l < active; l++) sum += (double)term[l];
    }
    *total = sum;
}

#undef VF
#undef VI
#undef NN_FN
#undef NN_INLINE
