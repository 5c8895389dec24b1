import CSynthKernels

/// The assignment step of ``KMeans``: every row to its nearest centre (ties: the lower index), with each
/// cluster's sum of rows (added in row order) and size, in one pass. The centres are few, so the C kernel
/// (`synth_kmeans_assign`) keeps a row's distances to all of them in registers; the general neighbour search
/// (``EuclideanNeighbourKernel``) keeps per-lane minima and second nearests, which cost more than the sums here.
///
/// Every build adds the same fused products, acc = fma(x_c − m_c, x_c − m_c, acc) in column order, as
/// ``EuclideanNeighbourKernel`` does, so all give the labels and sums of `scalar` bit for bit (`KMeansTests`).
enum KMeansAssignment {
    enum Build: Int, CaseIterable, Sendable { case portable = 0, avx2 = 1, avx512 = 2 }

    /// The builds this CPU runs, widest first.
    static let available: [Build] = Build.allCases.reversed().filter { synth_kmeans_supports(Int32($0.rawValue)) != 0 }

    static func assign(_ x: Matrix, _ centres: Matrix, using build: Build? = available.first)
        -> (labels: [Int], sums: Matrix, counts: [Int]) {
        precondition(x.cols == centres.cols, "rows and centres need the same columns")
        let n = x.rows, d = x.cols, k = centres.rows
        guard let build, n > 0, d > 0, k > 0 else { return scalar(x, centres) }
        var labels = [Int64](repeating: 0, count: n), counts = [Int64](repeating: 0, count: k)
        var sums = Matrix(rows: k, cols: d)
        let status = synth_kmeans_assign(Int32(build.rawValue), x.storage, Int64(n), Int64(d), centres.storage, Int64(k),
                                         &labels, &sums.storage, &counts)
        guard status == 0 else { return scalar(x, centres) }
        return (labels.map(Int.init), sums, counts.map(Int.init))
    }

    /// The same sums one pair at a time.
    static func scalar(_ x: Matrix, _ centres: Matrix) -> (labels: [Int], sums: Matrix, counts: [Int]) {
        let n = x.rows, d = x.cols, k = centres.rows
        var labels = [Int](repeating: 0, count: n), counts = [Int](repeating: 0, count: k)
        var sums = Matrix(rows: k, cols: d)
        for i in 0..<n {
            var best = Double.infinity
            for j in 0..<k {
                var s = 0.0
                for c in 0..<d { let v = x.storage[i * d + c] - centres.storage[j * d + c]; s = s.addingProduct(v, v) }
                if s < best { best = s; labels[i] = j }
            }
            counts[labels[i]] += 1
            for c in 0..<d { sums.storage[labels[i] * d + c] += x.storage[i * d + c] }
        }
        return (labels, sums, counts)
    }
}
