/// Reads CSV text into a ``Table`` in one streaming pass.
///
/// The file is read in chunks of 4 MiB and parsed once; fields are handled as bytes and no `String` is
/// made per cell. Each column's values are parsed as they arrive and its kind is settled at the end:
/// boolean if every present value is `true`/`false` (any case), else integer if every value is a whole
/// number that fits `Int`, else numerical if every value is a decimal number (or `inf`), else datetime
/// if every value parses with the layout pandas guesses from the first value (or one layout of an explicit
/// ``CSVOptions/datetimeFormats`` list), else categorical
/// (dictionary-encoded, levels in order of first appearance, each level the field's exact text). A
/// column with only missing values is numerical. ``CSVOptions/forcedKinds`` overrides inference.
///
/// Malformed input throws a ``CSVError`` that names the file, line and column.
///
/// ```swift
/// let adult = try CSVReader(options: CSVOptions(trimLeadingSpaces: true, hasHeader: false,
///                                               columnNames: adultNames)).read(path: "adult.data")
/// ```
public struct CSVReader: Sendable {
    public var options: CSVOptions
    /// Bytes per read call and the initial buffer size (the buffer grows if one record is longer).
    /// Internal so tests can split records across chunk boundaries with tiny chunks.
    var chunkSize = 4 << 20

    public init(options: CSVOptions = CSVOptions()) {
        self.options = options
    }

    /// Reads the file at `path`.
    public func read(path: String) throws(CSVError) -> Table {
        let source = try FileByteSource(path: path)
        defer { source.close() }
        return try parse(source)
    }

    /// Reads CSV bytes held in memory; `name` stands for the path in errors.
    public func read(bytes: [UInt8], name: String = "<memory>") throws(CSVError) -> Table {
        try parse(MemoryByteSource(bytes: bytes, name: name))
    }

    /// Reads CSV text held in a string.
    public func read(text: String, name: String = "<memory>") throws(CSVError) -> Table {
        try read(bytes: Array(text.utf8), name: name)
    }

    /// Reads the file at `path` and says what the lenient options changed (renamed header names, dropped
    /// rows).
    public func readWithNotes(path: String) throws(CSVError) -> (table: Table, notes: CSVReadNotes) {
        let source = try FileByteSource(path: path)
        defer { source.close() }
        return try parseWithNotes(source)
    }

    /// ``readWithNotes(path:)`` for CSV text held in a string.
    public func readWithNotes(text: String, name: String = "<memory>") throws(CSVError) -> (table: Table, notes: CSVReadNotes) {
        try parseWithNotes(MemoryByteSource(bytes: Array(text.utf8), name: name))
    }

    private func parse<S: CSVByteSource>(_ source: S) throws(CSVError) -> Table {
        try parseWithNotes(source).table
    }

    private func parseWithNotes<S: CSVByteSource>(_ source: S) throws(CSVError) -> (table: Table, notes: CSVReadNotes) {
        var parser = CSVParser(source: source, options: options, chunkSize: chunkSize)
        defer { parser.release() }
        let table = try parser.parse()
        return (table, parser.notes)
    }
}
