import Foundation
import Testing
@testable import SynthTable

/// Every malformed input gets its own error case and its location (line, column, column name).
@Suite struct CSVErrorTests {
    /// The error reading `bytes` throws (with every chunk size from 1 to 16 and the default, which must
    /// all agree), or nil.
    private func failure(_ bytes: [UInt8], _ options: CSVOptions = CSVOptions()) -> CSVError? {
        var errors: [CSVError?] = []
        for size in [nil] + Array(1...16) as [Int?] {
            do {
                _ = try readCSV(bytes, options, chunkSize: size)
                errors.append(nil)
            } catch {
                errors.append(error)
            }
        }
        #expect(Set(errors.map { $0.map(\.description) ?? "no error" }).count == 1, "chunk size changed the error")
        return errors[0]
    }

    private func failure(_ text: String, _ options: CSVOptions = CSVOptions()) -> CSVError? {
        failure(Array(text.utf8), options)
    }

    @Test func tooManyFields() throws {
        let e = try #require(failure("a,b\n1,2\n3,4,5\n"))
        #expect(e.reason == .raggedRow(fields: 3, expected: 2))
        #expect((e.line, e.column, e.columnName) == (3, 3, nil))
        #expect(e.description == "t.csv:3:3: row has 3 fields, header has 2 (to drop such rows: --on-bad-lines skip or warn; on_bad_lines in a grid spec)")
    }

    @Test func tooFewFields() throws {
        let e = try #require(failure("a,b,c\n1,2,3\n4,5\n"))
        #expect(e.reason == .raggedRow(fields: 2, expected: 3))
        #expect((e.line, e.column, e.columnName) == (3, 3, "c"))
        #expect(e.description == "t.csv:3:3 (column \"c\"): row has 2 fields, header has 3 (to drop such rows: --on-bad-lines skip or warn; on_bad_lines in a grid spec)")
    }

    @Test func raggedRowAfterAMultiLineField() throws {
        // The record starts on line 2; its extra field is on line 3.
        let e = try #require(failure("a,b\n\"x\ny\",2,3\n"))
        #expect(e.reason == .raggedRow(fields: 3, expected: 2))
        #expect((e.line, e.column) == (3, 3))
    }

    @Test func blankLineInsideData() throws {
        let e = try #require(failure("a,b\n1,2\n\n3,4\n"))
        #expect(e.reason == .blankLine(expected: 2))
        #expect(e.line == 3)
    }

    @Test func unterminatedQuoteIsReportedWhereItOpened() throws {
        let e = try #require(failure("a,b\n1,2\n3,\"open\n4,5\n6,7\n"))
        #expect(e.reason == .unterminatedQuote)
        #expect((e.line, e.column, e.columnName) == (3, 2, "b"))
    }

    @Test func strayQuote() throws {
        let e = try #require(failure("a,b\n1,x\"y\n"))
        #expect(e.reason == .strayQuote)
        #expect((e.line, e.column, e.columnName) == (2, 2, "b"))
    }

    @Test func textAfterClosingQuote() throws {
        let e = try #require(failure("a,b\n\"x\"y,2\n"))
        #expect(e.reason == .textAfterClosingQuote)
        #expect((e.line, e.column, e.columnName) == (2, 1, "a"))
    }

    @Test func invalidUTF8() throws {
        let e = try #require(failure(Array("a,b\n1,ok\n2,".utf8) + [0x66, 0xFF, 0x66] + Array("\n".utf8)))
        #expect(e.reason == .invalidUTF8(byteOffset: 12))
        #expect((e.line, e.column, e.columnName) == (3, 2, "b"))
        // Inside a multi-line quoted field the line is the bad byte's own line; a BOM counts in the offset.
        let q = try #require(failure([0xEF, 0xBB, 0xBF] + Array("a\n\"x\ny".utf8) + [0xC3, 0x28] + Array("\"\n".utf8)))
        #expect(q.reason == .invalidUTF8(byteOffset: 9))  // BOM 0-2, a 3, LF 4, quote 5, x 6, LF 7, y 8
        #expect((q.line, q.column) == (3, 1))
        // In the header.
        let h = try #require(failure([0x61, 0x2C, 0xED, 0xA0, 0x80, 0x0A, 0x31, 0x2C, 0x32, 0x0A]))  // a surrogate
        #expect(h.reason == .invalidUTF8(byteOffset: 2))
        #expect((h.line, h.column) == (1, 2))
    }

    @Test func emptyFile() throws {
        for bytes: [UInt8] in [[], [0xEF, 0xBB, 0xBF], Array("\n\r\n\n".utf8)] {
            let e = try #require(failure(bytes))
            #expect(e.reason == .emptyFile)
            #expect(e.description == "t.csv: file is empty (no header and no rows)")
        }
        let skipped = try #require(failure("only a preamble\n", CSVOptions(skipLines: 3)))
        #expect(skipped.reason == .emptyFile)
        let headerless = try #require(failure("", CSVOptions(hasHeader: false)))
        #expect(headerless.reason == .emptyFile)
    }

    @Test func headerOnly() throws {
        for text in ["a,b\n", "a,b", "\na,b\n\n\n"] {
            let e = try #require(failure(text))
            #expect(e.reason == .headerOnly)
            #expect(e.line == (text.first == "\n" ? 2 : 1))
        }
    }

    @Test func duplicateColumnName() throws {
        let e = try #require(failure("a,b,a\n1,2,3\n", CSVOptions(strictHeader: true)))
        #expect(e.reason == .duplicateColumnName("a", firstColumn: 1))
        #expect((e.line, e.column) == (1, 3))
        let given = try #require(failure("1,2\n", CSVOptions(hasHeader: false, columnNames: ["x", "x"])))
        #expect(given.reason == .duplicateColumnName("x", firstColumn: 1))
        #expect((given.line, given.column) == (nil, 2))
    }

    @Test func emptyColumnName() throws {
        let e = try #require(failure("a,,c\n1,2,3\n"))
        #expect(e.reason == .emptyColumnName)
        #expect((e.line, e.column, e.columnName) == (1, 2, nil))
        #expect(e.description == "t.csv:1:2: empty column name")
    }

    /// Audit 15b: a header that ends in a comma keeps its located error and says what pandas makes of it
    /// (scripts/reference/csv_trailing_comma_pandas.py: `Unnamed: 2`, and `Unnamed: 3` for a second comma).
    @Test func aTrailingCommaInTheHeaderSaysWhatPandasReadsAndTheFix() throws {
        let trailing = try #require(failure("a,b,\n1,2,3\n"))
        #expect((trailing.reason, trailing.line, trailing.column) == (.trailingDelimiter(count: 1, firstIndex: 2, delimiter: ","), 1, 3))
        #expect(trailing.description == "t.csv:1:3: empty column name: the header ends in a ',', which pandas would read as an 'Unnamed: 2' column; remove the trailing ',' from the header (and from every row that ends in one) to read the file")
        let two = try #require(failure("a,b,,\n1,2,,\n"))
        #expect(two.column == 3 && two.message.contains("the header ends in 2 ','s, which pandas would read as an 'Unnamed: 2' column and an 'Unnamed: 3' column"), "\(two)")
        let semicolons = try #require(failure("a;b;\n1;2;\n", CSVOptions(delimiter: UInt8(ascii: ";"))))
        #expect(semicolons.message.contains("remove the trailing ';'"), "\(semicolons)")
        // Negative control: an empty name followed by a named column is no trailing comma.
        #expect(try #require(failure("a,,c,\n1,2,3,4\n")).reason == .emptyColumnName)
    }

    @Test func unreadableFile() throws {
        do {
            _ = try CSVReader().read(path: "/nonexistent/dir/file.csv")
            Issue.record("no error")
        } catch {
            #expect(error.reason == .unreadable("No such file or directory"))
            #expect(error.description == "/nonexistent/dir/file.csv: cannot read file: No such file or directory")
        }
        do {
            _ = try CSVReader().read(path: NSTemporaryDirectory())
            Issue.record("no error")
        } catch {
            #expect(error.reason == .unreadable("Is a directory"))
        }
    }

    @Test func valueNotOfForcedKind() throws {
        let e = try #require(failure("id,x\n1,2\n2,2.5\n", CSVOptions(forcedKinds: ["x": .integer])))
        #expect(e.reason == .notOfForcedKind(value: "2.5", kind: .integer))
        #expect((e.line, e.column, e.columnName) == (3, 2, "x"))
        #expect(e.description == "t.csv:3:2 (column \"x\"): value \"2.5\" is not an integer")
        let d = try #require(failure("d\n2020-01-01\n01/02/2020\n", CSVOptions(forcedKinds: ["d": .datetime])))
        #expect(d.reason == .notOfForcedKind(value: "01/02/2020", kind: .datetime))
        #expect(d.line == 3)
        let b = try #require(failure("b\nyes\n", CSVOptions(forcedKinds: ["b": .boolean])))
        #expect(b.reason == .notOfForcedKind(value: "yes", kind: .boolean))
    }

    @Test func unknownForcedColumn() throws {
        let e = try #require(failure("a\n1\n", CSVOptions(forcedKinds: ["b": .integer])))
        #expect(e.reason == .unknownForcedColumn("b"))
        #expect(e.line == 1)
    }

    @Test func columnNameCount() throws {
        let e = try #require(failure("1,2,3\n", CSVOptions(hasHeader: false, columnNames: ["x", "y"])))
        #expect(e.reason == .columnNameCount(given: 2, fields: 3))
        #expect(e.line == 1)
    }

    @Test func invalidOptions() throws {
        for options in [CSVOptions(delimiter: UInt8(ascii: "\"")), CSVOptions(delimiter: 0xC3), CSVOptions(skipLines: -1),
                        CSVOptions(missingTokens: ["a,b"]),
                        CSVOptions(delimiter: UInt8(ascii: " "), trimLeadingSpaces: true)] {
            let e = try #require(failure("a\n1\n", options))
            guard case .invalidOptions = e.reason else { Issue.record("\(e)"); continue }
        }
    }
}
