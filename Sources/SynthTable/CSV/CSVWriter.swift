import Foundation

/// Writes a ``Table`` as CSV that ``CSVReader`` reads back identical with the same ``CSVOptions``.
///
/// - Header (unless `options.hasHeader` is false), then one line per row, LF (or CRLF) terminated.
/// - Missing values are empty fields; in a one-column table a missing value is `""` so the line is not
///   blank (the reader drops trailing blank lines).
/// - Numerical: the shortest decimal that reads back to the same double (`0.1`, `1.0`, `-0.0`,
///   `1e+16`, `inf`); whole values keep `.0` so they read back numerical, not integer. NaN is written as
///   missing. Integer: decimal digits. Boolean: `True` / `False`. Datetime: its format.
/// - A field is quoted (`"`, inner quotes doubled) only when it must be: it holds the delimiter, a quote,
///   CR or LF, starts or ends with a space or tab, starts with U+FEFF, or is a category that would
///   otherwise read back as something else (a missing token, or, when `quotedFieldsAreText` is set, a
///   boolean, number or datetime).
///
/// Not representable, so not round-tripped: the empty-string category (it reads back as missing),
/// NaN in a non-missing numerical slot, fractional datetime seconds (rounded down), levels that are
/// unused or not in order of first appearance (the reader rebuilds levels from the rows), and
/// `skipLines` (the writer writes no preamble).
public struct CSVWriter: Sendable {
    public var options: CSVOptions
    /// End lines with CRLF (as RFC 4180 specifies) instead of LF.
    public var crlf: Bool

    public init(options: CSVOptions = CSVOptions(), crlf: Bool = false) {
        self.options = options
        self.crlf = crlf
    }

    /// The CSV bytes of `table`.
    public func encode(_ table: Table) throws(CSVError) -> [UInt8] {
        var sink = CSVByteSink(fd: nil, path: "<memory>")
        try write(table, into: &sink, path: "<memory>")
        return sink.bytes
    }

    /// Writes `table` to `path` through a temporary file in the same directory that is renamed over
    /// `path` only when complete, so a failed write never leaves a truncated file that looks whole.
    public func write(_ table: Table, to path: String) throws(CSVError) {
        let stream = try CSVStreamWriter(path: path, writer: self)
        try stream.append(table)
        try stream.finish()
    }

    private func write(_ table: Table, into sink: inout CSVByteSink, path: String) throws(CSVError) {
        try writeHeader(table, into: &sink, path: path)
        try writeRows(table, into: &sink, path: path, rowsBefore: 0)
    }

    /// Checks the options and the table's columns and writes the header line (when the options have one).
    func writeHeader(_ table: Table, into sink: inout CSVByteSink, path: String) throws(CSVError) {
        try options.validate(path: path)
        try validateForWriting(path: path)
        guard table.columnCount > 0 else { throw CSVError(.noColumns, path: path) }
        if options.hasHeader {
            let newline: [UInt8] = crlf ? [0x0D, 0x0A] : [0x0A]
            let delimiter = options.delimiter
            for (k, c) in table.columns.enumerated() {
                if c.name.isEmpty { throw CSVError(.emptyColumnName, path: path, column: k + 1) }
                if k > 0 { sink.append(delimiter) }
                sink.append(field(Array(c.name.utf8), quoteAlways: false))
            }
            sink.append(newline)
        }
    }

    /// Rows rendered at a time by ``writeRows(_:into:path:rowsBefore:)``.
    static let blockRows = 4096

    /// Writes the table's rows; `rowsBefore` rows were written before them (error line numbers count them).
    ///
    /// Rows go in blocks of ``blockRows``: each column's cells of the block are rendered in one loop over
    /// values of one kind (``CSVColumnEncoder``) as references into one arena, then the block's lines are
    /// assembled from them (``CSVCellBlock``). The bytes are those of rendering row by row; only the work
    /// per cell is smaller: no dispatch on the column's kind, no growing array, no copy of a category's text
    /// until it goes into its line.
    func writeRows(_ table: Table, into sink: inout CSVByteSink, path: String, rowsBefore: Int) throws(CSVError) {
        guard table.rowCount > 0 else { return }
        let newline: [UInt8] = crlf ? [0x0D, 0x0A] : [0x0A]
        let capacity = min(Self.blockRows, table.rowCount)
        var fixed: [UInt8] = []
        var encoders = table.columns.map {
            CSVColumnEncoder($0, writer: self, alone: table.columnCount == 1, fixed: &fixed)
        }
        var slotBytes = 0
        for c in encoders.indices {
            encoders[c].slotStart = fixed.count + slotBytes
            slotBytes += encoders[c].slotWidth * capacity
        }
        var block = CSVCellBlock(fixed: fixed, slotBytes: slotBytes, columns: encoders.count, rows: capacity)
        let firstDataLine = (options.hasHeader ? 2 : 1) + rowsBefore
        var start = 0
        while start < table.rowCount {
            let rows = start..<min(start + capacity, table.rowCount)
            var cellBytes = 0
            // The first unwritable cell in row order (a datetime out of range), as writing row by row finds it.
            var bad: (row: Int, column: Int)? = nil
            for c in encoders.indices {
                switch block.render(column: c, { encoders[c].render(rows, arena: $0, cells: $1) }) {
                case .bytes(let n): cellBytes += n
                case .unwritable(let r): if bad.map({ r < $0.row }) ?? true { bad = (r, c) }
                }
            }
            if let bad, case .datetime(let v, _) = table.columns[bad.column].values {
                throw CSVError(.unwritableValue("datetime \(v[bad.row]) seconds is outside years 0-9999"),
                               path: path, line: firstDataLine + bad.row, column: bad.column + 1,
                               columnName: table.columns[bad.column].name)
            }
            block.appendLines(rows: rows.count, cellBytes: cellBytes, delimiter: options.delimiter, newline: newline,
                              to: &sink)
            try sink.flush()
            start = rows.upperBound
        }
    }

    /// Numbers, booleans and datetimes must not contain the delimiter, or the file would be ambiguous.
    private func validateForWriting(path: String) throws(CSVError) {
        let d = options.delimiter
        let clashes = (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(d)
            || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(d | 0x20)
            || [UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "-")].contains(d)
        if clashes {
            throw CSVError(.invalidOptions("the writer needs a delimiter that cannot occur in a number or "
                                           + "a boolean (not a letter, digit, '.', '+' or '-')"), path: path)
        }
    }

    /// Whether an unquoted category would read back as missing or, when quoting marks text, as a
    /// boolean, number or datetime.
    func wouldReadAsOtherKind(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { p in
            if MissingTokenSet(options.missingTokens).contains(p) { return true }
            guard options.quotedFieldsAreText else { return false }
            return FieldParsers.parseBool(p) != nil || FieldParsers.parseDouble(p) != nil
                || (options.datetimeFormats.isEmpty ? DatetimeFormat.guess(p) != nil
                    : options.datetimeFormats.contains { $0.parse(p) != nil })
        }
    }

    /// `bytes` as one field, quoted when `quoteAlways` or when the bytes need it.
    func field(_ bytes: [UInt8], quoteAlways: Bool) -> [UInt8] {
        var out: [UInt8] = []
        Self.appendField(bytes, delimiter: options.delimiter, quoteAlways: quoteAlways, to: &out)
        return out
    }

    /// Appends `bytes` as one field to `out`, quoted (inner quotes doubled) when `quoteAlways` or when the
    /// bytes need it: they hold the delimiter, a quote, CR or LF, start or end with a space or tab, or start
    /// with U+FEFF (which a reader would take for a byte-order mark).
    static func appendField(_ bytes: [UInt8], delimiter d: UInt8, quoteAlways: Bool, to out: inout [UInt8]) {
        let quote = UInt8(ascii: "\"")
        let edgeSpace: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        let needsQuotes = quoteAlways
            || bytes.contains { $0 == d || $0 == quote || $0 == 0x0A || $0 == 0x0D }
            || (bytes.first.map(edgeSpace) ?? false) || (bytes.last.map(edgeSpace) ?? false)
            || bytes.starts(with: [0xEF, 0xBB, 0xBF])
        guard needsQuotes else { out.append(contentsOf: bytes); return }
        out.append(quote)
        for b in bytes {
            if b == quote { out.append(quote) }
            out.append(b)
        }
        out.append(quote)
    }
}
