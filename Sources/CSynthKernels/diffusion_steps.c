// TabDDPM's per-row passes outside the matrix products (Synthesizers' MultinomialDiffusion, DiffusionLoss and the
// reverse chain of TabularDiffusion): the multinomial loss with its gradient, and the model's posterior with the
// category draws. The Swift loops ran one row and one span at a time on spans of 2 to 42 classes, which do not
// vectorise; here a vector's lanes take rows (16 with AVX-512, 8 with AVX2, 4 portable, chosen at run time:
// KernelBuild.h), each doing the Swift loop's Float operations on its row in their order, so every build returns the Swift loops' bits (DiffusionStepsBody.h; Tests/SynthesizersTests/
// DiffusionKernelTests.swift).

#include <stdlib.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "KernelBuild.h"
#include "CSynthKernels.h"

// Every product rounds before its sum, as in Swift (no fused multiply-adds).
#pragma clang fp contract(off)
// The vectors never cross a call (the helpers are always inlined).
#pragma clang diagnostic ignored "-Wpsabi"

#define KERNEL_BODY "DiffusionStepsBody.h"
#define KERNEL_PREFIX ddpm
#include "EachBuild.h"

int synth_ddpm_supports(int build) { return synth_build_supported(build); }

/// Lanes of a build's vectors (its scratch is a multiple of them).
static int64_t ddpm_lanes(int build) { return build == 2 ? 16 : build == 1 ? 8 : 4; }

#if defined(__x86_64__)
#define DDPM_DISPATCH(build, name, ...)                                                                               \
    do {                                                                                                              \
        if (build == 2) ddpm_avx512##name(__VA_ARGS__);                                                              \
        else if (build == 1) ddpm_avx2##name(__VA_ARGS__);                                                           \
        else ddpm_portable##name(__VA_ARGS__);                                                                       \
    } while (0)
#else
#define DDPM_DISPATCH(build, name, ...) ddpm_portable##name(__VA_ARGS__)
#endif

int synth_ddpm_posterior_draw(int build, const synth_ddpm_spans *spans, const float *logits, int64_t stride,
                              int64_t rows, float a, float b, int mixed, const synth_ddpm_column_step *step,
                              const int32_t *xt, const float *uniforms, int32_t *codes, float *weights, float *sums) {
    if (!synth_build_supported(build) || (uniforms && !codes)) return -1;
    if (rows <= 0 || spans->columns == 0) return 0;
    float *scratch = malloc(sizeof(float) * 4 * spans->width * ddpm_lanes(build));
    if (!scratch) return -1;
    DDPM_DISPATCH(build, _posterior_draw, spans, logits, stride, rows, a, b, mixed, step, xt, uniforms, codes, weights,
                  sums, scratch);
    free(scratch);
    return 0;
}

int synth_ddpm_multinomial_loss(int build, const synth_ddpm_spans *spans, const float *logits, int64_t stride,
                                int64_t rows, const int64_t *timesteps, const float *prior_a, const float *prior_b,
                                const synth_ddpm_column_step *steps, const int32_t *x0, const int32_t *xt,
                                float steps_t, float prior_kl, float scale, float *grad, double *total) {
    if (!synth_build_supported(build)) return -1;
    *total = 0;
    if (rows <= 0 || spans->columns == 0) return 0;
    float *scratch = malloc(sizeof(float) * 6 * spans->width * ddpm_lanes(build));
    if (!scratch) return -1;
    DDPM_DISPATCH(build, _multinomial_loss, spans, logits, stride, rows, timesteps, prior_a, prior_b, steps, x0, xt,
                  steps_t, prior_kl, scale, grad, total, scratch);
    free(scratch);
    return 0;
}
