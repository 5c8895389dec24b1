import SynthMath
import SynthTable

/// SynthCity's k-means approximations of the k-anonymity family (`eval_privacy.py`: `k-anonymization`,
/// `distinct l-diversity`, `k-map`, `delta-presence`). They are not the textbook quantities: the
/// "equivalence classes" are k-means clusters with k ∈ {2, 5, 10, 15} (a k skipped when rows/k < 10) on
/// the label-encoded, unscaled quasi-identifiers, which SynthCity takes to be every column but the
/// declared sensitive ones. Here the quasi-identifiers are the declared ones (``QuasiIdentifiers``; a declared
/// generalisation is not applied: SynthCity has none), else
/// the compared columns but the metadata target,
/// and the sensitive column is the target (SynthCity declares none by default, which leaves l-diversity
/// undefined).
///
/// - k-anonymization of a table: min(999, smallest cluster size over every k), clusters fitted on that table;
/// - distinct l-diversity of a table: min(999, fewest distinct sensitive values in a cluster over every k);
/// - k-map: clusters fitted on the real rows, synthetic rows assigned to the nearest centre; the smallest
///   non-zero synthetic count per cluster, minimised over k (0 when no k is valid);
/// - delta-presence: over every k and every cluster holding both real and synthetic rows, the largest
///   real count / synthetic count.
///
/// k-means (``KMeans``) is SynthCity's `KMeans(n_clusters, init="k-means++", random_state=0)`: scikit-learn's
/// greedy seeding, one start, Lloyd to its centre-shift tolerance; the draws come from the evaluation seed,
/// not numpy's, so on data without clear clusters the clusters, and these minima, differ from SynthCity's.
/// Each table's fits are computed once per evaluation and shared by the four metrics (the instance is cached,
/// ``cached(_:_:)``; not thread-safe, like the cache).
final class ClusterAnonymity {
    static let clusterCounts = [2, 5, 10, 15]

    /// The quasi-identifier rows of the real and synthetic tables, and their sensitive codes (nil without a target).
    let real: Matrix
    let synthetic: Matrix
    let sensitive: [[Int32]]?
    /// Distinct sensitive codes: 0..<levels, and -1 for a missing value.
    let levels: Int
    let seed: UInt64
    /// The fits of each table, by name, once computed.
    private var fitted: [String: [(k: Int, model: KMeans)]] = [:]

    init(_ input: EvaluationInput) throws {
        let target = input.metadata.target
        let qis = try QuasiIdentifiers.declared(input) ?? input.comparedColumns.filter { $0.name != target }
        guard !qis.isEmpty else { throw EvaluationError.unsupported(metric: "anonymity", reason: "no quasi-identifier column (compared columns but the target)") }
        // Not centred: SynthCity's k-means sees the codes and numbers as they are, and k-means sums differences
        // directly (no norm expansion to keep precise); integer columns then keep exact cluster sums.
        let m = try LabelEncodedMatrix([try input.comparedTable(input.real, "real"), try input.comparedTable(input.synthetic, "synthetic")]
                                           .map { try $0.selectingColumns(qis.map(\.name)) }, columns: qis, centred: false).matrices
        real = m[0]
        synthetic = m[1]
        if let target, let r = input.real[target], let s = input.synthetic[target] {
            let shared = SharedCategoryCodes([r, s])
            sensitive = shared.codes
            levels = shared.levelCount
        } else {
            sensitive = nil
            levels = 0
        }
        seed = input.seed
    }

    static func cached(_ input: EvaluationInput, _ cache: EvaluationCache) throws -> ClusterAnonymity {
        try cache.value("anonymity.clusters") { try ClusterAnonymity(input) }
    }

    /// The k-means fit on `x` for every valid k (rows/k ≥ 10), seeded per k.
    func fits(_ x: Matrix, _ name: String) -> [(k: Int, model: KMeans)] {
        if let done = fitted[name] { return done }
        let out = Self.clusterCounts.filter { Double(x.rows) / Double($0) >= 10 }.map { k in
            var rng = RandomStream(seed: seed).derived("anonymity.kmeans.\(name).\(k)")
            return (k, KMeans(x, clusters: k, rng: &rng))
        }
        fitted[name] = out
        return out
    }

    func kAnonymization(_ table: Int) -> Int {
        var value = 999
        for (k, fit) in fits(table == 0 ? real : synthetic, table == 0 ? "real" : "synthetic") {
            var counts = [Int](repeating: 0, count: k)
            for c in fit.labels { counts[c] += 1 }
            value = min(value, counts.filter { $0 > 0 }.min() ?? 0)
        }
        return value
    }

    func lDiversity(_ table: Int) -> Int? {
        guard let sensitive else { return nil }
        var value = 999
        let width = levels + 1  // code + 1: a missing value (-1) is a value of its own
        for (k, fit) in fits(table == 0 ? real : synthetic, table == 0 ? "real" : "synthetic") {
            // Which codes each cluster holds (a flag per cluster and code), and how many distinct.
            var seen = [Bool](repeating: false, count: k * width), distinct = [Int](repeating: 0, count: k)
            for (i, c) in fit.labels.enumerated() {
                let slot = c * width + Int(sensitive[table][i]) + 1
                if !seen[slot] { seen[slot] = true; distinct[c] += 1 }
            }
            // SynthCity counts every cluster number, an empty cluster with 0 distinct values.
            value = min(value, distinct.min() ?? 0)
        }
        return value
    }

    /// Per valid k: the real and synthetic row counts of each real-fitted cluster.
    func realFittedCounts() -> [(real: [Int], synthetic: [Int])] {
        fits(real, "real").map { k, fit in
            var r = [Int](repeating: 0, count: k), s = r
            for c in fit.labels { r[c] += 1 }
            for c in fit.predict(synthetic) { s[c] += 1 }
            return (r, s)
        }
    }

    func kMap() -> Int {
        let counts = realFittedCounts()
        guard !counts.isEmpty else { return 0 }
        return counts.map { $0.synthetic.filter { $0 > 0 }.min() ?? 0 }.min() ?? 0
    }

    func deltaPresence() -> Double? {
        var best: Double?
        for (r, s) in realFittedCounts() {
            for c in r.indices where r[c] > 0 && s[c] > 0 { best = max(best ?? 0, Double(r[c]) / Double(s[c])) }
        }
        return best
    }
}
