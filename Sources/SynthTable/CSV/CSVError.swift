/// A CSV file that cannot be read or written, with where the problem is.
///
/// `description` is one line: `path:line:column (column "name"): what is wrong`, where line is the
/// 1-based physical line of the file (lines inside quoted fields count) and column is the 1-based field
/// index. Parts that are not known are left out.
public struct CSVError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Reason: Equatable, Sendable {
        /// A data row with a different number of fields than the header (or the first row).
        case raggedRow(fields: Int, expected: Int)
        /// An empty line between data rows of a table with more than one column.
        case blankLine(expected: Int)
        /// A quoted field that is still open at the end of the file; the location is the opening quote.
        case unterminatedQuote
        /// A `"` inside a field that did not start with one.
        case strayQuote
        /// Something other than a delimiter or a line break right after a closing quote.
        case textAfterClosingQuote
        /// Bytes that are not UTF-8; `byteOffset` is the 0-based file offset of the first bad byte.
        case invalidUTF8(byteOffset: Int)
        /// No bytes, or nothing but a byte-order mark, skipped lines and blank lines.
        case emptyFile
        /// A header and no data rows.
        case headerOnly
        /// A column name seen before, at 1-based field `firstColumn`.
        case duplicateColumnName(String, firstColumn: Int)
        case emptyColumnName
        /// The header ends in `count` delimiters (`a,b,`): empty names up to its end, which pandas reads as
        /// columns `Unnamed: i` (`i` their 0-based positions, the first at `firstIndex`).
        case trailingDelimiter(count: Int, firstIndex: Int, delimiter: Character)
        /// A value of a column whose kind was forced that does not parse as that kind.
        case notOfForcedKind(value: String, kind: ColumnKind)
        /// A forced kind names a column that is not in the file.
        case unknownForcedColumn(String)
        /// `columnNames` given for a header-less file with the wrong count.
        case columnNameCount(given: Int, fields: Int)
        case invalidOptions(String)
        /// The file could not be opened or read (`strerror` text).
        case unreadable(String)
        /// The output could not be written (`strerror` text).
        case unwritable(String)
        /// A table without columns has no CSV form.
        case noColumns
        /// A value the writer cannot render (a datetime outside years 0-9999, infinite or NaN seconds).
        case unwritableValue(String)
    }

    public var reason: Reason
    /// The file path, or `<memory>` for in-memory bytes.
    public var path: String
    /// 1-based physical line.
    public var line: Int?
    /// 1-based field index.
    public var column: Int?
    public var columnName: String?

    public init(_ reason: Reason, path: String, line: Int? = nil, column: Int? = nil, columnName: String? = nil) {
        self.reason = reason
        self.path = path
        self.line = line
        self.column = column
        self.columnName = columnName
    }

    public var description: String {
        var place = path
        if let line { place += ":\(line)" }
        if let column { place += ":\(column)" }
        if let columnName { place += " (column \"\(columnName)\")" }
        return place + ": " + message
    }

    /// What is wrong, without the location.
    public var message: String {
        switch reason {
        case .raggedRow(let f, let e):
            "row has \(f) field\(f == 1 ? "" : "s"), header has \(e) (to drop such rows: --on-bad-lines skip or warn; on_bad_lines in a grid spec)"
        case .blankLine(let e):
            "blank line inside the data (rows need \(e) fields)"
        case .unterminatedQuote:
            "quoted field opened here is never closed"
        case .strayQuote:
            "quote inside an unquoted field (quote the whole field and double the inner quote: \"a\"\"b\")"
        case .textAfterClosingQuote:
            "text after a closing quote (expected a delimiter or the end of the line)"
        case .invalidUTF8(let offset):
            "invalid UTF-8 at byte offset \(offset)"
        case .emptyFile:
            "file is empty (no header and no rows)"
        case .headerOnly:
            "file has a header but no data rows"
        case .duplicateColumnName(let n, let first):
            "duplicate column name \"\(n)\" (also column \(first))"
        case .emptyColumnName:
            "empty column name"
        case .trailingDelimiter(let count, let first, let d):
            "empty column name: the header ends in \(count == 1 ? "a '\(d)'" : "\(count) '\(d)'s"), which pandas would read as "
                + (first..<(first + count)).map { "an 'Unnamed: \($0)' column" }.joined(separator: " and ")
                + "; remove the trailing '\(d)' from the header (and from every row that ends in one) to read the file"
        case .notOfForcedKind(let v, let k):
            "value \"\(v)\" is not \(k.withArticle)"
        case .unknownForcedColumn(let n):
            "a kind is forced for column \"\(n)\", which the file does not have"
        case .columnNameCount(let g, let f):
            "\(g) column names given, rows have \(f) fields"
        case .invalidOptions(let why):
            "invalid CSV options: \(why)"
        case .unreadable(let why):
            "cannot read file: \(why)"
        case .unwritable(let why):
            "cannot write file: \(why)"
        case .noColumns:
            "a table without columns cannot be written as CSV"
        case .unwritableValue(let why):
            "cannot write value: \(why)"
        }
    }
}

extension ColumnKind {
    /// "a numerical value", "an integer", ... for error messages.
    var withArticle: String {
        switch self {
        case .numerical: "a number"
        case .integer: "an integer"
        case .categorical: "a category"
        case .boolean: "a boolean (true/false)"
        case .datetime: "a datetime"
        }
    }
}
