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

    /// One column's cells, ready to render.
    private enum CellEncoder {
        case numerical([Double])
        case integer([Int])
        case boolean([Bool])
        /// Each level's field bytes (already quoted if needed), back to back.
        case categorical(codes: [Int32], fields: [UInt8], ends: [Int])
        case datetime([Double], DatetimeFormat)
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
                appendText(Array(c.name.utf8), quoteAlways: false, to: &sink)
            }
            sink.append(newline)
        }
    }

    /// Rows rendered at a time by ``writeRows(_:into:path:rowsBefore:)``.
    static let blockRows = 4096

    /// Writes the table's rows; `rowsBefore` rows were written before them (error line numbers count them).
    ///
    /// Rows go in blocks of ``blockRows``: each column's cells of the block are rendered into one buffer
    /// (a loop per column over values of one kind), then the cells are interleaved into lines. The bytes
    /// are those of rendering row by row; only the work per cell is smaller (no dispatch on the column's
    /// kind per cell).
    func writeRows(_ table: Table, into sink: inout CSVByteSink, path: String, rowsBefore: Int) throws(CSVError) {
        let newline: [UInt8] = crlf ? [0x0D, 0x0A] : [0x0A]
        let delimiter = options.delimiter
        let encoders = table.columns.map(encoder)
        let single = table.columnCount == 1
        let firstDataLine = (options.hasHeader ? 2 : 1) + rowsBefore
        var cells = CSVByteSink(fd: nil, path: path)
        var ends: [Int] = []
        var scratch: [UInt8] = []
        var start = 0
        while start < table.rowCount {
            let rows = min(Self.blockRows, table.rowCount - start)
            cells.removeAll()
            ends.removeAll(keepingCapacity: true)
            // The first unwritable cell in row order (a datetime out of range), as writing row by row finds it.
            var bad: (row: Int, column: Int)? = nil
            for c in encoders.indices {
                if let r = render(encoders[c], missing: table.columns[c].missing, rows: start..<(start + rows),
                                  single: single, into: &cells, ends: &ends, scratch: &scratch),
                   bad.map({ r < $0.row }) ?? true {
                    bad = (r, c)
                }
            }
            if let bad, case .datetime(let v, _) = encoders[bad.column] {
                throw CSVError(.unwritableValue("datetime \(v[bad.row]) seconds is outside years 0-9999"),
                               path: path, line: firstDataLine + bad.row, column: bad.column + 1,
                               columnName: table.columns[bad.column].name)
            }
            cells.bytes.withUnsafeBufferPointer { p in
                ends.withUnsafeBufferPointer { e in
                    for i in 0..<rows {
                        for c in encoders.indices {
                            if c > 0 { sink.append(delimiter) }
                            let k = c * rows + i
                            sink.append(UnsafeBufferPointer(rebasing: p[(k == 0 ? 0 : e[k - 1])..<e[k]]))
                        }
                        sink.append(newline)
                    }
                }
            }
            try sink.flush()
            start += rows
        }
    }

    /// Appends the cells of `rows` of one column to `cells`, each cell's end offset to `ends`; returns the
    /// first row that cannot be written (a datetime out of range), leaving the rest of the column unrendered.
    private func render(_ encoder: CellEncoder, missing: [Bool], rows: Range<Int>, single: Bool,
                        into cells: inout CSVByteSink, ends: inout [Int], scratch: inout [UInt8]) -> Int? {
        // A missing value is an empty field, or `""` when it is the line's only field.
        @inline(__always) func empty(_ cells: inout CSVByteSink) {
            if single { cells.append(UInt8(ascii: "\"")); cells.append(UInt8(ascii: "\"")) }
        }
        switch encoder {
        case .numerical(let v):
            for r in rows {
                if missing[r] || v[r].isNaN { empty(&cells) } else { v[r].write(to: &cells) }
                ends.append(cells.bytes.count)
            }
        case .integer(let v):
            for r in rows {
                if missing[r] { empty(&cells) } else { cells.append(v[r]) }
                ends.append(cells.bytes.count)
            }
        case .boolean(let v):
            for r in rows {
                if missing[r] { empty(&cells) } else { cells.append(v[r] ? Self.trueBytes : Self.falseBytes) }
                ends.append(cells.bytes.count)
            }
        case .categorical(let codes, let fields, let levelEnds):
            fields.withUnsafeBufferPointer { f in
                for r in rows {
                    if missing[r] {
                        empty(&cells)
                    } else {
                        let code = Int(codes[r])
                        cells.append(UnsafeBufferPointer(rebasing: f[(code == 0 ? 0 : levelEnds[code - 1])..<levelEnds[code]]))
                    }
                    ends.append(cells.bytes.count)
                }
            }
        case .datetime(let v, let format):
            for r in rows {
                if missing[r] {
                    empty(&cells)
                } else {
                    let s = v[r]
                    guard s.isFinite, s >= Self.datetimeRange.lowerBound, s <= Self.datetimeRange.upperBound else { return r }
                    scratch.removeAll(keepingCapacity: true)
                    format.appendFormatted(s, to: &scratch)
                    appendText(scratch, quoteAlways: false, to: &cells)
                }
                ends.append(cells.bytes.count)
            }
        }
        return nil
    }

    private static let trueBytes = Array("True".utf8)
    private static let falseBytes = Array("False".utf8)
    /// Seconds of 0000-01-01T00:00:00 through 9999-12-31T23:59:59, what %Y reads back.
    private static let datetimeRange: ClosedRange<Double> =
        Double(DatetimeFormat.daysFromCivil(0, 1, 1) * 86400)...Double(DatetimeFormat.daysFromCivil(9999, 12, 31) * 86400 + 86399)

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

    private func encoder(_ column: Column) -> CellEncoder {
        switch column.values {
        case .numerical(let v): return .numerical(v)
        case .integer(let v): return .integer(v)
        case .boolean(let v): return .boolean(v)
        case .datetime(let v, let f): return .datetime(v, f)
        case .categorical(let codes, let levels):
            var fields: [UInt8] = []
            var ends: [Int] = []
            ends.reserveCapacity(levels.count)
            for level in levels {
                var sink = CSVByteSink(fd: nil, path: "")
                let bytes = Array(level.utf8)
                appendText(bytes, quoteAlways: bytes.isEmpty || wouldReadAsOtherKind(bytes), to: &sink)
                fields.append(contentsOf: sink.bytes)
                ends.append(fields.count)
            }
            return .categorical(codes: codes, fields: fields, ends: ends)
        }
    }

    /// Whether an unquoted category would read back as missing or, when quoting marks text, as a
    /// boolean, number or datetime.
    private func wouldReadAsOtherKind(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { p in
            if MissingTokenSet(options.missingTokens).contains(p) { return true }
            guard options.quotedFieldsAreText else { return false }
            return FieldParsers.parseBool(p) != nil || FieldParsers.parseDouble(p) != nil
                || (options.datetimeFormats.isEmpty ? DatetimeFormat.guess(p) != nil
                    : options.datetimeFormats.contains { $0.parse(p) != nil })
        }
    }

    /// Appends `bytes` as one field, quoted when `quoteAlways` or when the bytes need it.
    private func appendText(_ bytes: [UInt8], quoteAlways: Bool, to sink: inout CSVByteSink) {
        let quote = UInt8(ascii: "\"")
        let d = options.delimiter
        let edgeSpace: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        let needsQuotes = quoteAlways
            || bytes.contains { $0 == d || $0 == quote || $0 == 0x0A || $0 == 0x0D }
            || (bytes.first.map(edgeSpace) ?? false) || (bytes.last.map(edgeSpace) ?? false)
            || bytes.starts(with: [0xEF, 0xBB, 0xBF])  // a leading U+FEFF would read as a byte-order mark
        guard needsQuotes else { sink.append(bytes); return }
        sink.append(quote)
        for b in bytes {
            if b == quote { sink.append(quote) }
            sink.append(b)
        }
        sink.append(quote)
    }
}
