import CBLAS

/// Squared Euclidean distances between the rows of two matrices, one block at a time:
/// ‖q − r‖² = ‖q‖² + ‖r‖² − 2 q·r with the cross term from dgemm, clamped at 0 (rounding can make it
/// slightly negative). Memory is one block (512 x 2048 doubles), whatever the row counts. Callers should
/// centre their data first: the expansion loses precision when the norms are large next to the distances.
public enum SquaredDistanceBlocks {
    public static let queryBlock = 512
    public static let referenceBlock = 2048

    /// Calls `body(queryRows, referenceRows, block)` for every block, where `block` is row-major
    /// `queryRows.count x referenceRows.count`: entry (i, j) is the squared distance between query row
    /// `queryRows.lowerBound + i` and reference row `referenceRows.lowerBound + j`. Query blocks are the
    /// outer loop, so all reference blocks of a query block come in order.
    public static func forEach(query: Matrix, reference: Matrix,
                               _ body: (Range<Int>, Range<Int>, UnsafePointer<Double>) -> Void) {
        forEachCross(query: query, reference: reference) { rows, columns, cross, qNorm, rNorm in
            let w = columns.count
            for i in rows {
                let row = cross + (i - rows.lowerBound) * w, qn = qNorm[i]
                for j in 0..<w { row[j] = distance(qn, rNorm[columns.lowerBound + j], row[j]) }
            }
            body(rows, columns, UnsafePointer(cross))
        }
    }

    /// The squared distance from the norms and the cross term, as every caller must compute it.
    @inline(__always)
    public static func distance(_ qNorm: Double, _ rNorm: Double, _ dot: Double) -> Double {
        max(0, qNorm + rNorm - 2 * dot)
    }

    /// The blocks of ``forEach(query:reference:_:)`` before the distances: `body(queryRows, referenceRows,
    /// cross, qNorm, rNorm)` gets the row-major block of dot products q·r (0 when there are no columns) and
    /// every row's squared norm, so that a caller can fuse ``distance(_:_:_:)`` into its own pass over the
    /// block instead of a second pass over 8 MB.
    public static func forEachCross(query: Matrix, reference: Matrix,
                                    _ body: (Range<Int>, Range<Int>, UnsafeMutablePointer<Double>,
                                             UnsafePointer<Double>, UnsafePointer<Double>) -> Void) {
        precondition(query.cols == reference.cols, "query and reference need the same columns")
        let nq = query.rows, nr = reference.rows, d = query.cols
        guard nq > 0, nr > 0 else { return }
        let qNorm = rowSquaredNorms(query), rNorm = rowSquaredNorms(reference)
        var cross = [Double](repeating: 0, count: queryBlock * referenceBlock)
        for q0 in stride(from: 0, to: nq, by: queryBlock) {
            let q1 = min(nq, q0 + queryBlock)
            for r0 in stride(from: 0, to: nr, by: referenceBlock) {
                let r1 = min(nr, r0 + referenceBlock), w = r1 - r0
                cross.withUnsafeMutableBufferPointer { pc in
                    if d > 0 {
                        query.storage.withUnsafeBufferPointer { pq in
                            reference.storage.withUnsafeBufferPointer { pr in
                                cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(q1 - q0), Int32(w), Int32(d), 1,
                                            pq.baseAddress! + q0 * d, Int32(d), pr.baseAddress! + r0 * d, Int32(d), 0,
                                            pc.baseAddress, Int32(w))
                            }
                        }
                    } else {
                        pc.baseAddress!.update(repeating: 0, count: (q1 - q0) * w)  // a caller may have written the block
                    }
                    qNorm.withUnsafeBufferPointer { qn in
                        rNorm.withUnsafeBufferPointer { rn in
                            body(q0..<q1, r0..<r1, pc.baseAddress!, qn.baseAddress!, rn.baseAddress!)
                        }
                    }
                }
            }
        }
    }

    static func rowSquaredNorms(_ m: Matrix) -> [Double] {
        var out = [Double](repeating: 0, count: m.rows)
        m.storage.withUnsafeBufferPointer { p in
            for i in 0..<m.rows {
                var s = 0.0
                for j in 0..<m.cols { let x = p[i * m.cols + j]; s += x * x }
                out[i] = s
            }
        }
        return out
    }
}
