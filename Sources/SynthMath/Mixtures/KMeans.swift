import CSynthKernels
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
        var steps = KMeansAssignment.Bounded(x)
        var iterations = 0, strict = false
        while iterations < maxIterations {
            iterations += 1
            let step = steps.step(x, centres)
            var sums = step.sums, counts = step.counts
            if counts.contains(0) { Self.relocateEmpty(x, centres, steps.labels.map(Int.init), &sums, &counts) }
            let next = Self.averaged(sums, counts)
            var shift = 0.0
            for e in 0..<(k * d) { let v = next.storage[e] - centres.storage[e]; shift += v * v }
            centres = next
            if step.changed == 0 { strict = true; break }
            if shift <= shiftTolerance { break }
        }
        // A stop on the tolerance relabels by the final centres (one more step: the labels of `nearestCentre`).
        if !strict { _ = steps.step(x, centres) }
        let labels = steps.labels.map(Int.init)
        self.centres = centres
        self.labels = labels
        self.iterations = iterations
    }

    /// The nearest centre of every row of `x`.
    public func predict(_ x: Matrix) -> [Int] { Self.nearestCentre(x, centres) }

    // MARK: Steps

    static func nearestCentre(_ x: Matrix, _ centres: Matrix) -> [Int] { KMeansAssignment.assign(x, centres).labels }

    /// np.var(X, axis=0).mean(): the population variance of every column, averaged. Each column's sums run
    /// in row order; the rows are read once per pass, all columns side by side.
    static func meanColumnVariance(_ x: Matrix) -> Double {
        let n = x.rows, d = x.cols
        var mean = [Double](repeating: 0, count: d), ss = mean
        x.storage.withUnsafeBufferPointer { p in
            mean.withUnsafeMutableBufferPointer { m in
                for i in 0..<n { for j in 0..<d { m[j] += p[i * d + j] } }
                for j in 0..<d { m[j] /= Double(n) }
                ss.withUnsafeMutableBufferPointer { s in
                    for i in 0..<n { for j in 0..<d { let v = p[i * d + j] - m[j]; s[j] += v * v } }
                }
            }
        }
        var total = 0.0
        for j in 0..<d { total += ss[j] / Double(n) }
        return total / Double(d)
    }

    /// Greedy k-means++ (scikit-learn's `_kmeans_plusplus` with 2 + ⌊ln k⌋ local trials).
    static func plusPlusSeeds(_ x: Matrix, _ k: Int, _ rng: inout RandomStream) -> Matrix {
        let n = x.rows, d = x.cols
        var centres = Matrix(rows: k, cols: d)
        let first = rng.nextInt(below: n)
        centres.storage.replaceSubrange(0..<d, with: x.storage[(first * d)..<((first + 1) * d)])
        var closest = [Double](repeating: 0, count: n), potential = 0.0, scratch = [Int64](repeating: 0, count: 2 * n)
        trial(x, first, nil, nil, centres, 0, &closest, &potential, &scratch)
        var owner = [Int64](repeating: 0, count: n)
        let trials = 2 + Int(log(Double(k)))
        var cumulative = closest, candidate = closest, best = closest
        for c in 1..<k {
            cumulative.withUnsafeMutableBufferPointer { s in
                closest.withUnsafeBufferPointer { d in
                    s[0] = d[0]
                    for i in 1..<n { s[i] = s[i - 1] + d[i] }
                }
            }
            let draws = (0..<trials).map { _ in rng.nextDouble() * potential }
            var bestPotential = Double.infinity, bestRow = 0
            for u in draws {
                // numpy's searchsorted (left): the first row whose cumulative sum reaches u, clipped to the last.
                var lo = 0, hi = n
                while lo < hi { let mid = (lo + hi) / 2; if cumulative[mid] < u { lo = mid + 1 } else { hi = mid } }
                let row = min(lo, n - 1)
                var sum = 0.0
                trial(x, row, closest, owner, centres, c, &candidate, &sum, &scratch)
                if sum < bestPotential { bestPotential = sum; bestRow = row; swap(&best, &candidate) }
            }
            // The rows the new centre is strictly nearer to change owner (on a tie either owner has that distance).
            for i in 0..<n where best[i] < closest[i] { owner[i] = Int64(c) }
            potential = bestPotential
            swap(&closest, &best)
            centres.storage.replaceSubrange((c * d)..<((c + 1) * d), with: x.storage[(bestRow * d)..<((bestRow + 1) * d)])
        }
        return centres
    }

    /// One seeding candidate (`synth_kmeans_seed_trial`): distances[i] = min(‖x_i − x_row‖², closest[i]), each
    /// square summed unfused in column order, and `potential` their sum in row order; `owner[i]` is the centre
    /// (of the first `count` rows of `centres`) closest[i] is the distance to, which lets the kernel skip rows;
    /// `scratch`: two words a row.
    static func trial(_ x: Matrix, _ row: Int, _ closest: [Double]?, _ owner: [Int64]?, _ centres: Matrix, _ count: Int,
                      _ distances: inout [Double], _ potential: inout Double, _ scratch: inout [Int64],
                      using build: KMeansAssignment.Build = KMeansAssignment.available.first ?? .portable) {
        let n = Int64(x.rows), d = Int64(x.cols), b = Int32(build.rawValue)
        precondition(scratch.count >= 2 * x.rows, "seeding scratch: two words a row")
        let status: Int32
        if let closest, let owner {
            status = synth_kmeans_seed_trial(b, x.storage, n, d, Int64(row), closest, owner, centres.storage, Int64(count), &distances, &potential, &scratch)
        } else {
            status = synth_kmeans_seed_trial(b, x.storage, n, d, Int64(row), nil, nil, nil, 0, &distances, &potential, &scratch)
        }
        precondition(status == 0, "seeding needs a row in range, columns, and memory")
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
