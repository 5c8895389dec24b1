import SynthTable

/// What is needed to rebuild a column of the fitted table: name, kind, the categorical level list (so a
/// decoded column has the same levels in the same order) and the datetime layout.
struct ColumnShape: Sendable, Equatable {
    let name: String
    let kind: ColumnKind
    let levels: [String]?
    let format: DatetimeFormat?

    init(_ column: Column) {
        name = column.name
        kind = column.kind
        switch column.values {
        case .categorical(_, let l): levels = l; format = nil
        case .datetime(_, let f): levels = nil; format = f
        default: levels = nil; format = nil
        }
    }

    /// A numerical, integer (values already whole) or datetime column of this shape.
    func column(numbers x: [Double], missing: [Bool]) -> Column {
        switch kind {
        case .integer:
            return Column(name: name, values: .integer(x.map(RoundingScheme.clampedInteger)), missing: missing)
        case .datetime:
            return Column(name: name, values: .datetime(seconds: x, format: format ?? .isoDateTime), missing: missing)
        default:
            return Column(name: name, values: .numerical(x), missing: missing)
        }
    }
}
