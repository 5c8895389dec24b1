import Foundation

/// One-dimensional k-means on distinct values with multiplicities: scikit-learn's
/// `KMeans(n_clusters=k, n_init=1, algorithm='lloyd')` with `sample_weight` set to the multiplicities, which
/// is the same algorithm as sklearn on the expanded rows (every selection probability and every centre
/// update is a weighted sum over rows, and equal rows always share a label). Working on the distinct
/// values makes each pass O(distinct values × k) instead of O(rows × k); an integer column of 32,561 rows
/// with 73 distinct ages costs 73 × k per pass.
///
/// - Seeding (`_kmeans_plusplus`): the first centre is a value drawn with probability ∝ its weight; each
///   further centre is the best of 2 + ⌊ln k⌋ candidates, each drawn with probability ∝ weight × squared
///   distance to the nearest chosen centre (`searchsorted` of the cumulative potential, left side), the
///   best being the one that lowers the total potential most (first on ties).
/// - Lloyd iterations (at most `maxIterations`): label every value with its nearest centre (lowest index
///   on ties), move each centre to its weighted mean; an empty cluster takes the value farthest from its
///   current centre (farthest first, `_relocate_empty_clusters_dense`). Stop when the labels repeat
///   (strict convergence) or when the summed squared centre shift is at most `tolerance` × var(x)
///   (population variance of the rows). Without strict convergence the labels are recomputed from the
///   final centres, as sklearn does.
///
/// The stream is a ``RandomStream``, not numpy's, so the seeding draws differ from sklearn's for the same
/// seed: the algorithm is the same, the numbers are not. Two deviations that only matter in degenerate
/// cases: relocation moves a value's whole multiplicity (sklearn moves one row), and when there are more
/// empty clusters than distinct values, the extra ones are placed on the farthest values again without
/// moving weight (sklearn would move further duplicate rows there). A cluster emptied by a relocation
/// keeps its previous centre.
public enum WeightedKMeans1D {
    public struct Result: Sendable, Equatable {
        /// The centres, in cluster-index order.
        public var centers: [Double]
        /// The cluster of each input value.
        public var labels: [Int]
        /// Lloyd iterations run.
        public var iterations: Int
        /// The labels stopped changing (rather than the shift tolerance or the iteration cap ending the run).
        public var strictlyConverged: Bool
    }

    /// Clusters `values` (each standing for `weights[i]` rows) into `k` clusters.
    ///
    /// - Precondition: `values` is not empty and holds finite numbers, `weights` has the same count and
    ///   positive entries, and `k ≥ 1`.
    public static func fit(values: UnsafeBufferPointer<Double>, weights: UnsafeBufferPointer<Double>, clusters k: Int,
                           maxIterations: Int = 300, tolerance: Double = 1e-4,
                           stream: inout RandomStream) -> Result {
        let m = values.count
        precondition(m > 0 && weights.count == m, "k-means needs values with one weight each")
        precondition(k >= 1, "k-means needs at least one cluster")
        var centers = plusPlus(values, weights, k, &stream)

        var totalWeight = 0.0, weightedSum = 0.0
        for i in 0..<m { totalWeight += weights[i]; weightedSum += weights[i] * values[i] }
        let mean = weightedSum / totalWeight
        var squares = 0.0
        for i in 0..<m { let d = values[i] - mean; squares += weights[i] * d * d }
        let shiftTolerance = squares / totalWeight * tolerance

        var labels = [Int](repeating: -1, count: m)
        var previous = labels
        var sums = [Double](repeating: 0, count: k), mass = sums
        var strict = false
        var iterations = 0
        for iteration in 0..<maxIterations {
            iterations = iteration + 1
            for j in 0..<k { sums[j] = 0; mass[j] = 0 }
            for i in 0..<m {
                let j = nearest(values[i], centers)
                labels[i] = j
                sums[j] += weights[i] * values[i]
                mass[j] += weights[i]
            }
            relocateEmptyClusters(values, weights, centers, labels, &sums, &mass)
            var shift = 0.0
            for j in 0..<k where mass[j] > 0 {
                let next = sums[j] / mass[j]
                shift += (next - centers[j]) * (next - centers[j])
                centers[j] = next
            }
            if labels == previous { strict = true; break }
            if shift <= shiftTolerance { break }
            previous = labels
        }
        if !strict {
            for i in 0..<m { labels[i] = nearest(values[i], centers) }
        }
        return Result(centers: centers, labels: labels, iterations: iterations, strictlyConverged: strict)
    }

    /// Convenience over arrays.
    public static func fit(values: [Double], weights: [Double], clusters k: Int, maxIterations: Int = 300,
                           tolerance: Double = 1e-4, stream: inout RandomStream) -> Result {
        values.withUnsafeBufferPointer { v in
            weights.withUnsafeBufferPointer { w in
                fit(values: v, weights: w, clusters: k, maxIterations: maxIterations, tolerance: tolerance,
                    stream: &stream)
            }
        }
    }

    /// The index of the nearest centre, the lowest index on ties.
    @inline(__always)
    static func nearest(_ x: Double, _ centers: [Double]) -> Int {
        var best = 0
        var bestDistance = (x - centers[0]) * (x - centers[0])
        for j in 1..<centers.count {
            let d = (x - centers[j]) * (x - centers[j])
            if d < bestDistance { bestDistance = d; best = j }
        }
        return best
    }

    /// sklearn `_relocate_empty_clusters_dense` on the weighted sums (see the type's documentation).
    static func relocateEmptyClusters(_ values: UnsafeBufferPointer<Double>, _ weights: UnsafeBufferPointer<Double>,
                                      _ centers: [Double], _ labels: [Int], _ sums: inout [Double],
                                      _ mass: inout [Double]) {
        let empty = mass.indices.filter { mass[$0] == 0 }
        guard !empty.isEmpty else { return }
        let m = values.count
        let distance = (0..<m).map { i in (values[i] - centers[labels[i]]) * (values[i] - centers[labels[i]]) }
        let far = (0..<m).sorted { distance[$0] > distance[$1] || (distance[$0] == distance[$1] && $0 < $1) }
        for (e, j) in empty.enumerated() {
            let i = far[e % m]
            let x = values[i]
            if e < m {
                let w = weights[i], from = labels[i]
                sums[from] -= x * w
                mass[from] -= w
                if mass[from] <= 0 { mass[from] = 0; sums[from] = 0 }  // keeps its previous centre
                sums[j] = x * w
                mass[j] = w
            } else {
                sums[j] = x
                mass[j] = 1
            }
        }
    }

    /// Weighted greedy k-means++ seeding (sklearn `_kmeans_plusplus`).
    static func plusPlus(_ values: UnsafeBufferPointer<Double>, _ weights: UnsafeBufferPointer<Double>, _ k: Int,
                         _ stream: inout RandomStream) -> [Double] {
        let m = values.count
        let trials = 2 + Int(log(Double(k)))
        var cumulative = [Double](repeating: 0, count: m)
        var running = 0.0
        for i in 0..<m { running += weights[i]; cumulative[i] = running }
        // numpy `choice(p=w / Σw)`: the first index whose cumulative weight exceeds u·Σw (right side).
        let first = searchSorted(cumulative, stream.nextDouble() * running, strictlyAbove: true)
        var centers = [values[first]]
        centers.reserveCapacity(k)
        var closest = [Double](repeating: 0, count: m)
        var potential = 0.0
        for i in 0..<m {
            let d = values[i] - values[first]
            closest[i] = d * d
            potential += weights[i] * closest[i]
        }
        while centers.count < k {
            running = 0
            for i in 0..<m { running += weights[i] * closest[i]; cumulative[i] = running }
            var bestPotential = Double.infinity, best = 0
            for _ in 0..<trials {
                let candidate = searchSorted(cumulative, stream.nextDouble() * potential, strictlyAbove: false)
                let c = values[candidate]
                var p = 0.0
                for i in 0..<m {
                    let d = values[i] - c
                    p += weights[i] * min(closest[i], d * d)
                }
                if p < bestPotential { bestPotential = p; best = candidate }
            }
            let c = values[best]
            for i in 0..<m {
                let d = values[i] - c
                closest[i] = min(closest[i], d * d)
            }
            potential = bestPotential
            centers.append(c)
        }
        return centers
    }

    /// numpy `searchsorted`: the first index whose entry is ≥ `target` (left) or > `target` (right),
    /// clipped to the last index.
    static func searchSorted(_ sorted: [Double], _ target: Double, strictlyAbove: Bool) -> Int {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            let below = strictlyAbove ? sorted[mid] <= target : sorted[mid] < target
            if below { lo = mid + 1 } else { hi = mid }
        }
        return min(lo, sorted.count - 1)
    }
}
