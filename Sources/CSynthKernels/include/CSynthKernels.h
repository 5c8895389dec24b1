#ifndef CSYNTHKERNELS_H
#define CSYNTHKERNELS_H

#include <stdint.h>

/// Whether this CPU runs the beta likelihood's sums build `build` (2: AVX-512F, 1: AVX2 with FMA, 0: portable, always).
int synth_beta_log_sums_supports(int build);

/// Σ log z and Σ log(1 − z) for z = (x[k] − loc)/scale over x[0..<n], every z in [2^-60, 1) (SynthMath's
/// BetaLikelihood): lane k of 8 multiplies the z (and 1 − z) of the values at k mod 8, its binary exponent moved
/// into an integer after every 16 vectors, the lanes' log(product) + exponent·ln 2 added in lane order, then the
/// last n mod 8 values with log(z) and log1p(−z). Every build returns the same bits (every z is the correctly
/// rounded quotient). Returns 0, or -1 when this CPU does not run that build.
int synth_beta_log_sums(int build, const double *x, int64_t n, double loc, double scale, double *log_z,
                        double *log_w);

/// Vector lanes of the widest Gower kernel this CPU runs (16 with AVX-512F, 8 with AVX2), or 0 when it
/// has neither (the caller then uses its own SSE or scalar kernel).
int synth_gower_lanes(void);

/// Whether this CPU runs the Gower kernel of `lanes` lanes (16: AVX-512F, 8: AVX2).
int synth_gower_supports(int lanes);

/// Nearest and second-nearest reference rows of each query row under the summed Gower cost (continuous
/// columns `0..<discrete_from`: min(|q - r|, 1) added in Float in column order; the other columns: the count
/// of unequal codes, added once at the end). `query` is row-major (`nq` x `columns`), `reference`
/// column-major (`columns` x `nr`). `excluding` (or NULL) names, per query row, a reference row that is not
/// its neighbour (-1: none). Ties keep the lowest reference index. Writes `first`, `second` (+inf when
/// missing) and `index` (-1 when none), `nq` each, with the kernel of `lanes` lanes. Returns 0, or -1 when
/// this CPU does not run that kernel (`synth_gower_supports`) or memory ran out.
int synth_gower_search(int lanes, const float *query, int64_t nq, const float *reference, int64_t nr, int64_t columns,
                       int64_t discrete_from, const int64_t *excluding, float *first, float *second, int32_t *index);

/// Whether this CPU runs the Euclidean kernel of `lanes` double lanes (8: AVX-512F, 4: AVX2 with FMA).
int synth_euclid_supports(int lanes);

/// Nearest and second-nearest reference rows of each query row under the squared Euclidean distance, summed
/// per pair as acc = fma(q_c - r_c, q_c - r_c, acc) in column order from 0. `query` (`nq` x `columns`) and
/// `reference` (`nr` x `columns`) are row-major. `excluding` (or NULL) names, per query row, a reference row
/// that is not its neighbour (-1: none). Ties keep the lowest reference index. Writes `first`, `second` (squared
/// distances, +inf when missing) and `index` (-1 when none), `nq` each, with the kernel of `lanes` lanes.
/// Returns 0, or -1 when this CPU does not run that kernel or memory ran out.
int synth_euclid_search(int lanes, const double *query, int64_t nq, const double *reference, int64_t nr,
                        int64_t columns, const int64_t *excluding, double *first, double *second, int64_t *index);

/// Whether this CPU runs the kernel-density build `build` (2: AVX-512F, 1: AVX2 with FMA, 0: portable, always).
int synth_kde_supports(int build);

/// Folds a block of dot products into running log-sum-exps of Gaussian kernel terms: per row i of `cross`
/// (`rows` x `width` dot products q_i·r_j, row-major; `qnorm`, `rnorm` the rows' squared norms), x_ij =
/// max(0, ‖q_i‖² + ‖r_j‖² − 2 q_i·r_j), m = max_j(-x_ij / 2) and s = sum_j e^(-x_ij / 2 - m) (a vector
/// exponential within 2 ulp of libm's, terms below e^-708 as 0); then (maxima[i], sums[i]) becomes the
/// log-sum-exp of both. `cross` is overwritten (scratch). Every build returns the same bits. Returns 0, or -1
/// when this CPU does not run that build.
int synth_kde_fold(int build, double *cross, int64_t rows, int64_t width, const double *qnorm, const double *rnorm,
                   double *maxima, double *sums);

/// The fold's exponential alone (its tests; GaussianMixture's E step): out[k] = e^y[k] for y[k] <= 0 (0 below -708);
/// `out` may be `y`. Returns 0, or -1 when this CPU does not run that build.
int synth_kde_exp(int build, const double *y, int64_t n, double *out);

/// Whether this CPU runs the k-means assignment build `build` (2: AVX-512F, 1: AVX2 with FMA, 0: portable, always).
int synth_kmeans_supports(int build);

/// The k-means assignment step: per row of `x` (`n` x `d`, row-major), `labels[i]` the nearest of the `k`
/// centres (`k` x `d`, row-major) by the squared distance summed as acc = fma(x_c - m_c, x_c - m_c, acc) in
/// column order from 0 (ties: the lower index); `sums` (`k` x `d`) and `counts` (`k`) are overwritten with each
/// cluster's sum of rows, added in row order, and size. Every build returns the same bits. Returns 0, or -1
/// when this CPU does not run that build, k or d is 0, or memory ran out.
int synth_kmeans_assign(int build, const double *x, int64_t n, int64_t d, const double *centres, int64_t k,
                        int64_t *labels, double *sums, int64_t *counts);

/// One Lloyd assignment with Hamerly's bounds (kmeans.c): the labels, sums and counts synth_kmeans_assign gives
/// for `centres`, bit for bit, skipping the rows whose bounds prove their nearest centre unchanged. State per row:
/// `labels` (in: the previous step's, -1 for none; out: this step's), `upper` / `lower` (bounds on the distance
/// to the row's centre and to every other centre, kept by this function). `previous`: the centres of the
/// previous step (NULL on the first, then every row is summed). `changed`: how many labels changed. Returns 0,
/// or -1 when this CPU does not run that build, k or d is 0, `scratch` is NULL or memory ran out. `exact` (non-zero
/// only when every partial sum of a column of `x` is exact, as synth_kmeans_exact_sums tells): `sums` and `counts`
/// are kept between steps (in/out) and only the rows that changed cluster move. `scratch`: 32 n bytes, 8-aligned.
int synth_kmeans_step(int build, const double *x, int64_t n, int64_t d, const double *centres, const double *previous,
                      int64_t k, int exact, int64_t *labels, double *upper, double *lower, double *sums, int64_t *counts,
                      int64_t *changed, void *scratch);

/// One candidate of greedy k-means++ seeding: distances[i] = min(‖x_i − x_row‖², closest[i]) (closest NULL: no
/// minimum), each square summed as s += v * v unfused in column order, and `potential` their sum in row order.
/// `chosen` (`count` x `d`): the centres chosen so far, `owner[i]` the one closest[i] is the distance to; a row
/// provably farther from the candidate than from its owner is not summed (its minimum is closest[i]). Every build
/// (as synth_kmeans_supports) returns the same bits. Returns 0, or -1 when this CPU does not run that build, `row`
/// is out of range, d is 0, `closest` comes without owners and centres, or memory ran out. `scratch`: 16 n bytes,
/// 8-aligned.
int synth_kmeans_seed_trial(int build, const double *x, int64_t n, int64_t d, int64_t row, const double *closest,
                            const int64_t *owner, const double *chosen, int64_t count, double *distances,
                            double *potential, void *scratch);

/// Whether every value of `x` (`n` x `d`) is an integer and each column's absolute values sum below 2^52, so that
/// any partial sum of a column is exact in any order (1) or not (0). `scratch`: d doubles.
int synth_kmeans_exact_sums(const double *x, int64_t n, int64_t d, double *scratch);

/// Whether this CPU runs the Gaussian-mixture build `build` (2: AVX-512F, 1: AVX2 with FMA, 0: portable, always).
int synth_gmm_supports(int build);

/// GaussianMixture's E step on a block of whitened rows `z` (`rows` x k·d, row-major): out[i·k + c] = base[c] −
/// ½ Σ_a (z[i, c·d + a] − shift[c·d + a])², each square and sum unfused in order of a (SynthMath's Swift loop's
/// bits in every build). Returns 0, or -1 when this CPU does not run that build.
int synth_gmm_half_norms(int build, const double *z, int64_t rows, int64_t k, int64_t d, const double *shift,
                         const double *base, double *out);

/// GaussianMixture's M step on a block of rows `x` (`rows` x d): out[i·d + j] = (x[i·d + j] − mean[j]) · √resp[i·k + c]
/// (the Swift loop's bits in every build). Returns 0, or -1 when this CPU does not run that build.
int synth_gmm_centre(int build, const double *x, int64_t rows, int64_t d, const double *mean, const double *resp, int64_t k,
                     int64_t c, double *out);


// SynthNN's elementwise passes (nn_elementwise.c). Every build returns the bits of the Swift loop it replaced:
// each value by the same Float operations in the same order, column sums added row after row from the first.
// Each function returns 0, or -1 when this CPU does not run that build.

/// Whether this CPU runs the elementwise build `build` (2: AVX-512F, 1: AVX2, 0: portable, always).
int synth_nn_supports(int build);

/// dst[r, c] = src[r, c] + bias[c] over a `rows` x `cols` block (bias NULL: no addition), then with `relu`
/// `v < 0 ? 0 : v` (NaN and −0 pass). `dst` may be `src`.
int synth_nn_bias_activation(int build, const float *src, const float *bias, int64_t rows, int64_t cols, float *dst,
                             int relu);

/// The ReLU backward of a `rows` x `cols` block with the bias gradient in the same pass: dst = (y > 0 ? g : 0), and
/// sums[c] (zeroed first unless `accumulate`) += dst[r, c] for r = 0, 1, ...
int synth_nn_relu_backward_sums(int build, const float *g, const float *y, int64_t rows, int64_t cols, float *dst,
                                float *sums, int accumulate);

/// sums[c] (zeroed first unless `accumulate`) += src[r, c] for r = 0, 1, ... of a `rows` x `cols` block.
int synth_nn_column_sums(int build, const float *src, int64_t rows, int64_t cols, float *sums, int accumulate);

/// SiLU's forward pass over n values: s = sigmoid(x) (SynthNN's FastMath.sigmoid), out = x · s.
int synth_nn_silu_forward(int build, const float *x, int64_t n, float *s, float *out);

/// SiLU's backward pass: dx = g·s + ((g·x)·s)·(1 − s), the gradient of x · sigmoid(x) as the tape composes it.
int synth_nn_silu_backward(int build, const float *g, const float *x, const float *s, int64_t n, float *dx);

/// The Float scalars of one Adam update (SynthNN's Adam.Constants).
typedef struct {
    float neg_step, bc2_sqrt, w, b2, one_minus_b2, eps, l2, decay;
} synth_adam_constants;

/// One Adam/AdamW update of n values in place (SynthNN's Adam): p *= decay (`decoupled`); g += l2 · p (`l2`);
/// m = lerp(m, g, w) as ATen (`lerp_low`: m + w (g − m), else g − (g − m)(1 − w)); v = v·b2 + ((1 − b2)·g)·g;
/// p += (neg_step · m) / (sqrt(v) / bc2_sqrt + eps).
int synth_nn_adam(int build, float *p, const float *g, float *m, float *v, int64_t n, const synth_adam_constants *k,
                  int decoupled, int l2, int lerp_low);

// TabDDPM's per-row passes (diffusion_steps.c): Synthesizers' multinomial loss with its gradient, and the reverse
// chain's posterior and category draws. Every build returns the bits of the Swift loops they replaced: one row a
// lane, the same Float operations in the same order (span sums from 0 in class order). Each function returns 0, or
// -1 when this CPU does not run that build or memory ran out.

/// Whether this CPU runs the diffusion build `build` (2: AVX-512F, 1: AVX2, 0: portable, always).
int synth_ddpm_supports(int build);

/// One timestep's entries for one categorical column of K classes (MultinomialDiffusion.ColumnStep): Q_c = q(x_t |
/// x_{t−1} = c) at c = x_t and elsewhere, their logs; the true posterior when x_0 = x_t (at that class, elsewhere)
/// and when x_0 ≠ x_t (at x_0, at x_t, elsewhere); Σ q log q of the two cases.
typedef struct {
    float q_hit, q_miss, log_q_hit, log_q_miss;
    float same_hit, same_other;
    float diff_x0, diff_xt, diff_other;
    float same_neg_entropy, diff_neg_entropy;
} synth_ddpm_column_step;

/// The categorical columns' spans: `columns` spans, span j at `offsets[j]` with `counts[j]` classes, `width` = Σ
/// counts; `inverse_k[c]` = 1/K of the span class c belongs to (`width` values).
typedef struct {
    int64_t columns, width;
    const int64_t *offsets, *counts;
    const float *inverse_k;
} synth_ddpm_spans;

/// One reverse step's categorical part for `rows` rows of logits (row r at logits + r·stride): p = the span
/// softmax, the prior P_c = a·p_c + b·inverse_k[c] (`mixed`, t > 0) or p_c, W_c = P_c·(c = x_t ? q_hit : q_miss)
/// from `step` (one entry per column), S = Σ W per span; when `uniforms` (rows x columns), `codes` (rows x columns;
/// may be `xt`) = the first class whose running sum of W exceeds u·S, else the last class with weight. `weights`
/// (rows x width) and `sums` (rows x columns) receive W and S when not NULL.
int synth_ddpm_posterior_draw(int build, const synth_ddpm_spans *spans, const float *logits, int64_t stride,
                              int64_t rows, float a, float b, int mixed, const synth_ddpm_column_step *step,
                              const int32_t *xt, const float *uniforms, int32_t *codes, float *weights, float *sums);

/// DiffusionLoss's multinomial part: for each row, its timestep t (prior_a[t], prior_b[t]: Float(ᾱ_{t−1}) and
/// Float(1 − ᾱ_{t−1}) for t > 0; steps: T x columns entries), x_0's and x_t's codes, writes the gradient with
/// respect to the logits (row r at grad + r·stride) and sets *total = Σ_rows Double((steps_t·L_row + prior_kl) /
/// columns) in row order.
int synth_ddpm_multinomial_loss(int build, const synth_ddpm_spans *spans, const float *logits, int64_t stride,
                                int64_t rows, const int64_t *timesteps, const float *prior_a, const float *prior_b,
                                const synth_ddpm_column_step *steps, const int32_t *x0, const int32_t *xt,
                                float steps_t, float prior_kl, float scale, float *grad, double *total);

#endif
