import Foundation

extension Tensor {
    /// The sum of all elements (a scalar), accumulated in Double.
    public func sum() -> Tensor {
        let out = Tensor(scalar: Float(Kernels.sum(pointer, count)))
        let inShape = shape
        return out.recorded("sum", [self]) { ctx in
            ctx.accumulate(0, ctx.gradient.broadcast(to: inShape))
        }
    }

    /// The mean of all elements (a scalar).
    public func mean() -> Tensor { sum() * (1 / Float(Swift.max(count, 1))) }

    /// The shape of a reduction along `axis` (0: down the rows, 1: across the columns).
    private func reducedShape(axis: Int, keepDims: Bool) -> TensorShape {
        precondition(axis == 0 || axis == 1, "axis must be 0 or 1, got \(axis)")
        if axis == 0 {
            return keepDims ? .matrix(1, cols) : (rank == 2 ? .vector(cols) : .scalar)
        }
        return keepDims ? .matrix(rows, 1) : .vector(rows)
    }

    /// The sum along `axis`: 0 sums each column over the rows, 1 sums each row over the columns
    /// (PyTorch's `sum(dim=axis, keepdim=keepDims)`). A vector's only axis is 0.
    public func sum(axis: Int, keepDims: Bool = false) -> Tensor {
        precondition(rank == 2 || axis == 0, "a tensor of rank \(rank) has no axis \(axis)")
        let effectiveAxis = rank == 2 ? axis : 1  // a vector is one row: its axis 0 runs across columns
        let outShape = rank == 2 ? reducedShape(axis: axis, keepDims: keepDims)
                                 : (keepDims ? .vector(1) : .scalar)
        let out = Tensor(uninitialized: outShape)
        if effectiveAxis == 0 {
            Kernels.columnSums(pointer, rows: rows, cols: cols, into: out.pointer, accumulate: false)
        } else {
            Kernels.rowSums(pointer, rows: rows, cols: cols, into: out.pointer, accumulate: false)
        }
        let inShape = shape
        let keptShape: TensorShape = effectiveAxis == 0 ? .matrix(1, cols) : .matrix(rows, 1)
        return out.recorded("sum(axis)", [self]) { ctx in
            ctx.accumulate(0, ctx.gradient.reshaped(keptShape).broadcast(to: inShape).reshaped(inShape))
        }
    }

    /// The mean along `axis` (see ``sum(axis:keepDims:)``).
    public func mean(axis: Int, keepDims: Bool = false) -> Tensor {
        let n = rank == 2 ? (axis == 0 ? rows : cols) : count
        return sum(axis: axis, keepDims: keepDims) * (1 / Float(Swift.max(n, 1)))
    }

    /// The Euclidean norm of each row: a vector of `rows` values (PyTorch's `x.norm(2, dim=1)`).
    public func rowNorms() -> Tensor { square().sum(axis: 1).sqrt() }

    /// The largest element of each row (a constant, no gradient).
    public func rowMaxima() -> [Float] {
        (0..<rows).map { r in
            let row = pointer + r * cols
            var m = -Float.infinity
            for c in 0..<cols where row[c] > m { m = row[c] }
            return m
        }
    }

    /// The column index of the largest element of each row within `span` (ties: the first, as
    /// `torch.argmax`), relative to the span's start.
    public func argmax(columns span: Range<Int>) -> [Int] {
        precondition(span.lowerBound >= 0 && span.upperBound <= cols && !span.isEmpty,
                     "span \(span) outside \(cols) columns")
        return (0..<rows).map { r in
            let row = pointer + r * cols
            var best = span.lowerBound
            for c in span where row[c] > row[best] { best = c }
            return best - span.lowerBound
        }
    }

    /// The column index of the largest element of each row.
    public func argmaxRows() -> [Int] { argmax(columns: 0..<cols) }
}
