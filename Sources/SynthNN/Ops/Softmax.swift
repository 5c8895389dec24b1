import Foundation

/// Column spans for the span-wise operations: each span is one categorical block (a one-hot group). A
/// nil list means one span over all columns. Columns outside every span pass through unchanged.
func resolvedSpans(_ spans: [Range<Int>]?, cols: Int) -> [Range<Int>] {
    let s = spans ?? [0..<cols]
    var covered = [Bool](repeating: false, count: cols)
    for span in s {
        precondition(span.lowerBound >= 0 && span.upperBound <= cols && !span.isEmpty,
                     "column span \(span) outside \(cols) columns or empty")
        for c in span {
            precondition(!covered[c], "column spans overlap at column \(c)")
            covered[c] = true
        }
    }
    return s
}

/// A `1 x cols` constant with 1 in the columns outside every span.
private func passThroughMask(_ spans: [Range<Int>], cols: Int) -> Tensor? {
    var m = [Float](repeating: 1, count: cols)
    for s in spans { for c in s { m[c] = 0 } }
    return m.contains(1) ? Tensor(m, shape: .matrix(1, cols)) : nil
}

/// Softmax within each span of columns, row by row: `y_j = e^(x_j - max) / sum over the span`.
///
/// Gradient `g_x = y * (g - sum over the span of g * y)`, a fused pass; the double-backward form uses
/// the same formula in recorded operations on `y`.
public func softmax(_ x: Tensor, spans: [Range<Int>]? = nil) -> Tensor {
    let spans = resolvedSpans(spans, cols: x.cols)
    let out = x.copy()
    let rows = x.rank == 2 ? x.rows : 1, cols = x.cols
    let p = out.pointer
    for r in 0..<rows {
        let row = p + r * cols
        for s in spans {
            var m = -Float.infinity
            for c in s where row[c] > m { m = row[c] }
            var total: Float = 0
            for c in s { let e = Foundation.exp(row[c] - m); row[c] = e; total += e }
            let inv = 1 / total
            for c in s { row[c] *= inv }
        }
    }
    return out.recorded("softmax", [x]) { ctx in
        let g = ctx.gradient, y = ctx.output
        if ctx.createGraph {
            var pieces: [Tensor] = []
            for s in spans {
                let ys = y.columns(s), gs = g.columns(s)
                pieces.append(ys * (gs - (gs * ys).sum(axis: 1, keepDims: true)))
            }
            var gx = concatColumns(pieces).scatterColumns(spans, width: cols)
            if let mask = passThroughMask(spans, cols: cols) { gx = gx + g * mask }
            ctx.accumulate(0, gx.reshaped(x.shape))
            return
        }
        let gx = g.copy()
        let gp = gx.pointer, yp = y.pointer
        for r in 0..<rows {
            let grow = gp + r * cols, yrow = yp + r * cols
            for s in spans {
                var dot: Float = 0
                for c in s { dot += grow[c] * yrow[c] }
                for c in s { grow[c] = yrow[c] * (grow[c] - dot) }
            }
        }
        ctx.accumulate(0, gx, exclusive: true)
    }
}

/// Log-softmax within each span: `x_j - logsumexp over the span` (TabDDPM's `predict_start`).
///
/// Gradient `g_x = g - softmax * (sum over the span of g)`.
public func logSoftmax(_ x: Tensor, spans: [Range<Int>]? = nil) -> Tensor {
    let spans = resolvedSpans(spans, cols: x.cols)
    let out = x.copy()
    let rows = x.rank == 2 ? x.rows : 1, cols = x.cols
    let p = out.pointer
    for r in 0..<rows {
        let row = p + r * cols
        for s in spans {
            var m = -Float.infinity
            for c in s where row[c] > m { m = row[c] }
            var total: Float = 0
            for c in s { total += Foundation.exp(row[c] - m) }
            let lse = m + Foundation.log(total)
            for c in s { row[c] -= lse }
        }
    }
    return out.recorded("logSoftmax", [x]) { ctx in
        let g = ctx.gradient, y = ctx.output
        if ctx.createGraph {
            var pieces: [Tensor] = []
            for s in spans {
                let ys = y.columns(s), gs = g.columns(s)
                pieces.append(gs - ys.exp() * gs.sum(axis: 1, keepDims: true))
            }
            var gx = concatColumns(pieces).scatterColumns(spans, width: cols)
            if let mask = passThroughMask(spans, cols: cols) { gx = gx + g * mask }
            ctx.accumulate(0, gx.reshaped(x.shape))
            return
        }
        let gx = g.copy()
        let gp = gx.pointer, yp = y.pointer
        for r in 0..<rows {
            let grow = gp + r * cols, yrow = yp + r * cols
            for s in spans {
                var total: Float = 0
                for c in s { total += grow[c] }
                for c in s { grow[c] -= Foundation.exp(yrow[c]) * total }
            }
        }
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
