/// What the reader changed or dropped while reading a file under the lenient options: header names it
/// renamed (``CSVOptions/strictHeader`` off) and data rows it dropped (``CSVOptions/onBadLines`` `warn`
/// or `skip`). Runs record these in `run.json` (`csv`), so nothing is changed silently. The notes also
/// carry the line each kept row starts on (``rowLines``, not recorded), for errors found after reading.
public struct CSVReadNotes: Sendable, Equatable, Codable {
    /// A repeated header name and the name it was given.
    public struct RenamedColumn: Sendable, Equatable, Codable {
        public var name: String
        public var renamed: String
        /// 1-based field index of the renamed column and of the first column with that name.
        public var column: Int
        public var firstColumn: Int

        public init(name: String, renamed: String, column: Int, firstColumn: Int) {
            self.name = name; self.renamed = renamed; self.column = column; self.firstColumn = firstColumn
        }

        enum CodingKeys: String, CodingKey { case name, renamed, column, firstColumn = "first_column" }
    }

    /// How many dropped lines are listed (the count covers all of them).
    public static let listedLines = 20

    public var renamedColumns: [RenamedColumn] = []
    /// Data rows dropped because their field count differs from the header's.
    public var skippedLineCount = 0
    /// The 1-based physical lines of the first ``listedLines`` dropped rows.
    public var skippedLines: [Int] = []
    /// The physical line of each data row the table holds.
    public var rowLines = CSVRowLines()

    public init() {}

    public var isEmpty: Bool { renamedColumns.isEmpty && skippedLineCount == 0 }

    mutating func recordSkipped(line: Int) {
        skippedLineCount += 1
        if skippedLines.count < Self.listedLines { skippedLines.append(line) }
    }

    /// One line per renamed column and one for the dropped rows, for logs and the terminal.
    public var warnings: [String] {
        var out = renamedColumns.map {
            "column \($0.column) repeats the name \"\($0.name)\" of column \($0.firstColumn); renamed \"\($0.renamed)\" (--strict-header refuses such a file)"
        }
        if skippedLineCount > 0 {
            let more = skippedLineCount > skippedLines.count ? ", ..." : ""
            out.append("dropped \(skippedLineCount) row\(skippedLineCount == 1 ? "" : "s") whose field count differs from the header's (lines \(skippedLines.map(String.init).joined(separator: ", "))\(more))")
        }
        return out
    }

    enum CodingKeys: String, CodingKey {
        case renamedColumns = "renamed_columns", skippedLineCount = "skipped_line_count", skippedLines = "skipped_lines"
    }
}
