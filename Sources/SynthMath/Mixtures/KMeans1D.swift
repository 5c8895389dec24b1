import Foundation

/// One-dimensional k-means as scikit-learn's `KMeans(n_clusters, n_init=1)` runs it with its defaults:
/// greedy k-means++ seeding (2 + ⌊ln k⌋ candidates per centre, each drawn with probability proportional to
/// the squared distance to the nearest chosen centre; the candidate that lowers the potential most wins),
/// then Lloyd iterations (at most 300) until the labels stop changing or the centres move less than
/// tol = 1e-4 · var(x) in total squared shift. An empty cluster takes the point farthest from its centre.
public enum KMeans1D {
    public struct Result: Sendable, Equatable {
        public var centers: [Double]
        public var labels: [Int]
        public var iterations: Int
    }

    public static func fit(_ x: [Double], clusters k: Int, maxIterations: Int = 300, tolerance: Double = 1e-4,
                           stream: inout RandomStream) -> Result {
        let n = x.count
        precondition(k >= 1 && k <= n, "k-means needs 1 ≤ k ≤ n")
        var centers = plusPlus(x, k, &stream)
        let mean = x.reduce(0, +) / Double(n)
        let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)
        let tol = variance * tolerance
        var labels = [Int](repeating: -1, count: n)
        var iterations = 0
        for iteration in 1...maxIterations {
            iterations = iteration
            var changed = false
            var sums = [Double](repeating: 0, count: k), counts = [Int](repeating: 0, count: k)
            for i in 0..<n {
                var best = 0, bestD = Double.infinity
                for j in 0..<k {
                    let d = (x[i] - centers[j]) * (x[i] - centers[j])
                    if d < bestD { bestD = d; best = j }
                }
                if labels[i] != best { changed = true; labels[i] = best }
                sums[best] += x[i]; counts[best] += 1
            }
            var next = centers
            for j in 0..<k where counts[j] > 0 { next[j] = sums[j] / Double(counts[j]) }
            // Empty clusters move to the points farthest from their centres.
            let empty = (0..<k).filter { counts[$0] == 0 }
            if !empty.isEmpty {
                let far = (0..<n).sorted { abs(x[$0] - centers[labels[$0]]) > abs(x[$1] - centers[labels[$1]]) }
                for (e, j) in empty.enumerated() where e < far.count { next[j] = x[far[e]] }
            }
            var shift = 0.0
            for j in 0..<k { shift += (next[j] - centers[j]) * (next[j] - centers[j]) }
            centers = next
            if !changed || shift <= tol { break }
        }
        // Labels consistent with the final centres.
        for i in 0..<n {
            var best = 0, bestD = Double.infinity
            for j in 0..<k {
                let d = (x[i] - centers[j]) * (x[i] - centers[j])
                if d < bestD { bestD = d; best = j }
            }
            labels[i] = best
        }
        return Result(centers: centers, labels: labels, iterations: iterations)
    }

    /// sklearn `_kmeans_plusplus` in one dimension.
    static func plusPlus(_ x: [Double], _ k: Int, _ stream: inout RandomStream) -> [Double] {
        let n = x.count
        let trials = 2 + Int(log(Double(k)))
        var centers = [x[stream.nextInt(below: n)]]
        var closest = x.map { ($0 - centers[0]) * ($0 - centers[0]) }
        var potential = closest.reduce(0, +)
        while centers.count < k {
            var cumulative = [Double](repeating: 0, count: n)
            var running = 0.0
            for i in 0..<n { running += closest[i]; cumulative[i] = running }
            var bestPotential = Double.infinity, bestIndex = 0
            var bestDistances = closest
            for _ in 0..<trials {
                let target = stream.nextDouble() * potential
                // searchsorted (left): first index with cumulative ≥ target.
                var lo = 0, hi = n
                while lo < hi { let mid = (lo + hi) >> 1; if cumulative[mid] < target { lo = mid + 1 } else { hi = mid } }
                let candidate = min(lo, n - 1)
                var distances = closest
                var pot = 0.0
                for i in 0..<n {
                    let d = (x[i] - x[candidate]) * (x[i] - x[candidate])
                    if d < distances[i] { distances[i] = d }
                    pot += distances[i]
                }
                if pot < bestPotential { bestPotential = pot; bestIndex = candidate; bestDistances = distances }
            }
            centers.append(x[bestIndex])
            closest = bestDistances
            potential = bestPotential
        }
        return centers
    }
}
