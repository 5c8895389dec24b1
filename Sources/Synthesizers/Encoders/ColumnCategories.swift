import SynthTable

/// The distinct values of a fitted column in a fixed order, with "missing" as one more category at the
/// end when the column had missing values: the categories of a one-hot encoding (RDT `OneHotEncoder`,
/// sklearn `OneHotEncoder`) or the codes of a label encoding (sklearn `LabelEncoder`).
///
/// - `.firstAppearance`: `pd.unique` order, RDT's `OneHotEncoder` (which appends NaN as the last dummy).
/// - `.sorted`: numbers ascending, text by code point, false before true; missing last, as sklearn's
///   `_unique` / `np.unique` place NaN.
struct ColumnCategories: Sendable, Equatable {
    enum Order: Sendable { case firstAppearance, sorted }

    /// The distinct non-missing values.
    enum Values: Sendable, Equatable {
        case levels([String])
        case numbers([Double])
        case flags([Bool])

        var count: Int {
            switch self {
            case .levels(let v): v.count
            case .numbers(let v): v.count
            case .flags(let v): v.count
            }
        }
    }

    let values: Values
    let hasMissingCategory: Bool

    /// Categories including the missing one.
    var count: Int { values.count + (hasMissingCategory ? 1 : 0) }
    /// The index of the missing category, if any.
    var missingIndex: Int? { hasMissingCategory ? values.count : nil }

    init(_ column: Column, order: Order) {
        let missing = column.missing
        hasMissingCategory = missing.contains(true)
        switch column.values {
        case .categorical(let codes, let levels):
            var seen = [Bool](repeating: false, count: levels.count)
            var used: [Int] = []
            for (i, c) in codes.enumerated() where !missing[i] && !seen[Int(c)] { seen[Int(c)] = true; used.append(Int(c)) }
            var names = used.map { levels[$0] }
            if order == .sorted { names.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) } }
            values = .levels(names)
        case .boolean(let flags):
            var distinct: [Bool] = []
            for (i, f) in flags.enumerated() where !missing[i] && !distinct.contains(f) { distinct.append(f) }
            if order == .sorted { distinct.sort { !$0 && $1 } }
            values = .flags(distinct)
        case .numerical, .integer, .datetime:
            let x = column.doubles()
            var seen = Set<Double>()
            var distinct: [Double] = []
            for (i, v) in x.enumerated() where !missing[i] && seen.insert(v).inserted { distinct.append(v) }
            if order == .sorted { distinct.sort() }
            values = .numbers(distinct)
        }
    }

    /// Each row's category index: -1 for a value the fit did not see (or a missing value when the fit had
    /// none), which encodes as an all-zero one-hot, as RDT and sklearn (`handle_unknown='ignore'`) do.
    func indices(of column: Column) -> [Int32] {
        let missingCode = Int32(missingIndex ?? -1)
        let missing = column.missing
        var out = [Int32](repeating: -1, count: column.count)
        switch (values, column.values) {
        case (.levels(let names), .categorical(let codes, let levels)):
            let position = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, Int32($0)) })
            let byLevel = levels.map { position[$0] ?? -1 }
            for i in 0..<codes.count { out[i] = missing[i] ? missingCode : byLevel[Int(codes[i])] }
        case (.flags(let flags), .boolean(let v)):
            let ofFalse = Int32(flags.firstIndex(of: false) ?? -1), ofTrue = Int32(flags.firstIndex(of: true) ?? -1)
            for i in 0..<v.count { out[i] = missing[i] ? missingCode : (v[i] ? ofTrue : ofFalse) }
        case (.numbers(let numbers), .numerical), (.numbers(let numbers), .integer), (.numbers(let numbers), .datetime):
            let position = Dictionary(numbers.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { a, _ in a })
            let x = column.doubles()
            for i in 0..<x.count { out[i] = missing[i] ? missingCode : (position[x[i]] ?? -1) }
        default:
            preconditionFailure("column '\(column.name)' is \(column.kind.rawValue); the categories were fitted on another kind")
        }
        return out
    }

    /// A column shaped like the fitted one from category indices (each in 0..<count).
    func column(_ indices: UnsafeBufferPointer<Int32>, shape: ColumnShape) -> Column {
        let n = indices.count
        let missingCode = Int32(missingIndex ?? -1)
        var missing = [Bool](repeating: false, count: n)
        for i in 0..<n where indices[i] == missingCode { missing[i] = true }
        switch values {
        case .levels(let names):
            let levels = shape.levels ?? names
            let position = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, Int32($0)) })
            let codeOf = names.map { position[$0]! }  // the fitted levels hold every category
            let codes = (0..<n).map { missing[$0] ? Int32(-1) : codeOf[Int(indices[$0])] }
            return Column(name: shape.name, values: .categorical(codes: codes, levels: levels), missing: missing)
        case .flags(let flags):
            return Column(name: shape.name, values: .boolean((0..<n).map { missing[$0] ? false : flags[Int(indices[$0])] }),
                          missing: missing)
        case .numbers(let numbers):
            let x = (0..<n).map { missing[$0] ? 0 : numbers[Int(indices[$0])] }
            return shape.column(numbers: x, missing: missing)
        }
    }
}
