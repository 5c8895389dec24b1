import SynthTable

/// One column of several tables as category codes in ONE shared dictionary, so that "the same category"
/// is the same code in every table — what counting frequencies, contingency tables and adherence checks
/// compare. Missing values get code -1.
///
/// Values match as pandas compares them when every table stores the column alike: categorical columns by
/// label, numeric columns (numerical, integer, boolean, datetime) by numeric value (so an integer 3 and a
/// float 3.0 are one category, as are `True` and 1, and -0.0 and 0.0). When the tables store the column
/// differently (text in one, numbers in another) values match by their text rendering (``Column/text(at:)``);
/// pandas would never match "3" with 3, which would only hide a type drift the Diagnostic Report's
/// TableStructure already reports.
public struct SharedCategoryCodes: Sendable {
    /// Per table, one code per row in `0..<levelCount`, or -1 when missing.
    public let codes: [[Int32]]
    /// The label of each shared code (the text of its first occurrence), first table's levels first.
    public let labels: [String]

    public var levelCount: Int { labels.count }

    public init(_ columns: [Column]) {
        let allCategorical = columns.allSatisfy { $0.kind == .categorical }
        let noneCategorical = columns.allSatisfy { $0.kind != .categorical }
        var labels: [String] = []
        if allCategorical {
            var index: [String: Int32] = [:]
            codes = columns.map { column in
                let (raw, levels) = column.categoricalCodes!
                let map: [Int32] = levels.map { level in
                    if let c = index[level] { return c }
                    let c = Int32(labels.count)
                    index[level] = c
                    labels.append(level)
                    return c
                }
                return raw.map { $0 < 0 ? -1 : map[Int($0)] }
            }
        } else if noneCategorical {
            var index: [UInt64: Int32] = [:]
            codes = columns.map { column in
                let values = column.doubles()
                var out = [Int32](repeating: -1, count: values.count)
                for (i, x) in values.enumerated() where !x.isNaN {
                    let key = x == 0 ? 0 : x.bitPattern
                    if let c = index[key] { out[i] = c; continue }
                    let c = Int32(labels.count)
                    index[key] = c
                    labels.append(column.text(at: i) ?? "")
                    out[i] = c
                }
                return out
            }
        } else {
            var index: [String: Int32] = [:]
            codes = columns.map { column in
                (0..<column.count).map { i in
                    guard let t = column.text(at: i) else { return -1 }
                    if let c = index[t] { return c }
                    let c = Int32(labels.count)
                    index[t] = c
                    labels.append(t)
                    return c
                }
            }
        }
        self.labels = labels
    }

    /// Counts of each code in table `t` (missing rows left out).
    public func counts(table t: Int) -> [Int] {
        var out = [Int](repeating: 0, count: levelCount)
        for c in codes[t] where c >= 0 { out[Int(c)] += 1 }
        return out
    }
}
