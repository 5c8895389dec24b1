extension Tensor {
    /// The columns in `span`, copied into a new `rows x span.count` matrix.
    public func columns(_ span: Range<Int>) -> Tensor { gatherColumns([span]) }

    /// The columns of each span placed side by side (CTGAN and TVAE read their one-hot blocks this way).
    /// Spans may overlap; the gradient adds back into every column read.
    public func gatherColumns(_ spans: [Range<Int>]) -> Tensor {
        for s in spans {
            precondition(s.lowerBound >= 0 && s.upperBound <= cols, "column span \(s) outside \(cols) columns")
        }
        let width = spans.reduce(0) { $0 + $1.count }
        let out = Tensor(uninitialized: .matrix(rows, width))
        let src = pointer, dst = out.pointer
        for r in 0..<rows {
            var o = dst + r * width
            let row = src + r * cols
            for s in spans {
                o.update(from: row + s.lowerBound, count: s.count)
                o += s.count
            }
        }
        let totalCols = cols, inShape = shape
        return out.recorded("gatherColumns", [self]) { ctx in
            ctx.accumulate(0, ctx.gradient.scatterColumns(spans, width: totalCols).reshaped(inShape))
        }
    }

    /// The adjoint of ``gatherColumns(_:)``: a `rows x width` matrix of zeros into whose `spans` the
    /// columns of this tensor are added, in order.
    public func scatterColumns(_ spans: [Range<Int>], width: Int) -> Tensor {
        precondition(spans.reduce(0) { $0 + $1.count } == cols, "spans cover \(spans.reduce(0) { $0 + $1.count }) columns, tensor has \(cols)")
        let out = Tensor.zeros(.matrix(rows, width))
        let src = pointer, dst = out.pointer
        for r in 0..<rows {
            var i = src + r * cols
            let row = dst + r * width
            for s in spans {
                precondition(s.lowerBound >= 0 && s.upperBound <= width, "column span \(s) outside \(width) columns")
                Kernels.addInPlace(row + s.lowerBound, i, s.count)
                i += s.count
            }
        }
        let inShape = shape
        return out.recorded("scatterColumns", [self]) { ctx in
            ctx.accumulate(0, ctx.gradient.gatherColumns(spans).reshaped(inShape))
        }
    }

    /// The rows at `indices` (repeats allowed), as a new matrix; the gradient adds back into each row read.
    public func gatherRows(_ indices: [Int]) -> Tensor {
        let out = Tensor(uninitialized: .matrix(indices.count, cols))
        let src = pointer, dst = out.pointer
        for (i, r) in indices.enumerated() {
            precondition(r >= 0 && r < rows, "row index \(r) outside \(rows) rows")
            (dst + i * cols).update(from: src + r * cols, count: cols)
        }
        let n = rows, inShape = shape
        return out.recorded("gatherRows", [self]) { ctx in
            ctx.accumulate(0, ctx.gradient.scatterRows(indices, rowCount: n).reshaped(inShape))
        }
    }

    /// The rows in `range`.
    public func rows(_ range: Range<Int>) -> Tensor { gatherRows(Array(range)) }

    /// The adjoint of ``gatherRows(_:)``: a `rowCount x cols` matrix of zeros with row `i` of this tensor
    /// added into row `indices[i]`.
    public func scatterRows(_ indices: [Int], rowCount: Int) -> Tensor {
        precondition(indices.count == rows, "\(indices.count) indices for \(rows) rows")
        let out = Tensor.zeros(.matrix(rowCount, cols))
        let src = pointer, dst = out.pointer
        for (i, r) in indices.enumerated() {
            precondition(r >= 0 && r < rowCount, "row index \(r) outside \(rowCount) rows")
            Kernels.addInPlace(dst + r * cols, src + i * cols, cols)
        }
        return out.recorded("scatterRows", [self]) { ctx in
            ctx.accumulate(0, ctx.gradient.gatherRows(indices))
        }
    }
}

/// The matrices placed side by side (`torch.cat(parts, dim=1)`); all must have the same number of rows.
public func concatColumns(_ parts: [Tensor]) -> Tensor {
    precondition(!parts.isEmpty, "concatColumns of nothing")
    let rows = parts[0].rank == 2 ? parts[0].rows : 1
    for p in parts { precondition((p.rank == 2 ? p.rows : 1) == rows, "concatColumns: \(p.shape) has not \(rows) rows") }
    let width = parts.reduce(0) { $0 + $1.cols }
    let out = Tensor(uninitialized: .matrix(rows, width))
    let dst = out.pointer
    var offset = 0
    for p in parts {
        let src = p.pointer, w = p.cols
        for r in 0..<rows { (dst + r * width + offset).update(from: src + r * w, count: w) }
        offset += w
    }
    var spans: [Range<Int>] = []
    offset = 0
    for p in parts { spans.append(offset..<(offset + p.cols)); offset += p.cols }
    return out.recorded("concatColumns", parts) { ctx in
        for (i, span) in spans.enumerated() where ctx.needsGradient(i) {
            ctx.accumulate(i, ctx.gradient.columns(span).reshaped(parts[i].shape))
        }
    }
}

/// The matrices stacked vertically (`torch.cat(parts, dim=0)`); all must have the same number of columns.
public func concatRows(_ parts: [Tensor]) -> Tensor {
    precondition(!parts.isEmpty, "concatRows of nothing")
    let cols = parts[0].cols
    for p in parts { precondition(p.cols == cols, "concatRows: \(p.shape) has not \(cols) columns") }
    let rowCounts = parts.map { $0.rank == 2 ? $0.rows : 1 }
    let total = rowCounts.reduce(0, +)
    let out = Tensor(uninitialized: .matrix(total, cols))
    var offset = 0
    for p in parts { (out.pointer + offset).update(from: p.pointer, count: p.count); offset += p.count }
    return out.recorded("concatRows", parts) { ctx in
        var start = 0
        for (i, n) in rowCounts.enumerated() {
            if ctx.needsGradient(i) {
                ctx.accumulate(i, ctx.gradient.rows(start..<(start + n)).reshaped(parts[i].shape))
            }
            start += n
        }
    }
}
