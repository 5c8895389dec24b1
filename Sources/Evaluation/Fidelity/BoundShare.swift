import SynthCore
import SynthTable

/// How much more often the synthetic values of each numerical column sit at the real column's minimum or
/// maximum than the real values do: the symptom of SynthCity issue #345, where TabDDPM's reverse chain
/// overshoots and the inverse quantile transform maps every overshoot to a bound.
///
/// Per numerical column, with `lo` and `hi` the real column's minimum and maximum (missing values left out
/// of both tables' counts): the real shares `r_lo = #{real = lo}/n` and `r_hi = #{real = hi}/n` (never 0:
/// the bounds are attained), the synthetic shares `s_lo = #{synthetic ≤ lo}/m` and `s_hi = #{synthetic ≥ hi}/m`
/// (values beyond a bound count as at it: a generator that does not clip piles them there as much), and the
/// column's ratio `max(s_lo/r_lo, s_hi/r_hi)`. The value is the worst ratio over the columns: 1 when the
/// synthetic shares equal the real ones, 0 when no synthetic value reaches a bound. Issue 13's criterion
/// is at most 1.5.
struct BoundShare: Sendable, Equatable {
    struct ColumnShares: Sendable, Equatable {
        var name: String
        var minimum: Double, maximum: Double
        var realAtMinimum: Double, realAtMaximum: Double
        var syntheticAtMinimum: Double, syntheticAtMaximum: Double
        var ratio: Double { max(syntheticAtMinimum / realAtMinimum, syntheticAtMaximum / realAtMaximum) }
    }

    var columns: [ColumnShares]
    /// The worst column's ratio.
    var worstRatio: Double { columns.map(\.ratio).max() ?? .nan }

    /// Columns whose real values are all missing, or whose synthetic values are, are left out.
    init(real: [(name: String, values: [Double])], synthetic: [[Double]]) {
        columns = zip(real, synthetic).compactMap { column, syntheticValues in
            let r = column.values.filter { !$0.isNaN }, s = syntheticValues.filter { !$0.isNaN }
            guard let lo = r.min(), let hi = r.max(), !s.isEmpty else { return nil }
            let n = Double(r.count), m = Double(s.count)
            return ColumnShares(name: column.name, minimum: lo, maximum: hi,
                                realAtMinimum: Double(r.count { $0 == lo }) / n,
                                realAtMaximum: Double(r.count { $0 == hi }) / n,
                                syntheticAtMinimum: Double(s.count { $0 <= lo }) / m,
                                syntheticAtMaximum: Double(s.count { $0 >= hi }) / m)
        }
    }

    /// The per-column shares as metric details.
    var details: JSONValue {
        .object(Dictionary(uniqueKeysWithValues: columns.map { c in
            (c.name, .object(["min": .number(c.minimum), "max": .number(c.maximum),
                              "real_share_min": .number(c.realAtMinimum), "real_share_max": .number(c.realAtMaximum),
                              "synthetic_share_min": .number(c.syntheticAtMinimum),
                              "synthetic_share_max": .number(c.syntheticAtMaximum), "ratio": .number(c.ratio)]))
        }))
    }
}
