import CBLAS

/// The pointer loops and BLAS calls that operations are built on. Every loop runs over raw
/// `UnsafeMutablePointer<Float>` so the optimiser can vectorise it.
public enum Kernels {
    /// `dst[i] += src[i]`.
    @inline(__always)
    static func addInPlace(_ dst: UnsafeMutablePointer<Float>, _ src: UnsafePointer<Float>, _ n: Int) {
        for i in 0..<n { dst[i] += src[i] }
    }

    /// `dst[i] = a[i] + b[i]`.
    @inline(__always)
    static func add(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>,
                    _ n: Int) {
        for i in 0..<n { dst[i] = a[i] + b[i] }
    }

    /// `dst[i] *= s`.
    @inline(__always)
    static func scaleInPlace(_ dst: UnsafeMutablePointer<Float>, _ s: Float, _ n: Int) {
        for i in 0..<n { dst[i] *= s }
    }

    /// `dst[c] (+)= sum over rows of src[r, c]` for a `rows x cols` row-major source, added row after row (from
    /// 0 unless `accumulate`), in C (``ElementwiseKernels``).
    static func columnSums(_ src: UnsafePointer<Float>, rows: Int, cols: Int, into dst: UnsafeMutablePointer<Float>,
                           accumulate: Bool) {
        ElementwiseKernels.columnSums(src, rows: rows, cols: cols, into: dst, accumulate: accumulate)
    }

    /// `dst[r] (+)= sum over cols of src[r, c]`, each row summed in eight Float lanes (one `SIMD8`
    /// accumulator) and then across the lanes: the sequential sum is a chain of dependent additions.
    static func rowSums(_ src: UnsafePointer<Float>, rows: Int, cols: Int, into dst: UnsafeMutablePointer<Float>,
                        accumulate: Bool) {
        for r in 0..<rows {
            let row = src + r * cols
            var lanes = Vectorized.V(repeating: 0)
            var c = 0
            while c + 8 <= cols { lanes += Vectorized.load(row, c); c += 8 }
            var s = lanes.sum()
            while c < cols { s += row[c]; c += 1 }
            dst[r] = accumulate ? dst[r] + s : s
        }
    }

    /// Sum of all elements, accumulated in Double.
    static func sum(_ src: UnsafePointer<Float>, _ n: Int) -> Double {
        var s: Double = 0
        var i = 0
        // Eight Float partial sums per Double flush keep the loop vectorised and the error small.
        while i + 8 <= n {
            var p: Float = 0
            for j in 0..<8 { p += src[i + j] }
            s += Double(p)
            i += 8
        }
        while i < n { s += Double(src[i]); i += 1 }
        return s
    }

    /// Sum of squares, accumulated in Double.
    static func sumOfSquares(_ src: UnsafePointer<Float>, _ n: Int) -> Double {
        var s: Double = 0
        var i = 0
        while i + 8 <= n {
            var p: Float = 0
            for j in 0..<8 { p += src[i + j] * src[i + j] }
            s += Double(p)
            i += 8
        }
        while i < n { s += Double(src[i]) * Double(src[i]); i += 1 }
        return s
    }

    /// The dimensions `(m, n, k)` of `op(a) * op(b)`.
    static func productDimensions(_ a: TensorShape, transposeA: Bool, _ b: TensorShape,
                                  transposeB: Bool) -> (m: Int, n: Int, k: Int) {
        let m = transposeA ? a.cols : a.rows, k = transposeA ? a.rows : a.cols
        let kb = transposeB ? b.cols : b.rows, n = transposeB ? b.rows : b.cols
        precondition(k == kb, "matmul inner dimensions differ: \(a)\(transposeA ? "ᵀ" : "") x \(b)\(transposeB ? "ᵀ" : "")")
        return (m, n, k)
    }

    /// `c = alpha * op(a) * op(b) + beta * c` through `cblas_sgemm`, reading both operands in place
    /// (a transpose is a flag, never a copy). `c` is `m x n` row-major. An operand that is a parameter
    /// (a leaf that requires a gradient) is passed as such, so bf16 products reuse its ``BF16Image``.
    static func gemm(_ a: Tensor, transposeA: Bool, _ b: Tensor, transposeB: Bool,
                     into c: UnsafeMutablePointer<Float>, alpha: Float = 1, beta: Float) {
        let (m, n, k) = productDimensions(a.shape, transposeA: transposeA, b.shape, transposeB: transposeB)
        gemm(m: m, n: n, k: k, a.pointer, lda: max(a.cols, 1), transposeA: transposeA, b.pointer, ldb: max(b.cols, 1),
             transposeB: transposeB, into: c, ldc: max(n, 1), alpha: alpha, beta: beta,
             aParameter: a.isParameter ? a : nil, bParameter: b.isParameter ? b : nil)
    }

    /// `C = alpha * op(A) * op(B) + beta * C` on row-major blocks given by pointer and leading dimension, so
    /// a column block of a wider matrix is an operand or a destination without a copy. `op(A)` is `m x k`,
    /// `op(B)` is `k x n`, `C` is `m x n` (row stride `ldc`). With `k = 0` the product is zero: `C` is
    /// scaled by `beta` (set to zero for `beta = 0`). Inside `MatrixPrecision.bf16.run` with a bf16
    /// kernel, the operands are rounded to bf16 and summed in fp32 (``OneDNNMatmul``); otherwise sgemm.
    /// `aParameter`/`bParameter`: the parameter whose buffer `a`/`b` points into, if it does; a bf16
    /// product then reads that parameter's bf16 image, converted once per write instead of per product
    /// (the fp32 path ignores them).
    public static func gemm(m: Int, n: Int, k: Int, _ a: UnsafePointer<Float>, lda: Int, transposeA: Bool,
                     _ b: UnsafePointer<Float>, ldb: Int, transposeB: Bool,
                     into c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float = 1, beta: Float,
                     aParameter: Tensor? = nil, bParameter: Tensor? = nil) {
        guard m > 0, n > 0 else { return }
        if k == 0 {
            for r in 0..<m {
                if beta == 0 { (c + r * ldc).update(repeating: 0, count: n) } else { scaleInPlace(c + r * ldc, beta, n) }
            }
            return
        }
        if let bf16 = MatrixPrecision.bf16Kernel {
            bf16.gemm(m: m, n: n, k: k, a, lda: lda, transposeA: transposeA, b, ldb: ldb, transposeB: transposeB,
                      into: c, ldc: ldc, alpha: alpha, beta: beta, aImage: aParameter?.storage,
                      bImage: bParameter?.storage)
            return
        }
        sgemm(m: m, n: n, k: k, a, lda: lda, transposeA: transposeA, b, ldb: ldb, transposeB: transposeB, into: c,
              ldc: ldc, alpha: alpha, beta: beta)
    }

    /// `cblas_sgemm` on row-major blocks (`m, n, k > 0`), whatever the task's precision.
    static func sgemm(m: Int, n: Int, k: Int, _ a: UnsafePointer<Float>, lda: Int, transposeA: Bool,
                      _ b: UnsafePointer<Float>, ldb: Int, transposeB: Bool,
                      into c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float, beta: Float) {
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// `y = alpha * op(A) * x + beta * y` for a row-major `rows x cols` block `A` with row stride `lda`;
    /// `op(A)` is `A` or its transpose, `x` and `y` contiguous.
    public static func gemv(rows: Int, cols: Int, _ a: UnsafePointer<Float>, lda: Int, transpose: Bool,
                            _ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, alpha: Float = 1,
                            beta: Float) {
        guard rows > 0, cols > 0 else { return }
        cblas_sgemv(CblasRowMajor, transpose ? CblasTrans : CblasNoTrans, Int32(rows), Int32(cols), alpha, a,
                    Int32(lda), x, 1, beta, y, 1)
    }
}
