/// The storage kind of a column. This is the physical type; the statistical reading (SDV sdtype,
/// SynthCity domain) lives in ``ColumnMetadata``.
public enum ColumnKind: String, Codable, Sendable, CaseIterable {
    case numerical, integer, categorical, boolean, datetime
}

/// The values of a column. Entries at missing positions are placeholders (0, code -1, false) and must be
/// read together with ``Column/missing``.
public enum ColumnValues: Sendable, Equatable {
    case numerical([Double])
    case integer([Int])
    /// Dictionary-encoded: `levels[codes[i]]` is row i's category; a missing row has code -1.
    case categorical(codes: [Int32], levels: [String])
    case boolean([Bool])
    /// Seconds since 1970-01-01T00:00:00Z; `format` is the strftime-style layout the values were read with
    /// and are written back in (see ``DatetimeFormat``).
    case datetime(seconds: [Double], format: DatetimeFormat)

    public var count: Int {
        switch self {
        case .numerical(let v): v.count
        case .integer(let v): v.count
        case .categorical(let c, _): c.count
        case .boolean(let v): v.count
        case .datetime(let v, _): v.count
        }
    }

    public var kind: ColumnKind {
        switch self {
        case .numerical: .numerical
        case .integer: .integer
        case .categorical: .categorical
        case .boolean: .boolean
        case .datetime: .datetime
        }
    }
}

/// A named column of one kind with a missing-value mask.
public struct Column: Sendable, Equatable {
    public var name: String
    public private(set) var values: ColumnValues
    /// `missing[i]` is true when row i has no value.
    public private(set) var missing: [Bool]

    public init(name: String, values: ColumnValues, missing: [Bool]? = nil) {
        let m = missing ?? Array(repeating: false, count: values.count)
        precondition(m.count == values.count, "column \(name): mask has \(m.count) rows, values \(values.count)")
        self.name = name
        self.values = values
        self.missing = m
    }

    public var count: Int { values.count }
    public var kind: ColumnKind { values.kind }
    public var missingCount: Int { missing.reduce(0) { $0 + ($1 ? 1 : 0) } }
    public var hasMissing: Bool { missing.contains(true) }

    // MARK: Convenience constructors from optionals

    public static func numerical(_ name: String, _ v: [Double?]) -> Column {
        Column(name: name, values: .numerical(v.map { $0 ?? 0 }), missing: v.map { $0 == nil })
    }

    public static func integer(_ name: String, _ v: [Int?]) -> Column {
        Column(name: name, values: .integer(v.map { $0 ?? 0 }), missing: v.map { $0 == nil })
    }

    public static func boolean(_ name: String, _ v: [Bool?]) -> Column {
        Column(name: name, values: .boolean(v.map { $0 ?? false }), missing: v.map { $0 == nil })
    }

    /// A categorical column; levels are ordered by first appearance.
    public static func categorical(_ name: String, _ v: [String?]) -> Column {
        var index: [String: Int32] = [:]
        var levels: [String] = []
        let codes: [Int32] = v.map { s in
            guard let s else { return -1 }
            if let c = index[s] { return c }
            let c = Int32(levels.count)
            index[s] = c
            levels.append(s)
            return c
        }
        return Column(name: name, values: .categorical(codes: codes, levels: levels), missing: v.map { $0 == nil })
    }

    public static func datetime(_ name: String, _ v: [Double?], format: DatetimeFormat = .isoDate) -> Column {
        Column(name: name, values: .datetime(seconds: v.map { $0 ?? 0 }, format: format), missing: v.map { $0 == nil })
    }

    // MARK: Reading

    /// The values as doubles with NaN for missing: numbers as they are, booleans as 0/1, categories as their
    /// codes, datetimes as seconds.
    public func doubles() -> [Double] {
        var out: [Double]
        switch values {
        case .numerical(let v): out = v
        case .integer(let v): out = v.map(Double.init)
        case .categorical(let c, _): out = c.map(Double.init)
        case .boolean(let v): out = v.map { $0 ? 1 : 0 }
        case .datetime(let v, _): out = v
        }
        for i in out.indices where missing[i] { out[i] = .nan }
        return out
    }

    /// The category codes if this column is categorical.
    public var categoricalCodes: (codes: [Int32], levels: [String])? {
        if case .categorical(let c, let l) = values { return (c, l) }
        return nil
    }

    /// Row `i` rendered as text (nil when missing); the CSV writer and error messages use this.
    public func text(at i: Int) -> String? {
        if missing[i] { return nil }
        switch values {
        case .numerical(let v): return formatDouble(v[i])
        case .integer(let v): return String(v[i])
        case .categorical(let c, let l): return l[Int(c[i])]
        case .boolean(let v): return v[i] ? "True" : "False"
        case .datetime(let v, let f): return f.format(v[i])
        }
    }

    /// The rows at `indices`, in that order (indices may repeat).
    public func selecting(_ indices: [Int]) -> Column {
        let m = indices.map { missing[$0] }
        switch values {
        case .numerical(let v): return Column(name: name, values: .numerical(indices.map { v[$0] }), missing: m)
        case .integer(let v): return Column(name: name, values: .integer(indices.map { v[$0] }), missing: m)
        case .categorical(let c, let l):
            return Column(name: name, values: .categorical(codes: indices.map { c[$0] }, levels: l), missing: m)
        case .boolean(let v): return Column(name: name, values: .boolean(indices.map { v[$0] }), missing: m)
        case .datetime(let v, let f):
            return Column(name: name, values: .datetime(seconds: indices.map { v[$0] }, format: f), missing: m)
        }
    }
}

/// Shortest text that reads back to the same double ("1", "0.1", "1e-300", "-0", "inf"); whole numbers
/// below 1e15 without ".0". (The CSV writer keeps the ".0" so that a numerical column is not read back
/// as integer.)
public func formatDouble(_ x: Double) -> String {
    if x.isNaN { return "NaN" }
    if x == 0 { return x.sign == .minus ? "-0" : "0" }
    if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
    return "\(x)"
}
