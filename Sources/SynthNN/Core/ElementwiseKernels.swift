import CSynthKernels

/// The training step's elementwise passes in C (`CSynthKernels/nn_elementwise.c`): 16 floats a vector with
/// AVX-512, 8 with AVX2, where SynthNN's Swift loops ran 4-wide SSE (the default x86-64 target has no AVX). Each
/// returns the bits of the Swift loop it replaced, in every build: the same Float operations in the same order,
/// column sums added row after row (docs/nn.md, "Elementwise kernels in C"). `build` defaults to the widest
/// build this CPU runs; the tests run every build.
enum ElementwiseKernels {
    /// The widest build this CPU runs (2: AVX-512F, 1: AVX2, 0: portable).
    static let widestBuild: Int32 = [2, 1, 0].first { synth_nn_supports($0) != 0 }!

    /// The builds this CPU runs, widest first.
    static var supportedBuilds: [Int32] { [2, 1, 0].filter { synth_nn_supports($0) != 0 } }

    @inline(__always)
    private static func check(_ status: Int32, _ name: String) {
        precondition(status == 0, "\(name): this CPU does not run the requested elementwise build")
    }

    /// `dst[r, c] = src[r, c] + bias[c]` (bias nil: no addition), then with `relu` `v < 0 ? 0 : v`; `dst` may be `src`.
    static func biasActivation(_ src: UnsafePointer<Float>, bias: UnsafePointer<Float>?, rows: Int, cols: Int,
                               into dst: UnsafeMutablePointer<Float>, relu: Bool, build: Int32 = widestBuild) {
        check(synth_nn_bias_activation(build, src, bias, Int64(rows), Int64(cols), dst, relu ? 1 : 0), "biasActivation")
    }

    /// `dst = y > 0 ? g : 0` over a `rows x cols` block and its column sums into `sums` (zeroed first unless
    /// `accumulate`), added row after row.
    static func reluBackward(gradient g: UnsafePointer<Float>, output y: UnsafePointer<Float>, rows: Int, cols: Int,
                             into dst: UnsafeMutablePointer<Float>, columnSums sums: UnsafeMutablePointer<Float>,
                             accumulate: Bool, build: Int32 = widestBuild) {
        check(synth_nn_relu_backward_sums(build, g, y, Int64(rows), Int64(cols), dst, sums, accumulate ? 1 : 0),
              "reluBackward")
    }

    /// `sums[c] (+)= src[r, c]` added row after row.
    static func columnSums(_ src: UnsafePointer<Float>, rows: Int, cols: Int, into sums: UnsafeMutablePointer<Float>,
                           accumulate: Bool, build: Int32 = widestBuild) {
        check(synth_nn_column_sums(build, src, Int64(rows), Int64(cols), sums, accumulate ? 1 : 0), "columnSums")
    }

    /// `s = sigmoid(x)` (``FastMath/sigmoid(_:)``) and `out = x * s`.
    static func siluForward(_ x: UnsafePointer<Float>, count n: Int, sigmoid s: UnsafeMutablePointer<Float>,
                            into out: UnsafeMutablePointer<Float>, build: Int32 = widestBuild) {
        check(synth_nn_silu_forward(build, x, Int64(n), s, out), "siluForward")
    }

    /// `dx = g s + ((g x) s)(1 − s)`.
    static func siluBackward(gradient g: UnsafePointer<Float>, input x: UnsafePointer<Float>,
                             sigmoid s: UnsafePointer<Float>, count n: Int, into dx: UnsafeMutablePointer<Float>,
                             build: Int32 = widestBuild) {
        check(synth_nn_silu_backward(build, g, x, s, Int64(n), dx), "siluBackward")
    }

    /// One Adam/AdamW update of `n` values in place (``Adam``'s formulas, its Float constants).
    static func adam(_ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ m: UnsafeMutablePointer<Float>,
                     _ v: UnsafeMutablePointer<Float>, count n: Int, _ k: Adam.Constants, decoupled: Bool, l2: Bool,
                     lerpLow: Bool, build: Int32 = widestBuild) {
        var c = synth_adam_constants(neg_step: k.negStep, bc2_sqrt: k.bc2Sqrt, w: k.w, b2: k.b2,
                                     one_minus_b2: k.oneMinusB2, eps: k.eps, l2: k.l2, decay: k.decay)
        check(synth_nn_adam(build, p, g, m, v, Int64(n), &c, decoupled ? 1 : 0, l2 ? 1 : 0, lerpLow ? 1 : 0), "adam")
    }
}
