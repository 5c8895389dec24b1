import SynthMath
import Testing
@testable import SynthTable

/// The line each data row starts on (``CSVRowLines``), which errors found after reading name. The oracle
/// is the text itself: each test builds its CSV row by row and counts the line breaks before every kept
/// row as it writes it.
@Suite struct CSVRowLinesTests {
    /// A CSV of `rows` random rows with quoted fields spanning lines (LF and CRLF), and, under `.skip`,
    /// ragged rows the reader drops; the 1-based line each kept row starts on, counted while writing.
    static func randomFile(rows: Int, seed: UInt64, header: Bool, preamble: Int) -> (text: String, lines: [Int]) {
        var rng = RandomStream(seed: seed)
        var text = "", line = 1, lines: [Int] = []
        func write(_ s: String) {
            text += s
            line += s.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        }
        for k in 0..<preamble { write("# note \(k)\n") }
        if header { write("a,b,c\n") }
        for r in 0..<rows {
            let eol = rng.nextInt(below: 4) == 0 ? "\r\n" : "\n"
            if rng.nextInt(below: 6) == 0 {   // dropped under on_bad_lines skip
                write("\(r),x\(eol)")
                continue
            }
            lines.append(line)
            let breaks = rng.nextInt(below: 5) < 3 ? 0 : 1 + rng.nextInt(below: 2)
            let quoted = "\"t\(r)" + String(repeating: rng.nextInt(below: 2) == 0 ? "\n-" : "\r\n-", count: breaks) + "\""
            write("\(r),\(quoted),\(Double(r) / 4)\(eol)")
        }
        return (text, lines)
    }

    @Test(arguments: [(UInt64(1), true, 0), (2, false, 0), (3, true, 2), (4, false, 3)])
    func everyKeptRowStartsOnTheLineTheTextPutsItOn(seed: UInt64, header: Bool, preamble: Int) throws {
        let (text, lines) = Self.randomFile(rows: 300, seed: seed, header: header, preamble: preamble)
        let options = CSVOptions(hasHeader: header, columnNames: header ? nil : ["a", "b", "c"], skipLines: preamble,
                                 onBadLines: .skip)
        for chunk in [5, 64, 4 << 20] {   // records split across refills, and one read
            var reader = CSVReader(options: options)
            reader.chunkSize = chunk
            let (table, notes) = try reader.readWithNotes(text: text)
            #expect(table.rowCount == lines.count)
            #expect(notes.skippedLineCount == 300 - lines.count)
            let got = (0..<table.rowCount).map { notes.rowLines.line(ofRow: $0) }
            #expect(got == lines.map(Optional.some), "seed \(seed), chunk \(chunk)")
        }
        // Negative control: counting rows instead of line breaks (the header and preamble added) gets them wrong.
        let naive = lines.indices.map { $0 + 1 + preamble + (header ? 1 : 0) }
        #expect(naive != lines)
    }

    @Test func aPlainFileIsOneEntryAndBlankLinesAreMissingRowsWithTheirLines() throws {
        let plain = "a,b\n" + (0..<10_000).map { "\($0),\($0 * 2)" }.joined(separator: "\n") + "\n"
        let (t, notes) = try CSVReader().readWithNotes(text: plain)
        #expect(t.rowCount == 10_000)
        #expect(notes.rowLines.entryCount == 1)
        #expect(notes.rowLines.line(ofRow: 0) == 2 && notes.rowLines.line(ofRow: 9_999) == 10_001)
        // A one-column file reads a blank line as a missing value, a row of its own.
        let (single, singleNotes) = try CSVReader().readWithNotes(text: "x\n1\n\n\n4\n")
        #expect(single["x"]?.missing == [false, true, true, false])
        #expect((0..<4).map { singleNotes.rowLines.line(ofRow: $0) } == [2, 3, 4, 5])
        #expect(CSVRowLines().line(ofRow: 0) == nil)
    }
}
