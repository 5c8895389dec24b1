/// Softmax within each span of columns, row by row: `y_j = e^(x_j - max) / sum over the span`; columns
/// outside every span pass through.
///
/// Gradient `g_x = y * (g - sum over the span of g * y)`, a fused pass; the double-backward form uses
/// the same formula in recorded operations on `y`.
public func softmax(_ x: Tensor, spans: [Range<Int>]? = nil) -> Tensor {
    let layout = ColumnSpans(spans, cols: x.cols)
    let rows = x.rank == 2 ? x.rows : 1
    let out = Tensor(uninitialized: x.shape)
    SpanKernels.subtractMaxima(x.pointer, out.pointer, rows: rows, layout)
    FastMath.expFlushingSubnormals(out.pointer, out.pointer, count: out.count)
    SpanKernels.normalise(out.pointer, rows: rows, layout)
    SpanKernels.copyPassThrough(x.pointer, out.pointer, rows: rows, layout)
    return out.recorded("softmax", [x]) { ctx in
        let g = ctx.gradient, y = ctx.output
        if ctx.createGraph {
            var gx = SpanKernels.recordedSoftmaxGradient(g, y, layout, scale: 1)
            if let mask = layout.passThroughMask() { gx = gx + g * mask }
            ctx.accumulate(0, gx.reshaped(x.shape))
            return
        }
        let gx = Tensor(uninitialized: x.shape)
        SpanKernels.softmaxBackward(gradient: g.pointer, output: y.pointer, into: gx.pointer, rows: rows, layout,
                                    scale: 1)
        SpanKernels.copyPassThrough(g.pointer, gx.pointer, rows: rows, layout)
        ctx.accumulate(0, gx, exclusive: true)
    }
}

/// Log-softmax within each span: `x_j - logsumexp over the span` (TabDDPM's `predict_start`); columns
/// outside every span pass through.
///
/// Gradient `g_x = g - softmax * (sum over the span of g)`, with `softmax = e^y`.
public func logSoftmax(_ x: Tensor, spans: [Range<Int>]? = nil) -> Tensor {
    let layout = ColumnSpans(spans, cols: x.cols)
    let rows = x.rank == 2 ? x.rows : 1, cols = x.cols, k = layout.spans.count
    let out = Tensor(uninitialized: x.shape)
    let op = out.pointer
    SpanKernels.subtractMaxima(x.pointer, op, rows: rows, layout)
    do {
        // The exponentials go to a scratch buffer; `out` keeps x - max. One log per (row, span), vectorised.
        let scratch = Tensor(uninitialized: x.shape), sums = Tensor(uninitialized: .matrix(rows, k))
        let e = scratch.pointer, lse = sums.pointer
        FastMath.expFlushingSubnormals(op, e, count: out.count)
        for r in 0..<rows {
            for (j, span) in layout.spans.enumerated() {
                var total: Float = 0
                for c in span { total += e[r * cols + c] }
                lse[r * k + j] = total
            }
        }
        FastMath.log(lse, lse, count: rows * k)
        for r in 0..<rows {
            for (j, span) in layout.spans.enumerated() {
                let v = lse[r * k + j]
                for c in span { op[r * cols + c] -= v }
            }
        }
    }
    SpanKernels.copyPassThrough(x.pointer, op, rows: rows, layout)
    return out.recorded("logSoftmax", [x]) { ctx in
        let g = ctx.gradient, y = ctx.output
        if ctx.createGraph {
            var pieces: [Tensor] = []
            for s in layout.spans {
                let ys = y.columns(s), gs = g.columns(s)
                pieces.append(gs - ys.exp() * gs.sum(axis: 1, keepDims: true))
            }
            var gx = concatColumns(pieces).scatterColumns(layout.spans, width: cols)
            if let mask = layout.passThroughMask() { gx = gx + g * mask }
            ctx.accumulate(0, gx.reshaped(x.shape))
            return
        }
        let gx = Tensor(uninitialized: x.shape)
        let gp = g.pointer, dp = gx.pointer
        FastMath.expFlushingSubnormals(y.pointer, dp, count: gx.count)
        for r in 0..<rows {
            let grow = gp + r * cols, drow = dp + r * cols
            for s in layout.spans {
                var total: Float = 0
                for c in s { total += grow[c] }
                for c in s { drow[c] = grow[c] - drow[c] * total }
            }
        }
        SpanKernels.copyPassThrough(gp, dp, rows: rows, layout)
        ctx.accumulate(0, gx, exclusive: true)
    }
}

/// `log sum exp` of each span, row by row: a `rows x spans.count` matrix.
public func logSumExp(_ x: Tensor, spans: [Range<Int>]? = nil) -> Tensor {
    let spans = resolvedSpans(spans, cols: x.cols)
    // logsumexp = x_j - logSoftmax_j for any j in the span; use the span's first column.
    let firsts = spans.map { $0.lowerBound..<($0.lowerBound + 1) }
    return x.gatherColumns(firsts) - logSoftmax(x, spans: spans).gatherColumns(firsts)
}

extension Tensor {
    /// For each row `r` and span `k`, the element at column `spans[k].lowerBound + indices[r * spans.count + k]`:
    /// a `rows x spans.count` matrix. The gradient goes back to the picked elements only.
    public func pick(spans: [Range<Int>], indices: [Int]) -> Tensor {
        let n = rank == 2 ? rows : 1, k = spans.count
        precondition(indices.count == n * k, "\(indices.count) indices for \(n) rows x \(k) spans")
        let columns = Tensor.pickedColumns(spans: spans, indices: indices, cols: cols)
        let out = Tensor(uninitialized: .matrix(n, k))
        let src = pointer, dst = out.pointer
        for r in 0..<n { for j in 0..<k { dst[r * k + j] = src[r * cols + columns[r * k + j]] } }
        let width = cols, inShape = shape
        return out.recorded("pick", [self]) { ctx in
            ctx.accumulate(0, ctx.gradient.unpick(columns: columns, width: width).reshaped(inShape))
        }
    }

    static func pickedColumns(spans: [Range<Int>], indices: [Int], cols: Int) -> [Int] {
        let k = spans.count
        return indices.enumerated().map { i, idx in
            let span = spans[i % k]
            precondition(span.lowerBound >= 0 && span.upperBound <= cols, "span \(span) outside \(cols) columns")
            precondition(idx >= 0 && idx < span.count, "class index \(idx) outside span \(span)")
            return span.lowerBound + idx
        }
    }

    /// The adjoint of ``pick(spans:indices:)``: zeros of `rows x width` with this `rows x k` matrix's values
    /// added at the picked columns.
    func unpick(columns: [Int], width: Int) -> Tensor {
        let n = rows, k = cols
        let out = Tensor.zeros(.matrix(n, width))
        let src = pointer, dst = out.pointer
        for r in 0..<n { for j in 0..<k { dst[r * width + columns[r * k + j]] += src[r * k + j] } }
        return out.recorded("unpick", [self]) { ctx in
            let g = ctx.gradient
            let back = Tensor(uninitialized: .matrix(n, k))
            let gp = g.pointer, bp = back.pointer
            for r in 0..<n { for j in 0..<k { bp[r * k + j] = gp[r * width + columns[r * k + j]] } }
            ctx.accumulate(0, back.recorded("pick", [g]) { ctx2 in
                ctx2.accumulate(0, ctx2.gradient.unpick(columns: columns, width: width))
            })
        }
    }
}
