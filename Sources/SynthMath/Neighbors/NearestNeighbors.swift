/// Exact nearest-neighbour search by blocks: for every query row, the two smallest distances to the rows of
/// a reference set and the index of the nearest. Memory is O(block), never O(n²), so a 30k x 30k search
/// runs in a few megabytes.
///
/// Two metrics:
/// - ``gower(query:reference:discreteFrom:excludeSelf:)``: the mixed-type distance of SDMetrics' DCR
///   (mean over columns of min(|Δ|, 1) on range-scaled continuous columns and 0/1 mismatch on discrete
///   ones). |Δ| is not an inner product, so this path is a direct SIMD loop over column-major blocks
///   rather than a GEMM; it is as fast as one for the few columns tabular data has.
/// - ``euclidean(query:reference:excludeSelf:)``: ‖q − r‖ from ‖q‖² + ‖r‖² − 2 q·r with the cross term
///   by blocked dgemm (BLAS).
///
/// Ties keep the lower reference index as the nearest. With `excludeSelf` the query and reference sets are
/// the same rows and row i never counts as its own neighbour (SynthEval / SynthCity's "distance to the
/// nearest *other* real row").
public enum NearestNeighbors {
    /// The two smallest distances per query row (`second` is +∞ when the reference has one usable row)
    /// and the reference index of the smallest.
    public struct Result: Sendable, Equatable {
        public var first: [Double]
        public var second: [Double]
        public var index: [Int]
    }

    static let referenceBlock = 2048

    // MARK: Gower

    /// Gower-type search on column-major Float features. Columns `0..<discreteFrom` are continuous and
    /// already divided by their range (missing as a huge sentinel such as 1e30, so that missing vs value
    /// costs 1 and missing vs missing 0); columns `discreteFrom...` hold category codes (missing as -1,
    /// equal to missing). The distance is the sum of per-column costs divided by the column count.
    public static func gower(query: [[Float]], reference: [[Float]], discreteFrom: Int,
                             excludeSelf: Bool = false) -> Result {
        precondition(query.count == reference.count, "query and reference need the same columns")
        let columns = query.count
        let nq = query.first?.count ?? 0, nr = reference.first?.count ?? 0
        var first = [Double](repeating: .infinity, count: nq)
        var second = [Double](repeating: .infinity, count: nq)
        var index = [Int](repeating: -1, count: nq)
        guard nq > 0, nr > 0, columns > 0 else { return Result(first: first, second: second, index: index) }
        let scale = 1 / Double(columns), width0 = referenceBlock
        // Query rows flattened row-major; each reference block copied column-major into one buffer, so the
        // inner loops run over contiguous Float32 memory without array bounds checks or retains.
        var rowMajor = [Float](repeating: 0, count: nq * columns)
        for c in 0..<columns { for i in 0..<nq { rowMajor[i * columns + c] = query[c][i] } }
        var block = [Float](repeating: 0, count: columns * width0)
        var acc = [Float](repeating: 0, count: width0)
        var d1 = [Float](repeating: .infinity, count: nq), d2 = d1
        for start in stride(from: 0, to: nr, by: width0) {
            let end = min(nr, start + width0), width = end - start
            for c in 0..<columns { for j in 0..<width { block[c * width0 + j] = reference[c][start + j] } }
            rowMajor.withUnsafeBufferPointer { qb in
                block.withUnsafeBufferPointer { rb in
                    acc.withUnsafeMutableBufferPointer { ab in
                        let a = ab.baseAddress!, r0 = rb.baseAddress!
                        for i in 0..<nq {
                            let q = qb.baseAddress! + i * columns
                            for j in 0..<width { a[j] = 0 }
                            for c in 0..<discreteFrom {
                                let v = q[c], r = r0 + c * width0
                                for j in 0..<width { a[j] += min(abs(v - r[j]), 1) }
                            }
                            for c in discreteFrom..<columns {
                                let v = q[c], r = r0 + c * width0
                                for j in 0..<width { a[j] += v == r[j] ? 0 : 1 }
                            }
                            if excludeSelf, i >= start, i < end { a[i - start] = .infinity }
                            var blockMin = Float.infinity
                            for j in 0..<width { blockMin = min(blockMin, a[j]) }
                            guard blockMin <= d2[i] else { continue }
                            for j in 0..<width {
                                let x = a[j]
                                if x < d1[i] { d2[i] = d1[i]; d1[i] = x; index[i] = start + j }
                                else if x < d2[i] { d2[i] = x }
                            }
                        }
                    }
                }
            }
        }
        for i in 0..<nq {
            first[i] = Double(d1[i]) * scale
            second[i] = d2[i].isFinite ? Double(d2[i]) * scale : .infinity
        }
        return Result(first: first, second: second, index: index)
    }

    // MARK: Euclidean

    /// Euclidean search on row-major features (`query.cols == reference.cols`).
    public static func euclidean(query: Matrix, reference: Matrix, excludeSelf: Bool = false) -> Result {
        var first = [Double](repeating: .infinity, count: query.rows)
        var second = first
        var index = [Int](repeating: -1, count: query.rows)
        SquaredDistanceBlocks.forEach(query: query, reference: reference) { rows, columns, block in
            let w = columns.count
            for i in rows {
                let row = block + (i - rows.lowerBound) * w
                var best = first[i], next = second[i], at = index[i]
                for j in 0..<w {
                    if excludeSelf && columns.lowerBound + j == i { continue }
                    let x = row[j]
                    if x < best { next = best; best = x; at = columns.lowerBound + j }
                    else if x < next { next = x }
                }
                first[i] = best; second[i] = next; index[i] = at
            }
        }
        for i in 0..<query.rows { first[i] = first[i].squareRoot(); second[i] = second[i].squareRoot() }
        return Result(first: first, second: second, index: index)
    }
}
