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
                    }
                    for i in q0..<q1 {
                        let row = pc.baseAddress! + (i - q0) * w
                        for j in 0..<w {
                            let dot = d > 0 ? row[j] : 0
                            row[j] = max(0, qNorm[i] + rNorm[r0 + j] - 2 * dot)
                        }
                    }
                    body(q0..<q1, r0..<r1, UnsafePointer(pc.baseAddress!))
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
