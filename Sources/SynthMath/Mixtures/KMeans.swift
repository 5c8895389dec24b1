import Foundation

/// k-means on the rows of a matrix, as scikit-learn's `KMeans(n_clusters=k, init="k-means++", n_init=1)`
/// runs it (SynthCity's k-anonymity evaluators and `GaussianMixture`'s k-means start call it so; n_init
/// "auto" is 1 with k-means++):
/// - greedy k-means++ seeding: the first centre a uniformly drawn row; each next one the best of
///   2 + ⌊ln k⌋ candidates, each drawn with probability proportional to the squared distance to the
///   nearest chosen centre, "best" being the smallest sum of squared distances to the nearest centre;
/// - Lloyd iterations (at most `maxIterations`, 300) that stop when no label changes or when the centres'
///   squared shift, summed over clusters, is at most `tolerance` (1e-4) times the mean column variance;
///   a stop on the tolerance relabels the rows by the final centres, so labels and centres agree;
/// - a cluster left empty takes the row farthest from its own centre (scikit-learn's relocation).
/// The draws come from an explicit stream, not numpy's, so the clusters equal scikit-learn's only given
/// the same start (``init(_:initialCentres:maxIterations:tolerance:)``).
public struct KMeans: Sendable {
    public let centres: Matrix
    /// The cluster (0..<k) of every fitted row.
    public let labels: [Int]
    /// Lloyd iterations run (scikit-learn's `n_iter_`).
    public let iterations: Int

    public static let defaultTolerance = 1e-4
    public static let defaultMaxIterations = 300

    public init(_ x: Matrix, clusters k: Int, maxIterations: Int = defaultMaxIterations,
                tolerance: Double = defaultTolerance, rng: inout RandomStream) {
        precondition(k >= 1 && k <= x.rows, "k-means needs 1 ≤ k ≤ rows")
        self.init(x, initialCentres: Self.plusPlusSeeds(x, k, &rng), maxIterations: maxIterations, tolerance: tolerance)
    }

    /// Lloyd iterations from the given centres (scikit-learn's `init=array`).
    public init(_ x: Matrix, initialCentres: Matrix, maxIterations: Int = defaultMaxIterations,
                tolerance: Double = defaultTolerance) {
        precondition(initialCentres.cols == x.cols && initialCentres.rows >= 1 && x.rows >= 1, "k-means needs rows and matching centres")
        let n = x.rows, d = x.cols, k = initialCentres.rows
        let shiftTolerance = tolerance * Self.meanColumnVariance(x)
        var centres = initialCentres
        var labels = [Int](repeating: -1, count: n)
        var iterations = 0, strict = false
        while iterations < maxIterations {
            iterations += 1
            let step = KMeansAssignment.assign(x, centres), assigned = step.labels
            var sums = step.sums, counts = step.counts
            Self.relocateEmpty(x, centres, assigned, &sums, &counts)
            let next = Self.averaged(sums, counts)
            var shift = 0.0
            for e in 0..<(k * d) { let v = next.storage[e] - centres.storage[e]; shift += v * v }
            centres = next
            if assigned == labels { strict = true; break }
            labels = assigned
            if shift <= shiftTolerance { break }
        }
        if !strict { labels = Self.nearestCentre(x, centres) }
        self.centres = centres
        self.labels = labels
        self.iterations = iterations
    }

    /// The nearest centre of every row of `x`.
    public func predict(_ x: Matrix) -> [Int] { Self.nearestCentre(x, centres) }

    // MARK: Steps

    static func nearestCentre(_ x: Matrix, _ centres: Matrix) -> [Int] { KMeansAssignment.assign(x, centres).labels }

    /// np.var(X, axis=0).mean(): the population variance of every column, averaged.
    static func meanColumnVariance(_ x: Matrix) -> Double {
        let n = x.rows, d = x.cols
        var total = 0.0
        for j in 0..<d {
            var mean = 0.0
            for i in 0..<n { mean += x.storage[i * d + j] }
            mean /= Double(n)
            var ss = 0.0
            for i in 0..<n { let v = x.storage[i * d + j] - mean; ss += v * v }
            total += ss / Double(n)
        }
        return total / Double(d)
    }

    /// Greedy k-means++ (scikit-learn's `_kmeans_plusplus` with 2 + ⌊ln k⌋ local trials).
    static func plusPlusSeeds(_ x: Matrix, _ k: Int, _ rng: inout RandomStream) -> Matrix {
        let n = x.rows, d = x.cols
        var centres = Matrix(rows: k, cols: d)
        let first = rng.nextInt(below: n)
        centres.storage.replaceSubrange(0..<d, with: x.storage[(first * d)..<((first + 1) * d)])
        var closest = squaredDistances(x, toRow: first)
        var potential = closest.reduce(0, +)
        let trials = 2 + Int(log(Double(k)))
        for c in 1..<k {
            var cumulative = closest
            for i in 1..<n { cumulative[i] += cumulative[i - 1] }
            let draws = (0..<trials).map { _ in rng.nextDouble() * potential }
            var best: (potential: Double, row: Int, distances: [Double]) = (.infinity, 0, [])
            for u in draws {
                // numpy's searchsorted (left): the first row whose cumulative sum reaches u, clipped to the last.
                var lo = 0, hi = n
                while lo < hi { let mid = (lo + hi) / 2; if cumulative[mid] < u { lo = mid + 1 } else { hi = mid } }
                let row = min(lo, n - 1)
                var distances = squaredDistances(x, toRow: row), sum = 0.0
                for i in 0..<n { distances[i] = min(distances[i], closest[i]); sum += distances[i] }
                if sum < best.potential { best = (sum, row, distances) }
            }
            potential = best.potential
            closest = best.distances
            centres.storage.replaceSubrange((c * d)..<((c + 1) * d), with: x.storage[(best.row * d)..<((best.row + 1) * d)])
        }
        return centres
    }

    static func squaredDistances(_ x: Matrix, toRow r: Int) -> [Double] {
        let n = x.rows, d = x.cols
        return x.storage.withUnsafeBufferPointer { p in
            (0..<n).map { i in
                var s = 0.0
                for j in 0..<d { let v = p[i * d + j] - p[r * d + j]; s += v * v }
                return s
            }
        }
    }

    /// scikit-learn's `_relocate_empty_clusters_dense`: each empty cluster, in order, takes one of the rows
    /// farthest from their assigned (previous) centre, farthest first (ties: the lower row; numpy's
    /// argpartition leaves their order unspecified), moved out of its cluster's sum; nothing when every
    /// row sits on its centre.
    static func relocateEmpty(_ x: Matrix, _ previous: Matrix, _ labels: [Int], _ sums: inout Matrix, _ counts: inout [Int]) {
        let empty = counts.indices.filter { counts[$0] == 0 }
        guard !empty.isEmpty else { return }
        let n = x.rows, d = x.cols
        let distances = (0..<n).map { i in
            var s = 0.0
            for j in 0..<d { let v = x.storage[i * d + j] - previous.storage[labels[i] * d + j]; s += v * v }
            return s
        }
        guard let largest = distances.max(), largest > 0 else { return }
        let farthest = distances.indices.sorted { distances[$0] != distances[$1] ? distances[$0] > distances[$1] : $0 < $1 }
        for (cluster, row) in zip(empty, farthest) {
            let from = labels[row]
            for j in 0..<d {
                sums.storage[from * d + j] -= x.storage[row * d + j]
                sums.storage[cluster * d + j] = x.storage[row * d + j]
            }
            counts[cluster] = 1
            counts[from] -= 1
        }
    }

    /// The clusters' means. A cluster still empty (its only row moved by the relocation) sits on the
    /// largest cluster's mean, as scikit-learn intends ("place them at the location of the biggest
    /// cluster"; its loop can copy that cluster's sum before averaging it, a corner case not reproduced).
    static func averaged(_ sums: Matrix, _ counts: [Int]) -> Matrix {
        let k = sums.rows, d = sums.cols
        var out = sums
        for c in 0..<k where counts[c] > 0 { for j in 0..<d { out.storage[c * d + j] /= Double(counts[c]) } }
        if let largest = counts.indices.max(by: { counts[$0] < counts[$1] }) {
            for c in 0..<k where counts[c] == 0 { for j in 0..<d { out.storage[c * d + j] = out.storage[largest * d + j] } }
        }
        return out
    }
}
