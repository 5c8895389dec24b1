/// k-means on the rows of a matrix: k-means++ seeding (each next centre drawn with probability
/// proportional to the squared distance to the nearest chosen one, all from an explicit stream), then
/// Lloyd iterations until no label changes (at most `maxIterations`); an emptied cluster keeps its centre.
/// scikit-learn's `KMeans` seeds greedily (several candidates per centre) and stops on a centre-shift
/// tolerance; with different draws the clusters can differ where the data has no clear cluster structure.
public struct KMeans: Sendable {
    public let centres: Matrix
    /// The cluster (0..<k) of every fitted row.
    public let labels: [Int]

    public init(_ x: Matrix, clusters k: Int, maxIterations: Int = 50, rng: inout RandomStream) {
        let n = x.rows, d = x.cols
        precondition(k >= 1 && k <= n, "k-means needs 1 ≤ k ≤ rows")
        var centres = Matrix(rows: k, cols: d)
        let firstRow = rng.nextInt(below: n)
        for j in 0..<d { centres[0, j] = x[firstRow, j] }
        var nearest = [Double](repeating: .infinity, count: n)
        for c in 1..<k {
            let centre = Matrix(rows: 1, cols: d, storage: centres.row(c - 1))
            SquaredDistanceBlocks.forEach(query: x, reference: centre) { rows, _, block in
                for i in rows { nearest[i] = min(nearest[i], block[i - rows.lowerBound]) }
            }
            let total = nearest.reduce(0, +)
            var pick = n - 1
            if total > 0 {
                var u = rng.nextDouble() * total
                for i in 0..<n { u -= nearest[i]; if u <= 0 { pick = i; break } }
            } else { pick = rng.nextInt(below: n) }
            for j in 0..<d { centres[c, j] = x[pick, j] }
        }
        var labels = [Int](repeating: -1, count: n)
        for _ in 0..<maxIterations {
            var changed = false
            let nn = NearestNeighbors.euclidean(query: x, reference: centres)
            for i in 0..<n where labels[i] != nn.index[i] { labels[i] = nn.index[i]; changed = true }
            if !changed { break }
            var sums = Matrix(rows: k, cols: d), counts = [Int](repeating: 0, count: k)
            for i in 0..<n { counts[labels[i]] += 1; for j in 0..<d { sums[labels[i], j] += x[i, j] } }
            for c in 0..<k where counts[c] > 0 { for j in 0..<d { centres[c, j] = sums[c, j] / Double(counts[c]) } }
        }
        self.centres = centres
        self.labels = labels
    }

    /// The nearest centre of every row of `x`.
    public func predict(_ x: Matrix) -> [Int] {
        NearestNeighbors.euclidean(query: x, reference: centres).index
    }
}
