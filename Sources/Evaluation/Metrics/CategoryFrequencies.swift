import SynthTable

/// Category-frequency fairness figures over the categorical columns of a table.
///
/// - `rare_coverage`: a real category is *rare* when its share of the column's non-missing real values is
///   positive and at most `rareThreshold` (default 0.05). Coverage = #rare categories that occur at least
///   once in the synthetic column / #rare categories, pooled over columns. `nil` when the real data has no
///   rare category (nothing to cover).
/// - `freq_skew`: mean over categorical columns of the total-variation distance between the real and the
///   synthetic category shares, `0.5 * Σ_c |p_real(c) - p_syn(c)|` over the union of categories; 0 is
///   identical, 1 disjoint. `nil` when there is no categorical column.
public enum CategoryFrequencies {
    public struct Result: Sendable, Equatable {
        public var rareCoverage: Double?
        public var rareCategories: Int
        public var frequencySkew: Double?
    }

    /// - Parameter columns: the columns to treat as categorical (by name); their values are compared as
    ///   text labels, so integer-coded categories work too.
    public static func compute(real: Table, synthetic: Table, columns: [String],
                               rareThreshold: Double = 0.05) throws(TableError) -> Result {
        var rare = 0, covered = 0
        var skewSum = 0.0, skewColumns = 0
        for name in columns {
            let r = shares(try real.column(named: name)), s = shares(try synthetic.column(named: name))
            guard !r.isEmpty else { continue }
            for (level, p) in r where p > 0 && p <= rareThreshold {
                rare += 1
                if (s[level] ?? 0) > 0 { covered += 1 }
            }
            var tv = 0.0
            // Sorted: a Set's order changes from process to process, and with it the sum's last bits.
            for level in Set(r.keys).union(s.keys).sorted() { tv += abs((r[level] ?? 0) - (s[level] ?? 0)) }
            skewSum += 0.5 * tv
            skewColumns += 1
        }
        return Result(rareCoverage: rare == 0 ? nil : Double(covered) / Double(rare), rareCategories: rare,
                      frequencySkew: skewColumns == 0 ? nil : skewSum / Double(skewColumns))
    }

    /// Shares of each label among non-missing values.
    static func shares(_ column: Column) -> [String: Double] {
        var counts: [String: Int] = [:]
        var n = 0
        if let (codes, levels) = column.categoricalCodes {
            var byCode = [Int](repeating: 0, count: levels.count)
            for c in codes where c >= 0 { byCode[Int(c)] += 1; n += 1 }
            for (c, k) in byCode.enumerated() where k > 0 { counts[levels[c], default: 0] += k }
        } else {
            for i in 0..<column.count { if let t = column.text(at: i) { counts[t, default: 0] += 1; n += 1 } }
        }
        guard n > 0 else { return [:] }
        return counts.mapValues { Double($0) / Double(n) }
    }
}
