import CSynthKernels

/// The inner loop of ``NearestNeighbors/euclidean(query:reference:excluding:)``: per query row, the smallest
/// and second-smallest squared Euclidean distance to the reference rows, and the reference index of the
/// smallest (ties: the lowest index). Nothing is allocated per pair or per row.
///
/// Each pair's squared distance is summed directly, acc = fma(q_c − r_c, q_c − r_c, acc) in column order,
/// rather than expanded as ‖q‖² + ‖r‖² − 2q·r with a dgemm cross term: with 15 columns the dgemm was bound by
/// writing and rescanning its 512 x 2048 blocks, and the direct sum keeps no norm cancellation (a row's twin
/// is at exactly 0 on any data; the expansion needed centred data and gave rounding noise instead).
/// On integer-valued data below 2^26 (label-encoded adult) both forms are exact, so they agree bit for bit.
///
/// Every implementation adds the same fused products in the same order, so all give the same sums, minima
/// and indices (`EuclideanKernelTests`); ``best`` is the widest this CPU runs:
/// - `wide(8)` (AVX-512F) and `wide(4)` (AVX2 + FMA): the C kernel of `CSynthKernels` (8 query rows x one
///   vector of reference rows per register tile, reference rows packed per 256-row block column after column);
/// - `scalar`: one pair at a time (other CPUs).
enum EuclideanNeighbourKernel {
    enum Implementation: Equatable, Sendable, CustomStringConvertible {
        case wide(lanes: Int), scalar

        var description: String {
            switch self {
            case .wide(let lanes): return lanes == 8 ? "avx512" : "avx2"
            case .scalar: return "scalar"
            }
        }
    }

    /// The implementations this CPU runs, widest first.
    static let available: [Implementation] =
        [8, 4].filter { synth_euclid_supports(Int32($0)) != 0 }.map { Implementation.wide(lanes: $0) } + [.scalar]

    static let best = available[0]

    /// Squared distances to the nearest and second-nearest reference rows (+∞ when missing) and the index of
    /// the nearest (−1 when none); `excluding[i]`, a reference row index, is never query row i's neighbour.
    static func search(query: Matrix, reference: Matrix, excluding: [Int]?,
                       using implementation: Implementation = best) -> (first: [Double], second: [Double], index: [Int]) {
        precondition(query.cols == reference.cols, "query and reference need the same columns")
        precondition(excluding.map { $0.count == query.rows } ?? true, "one excluded reference row per query row")
        if case .wide(let lanes) = implementation,
           let out = wideSearch(lanes: lanes, query: query, reference: reference, excluding: excluding) {
            return out
        }
        return scalarSearch(query: query, reference: reference, excluding: excluding)
    }

    /// The C kernel of `lanes` lanes; nil when its buffers could not be allocated.
    static func wideSearch(lanes: Int, query: Matrix, reference: Matrix,
                           excluding: [Int]?) -> (first: [Double], second: [Double], index: [Int])? {
        let nq = query.rows
        var first = [Double](repeating: .infinity, count: nq), second = first
        var index = [Int64](repeating: -1, count: nq)
        let skip = excluding.map { $0.map(Int64.init) } ?? []
        let status = skip.withUnsafeBufferPointer { e in
            synth_euclid_search(Int32(lanes), query.storage, Int64(nq), reference.storage, Int64(reference.rows),
                                Int64(query.cols), excluding == nil ? nil : e.baseAddress, &first, &second, &index)
        }
        guard status == 0 else { return nil }
        return (first, second, index.map(Int.init))
    }

    /// The same sums one pair at a time.
    static func scalarSearch(query: Matrix, reference: Matrix,
                             excluding: [Int]?) -> (first: [Double], second: [Double], index: [Int]) {
        let nq = query.rows, nr = reference.rows, d = query.cols
        var first = [Double](repeating: .infinity, count: nq), second = first
        var index = [Int](repeating: -1, count: nq)
        query.storage.withUnsafeBufferPointer { q in
            reference.storage.withUnsafeBufferPointer { r in
                for i in 0..<nq {
                    for j in 0..<nr where excluding?[i] != j {
                        var s = 0.0
                        for c in 0..<d {
                            let x = q[i * d + c] - r[j * d + c]
                            s = s.addingProduct(x, x)
                        }
                        if s < first[i] { second[i] = first[i]; first[i] = s; index[i] = j } else if s < second[i] { second[i] = s }
                    }
                }
            }
        }
        return (first, second, index)
    }
}
