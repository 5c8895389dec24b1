import Foundation
import SynthMath
import Testing
@testable import SynthTable

/// The writer's block path (cells rendered per column into an arena, lines assembled by 16-byte copies)
/// against a row-by-row reference made of `String`s: every value class, every kind alone (the `""` of a
/// missing value), other delimiters and CRLF, and chunks against the whole table.
@Suite struct CSVWriterCellTests {
    /// The bytes of `table` rendered one cell at a time with the standard library's texts: the writer's
    /// documented format, independent of its code (a category is quoted when it has a structural byte, is
    /// empty, or does not read back as the same category).
    static func reference(_ table: Table, delimiter: UInt8 = UInt8(ascii: ","), crlf: Bool = false) -> [UInt8] {
        let d = Character(UnicodeScalar(delimiter))
        let newline = crlf ? "\r\n" : "\n"
        func quoted(_ text: String, always: Bool) -> String {
            let bytes = Array(text.utf8)
            let structural = text.unicodeScalars.contains { $0 == UnicodeScalar(delimiter) || $0 == "\"" || $0 == "\n" || $0 == "\r" }
                || [" ", "\t"].contains(text.unicodeScalars.first) || [" ", "\t"].contains(text.unicodeScalars.last)
                || bytes.starts(with: [0xEF, 0xBB, 0xBF])
            guard always || structural else { return text }
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        var readsBack: [String: Bool] = [:]
        func readsBackAsText(_ text: String) -> Bool {
            if let known = readsBack[text] { return known }
            let answer = readsBackAsTextUncached(text)
            readsBack[text] = answer
            return answer
        }
        func readsBackAsTextUncached(_ text: String) -> Bool {
            var options = CSVOptions()
            options.delimiter = delimiter
            guard let back = try? CSVReader(options: options).read(text: "h\n\(text)\n"), back.rowCount == 1,
                  case .categorical(let codes, let levels) = back.columns[0].values, !back.columns[0].missing[0]
            else { return false }
            return levels[Int(codes[0])] == text
        }
        var out = table.columns.map { quoted($0.name, always: false) }.joined(separator: String(d)) + newline
        for r in 0..<table.rowCount {
            let cells = table.columns.map { c -> String in
                if c.missing[r] { return table.columnCount == 1 ? "\"\"" : "" }
                switch c.values {
                case .numerical(let v): return v[r].isNaN ? (table.columnCount == 1 ? "\"\"" : "") : v[r].description
                case .integer(let v): return String(v[r])
                case .boolean(let v): return v[r] ? "True" : "False"
                case .categorical(let codes, let levels):
                    let text = levels[Int(codes[r])]
                    return quoted(text, always: text.isEmpty || !readsBackAsText(text))
                case .datetime(let v, let format): return quoted(format.format(v[r]), always: false)
                }
            }
            out += cells.joined(separator: String(d)) + newline
        }
        return Array(out.utf8)
    }

    static let integers: [Int] = [0, 1, -1, 9, -9, 10, -10, 99, -99, 100, -100, 101, 999, 1_000, 65_535, 1_000_000,
                                  -1_234_567_890, 9_999_999_999_999_999, Int.max, Int.min, Int.min + 1]
    static let doubles: [Double] = [0, -0.0, 0.1, -0.1, 1, -1, 1.5, 1e16, -1e16, 1e15, 123456789012345680, 1e-5,
                                    2.5e-7, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude,
                                    -.leastNormalMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
                                    .infinity, -.infinity, .nan, 1.0 / 3, 2.0 / 3, 0.30000000000000004, 4.35, 100]
    static let labels = ["x", "y, z", "NA", "q\"r", "12", "", " lead", "trail ", "\ttab", "a\nb", "c\rd", "héllo",
                         "日本語テキスト", "🐧 penguin", "\u{FEFF}bom", "true", "1e5", "inf", "-0.0", "2020-01-01",
                         "a long level whose text runs past sixteen bytes and then some more, with a comma",
                         "?", "nan", "Private"]

    /// A seeded table of `rows` rows: every value class above in every position, about one value in
    /// seven missing, random integers and doubles (any bit pattern) between them.
    static func table(rows n: Int, seed: UInt64) throws -> Table {
        var s = RandomStream(seed: seed)
        func missing() -> Bool { s.nextInt(below: 7) == 0 }
        let ints: [Int?] = (0..<n).map { _ in
            missing() ? nil : (s.nextInt(below: 2) == 0 ? integers[s.nextInt(below: integers.count)] : Int(bitPattern: UInt(s.next())) >> s.nextInt(below: 64))
        }
        let small: [Int?] = (0..<n).map { _ in missing() ? nil : s.nextInt(below: 200) - 100 }
        let numbers: [Double?] = (0..<n).map { _ in
            if missing() { return nil }
            if s.nextInt(below: 2) == 0 { return doubles[s.nextInt(below: doubles.count)] }
            let x = Double(bitPattern: s.next())
            return x.isNaN ? 1 / 7 : x
        }
        let bools: [Bool?] = (0..<n).map { _ in missing() ? nil : s.nextInt(below: 2) == 0 }
        let categories: [String?] = (0..<n).map { _ in missing() ? nil : labels[s.nextInt(below: labels.count)] }
        let day: Double = 18262 * 86400
        let stamps: [Double?] = (0..<n).map { _ in missing() ? nil : day + Double(s.nextInt(below: 4_000_000_000)) - 2e9 }
        let fractional: [Double?] = (0..<n).map { _ in missing() ? nil : day + Double(s.nextInt(below: 1 << 40)) / 1024 }
        return try Table(columns: [
            .integer("int", ints), .numerical("num", numbers), .categorical("cat", categories), .boolean("bool", bools),
            .integer("small", small),
            .datetime("when", stamps, format: DatetimeFormat("%d %B, %Y")),   // quoted: holds the delimiter
            .datetime("at", fractional, format: DatetimeFormat("%Y-%m-%dT%H:%M:%S.%f")),
            .categorical("level \"q\"", Array(categories.reversed())),
        ])
    }

    @Test(arguments: [0, 1, 2])
    func blocksGiveTheReferenceBytes(seed: UInt64) throws {
        let table = try Self.table(rows: CSVWriter.blockRows + 300, seed: seed)
        #expect(try CSVWriter().encode(table) == Self.reference(table))
        // Negative control: the reference of a table with one other value in the last block differs.
        var changed = table.columns
        changed[0] = .integer("int", (0..<table.rowCount).map { $0 == table.rowCount - 1 ? 4_242 : 0 })
        #expect(try CSVWriter().encode(table) != Self.reference(try Table(columns: changed)))
    }

    @Test func eachKindAloneWritesMissingAsQuotedEmpty() throws {
        let table = try Self.table(rows: 2_000, seed: 7)
        for column in table.columns {
            let alone = try Table(columns: [column])
            #expect(try CSVWriter().encode(alone) == Self.reference(alone), "column \(column.name)")
        }
    }

    @Test func otherDelimitersAndCRLF() throws {
        let table = try Self.table(rows: 500, seed: 3)
        for delimiter in [";", "\t", "|"].map({ UInt8(ascii: $0) }) {
            for crlf in [false, true] {
                var options = CSVOptions()
                options.delimiter = delimiter
                let written = try CSVWriter(options: options, crlf: crlf).encode(table)
                #expect(written == Self.reference(table, delimiter: delimiter, crlf: crlf), "delimiter \(delimiter) crlf \(crlf)")
            }
        }
    }

    /// Chunks of every size around the block size, streamed, give the whole table's bytes.
    @Test(arguments: [1, 999, CSVWriter.blockRows - 1, CSVWriter.blockRows, CSVWriter.blockRows + 1, 3 * CSVWriter.blockRows])
    func chunksGiveTheWholeTablesBytes(chunk: Int) throws {
        let whole = try Self.table(rows: 2 * CSVWriter.blockRows + 77, seed: 11)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cells-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let stream = try CSVStreamWriter(path: path)
        for start in stride(from: 0, to: whole.rowCount, by: chunk) {
            try stream.append(whole.selectingRows(Array(start..<min(start + chunk, whole.rowCount))))
        }
        try stream.finish()
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))) == Self.reference(whole))
    }

    /// The digit writer against `String(v)` on every power of ten and its neighbours and on random values.
    @Test func digitsOfEveryMagnitude() {
        var values: [Int] = [Int.min, Int.max, 0]
        var p = 1
        for _ in 0..<19 {
            values += [p - 1, p, p + 1, -p, -(p - 1), -(p + 1)]
            p = p.multipliedReportingOverflow(by: 10).partialValue
        }
        var s = RandomStream(seed: 5)
        for _ in 0..<10_000 { values.append(Int(bitPattern: UInt(s.next())) >> s.nextInt(below: 64)) }
        var slot = [UInt8](repeating: 0, count: CSVColumnEncoder.integerSlot)
        CSVColumnEncoder.digitPairs.withUnsafeBufferPointer { pairs in
            for v in values {
                let text = slot.withUnsafeMutableBufferPointer { b -> String in
                    let end = b.baseAddress! + b.count
                    let first = CSVColumnEncoder.writeDigits(v, endingAt: end, pairs: pairs.baseAddress!)
                    return String(decoding: UnsafeBufferPointer(start: first, count: end - first), as: UTF8.self)
                }
                #expect(text == String(v))
            }
        }
    }
}
