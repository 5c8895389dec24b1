// The elementwise passes of SynthNN's training step (TabDDPM's, and every network built from the same layers): the
// bias + activation after a linear layer's product, the ReLU backward with its bias gradient's column sums, the
// column sums alone, SiLU forward and backward, and the Adam/AdamW update. SynthNN's Swift loops ran on 4-wide SSE
// (the default x86-64 target has no AVX); these run 16 floats a vector with AVX-512, 8 with AVX2, and 4 in the
// portable build, chosen at run time (KernelBuild.h). Each lane does the Swift loop's Float operations in its
// order, so every build returns the Swift loop's bits (NNElementwiseBody.h; Tests/SynthNNTests/
// ElementwiseKernelTests.swift).

#include "KernelBuild.h"
#include "CSynthKernels.h"

// Every product rounds before its sum, as in Swift (no fused multiply-adds).
#pragma clang fp contract(off)
// The vectors never cross a call (the helpers are always inlined).
#pragma clang diagnostic ignored "-Wpsabi"

#define KERNEL_BODY "NNElementwiseBody.h"
#define KERNEL_PREFIX nn
#include "EachBuild.h"

int synth_nn_supports(int build) { return synth_build_supported(build); }

#if defined(__x86_64__)
#define NN_DISPATCH(build, name, ...)                                                                                 \
    do {                                                                                                              \
        if (!synth_build_supported(build)) return -1;                                                                 \
        if (build == 2) nn_avx512##name(__VA_ARGS__);                                                                \
        else if (build == 1) nn_avx2##name(__VA_ARGS__);                                                             \
        else nn_portable##name(__VA_ARGS__);                                                                         \
        return 0;                                                                                                     \
    } while (0)
#else
#define NN_DISPATCH(build, name, ...)                                                                                 \
    do {                                                                                                              \
        if (!synth_build_supported(build)) return -1;                                                                 \
        nn_portable##name(__VA_ARGS__);                                                                              \
        return 0;                                                                                                     \
    } while (0)
#endif

int synth_nn_bias_activation(int build, const float *src, const float *bias, int64_t rows, int64_t cols, float *dst,
                             int relu) {
    NN_DISPATCH(build, _bias_activation, src, bias, rows, cols, dst, relu);
}

int synth_nn_relu_backward_sums(int build, const float *g, const float *y, int64_t rows, int64_t cols, float *dst,
                                float *sums, int accumulate) {
    NN_DISPATCH(build, _relu_backward_sums, g, y, rows, cols, dst, sums, accumulate);
}

int synth_nn_column_sums(int build, const float *src, int64_t rows, int64_t cols, float *sums, int accumulate) {
    NN_DISPATCH(build, _column_sums, src, rows, cols, sums, accumulate);
}

int synth_nn_silu_forward(int build, const float *x, int64_t n, float *s, float *out) {
    NN_DISPATCH(build, _silu_forward, x, n, s, out);
}

int synth_nn_silu_backward(int build, const float *g, const float *x, const float *s, int64_t n, float *dx) {
    NN_DISPATCH(build, _silu_backward, g, x, s, n, dx);
}

int synth_nn_adam(int build, float *p, const float *g, float *m, float *v, int64_t n, const synth_adam_constants *k,
                  int decoupled, int l2, int lerp_low) {
    NN_DISPATCH(build, _adam, p, g, m, v, n, k, decoupled, l2, lerp_low);
}
