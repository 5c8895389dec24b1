import SynthTable

/// The distinct values of a column as categories 0..<K in order of first appearance (pandas `unique`), with
/// missing as a category of its own when the column has missing values ("Null values are considered just
/// another category", RDT `UniformEncoder`).
///
/// Works for every column kind and turns category indices back into a column of the same name and kind;
/// a categorical column keeps its full level list (levels that never occur stay declared). Numbers compare
/// by value, so -0.0 and 0.0 are one category, as in pandas.
public struct CategoryCoding: Sendable, Equatable {
    public let name: String
    /// Number of categories, the missing one included.
    public var count: Int { counts.count }
    /// The index of the missing category, when the fitted column had missing values.
    public let missingCategory: Int?
    /// Rows of each category in the fitted column.
    public let counts: [Int]
    let representatives: Representatives

    /// What each category stands for, per column kind (the entry of the missing category is a placeholder).
    enum Representatives: Sendable, Equatable {
        /// Category -> level code, and the column's level list.
        case levels(codes: [Int32], levels: [String])
        case integers([Int])
        case doubles([Double])
        case booleans([Bool])
        case datetimes([Double], format: DatetimeFormat)
    }

    /// Learns the categories of `column`.
    public init(_ column: Column) {
        name = column.name
        var counts: [Int] = []
        var missingCategory: Int? = nil
        let missing = column.missing
        func category(_ key: inout Int32?, _ make: () -> Void) -> Int {
            if let k = key { return Int(k) }
            key = Int32(counts.count)
            counts.append(0)
            make()
            return counts.count - 1
        }
        func noteMissing() {
            if missingCategory == nil { missingCategory = counts.count; counts.append(0) }
            counts[missingCategory!] += 1
        }
        switch column.values {
        case .categorical(let codes, let levels):
            var slot = [Int32?](repeating: nil, count: levels.count)
            var reps: [Int32] = []
            for (i, c) in codes.enumerated() {
                if missing[i] || c < 0 { noteMissing(); continue }
                let k = category(&slot[Int(c)]) { reps.append(c) }
                counts[k] += 1
            }
            if let m = missingCategory { reps.insert(-1, at: m) }
            representatives = .levels(codes: reps, levels: levels)
        case .integer(let values):
            var index: [Int: Int32] = [:]
            var reps: [Int] = []
            for (i, v) in values.enumerated() {
                if missing[i] { noteMissing(); continue }
                let k = category(&index[v]) { reps.append(v) }
                counts[k] += 1
            }
            if let m = missingCategory { reps.insert(0, at: m) }
            representatives = .integers(reps)
        case .numerical(let values), .datetime(let values, _):
            var index: [UInt64: Int32] = [:]
            var reps: [Double] = []
            for (i, v) in values.enumerated() {
                if missing[i] { noteMissing(); continue }
                let k = category(&index[Self.key(v)]) { reps.append(v) }
                counts[k] += 1
            }
            if let m = missingCategory { reps.insert(0, at: m) }
            if case .datetime(_, let format) = column.values {
                representatives = .datetimes(reps, format: format)
            } else {
                representatives = .doubles(reps)
            }
        case .boolean(let values):
            var index: [Int32?] = [nil, nil]
            var reps: [Bool] = []
            for (i, v) in values.enumerated() {
                if missing[i] { noteMissing(); continue }
                let k = category(&index[v ? 1 : 0]) { reps.append(v) }
                counts[k] += 1
            }
            if let m = missingCategory { reps.insert(false, at: m) }
            representatives = .booleans(reps)
        }
        self.counts = counts
        self.missingCategory = missingCategory
    }

    /// A hash key equal for equal numbers (-0.0 and 0.0 alike).
    @inline(__always) static func key(_ v: Double) -> UInt64 { (v == 0 ? 0.0 : v).bitPattern }

    /// The share of each category in the fitted column (pandas `value_counts(normalize=True, dropna=False)`).
    public var frequencies: [Double] {
        let n = Double(counts.reduce(0, +))
        return counts.map { Double($0) / n }
    }

    /// The category of each row of `column` (same kind as the fitted column), -1 for a value or a missing
    /// entry the fitted column did not have.
    public func categories(of column: Column) -> [Int32] {
        let missing = column.missing
        var out = [Int32](repeating: -1, count: column.count)
        let missingCode = missingCategory.map(Int32.init) ?? -1
        switch (representatives, column.values) {
        case (.levels(let reps, let levels), .categorical(let codes, let columnLevels)):
            // Map the column's level codes to categories through the level text.
            var byText: [String: Int32] = [:]
            for (k, c) in reps.enumerated() where c >= 0 { byText[levels[Int(c)]] = Int32(k) }
            let map = columnLevels.map { byText[$0] ?? -1 }
            for i in out.indices { out[i] = missing[i] || codes[i] < 0 ? missingCode : map[Int(codes[i])] }
        case (.integers(let reps), .integer(let values)):
            var index: [Int: Int32] = [:]
            for (k, v) in reps.enumerated() where k != missingCategory { index[v] = Int32(k) }
            for i in out.indices { out[i] = missing[i] ? missingCode : index[values[i]] ?? -1 }
        case (.doubles(let reps), .numerical(let values)), (.datetimes(let reps, _), .datetime(let values, _)):
            var index: [UInt64: Int32] = [:]
            for (k, v) in reps.enumerated() where k != missingCategory { index[Self.key(v)] = Int32(k) }
            for i in out.indices { out[i] = missing[i] ? missingCode : index[Self.key(values[i])] ?? -1 }
        case (.booleans(let reps), .boolean(let values)):
            var index: [Int32] = [-1, -1]
            for (k, v) in reps.enumerated() where k != missingCategory { index[v ? 1 : 0] = Int32(k) }
            for i in out.indices { out[i] = missing[i] ? missingCode : index[values[i] ? 1 : 0] }
        default:
            // A column of another kind shares no value with the fitted one.
            for i in out.indices where missing[i] { out[i] = missingCode }
        }
        return out
    }

    /// A column of the fitted name and kind whose row r holds category `categories[r]` (which must be in
    /// 0..<count).
    public func column<C: Collection<Int32>>(from categories: C) -> Column {
        let missing = categories.map { Int($0) == missingCategory }
        switch representatives {
        case .levels(let reps, let levels):
            return Column(name: name, values: .categorical(codes: categories.map { reps[Int($0)] }, levels: levels),
                          missing: missing)
        case .integers(let reps):
            return Column(name: name, values: .integer(categories.map { reps[Int($0)] }), missing: missing)
        case .doubles(let reps):
            return Column(name: name, values: .numerical(categories.map { reps[Int($0)] }), missing: missing)
        case .booleans(let reps):
            return Column(name: name, values: .boolean(categories.map { reps[Int($0)] }), missing: missing)
        case .datetimes(let reps, let format):
            return Column(name: name, values: .datetime(seconds: categories.map { reps[Int($0)] }, format: format),
                          missing: missing)
        }
    }

    /// Category `k` as text (nil for the missing category), for notes and errors.
    public func label(_ k: Int) -> String? {
        if k == missingCategory { return nil }
        switch representatives {
        case .levels(let reps, let levels): return levels[Int(reps[k])]
        case .integers(let reps): return String(reps[k])
        case .doubles(let reps): return formatDouble(reps[k])
        case .booleans(let reps): return reps[k] ? "True" : "False"
        case .datetimes(let reps, let format): return format.format(reps[k])
        }
    }
}
