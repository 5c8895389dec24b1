import CLAPACKE

extension Matrix {
    /// The lower Cholesky factor L with `self = L * Lᵀ` (LAPACK `dpotrf`); the upper triangle is zero.
    public func cholesky() throws -> Matrix {
        precondition(rows == cols, "cholesky needs a square matrix, got \(rows)x\(cols)")
        var l = self
        guard rows > 0 else { return l }
        let info = l.storage.withUnsafeMutableBufferPointer { p in
            LAPACKE_dpotrf(LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "L")), Int32(rows), p.baseAddress, Int32(rows))
        }
        if info > 0 { throw LinearAlgebraError.notPositiveDefinite(order: Int(info)) }
        if info < 0 { throw LinearAlgebraError.illegalArgument(routine: "dpotrf", argument: Int(-info)) }
        for i in 0..<rows { for j in (i + 1)..<cols { l.storage[i * cols + j] = 0 } }
        return l
    }

    /// Eigenvalues (ascending) and eigenvectors (as columns) of a symmetric matrix (LAPACK `dsyevd`).
    public func symmetricEigen() throws -> (values: [Double], vectors: Matrix) {
        precondition(rows == cols, "symmetricEigen needs a square matrix, got \(rows)x\(cols)")
        var v = self
        var w = [Double](repeating: 0, count: rows)
        guard rows > 0 else { return (w, v) }
        let info = v.storage.withUnsafeMutableBufferPointer { p in
            w.withUnsafeMutableBufferPointer { pw in
                LAPACKE_dsyevd(LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "L")),
                               Int32(rows), p.baseAddress, Int32(rows), pw.baseAddress)
            }
        }
        if info > 0 { throw LinearAlgebraError.noConvergence(routine: "dsyevd", info: Int(info)) }
        if info < 0 { throw LinearAlgebraError.illegalArgument(routine: "dsyevd", argument: Int(-info)) }
        return (w, v)
    }

    /// The 2-norm condition number of a symmetric matrix (ratio of extreme absolute eigenvalues).
    public func symmetricConditionNumber() throws -> Double {
        let w = try symmetricEigen().values.map(abs)
        guard let hi = w.max(), let lo = w.min() else { return 1 }
        return lo == 0 ? .infinity : hi / lo
    }

    /// Solves `self * X = B` for a general square matrix (LAPACK `dgesv`).
    public func solve(_ b: Matrix) throws -> Matrix {
        precondition(rows == cols, "solve needs a square matrix, got \(rows)x\(cols)")
        precondition(b.rows == rows, "right-hand side has \(b.rows) rows, matrix has \(rows)")
        var a = self, x = b
        guard rows > 0, b.cols > 0 else { return x }
        var ipiv = [Int32](repeating: 0, count: rows)
        let info = a.storage.withUnsafeMutableBufferPointer { pa in
            x.storage.withUnsafeMutableBufferPointer { px in
                LAPACKE_dgesv(LAPACK_ROW_MAJOR, Int32(rows), Int32(b.cols), pa.baseAddress, Int32(rows),
                              &ipiv, px.baseAddress, Int32(b.cols))
            }
        }
        if info > 0 { throw LinearAlgebraError.singular(index: Int(info)) }
        if info < 0 { throw LinearAlgebraError.illegalArgument(routine: "dgesv", argument: Int(-info)) }
        return x
    }

    /// The inverse of a square matrix.
    public func inverse() throws -> Matrix { try solve(.identity(rows)) }
}
