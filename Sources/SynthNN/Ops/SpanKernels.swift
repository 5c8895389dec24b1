/// The loops behind the span-wise softmax family (``softmax(_:spans:)``, ``logSoftmax(_:spans:)``,
/// ``gumbelSoftmax(_:spans:temperature:hard:otherColumns:rng:)``) over `rows x cols` row-major buffers.
/// Exponentials and logarithms run over whole buffers through ``FastMath`` (vectorised); the per-span
/// maxima, sums and scalings are short scalar loops without transcendental functions.
enum SpanKernels {
    /// Row by row, `dst[c] = src[c] - max over c's span of src`; the pass-through columns of `dst` get 0, a
    /// finite placeholder for a following exponential pass over the whole buffer. `dst` may be `src`.
    static func subtractMaxima(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, rows: Int,
                               _ layout: ColumnSpans) {
        let cols = layout.cols
        for r in 0..<rows {
            let s = src + r * cols, d = dst + r * cols
            for span in layout.spans {
                var m = -Float.infinity
                for c in span where s[c] > m { m = s[c] }
                for c in span { d[c] = s[c] - m }
            }
            for c in layout.passThrough { d[c] = 0 }
        }
    }

    /// Row by row, each span of `p` (exponentials) divided by its sum.
    static func normalise(_ p: UnsafeMutablePointer<Float>, rows: Int, _ layout: ColumnSpans) {
        let cols = layout.cols
        for r in 0..<rows {
            let d = p + r * cols
            for span in layout.spans {
                var total: Float = 0
                for c in span { total += d[c] }
                let inv = 1 / total
                for c in span { d[c] *= inv }
            }
        }
    }

    /// `dst[c] = src[c]` in the pass-through columns.
    static func copyPassThrough(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, rows: Int,
                                _ layout: ColumnSpans) {
        guard !layout.passThrough.isEmpty else { return }
        let cols = layout.cols
        for r in 0..<rows {
            let s = src + r * cols, d = dst + r * cols
            for c in layout.passThrough { d[c] = s[c] }
        }
    }

    /// Applies `activation` in place to the pass-through columns of `p`, gathered into one block first so
    /// that the activation runs as one vectorised pass.
    static func activatePassThrough(_ p: UnsafeMutablePointer<Float>, rows: Int, _ layout: ColumnSpans,
                                    _ activation: Activation) {
        let k = layout.passThrough.count
        guard k > 0, activation != .identity else { return }
        let cols = layout.cols
        let block = Tensor(uninitialized: .matrix(rows, k))
        let b = block.pointer
        for r in 0..<rows {
            for (j, c) in layout.passThrough.enumerated() { b[r * k + j] = p[r * cols + c] }
        }
        activation.apply(b, bias: nil, rows: rows, cols: k, into: b)
        for r in 0..<rows {
            for (j, c) in layout.passThrough.enumerated() { p[r * cols + c] = b[r * k + j] }
        }
    }

    /// The first-order gradient through a span softmax `y`, times `scale`, in the span columns:
    /// `gx_c = (y_c (g_c - Σ_span g y)) · scale`. The pass-through columns of `gx` are left as they are.
    static func softmaxBackward(gradient g: UnsafePointer<Float>, output y: UnsafePointer<Float>,
                                into gx: UnsafeMutablePointer<Float>, rows: Int, _ layout: ColumnSpans,
                                scale: Float) {
        let cols = layout.cols
        for r in 0..<rows {
            let gr = g + r * cols, yr = y + r * cols, dr = gx + r * cols
            for span in layout.spans {
                var dot: Float = 0
                for c in span { dot += gr[c] * yr[c] }
                for c in span { dr[c] = (yr[c] * (gr[c] - dot)) * scale }
            }
        }
    }

    /// The same gradient built from recorded operations (for double backward), zero outside the spans.
    /// `y` is the recorded softmax output, so the second derivative flows through it.
    static func recordedSoftmaxGradient(_ g: Tensor, _ y: Tensor, _ layout: ColumnSpans, scale: Float) -> Tensor {
        var pieces: [Tensor] = []
        for s in layout.spans {
            let ys = y.columns(s), gs = g.columns(s)
            pieces.append(ys * (gs - (gs * ys).sum(axis: 1, keepDims: true)))
        }
        let gx = concatColumns(pieces).scatterColumns(layout.spans, width: layout.cols)
        return scale == 1 ? gx : gx * scale
    }
}
