import SynthMath
import SynthTable

/// The set features of Stadler et al.'s Groundhog attack (USENIX Security 2022; TAPAS `NaiveSetFeature`,
/// `HistSetFeature`, `CorrSetFeature`): a whole table becomes one vector, so that a classifier can learn
/// which tables a generator produced with the target record in its training data.
///
/// The table is first encoded the way TAPAS' `as_numeric` does, on a schema fixed from the attacker's
/// auxiliary data: numerical, datetime and boolean columns as one number each, scaled to [0, 1] by the
/// auxiliary range (TAPAS expects continuous columns already in [0, 1]); categorical columns one-hot over the
/// auxiliary levels (a level the auxiliary data lacks sets no indicator). Then, concatenated:
/// - naive: per encoded column the mean, the median and the population variance (missing values left out;
///   an all-missing column gives 0);
/// - histogram: per continuous column the shares of rows in 10 equal bins of [0, 1], per categorical column
///   the share of each level (TAPAS' `HistSetFeature(num_bins=10, bounds=(0, 1))`). Deviation: values
///   outside [0, 1] (a synthetic value beyond the auxiliary range) count in the end bins; numpy's histogram
///   drops them, which TAPAS never meets because its data are scaled to the schema's bounds;
/// - correlation: the upper triangle of the Pearson correlation matrix of the encoded columns (NaN, from a
///   constant column, set to 0 as TAPAS does); a pair of columns is correlated over the rows where both are
///   present (pandas; numpy's `corrcoef` in TAPAS would give NaN, hence 0, for a column with a missing value).
struct GroundhogFeatures: Sendable {
    enum Encoded: Sendable {
        case number(lower: Double, width: Double)
        case levels([String: Int], count: Int)
    }

    let columns: [(name: String, encoding: Encoded)]

    static let bins = 10

    /// The schema of the attacker's tables (their ranges and levels together) over `columns`: the auxiliary
    /// data and the target records.
    init(known tables: [Table], columns names: [String]) throws(EvaluationError) {
        var out: [(String, Encoded)] = []
        for name in names {
            var columns: [Column] = []
            for t in tables {
                guard let c = t[name] else { throw .missingColumn(table: "hold-out", column: name) }
                columns.append(c)
            }
            if columns.allSatisfy({ $0.categoricalCodes != nil }) {
                var seen: [String: Int] = [:]
                for column in columns {
                    for i in 0..<column.count { if let t = column.text(at: i), seen[t] == nil { seen[t] = seen.count } }
                }
                out.append((name, .levels(seen, count: seen.count)))
            } else {
                let v = columns.flatMap { $0.doubles() }.filter { !$0.isNaN }
                let lo = v.min() ?? 0, hi = v.max() ?? 0
                out.append((name, .number(lower: lo, width: hi - lo)))
            }
        }
        columns = out
    }

    /// The encoded columns of `table`, each a column of values (one-hot indicators for categories); NaN is
    /// a missing number, a missing category has every indicator 0.
    func encode(_ table: Table) throws(EvaluationError) -> [[Double]] {
        var out: [[Double]] = []
        for (name, encoding) in columns {
            guard let column = table[name] else { throw .missingColumn(table: "shadow synthetic", column: name) }
            switch encoding {
            case .number(let lo, let width):
                out.append(column.doubles().map { x in x.isNaN ? .nan : width > 0 ? (x - lo) / width : (x == lo ? 0 : 1) })
            case .levels(let index, let count):
                var indicators = [[Double]](repeating: [Double](repeating: 0, count: table.rowCount), count: count)
                if let (codes, levels) = column.categoricalCodes {
                    let map = levels.map { index[$0] }
                    for (i, code) in codes.enumerated() where !column.missing[i] {
                        if let j = map[Int(code)] { indicators[j][i] = 1 }
                    }
                } else {
                    // A column the auxiliary table holds as categories but this table does not: match by text.
                    for i in 0..<table.rowCount { if let t = column.text(at: i), let j = index[t] { indicators[j][i] = 1 } }
                }
                out.append(contentsOf: indicators)
            }
        }
        return out
    }

    /// The feature vector of one table: naive, then histogram, then correlation features.
    func features(of table: Table) throws -> [Double] {
        let encoded = try encode(table)
        var naive: [Double] = [], hist: [Double] = []
        for column in encoded {
            let present = column.filter { !$0.isNaN }
            let n = Double(present.count)
            let mean = present.isEmpty ? 0 : present.reduce(0, +) / n
            let median = present.isEmpty ? 0 : try Quantiles.quantile(present, 0.5)
            let variance = present.isEmpty ? 0 : present.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
            naive += [mean, median, variance]
        }
        var c = 0
        for (_, encoding) in columns {
            switch encoding {
            case .number:
                var counts = [Double](repeating: 0, count: Self.bins)
                for x in encoded[c] where !x.isNaN { counts[min(Self.bins - 1, max(0, Int(x * Double(Self.bins))))] += 1 }
                hist += counts.map { table.rowCount > 0 ? $0 / Double(table.rowCount) : 0 }
                c += 1
            case .levels(_, let count):
                for j in 0..<count {
                    hist.append(table.rowCount > 0 ? encoded[c + j].reduce(0, +) / Double(table.rowCount) : 0)
                }
                c += count
            }
        }
        return naive + hist + (try Self.upperCorrelations(encoded))
    }

    /// The Pearson correlations of every pair of columns (i < j) on their complete rows, 0 where undefined.
    static func upperCorrelations(_ columns: [[Double]]) throws -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(columns.count * (columns.count - 1) / 2)
        for i in 0..<columns.count {
            for j in (i + 1)..<columns.count {
                let r = try Correlation.pearson(columns[i], columns[j])
                out.append(r.isNaN ? 0 : r)
            }
        }
        return out
    }
}
