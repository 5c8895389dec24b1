import SynthTable

/// The SQL a script is written for: column types, literals and identifier quoting.
///
/// | column kind | postgres | sqlite |
/// |---|---|---|
/// | numerical | DOUBLE PRECISION (NaN/±inf as `'NaN'`, `'Infinity'`) | REAL (±inf as ±9e999; NaN as NULL: SQLite has no NaN) |
/// | integer | BIGINT | INTEGER |
/// | boolean | BOOLEAN (`TRUE`/`FALSE`) | INTEGER (1/0) |
/// | categorical | TEXT | TEXT |
/// | datetime | DATE or TIMESTAMP (ISO literal) | TEXT (ISO 8601, as SQLite's date functions read it) |
package enum SQLDialect: String, CaseIterable, Sendable {
    case postgres, sqlite

    /// `"name"` with inner double quotes doubled (both dialects follow standard SQL here).
    func identifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `'text'` with inner single quotes doubled (PostgreSQL's standard_conforming_strings, on by default
    /// since 9.1, and SQLite leave backslashes alone).
    func string(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    func type(of column: Column) -> String {
        switch (self, column.values) {
        case (.postgres, .numerical): "DOUBLE PRECISION"
        case (.postgres, .integer): "BIGINT"
        case (.postgres, .boolean): "BOOLEAN"
        case (.postgres, .categorical): "TEXT"
        case (.postgres, .datetime(_, let f)): f.hasTimeOfDay ? "TIMESTAMP" : "DATE"
        case (.sqlite, .numerical): "REAL"
        case (.sqlite, .integer), (.sqlite, .boolean): "INTEGER"
        case (.sqlite, .categorical), (.sqlite, .datetime): "TEXT"
        }
    }

    /// The literal of one value.
    func literal(_ cell: TableCell) -> String {
        switch cell {
        case .null: return "NULL"
        case .double(let x):
            if x.isFinite { return Self.doubleText(x) }
            if self == .sqlite { return x.isNaN ? "NULL" : x > 0 ? "9e999" : "-9e999" }
            return x.isNaN ? "'NaN'" : x > 0 ? "'Infinity'" : "'-Infinity'"
        case .integer(let n): return String(n)
        case .boolean(let b): return self == .postgres ? (b ? "TRUE" : "FALSE") : (b ? "1" : "0")
        case .text(let s): return string(s)
        case .datetime(let s, let t, let f): return string(TableCell.isoText(s, hasTime: t, hasFraction: f))
        }
    }

    /// A finite double that both dialects read back as a float, never as an integer: "1.0", "0.1", "1e+20".
    static func doubleText(_ x: Double) -> String {
        let text = "\(x)"
        return text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) ? text : text + ".0"
    }
}
