import CSynthKernels

/// The assignment step of ``KMeans``: every row to its nearest centre (ties: the lower index), with each
/// cluster's sum of rows (added in row order) and size. The centres are few, so the C kernel
/// (`synth_kmeans_assign`) puts rows in vector lanes and compares the centres one by one; the general neighbour
/// search (``EuclideanNeighbourKernel``) keeps per-lane minima and second nearests for many references.
///
/// Every build adds the same fused products, acc = fma(x_c − m_c, x_c − m_c, acc) in column order, as
/// ``EuclideanNeighbourKernel`` does, so all give the labels and sums of `scalar` bit for bit (`KMeansTests`).
/// Lloyd's iterations go through ``Bounded``, which skips the rows whose nearest centre provably stays.
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

    /// Lloyd's assignment steps over one table with Hamerly's bounds (`synth_kmeans_step`): each step's labels,
    /// sums and sizes are `assign`'s for its centres bit for bit, but a row whose bounds prove its nearest centre
    /// unchanged since the previous step is not summed again; late iterations, whose centres barely move, skip
    /// most rows. On integer tables whose sums are exact (label codes, counts), the cluster sums are kept and
    /// only the rows that changed cluster move, the same bits in any order. The state (labels, bounds, sums, the
    /// previous centres) belongs to one table and one fit.
    struct Bounded {
        let build: Build?
        /// Every value an integer and every column's absolute sum below 2^53: every partial sum is exact.
        let exact: Bool
        private(set) var labels: [Int64]
        private var upper: [Double], lower: [Double]
        private var sums: [Double] = [], counts: [Int64] = []
        private var previous: Matrix?
        /// The kernel's scratch (four words a row).
        private var scratch: [Int64]

        init(_ x: Matrix, using build: Build? = available.first) {
            self.build = build
            exact = Self.sumsAreExact(x)
            labels = [Int64](repeating: -1, count: x.rows)
            upper = [Double](repeating: 0, count: x.rows)
            lower = upper
            scratch = [Int64](repeating: 0, count: 4 * max(x.rows, 1))
        }

        /// `synth_kmeans_exact_sums`: every value an integer, every column's absolute sum below 2^52.
        static func sumsAreExact(_ x: Matrix) -> Bool {
            var scratch = [Double](repeating: 0, count: max(x.cols, 1))
            return synth_kmeans_exact_sums(x.storage, Int64(x.rows), Int64(x.cols), &scratch) != 0
        }

        /// The step for `centres`, and how many labels changed (every row on the first step). `assumedPrevious`
        /// replaces the centres of the previous step (tests: a wrong one makes the bounds wrong).
        mutating func step(_ x: Matrix, _ centres: Matrix, assumedPrevious: Matrix? = nil)
            -> (sums: Matrix, counts: [Int], changed: Int) {
            precondition(x.cols == centres.cols && x.rows == labels.count, "rows, centres and state must match")
            let n = x.rows, d = x.cols, k = centres.rows
            if sums.count != k * d { sums = [Double](repeating: 0, count: k * d); counts = [Int64](repeating: 0, count: k); previous = nil }
            var changed: Int64 = 0, status: Int32 = -1
            let before = previous == nil ? nil : (assumedPrevious ?? previous)  // bounds exist after a first step
            if let build {
                status = Self.withOptionalStorage(before) { prior in
                    synth_kmeans_step(Int32(build.rawValue), x.storage, Int64(n), Int64(d), centres.storage, prior, Int64(k),
                                      exact ? 1 : 0, &labels, &upper, &lower, &sums, &counts, &changed, &scratch)
                }
            }
            previous = centres
            guard status == 0, n > 0 else {
                // No kernel: the full scalar pass; the bounds are void, so the next step sums every row.
                let full = KMeansAssignment.scalar(x, centres)
                let moved = zip(full.labels, labels).filter { Int64($0) != $1 }.count
                labels = full.labels.map(Int64.init)
                previous = nil
                return (full.sums, full.counts, moved)
            }
            return (Matrix(rows: k, cols: d, storage: sums), counts.map(Int.init), Int(changed))
        }

        private static func withOptionalStorage<R>(_ m: Matrix?, _ body: (UnsafePointer<Double>?) -> R) -> R {
            guard let m else { return body(nil) }
            return m.storage.withUnsafeBufferPointer { body($0.baseAddress) }
        }
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
