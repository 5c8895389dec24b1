/// `op(a) * op(b)` through `cblas_sgemm`, where `op` transposes when asked; transposes are BLAS flags, never
/// copies. Both operands must be matrices (rank 2) or vectors treated as one row.
///
/// Gradients (`G` the output gradient): for `C = A B`, `dA = G Bᵀ`, `dB = Aᵀ G`; the transposed cases
/// follow by transposing the roles, and each is again one sgemm written into the running gradient sum.
public func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
    let (m, n, _) = Kernels.productDimensions(a.shape, transposeA: transposeA, b.shape, transposeB: transposeB)
    let out = Tensor(uninitialized: .matrix(m, n))
    Kernels.gemm(a, transposeA: transposeA, b, transposeB: transposeB, into: out.pointer, beta: 0)
    return out.recorded("matmul", [a, b]) { ctx in
        let g = ctx.gradient
        switch (transposeA, transposeB) {
        case (false, false):
            if ctx.needsGradient(0) { ctx.accumulateProduct(0, g, b, transposeB: true) }
            if ctx.needsGradient(1) { ctx.accumulateProduct(1, a, transposeA: true, g) }
        case (false, true):
            if ctx.needsGradient(0) { ctx.accumulateProduct(0, g, b) }
            if ctx.needsGradient(1) { ctx.accumulateProduct(1, g, transposeA: true, a) }
        case (true, false):
            if ctx.needsGradient(0) { ctx.accumulateProduct(0, b, g, transposeB: true) }
            if ctx.needsGradient(1) { ctx.accumulateProduct(1, a, g) }
        case (true, true):
            if ctx.needsGradient(0) { ctx.accumulateProduct(0, b, transposeA: true, g, transposeB: true) }
            if ctx.needsGradient(1) { ctx.accumulateProduct(1, g, transposeA: true, a, transposeB: true) }
        }
    }
}
