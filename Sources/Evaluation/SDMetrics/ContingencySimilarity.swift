import SynthMath

/// SDMetrics' ContingencySimilarity as the Quality Report runs it, on two columns given as category
/// codes (missing values and continuous bins already turned into codes of their own):
///
/// - P_real, P_syn = the share of rows in each cell of the two-way table (`groupby(dropna=False).size() / n`);
/// - with a threshold > 0, the real table's Cramér's V (scipy.stats.contingency.association,
///   method='cramer', on the table of observed rows and columns) must exceed it: a table with fewer
///   than 2 observed rows or columns, or V ≤ threshold, gives NaN;
/// - score = 1 − ½ Σ_cells |P_real − P_syn|.
///
/// Tables are dense count arrays indexed by code (`a · levelsB + b`), reused across pairs: no
/// dictionaries, no per-row allocation.
struct ContingencySimilarity {
    struct Breakdown {
        var score: Double
        var realAssociation: Double
        var meetsThreshold: Bool
    }

    private var realCounts: [Int] = []
    private var syntheticCounts: [Int] = []

    /// `rows` select the rows of each table to count (the report's subsample); nil counts all rows.
    mutating func compute(real: (a: [Int32], b: [Int32]), synthetic: (a: [Int32], b: [Int32]),
                          levels: (a: Int, b: Int), rows: (real: [Int]?, synthetic: [Int]?),
                          threshold: Double) -> Breakdown {
        let cells = levels.a * levels.b
        let nReal = Self.count(real.a, real.b, levelsB: levels.b, rows: rows.real, cells: cells, into: &realCounts)
        let nSyn = Self.count(synthetic.a, synthetic.b, levelsB: levels.b, rows: rows.synthetic, cells: cells,
                              into: &syntheticCounts)
        var association = Double.nan
        if threshold > 0 {
            let v = (nReal == 0) ? Double.nan : Self.cramersV(realCounts, rows: levels.a, columns: levels.b)
            association = v
            if v.isNaN || v <= threshold {
                return Breakdown(score: .nan, realAssociation: v, meetsThreshold: false)
            }
        }
        let fr = nReal > 0 ? 1 / Double(nReal) : 0, fs = nSyn > 0 ? 1 / Double(nSyn) : 0
        var variation = 0.0
        realCounts.withUnsafeBufferPointer { r in
            syntheticCounts.withUnsafeBufferPointer { s in
                for k in 0..<cells { variation += abs(Double(r[k]) * fr - Double(s[k]) * fs) }
            }
        }
        return Breakdown(score: 1 - variation / 2, realAssociation: association, meetsThreshold: true)
    }

    /// Fills `counts[0..<cells]` with the cross-tabulation of the selected rows; returns their number.
    private static func count(_ a: [Int32], _ b: [Int32], levelsB: Int, rows: [Int]?, cells: Int,
                              into counts: inout [Int]) -> Int {
        if counts.count < cells { counts = [Int](repeating: 0, count: cells) }
        return counts.withUnsafeMutableBufferPointer { c in
            for k in 0..<cells { c[k] = 0 }
            return a.withUnsafeBufferPointer { ap in
                b.withUnsafeBufferPointer { bp in
                    if let rows {
                        for i in rows { c[Int(ap[i]) * levelsB + Int(bp[i])] += 1 }
                        return rows.count
                    }
                    for i in 0..<ap.count { c[Int(ap[i]) * levelsB + Int(bp[i])] += 1 }
                    return ap.count
                }
            }
        }
    }

    /// Cramér's V of the first rows·columns counts (NaN when fewer than 2 observed rows or columns).
    private static func cramersV(_ counts: [Int], rows: Int, columns: Int) -> Double {
        let table = try? ContingencyTable(rows: rows, columns: columns,
                                          counts: counts[0..<(rows * columns)].map(Double.init))
        return (try? table?.cramersV()) ?? .nan
    }
}
