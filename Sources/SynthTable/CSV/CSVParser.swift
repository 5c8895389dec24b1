import Foundation

/// The single-pass scanner behind ``CSVReader``: reads the source in chunks into one buffer, splits it
/// into records and fields, and hands each complete record to the column builders.
///
/// A record is committed only once it is complete in the buffer. When a record runs past the bytes read
/// so far, its partial fields are dropped, the unconsumed tail is moved to the front of the buffer, more
/// bytes are read behind it (the buffer doubles if one record fills it) and the record is scanned again
/// from its start. So fields, quotes and CRLF pairs split across chunks are handled by the same code as
/// everything else, and the file itself is read exactly once.
struct CSVParser<Source: CSVByteSource> {
    /// One field of the record being scanned: its content (quotes excluded) in the buffer.
    private struct FieldSpan {
        var start: Int
        var end: Int
        /// 1-based physical line where the field starts.
        var line: Int
        var quoted: Bool
        /// Holds `""` pairs that stand for one quote each.
        var escaped: Bool
        /// Holds bytes >= 0x80, which must be checked as UTF-8.
        var nonASCII: Bool
    }

    private enum ScanOutcome {
        case needMore
        case complete(next: Int, line: Int)
    }

    private var source: Source
    private let options: CSVOptions
    private let missingTokens: MissingTokenSet
    private let delimiter: UInt8
    private let trim: Bool

    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Valid bytes are `buffer[0..<filled]`.
    private var filled = 0
    /// Start of the next unconsumed byte (a record start).
    private var position = 0
    /// File offset of `buffer[0]`.
    private var bufferOffset = 0
    private var sourceDone = false
    /// 1-based physical line at `position`.
    private var line = 1

    private var fields: [FieldSpan] = []
    private var scratch: [UInt8] = []
    private var names: [String] = []
    private var haveHeader = false
    private var headerLine = 0
    private var builders: [ColumnBuilder] = []
    private var pendingBlankLines = 0
    private var firstPendingBlankLine = 0
    /// Renamed header names and dropped rows (see ``CSVReadNotes``).
    private(set) var notes = CSVReadNotes()

    private static var quote: UInt8 { UInt8(ascii: "\"") }
    private static var lf: UInt8 { UInt8(ascii: "\n") }
    private static var cr: UInt8 { UInt8(ascii: "\r") }
    private static var space: UInt8 { UInt8(ascii: " ") }

    init(source: Source, options: CSVOptions, chunkSize: Int) {
        precondition(chunkSize > 0, "chunk size must be positive")
        self.source = source
        self.options = options
        self.missingTokens = MissingTokenSet(options.missingTokens)
        self.delimiter = options.delimiter
        self.trim = options.trimLeadingSpaces
        self.capacity = chunkSize
        self.buffer = .allocate(capacity: chunkSize)
    }

    /// Frees the buffer; call once when done with the parser.
    func release() { buffer.deallocate() }

    private func error(_ reason: CSVError.Reason, line: Int? = nil, column: Int? = nil) -> CSVError {
        let name = column.flatMap { $0 >= 1 && $0 <= names.count && !names[$0 - 1].isEmpty ? names[$0 - 1] : nil }
        return CSVError(reason, path: source.name, line: line, column: column, columnName: name)
    }

    // MARK: Buffer

    /// Moves the unconsumed bytes to the front, grows the buffer if they fill it, and reads more.
    /// Sets `sourceDone` when the source has no more bytes.
    private mutating func refill() throws(CSVError) {
        if position > 0 {
            let keep = filled - position
            if keep > 0 { buffer.update(from: buffer + position, count: keep) }
            bufferOffset += position
            filled = keep
            position = 0
        }
        if filled == capacity {
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            bigger.update(from: buffer, count: filled)
            buffer.deallocate()
            buffer = bigger
            capacity *= 2
        }
        let n = try source.read(into: UnsafeMutableRawBufferPointer(start: buffer + filled, count: capacity - filled))
        if n == 0 { sourceDone = true }
        filled += n
    }

    // MARK: Parsing

    mutating func parse() throws(CSVError) -> Table {
        try options.validate(path: source.name)
        try skipPreamble()
        while true {
            if position >= filled {
                if sourceDone { break }
                try refill()
                continue
            }
            let c = buffer[position]
            if c == Self.lf || c == Self.cr {
                if c == Self.cr && position + 1 >= filled && !sourceDone { try refill(); continue }
                position += 1
                if c == Self.cr && position < filled && buffer[position] == Self.lf { position += 1 }
                if pendingBlankLines == 0 { firstPendingBlankLine = line }
                pendingBlankLines += 1
                line += 1
                continue
            }
            switch try scanRecord() {
            case .needMore:
                try refill()
            case .complete(let next, let nextLine):
                try commitRecord()
                position = next
                line = nextLine
            }
        }
        guard haveHeader else { throw error(.emptyFile) }
        let rows = builders.first?.rowCount ?? 0
        if rows == 0 {
            if options.hasHeader { throw error(.headerOnly, line: headerLine) }
            throw error(.emptyFile)
        }
        // Names were checked for duplicates and the lengths agree, so this cannot fail.
        return try! Table(columns: builders.map { $0.column() })
    }

    /// Skips a UTF-8 byte-order mark and the first `options.skipLines` physical lines.
    private mutating func skipPreamble() throws(CSVError) {
        while filled < 3 && !sourceDone { try refill() }
        if filled >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { position = 3 }
        var toSkip = options.skipLines
        while toSkip > 0 {
            if position >= filled {
                if sourceDone { return }
                try refill()
                continue
            }
            let rest = UnsafeRawPointer(buffer + position)
            if let hit = memchr(rest, Int32(Self.lf), filled - position) {
                position += rest.distance(to: UnsafeRawPointer(hit)) + 1
                line += 1
                toSkip -= 1
            } else {
                position = filled
            }
        }
    }

    /// Splits the record at `position` into `fields`, or reports that it runs past the buffered bytes.
    private mutating func scanRecord() throws(CSVError) -> ScanOutcome {
        fields.removeAll(keepingCapacity: true)
        let b = buffer
        let end = filled
        let atEnd = sourceDone
        let delimiter = self.delimiter
        var i = position
        var line = self.line
        while true {
            let fieldLine = line
            if trim { while i < end && b[i] == Self.space { i += 1 } }
            if i < end && b[i] == Self.quote {
                let openLine = line
                i += 1
                let start = i
                var escaped = false
                var high: UInt8 = 0
                while true {
                    guard i < end else {
                        if atEnd { throw error(.unterminatedQuote, line: openLine, column: fields.count + 1) }
                        return .needMore
                    }
                    let c = b[i]
                    if c == Self.quote {
                        if i + 1 >= end && !atEnd { return .needMore }
                        if i + 1 < end && b[i + 1] == Self.quote { escaped = true; i += 2; continue }
                        break
                    }
                    if c == Self.lf { line += 1 }
                    high |= c
                    i += 1
                }
                fields.append(FieldSpan(start: start, end: i, line: fieldLine, quoted: true,
                                        escaped: escaped, nonASCII: high >= 0x80))
                i += 1  // the closing quote
                if i >= end { return .complete(next: i, line: line) }  // atEnd (checked above)
                let c = b[i]
                if c == delimiter { i += 1; continue }
                if c != Self.lf && c != Self.cr {
                    throw error(.textAfterClosingQuote, line: line, column: fields.count)
                }
            } else {
                let start = i
                var high: UInt8 = 0
                while i < end {
                    let c = b[i]
                    if c == delimiter || c == Self.lf || c == Self.cr || c == Self.quote { break }
                    high |= c
                    i += 1
                }
                if i >= end {
                    guard atEnd else { return .needMore }
                    fields.append(FieldSpan(start: start, end: i, line: fieldLine, quoted: false,
                                            escaped: false, nonASCII: high >= 0x80))
                    return .complete(next: i, line: line)
                }
                let c = b[i]
                if c == Self.quote { throw error(.strayQuote, line: line, column: fields.count + 1) }
                fields.append(FieldSpan(start: start, end: i, line: fieldLine, quoted: false,
                                        escaped: false, nonASCII: high >= 0x80))
                if c == delimiter { i += 1; continue }
            }
            // A line break ends the record: LF, CRLF or a lone CR.
            if b[i] == Self.cr {
                if i + 1 >= end && !atEnd { return .needMore }
                i += 1
                if i < end && b[i] == Self.lf { i += 1 }
            } else {
                i += 1
            }
            return .complete(next: i, line: line + 1)
        }
    }

    /// Checks the fields of the scanned record as UTF-8, then makes it the header or a data row.
    private mutating func commitRecord() throws(CSVError) {
        for k in fields.indices where fields[k].nonASCII {
            let f = fields[k]
            let bad = FieldParsers.firstInvalidUTF8(UnsafeBufferPointer(start: buffer + f.start, count: f.end - f.start))
            if let bad {
                let newlines = UnsafeBufferPointer(start: buffer + f.start, count: bad).reduce(0) { $0 + ($1 == Self.lf ? 1 : 0) }
                throw error(.invalidUTF8(byteOffset: bufferOffset + f.start + bad), line: f.line + newlines, column: k + 1)
            }
        }
        if !haveHeader {
            try commitHeader()
            if options.hasHeader { return }
        }
        if pendingBlankLines > 0 {
            guard builders.count == 1 else {
                throw error(.blankLine(expected: builders.count), line: firstPendingBlankLine)
            }
            for k in 0..<pendingBlankLines {
                notes.rowLines.record(row: builders[0].rowCount, line: firstPendingBlankLine + k)
                builders[0].appendMissing()
            }
            pendingBlankLines = 0
        }
        guard fields.count == builders.count else {
            if options.onBadLines != .error {
                notes.recordSkipped(line: fields[0].line)
                return
            }
            if fields.count > builders.count {
                throw error(.raggedRow(fields: fields.count, expected: builders.count),
                            line: fields[builders.count].line, column: builders.count + 1)
            }
            throw error(.raggedRow(fields: fields.count, expected: builders.count),
                        line: fields[fields.count - 1].line, column: fields.count + 1)
        }
        notes.rowLines.record(row: builders.first?.rowCount ?? 0, line: fields[0].line)
        let quotedAreText = options.quotedFieldsAreText
        for k in fields.indices {
            let f = fields[k]
            let raw = UnsafeBufferPointer(start: buffer + f.start, count: f.end - f.start)
            let accepted: Bool
            if !f.quoted {
                if missingTokens.contains(raw) {
                    builders[k].appendMissing()
                    continue
                }
                accepted = builders[k].append(raw, isText: false)
            } else if raw.isEmpty {
                builders[k].appendMissing()
                continue
            } else if f.escaped {
                unescape(raw)
                accepted = scratch.withUnsafeBufferPointer { builders[k].append($0, isText: quotedAreText) }
            } else {
                accepted = builders[k].append(raw, isText: quotedAreText)
            }
            if !accepted {
                throw error(.notOfForcedKind(value: fieldText(f), kind: builders[k].forced!),
                            line: f.line, column: k + 1)
            }
        }
    }

    /// Takes the column names from the first record (or from the options) and sets up the builders.
    private mutating func commitHeader() throws(CSVError) {
        haveHeader = true
        headerLine = fields.first?.line ?? line
        pendingBlankLines = 0
        if options.hasHeader {
            names = fields.map { fieldText($0) }
        } else if let given = options.columnNames {
            guard given.count == fields.count else {
                throw error(.columnNameCount(given: given.count, fields: fields.count), line: headerLine)
            }
            names = given
        } else {
            names = (1...fields.count).map { "column_\($0)" }
        }
        var firstIndex: [String: Int] = [:]
        var repeated = false
        for (k, n) in names.enumerated() {
            let nameLine = options.hasHeader ? fields[k].line : nil
            if n.isEmpty {
                // Empty names to the end of the header: a trailing delimiter, which pandas reads as `Unnamed: k`.
                let trailing = options.hasHeader && names[k...].allSatisfy(\.isEmpty)
                throw error(trailing ? .trailingDelimiter(count: names.count - k, firstIndex: k, delimiter: Character(UnicodeScalar(options.delimiter)))
                                     : .emptyColumnName, line: nameLine, column: k + 1)
            }
            if let first = firstIndex[n] {
                guard options.hasHeader && !options.strictHeader else {
                    throw error(.duplicateColumnName(n, firstColumn: first + 1), line: nameLine, column: k + 1)
                }
                repeated = true
                continue
            }
            firstIndex[n] = k
        }
        if repeated {
            let original = names
            names = Self.pandasDedupedNames(names)
            for k in names.indices where names[k] != original[k] {
                notes.renamedColumns.append(CSVReadNotes.RenamedColumn(
                    name: original[k], renamed: names[k], column: k + 1, firstColumn: (firstIndex[original[k]] ?? k) + 1))
            }
            firstIndex = [:]
            for (k, n) in names.enumerated() {
                // pandas' renaming yields distinct names; checked so that a table never gets two columns of one name.
                if let first = firstIndex[n] {
                    throw error(.duplicateColumnName(n, firstColumn: first + 1), line: headerLine, column: k + 1)
                }
                firstIndex[n] = k
            }
        }
        for forcedName in options.forcedKinds.keys.sorted() where firstIndex[forcedName] == nil {
            throw error(.unknownForcedColumn(forcedName), line: headerLine)
        }
        builders = names.map {
            ColumnBuilder(name: $0, forced: options.forcedKinds[$0], formats: options.datetimeFormats)
        }
    }

    /// pandas' C parser's renaming of repeated header names (`parsers.pyx`, `_get_header`): the k-th repeat
    /// of `name` becomes `name.k`, skipping any `name.k` the header already holds (`a,a,a.1` -> `a, a.2,
    /// a.1`), and a renamed name is itself counted (`x.1,x,x,x.1` -> `x.1, x, x.2, x.1.1`).
    static func pandasDedupedNames(_ header: [String]) -> [String] {
        var names = header
        var counts: [String: Int] = [:]
        for i in names.indices {
            let old = names[i]
            var name = old
            var current = counts[name, default: 0]
            while current > 0 {
                counts[old] = current + 1
                name = "\(old).\(current)"
                current = names.contains(name) ? current + 1 : counts[name, default: 0]
            }
            names[i] = name
            counts[name] = current + 1
        }
        return names
    }

    /// Copies a quoted field's content into `scratch` with each `""` turned into `"`.
    private mutating func unescape(_ raw: UnsafeBufferPointer<UInt8>) {
        scratch.removeAll(keepingCapacity: true)
        var i = 0
        while i < raw.count {
            scratch.append(raw[i])
            i += raw[i] == Self.quote ? 2 : 1
        }
    }

    /// A field's value as a string (quotes unescaped), for names and messages.
    private mutating func fieldText(_ f: FieldSpan) -> String {
        let raw = UnsafeBufferPointer(start: buffer + f.start, count: f.end - f.start)
        if f.escaped {
            unescape(raw)
            return String(decoding: scratch, as: UTF8.self)
        }
        return String(decoding: raw, as: UTF8.self)
    }
}
