import SynthMath

/// A seeded, stratified subsample of at most `cap` row indices: what a classifier or a quadratic-cost
/// metric trains on when its table is large (docs/scale.md).
///
/// Allocation is proportional with largest remainders: stratum s of n_s rows out of n gets
/// floor(cap · n_s / n) rows, and the rows still missing go one each to the strata with the largest
/// fractional parts (the earlier stratum first on ties), so every share is within one row of
/// proportional and the total is exactly min(cap, n). Within a stratum the rows are a uniform draw
/// without replacement (a partial Fisher–Yates shuffle from one stream derived from `seed`). The indices
/// come back ascending, so the subsample keeps the table's row order. A table of at most `cap` rows (or
/// no cap) is returned whole, untouched.
public struct TrainingSubsample: Sendable, Equatable {
    /// The default cap: SDMetrics' 50,000-row subsample (its contingency and detection metrics), measured
    /// against the full-data value on adult x30 in docs/scale.md.
    public static let defaultCap = 50_000

    /// The chosen rows, ascending.
    public let rows: [Int]
    /// Rows the table had.
    public let available: Int
    /// The cap asked for (nil: none).
    public let cap: Int?

    /// Whether every row was kept.
    public var isWhole: Bool { rows.count == available }

    /// A uniform subsample of `rowCount` rows (one stratum).
    public init(rowCount: Int, cap: Int?, seed: UInt64) {
        self.init(strata: [Int](repeating: 0, count: rowCount), cap: cap, seed: seed)
    }

    /// A subsample stratified by `strata` (one label per row; any integers, e.g. class codes with -1 for
    /// missing).
    public init(strata: [Int], cap: Int?, seed: UInt64) {
        precondition(cap.map { $0 >= 1 } ?? true, "a subsample cap must be at least 1")
        let n = strata.count
        self.available = n
        self.cap = cap
        guard let cap, cap < n else {
            rows = Array(0..<n)
            return
        }
        // Rows of each stratum, strata in order of their label.
        var members: [Int: [Int]] = [:]
        for (i, s) in strata.enumerated() { members[s, default: []].append(i) }
        let labels = members.keys.sorted()
        var quota = labels.map { cap * members[$0]!.count / n }
        var missing = cap - quota.reduce(0, +)
        let order = labels.indices.sorted { a, b in
            let ra = cap * members[labels[a]]!.count % n, rb = cap * members[labels[b]]!.count % n
            return ra != rb ? ra > rb : a < b
        }
        for k in order where missing > 0 { quota[k] += 1; missing -= 1 }
        var rng = RandomStream(seed: seed).derived("training-subsample")
        var chosen: [Int] = []
        chosen.reserveCapacity(cap)
        for (k, label) in labels.enumerated() {
            var pool = members[label]!
            for i in 0..<quota[k] {
                pool.swapAt(i, i + rng.nextInt(below: pool.count - i))
                chosen.append(pool[i])
            }
        }
        rows = chosen.sorted()
    }
}
