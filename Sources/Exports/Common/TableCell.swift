import SynthTable

/// One value of a table as the text formats (JSON, SQL, XLSX) need it: typed, with datetimes as seconds
/// and the layout's time-of-day facts, so each format renders it its own way.
package enum TableCell: Equatable, Sendable {
    case null
    case double(Double)
    case integer(Int)
    case boolean(Bool)
    case text(String)
    /// Seconds since the epoch; `hasTime`: the layout has a time of day; `hasFraction`: it has `%f`.
    case datetime(Double, hasTime: Bool, hasFraction: Bool)

    /// Row `i` of `column`.
    package init(_ column: Column, row i: Int) {
        if column.missing[i] { self = .null; return }
        switch column.values {
        case .numerical(let v): self = .double(v[i])
        case .integer(let v): self = .integer(v[i])
        case .boolean(let v): self = .boolean(v[i])
        case .categorical(let c, let l): self = .text(l[Int(c[i])])
        case .datetime(let s, let f): self = .datetime(s[i], hasTime: f.hasTimeOfDay, hasFraction: f.hasFraction)
        }
    }

    /// A datetime as ISO 8601 text (`2020-01-31`, `2020-01-31 08:15:00`, with `.ffffff` when the layout has
    /// `%f`): what SQL literals and JSON carry whatever layout the CSV used.
    static func isoText(_ seconds: Double, hasTime: Bool, hasFraction: Bool) -> String {
        let format = hasFraction ? isoFraction : hasTime ? DatetimeFormat.isoDateTime : DatetimeFormat.isoDate
        return format.format(seconds)
    }

    private static let isoFraction = DatetimeFormat("%Y-%m-%d %H:%M:%S.%f")
}

extension DatetimeFormat {
    /// Whether the layout has an hour, minute, second or fraction (else the values are whole days).
    var hasTimeOfDay: Bool { ["%H", "%M", "%S", "%f"].contains { pattern.contains($0) } }
    /// Whether the layout has `%f` (values keep microseconds).
    var hasFraction: Bool { pattern.contains("%f") }
}
