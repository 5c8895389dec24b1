import Foundation
import SynthCore
import SynthTable

/// Exact equivalence classes (rows with identical quasi-identifier values) of the real and the synthetic
/// table, for the textbook k-anonymity family (ARX's criteria). Quasi-identifiers: the declared ones
/// (``QuasiIdentifiers``), each generalised as declared (``Generalisation``: age bands, postcode prefixes, ...)
/// in both tables alike, else compared by exact value (so a continuous column declared bare makes nearly every
/// row a class of its own); without a declaration the categorical and boolean compared columns but the metadata
/// target, exact. A missing value is a value of its own. The sensitive attribute is the target.
struct EquivalenceClasses {
    let quasiIdentifiers: [String]
    /// Each quasi-identifier's generalisation as `details` show it (`exact` without one).
    let rules: [String]
    /// Per table (0 real, 1 synthetic): class key → row count.
    let counts: [[[Int32]: Int]]
    /// Per table: class key → sensitive-value histogram (empty without a target).
    let sensitive: [[[Int32]: [Int32: Int]]]
    /// Per table: each row's class key.
    let keys: [[[Int32]]]

    init(_ input: EvaluationInput) throws {
        let target = input.metadata.target
        let tables = [input.real, input.synthetic], names = ["real", "synthetic"]
        let qis = try QuasiIdentifiers.declarations(input)
            ?? input.comparedColumns.filter { SDVSdtype.discrete.contains($0.sdtype) && $0.name != target }.map(QuasiIdentifierDeclaration.exact)
        guard !qis.isEmpty else {
            throw EvaluationError.unsupported(metric: "anonymity", reason: "no categorical or boolean quasi-identifier column besides the target")
        }
        quasiIdentifiers = qis.map(\.column.name)
        rules = qis.map(\.rule)
        let columns = try qis.map { q throws(EvaluationError) in  // per QI, per table, codes
            SharedCategoryCodes(try tables.indices.map { t throws(EvaluationError) in try q.generalised(tables[t], names[t]) }).codes
        }
        let targetCodes: [[Int32]]? = target.flatMap { t in
            guard let r = input.real[t], let s = input.synthetic[t] else { return nil }
            return SharedCategoryCodes([r, s]).codes
        }
        var counts: [[[Int32]: Int]] = [[:], [:]], sensitive: [[[Int32]: [Int32: Int]]] = [[:], [:]], keys: [[[Int32]]] = [[], []]
        for t in 0..<2 {
            for i in 0..<tables[t].rowCount {
                let key = columns.map { $0[t][i] }
                keys[t].append(key)
                counts[t][key, default: 0] += 1
                if let targetCodes { sensitive[t][key, default: [:]][targetCodes[t][i], default: 0] += 1 }
            }
        }
        self.counts = counts
        self.sensitive = sensitive
        self.keys = keys
    }

    /// What every exact-family metric's `details` say the classes were formed on: the quasi-identifiers and,
    /// per column, its generalisation.
    var describedColumns: [String: JSONValue] {
        ["quasi_identifiers": .array(quasiIdentifiers.map { .string($0) }),
         "generalisation": .object(Dictionary(uniqueKeysWithValues: zip(quasiIdentifiers, rules.map { .string($0) })))]
    }

    static func cached(_ input: EvaluationInput, _ cache: EvaluationCache) throws -> EquivalenceClasses {
        try cache.value("anonymity.classes") { try EquivalenceClasses(input) }
    }

    /// The smallest class of table `t` (k-anonymity's k), 0 for an empty table.
    func smallestClass(_ t: Int) -> Int { counts[t].values.min() ?? 0 }

    /// The share of table `t`'s rows whose class has fewer than `k` rows (sdcMicro's fk < k).
    func shareBelow(_ k: Int, _ t: Int) -> Double {
        guard !keys[t].isEmpty else { return 0 }
        return Double(keys[t].filter { counts[t][$0]! < k }.count) / Double(keys[t].count)
    }

    /// Distinct l-diversity of table `t`: the fewest distinct sensitive values in a class; and entropy
    /// l-diversity: the smallest exp(H), H the Shannon entropy (natural log) of a class's sensitive values.
    func lDiversity(_ t: Int) -> (distinct: Int, entropy: Double)? {
        guard !sensitive[t].isEmpty else { return nil }
        var distinct = Int.max, entropy = Double.infinity
        for histogram in sensitive[t].values {
            distinct = min(distinct, histogram.count)
            let n = Double(histogram.values.reduce(0, +))
            let h = histogram.values.reduce(0.0) { $0 - Double($1) / n * log(Double($1) / n) }
            entropy = min(entropy, exp(h))
        }
        return (distinct, entropy)
    }
}
