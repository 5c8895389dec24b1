/// Exact nearest-neighbour search by blocks: for every query row, the two smallest distances to the rows of
/// a reference set and the index of the nearest. Memory is O(block), never O(n²), so a 30k x 30k search
/// runs in a few megabytes.
///
/// Two metrics:
/// - ``gower(query:reference:discreteFrom:excludeSelf:)``: the mixed-type distance of SDMetrics' DCR
///   (mean over columns of min(|Δ|, 1) on range-scaled continuous columns and 0/1 mismatch on discrete
///   ones). |Δ| is not an inner product, so this path is a register-tiled SIMD loop over packed reference
///   panels (``GowerNeighbourKernel``) rather than a GEMM: a one-hot product would need one column per
///   category (about 100 on adult) where the direct comparison costs one instruction per column.
/// - ``euclidean(query:reference:excludeSelf:)``: ‖q − r‖, each pair's squares summed directly in a
///   register-tiled SIMD kernel (``EuclideanNeighbourKernel``), no dgemm.
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

    // MARK: Gower

    /// Gower-type search on column-major Float features. Columns `0..<discreteFrom` are continuous and
    /// already divided by their range (missing as a huge sentinel such as 1e30, so that missing vs value
    /// costs 1 and missing vs missing 0); columns `discreteFrom...` hold category codes (missing as -1,
    /// equal to missing). The distance is the sum of per-column costs divided by the column count.
    public static func gower(query: [[Float]], reference: [[Float]], discreteFrom: Int,
                             excludeSelf: Bool = false) -> Result {
        gower(query: query, reference: reference, discreteFrom: discreteFrom,
              excluding: excludeSelf ? Array(0..<(query.first?.count ?? 0)) : nil)
    }

    /// As above; `excluding[i]`, a reference row index, never counts as query row i's neighbour (the row
    /// itself when the query rows are some of the reference rows, as in a capped self-search).
    public static func gower(query: [[Float]], reference: [[Float]], discreteFrom: Int, excluding: [Int]?) -> Result {
        precondition(query.count == reference.count, "query and reference need the same columns")
        let columns = query.count
        let nq = query.first?.count ?? 0, nr = reference.first?.count ?? 0
        precondition(excluding.map { $0.count == nq } ?? true, "one excluded reference row per query row")
        guard nq > 0, nr > 0, columns > 0 else {
            return Result(first: [Double](repeating: .infinity, count: nq), second: [Double](repeating: .infinity, count: nq),
                          index: [Int](repeating: -1, count: nq))
        }
        let (d1, d2, index) = GowerNeighbourKernel.search(query: query, reference: reference, discreteFrom: discreteFrom,
                                                         excluding: excluding)
        let scale = 1 / Double(columns)
        return Result(first: d1.map { $0.isFinite ? Double($0) * scale : .infinity },
                      second: d2.map { $0.isFinite ? Double($0) * scale : .infinity }, index: index)
    }

    // MARK: Euclidean

    /// Euclidean search on row-major features (`query.cols == reference.cols`).
    public static func euclidean(query: Matrix, reference: Matrix, excludeSelf: Bool = false) -> Result {
        euclidean(query: query, reference: reference, excluding: excludeSelf ? Array(0..<query.rows) : nil)
    }

    /// As above; `excluding[i]`, a reference row index, never counts as query row i's neighbour.
    public static func euclidean(query: Matrix, reference: Matrix, excluding: [Int]?) -> Result {
        let (first, second, index) = EuclideanNeighbourKernel.search(query: query, reference: reference, excluding: excluding)
        return Result(first: first.map { $0.squareRoot() }, second: second.map { $0.squareRoot() }, index: index)
    }
}
