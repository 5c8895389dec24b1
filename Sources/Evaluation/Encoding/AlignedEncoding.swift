import SynthTable

/// Numeric features for several tables with the same columns, encoded consistently: numbers as they are,
/// booleans as 0/1, datetimes as seconds, categories as codes in ONE dictionary shared by all tables
/// (levels of the first table first, in its order, then levels first seen in later tables). Missing values
/// are NaN. Metrics that compare tables row by row or train a classifier on their union use this so that
/// "the same value" means the same number in every table.
public struct AlignedEncoding: Sendable {
    /// Column names, in the first table's order.
    public let columnNames: [String]
    /// Per table, column-major features: `features[t][j][i]`.
    public let features: [[[Double]]]
    /// Per column, the shared category levels (empty for non-categorical columns).
    public let levels: [[String]]

    /// Encodes `tables`, which must all have the first table's columns (extra columns in later tables are
    /// ignored).
    public init(_ tables: [Table]) throws(TableError) {
        guard let first = tables.first else { columnNames = []; features = []; levels = []; return }
        columnNames = first.columnNames
        var out = [[[Double]]](repeating: [], count: tables.count)
        var allLevels: [[String]] = []
        for name in columnNames {
            let columns = try tables.map { t throws(TableError) in try t.column(named: name) }
            var dictionary: [String: Int] = [:]
            var columnLevels: [String] = []
            for (t, column) in columns.enumerated() {
                if let (codes, lv) = column.categoricalCodes {
                    let map: [Double] = lv.map { level in
                        if let c = dictionary[level] { return Double(c) }
                        dictionary[level] = columnLevels.count
                        columnLevels.append(level)
                        return Double(columnLevels.count - 1)
                    }
                    out[t].append(codes.map { $0 < 0 ? .nan : map[Int($0)] })
                } else {
                    out[t].append(column.doubles())
                }
            }
            allLevels.append(columnLevels)
        }
        features = out
        levels = allLevels
    }

    /// Row `i` of table `t` as a hashable key (NaN canonicalised so missing equals missing).
    public func rowKey(table t: Int, row i: Int) -> [UInt64] {
        features[t].map { column in
            let x = column[i]
            return x.isNaN ? UInt64.max : (x == 0 ? 0 : x.bitPattern)  // -0 == 0
        }
    }
}
