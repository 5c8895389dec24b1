extension Tensor {
    /// The same elements in another shape of equal count (shares the buffer; no copy).
    public func reshaped(_ newShape: TensorShape) -> Tensor {
        precondition(newShape.count == count, "cannot reshape \(shape) to \(newShape)")
        if newShape == shape { return self }
        let old = shape
        return Tensor(shape: newShape, storage: storage).recorded("reshape", [self]) { ctx in
            ctx.accumulate(0, ctx.gradient.reshaped(old), exclusive: false)
        }
    }

    /// PyTorch-style reshape from dimensions (`[]`, `[n]`, `[r, c]`).
    public func reshaped(_ dimensions: [Int]) -> Tensor { reshaped(TensorShape(dimensions)) }

    /// This tensor repeated along its size-1 dimensions to fill `target` (NumPy broadcasting).
    public func broadcast(to target: TensorShape) -> Tensor {
        if shape == target { return self }
        if count == target.count { return reshaped(target) }
        precondition((rows == target.rows || rows == 1) && (cols == target.cols || cols == 1),
                     "cannot broadcast \(shape) to \(target)")
        let out = Tensor(uninitialized: target)
        let src = pointer, dst = out.pointer
        let tr = target.rows, tc = target.cols
        for r in 0..<tr {
            let s = src + (rows == 1 ? 0 : r * cols)
            let d = dst + r * tc
            if cols == 1 { d.update(repeating: s[0], count: tc) } else { d.update(from: s, count: tc) }
        }
        let old = shape
        return out.recorded("broadcast", [self]) { ctx in
            ctx.accumulate(0, ctx.gradient.sum(toShape: old))
        }
    }

    /// The sum of this tensor over the dimensions along which `target` has size 1 (the adjoint of
    /// ``broadcast(to:)``).
    public func sum(toShape target: TensorShape) -> Tensor {
        if shape == target { return self }
        if count == target.count { return reshaped(target) }
        precondition((target.rows == rows || target.rows == 1) && (target.cols == cols || target.cols == 1),
                     "cannot sum \(shape) down to \(target)")
        var t = rank == 2 ? self : reshaped(.matrix(rows, cols))
        if target.rows == 1 && rows != 1 { t = t.sum(axis: 0, keepDims: true) }
        if target.cols == 1 && cols != 1 { t = t.sum(axis: 1, keepDims: true) }
        return t.reshaped(target)
    }
}
