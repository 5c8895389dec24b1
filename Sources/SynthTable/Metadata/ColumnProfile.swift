/// The facts about a column's values that both detection conventions read, computed in one pass.
///
/// NaN in a numerical column counts as missing, as it does in pandas.
public struct ColumnProfile: Sendable, Equatable {
    /// Rows, missing included (pandas `len(series)`).
    public let count: Int
    public let missingCount: Int
    /// Distinct non-missing values (pandas `nunique()`).
    public let distinctCount: Int
    /// Numbers only: every non-missing value is a whole number (`x == round(x)`). True for integer columns.
    public let allWhole: Bool
    /// Numbers only: every non-missing value is >= 0.
    public let allNonNegative: Bool
    /// Smallest and largest non-missing value as a double (numbers, booleans as 0/1, datetimes as seconds);
    /// nil for categorical columns and when every value is missing.
    public let minimum: Double?
    public let maximum: Double?

    public var nonMissingCount: Int { count - missingCount }
    /// pandas `is_unique and not has_nan`: what SDV calls a valid potential primary key.
    public var isUniqueWithoutMissing: Bool { missingCount == 0 && distinctCount == count }
    /// pandas `len(series.unique())`, which counts NaN as one more value.
    public var uniqueCountWithMissing: Int { distinctCount + (missingCount > 0 ? 1 : 0) }

    public init(_ column: Column) {
        count = column.count
        var missing = 0
        var whole = true, nonNegative = true
        var lo = Double.infinity, hi = -Double.infinity
        let mask = column.missing
        switch column.values {
        case .numerical(let v):
            var seen = Set<Double>(minimumCapacity: min(v.count, 1 << 16))
            v.withUnsafeBufferPointer { p in
                for i in p.indices {
                    let x = p[i]
                    if mask[i] || x.isNaN { missing += 1; continue }
                    seen.insert(x)
                    if x != x.rounded() { whole = false }
                    if x < 0 { nonNegative = false }
                    lo = Swift.min(lo, x); hi = Swift.max(hi, x)
                }
            }
            distinctCount = seen.count
        case .integer(let v):
            var seen = Set<Int>(minimumCapacity: min(v.count, 1 << 16))
            v.withUnsafeBufferPointer { p in
                for i in p.indices {
                    if mask[i] { missing += 1; continue }
                    let x = p[i]
                    seen.insert(x)
                    if x < 0 { nonNegative = false }
                    lo = Swift.min(lo, Double(x)); hi = Swift.max(hi, Double(x))
                }
            }
            distinctCount = seen.count
        case .datetime(let v, _):
            var seen = Set<Double>(minimumCapacity: min(v.count, 1 << 16))
            for i in v.indices {
                if mask[i] || v[i].isNaN { missing += 1; continue }
                seen.insert(v[i])
                lo = Swift.min(lo, v[i]); hi = Swift.max(hi, v[i])
            }
            distinctCount = seen.count
        case .boolean(let v):
            var sawTrue = false, sawFalse = false
            for i in v.indices {
                if mask[i] { missing += 1; continue }
                if v[i] { sawTrue = true } else { sawFalse = true }
            }
            distinctCount = (sawTrue ? 1 : 0) + (sawFalse ? 1 : 0)
            if sawFalse { lo = 0 } else if sawTrue { lo = 1 }
            if sawTrue { hi = 1 } else if sawFalse { hi = 0 }
        case .categorical(let codes, let levels):
            var used = [Bool](repeating: false, count: levels.count)
            var distinct = 0
            for i in codes.indices {
                let c = codes[i]
                if mask[i] || c < 0 { missing += 1; continue }
                if !used[Int(c)] { used[Int(c)] = true; distinct += 1 }
            }
            distinctCount = distinct
        }
        missingCount = missing
        let isNumber = column.kind == .numerical || column.kind == .integer
        allWhole = isNumber && whole
        allNonNegative = isNumber && nonNegative
        minimum = lo <= hi ? lo : nil
        maximum = lo <= hi ? hi : nil
    }
}
