import Foundation
import Testing
@testable import SynthTable

@Suite struct CSVWriterTests {
    private func text(_ table: Table, _ writer: CSVWriter = CSVWriter()) throws -> String {
        String(decoding: try writer.encode(table), as: UTF8.self)
    }

    @Test func writesEachKind() throws {
        let day: Double = 18262 * 86400
        let t = try Table(columns: [
            .numerical("f", [1, 0.1, nil, -0.0]),
            .integer("i", [1, nil, -3, Int.min]),
            .boolean("b", [true, false, nil, true]),
            .categorical("c", ["x", "y, z", "x", nil]),
            .datetime("d", [day, nil, day + 86400, 0]),
            .datetime("dt", [day + 3661, 0, nil, 59], format: .isoDateTimeT),
        ])
        #expect(try text(t) == """
            f,i,b,c,d,dt
            1.0,1,True,x,2020-01-01,2020-01-01T01:01:01
            0.1,,False,"y, z",,1970-01-01T00:00:00
            ,-3,,x,2020-01-02,
            -0.0,-9223372036854775808,True,,1970-01-01,1970-01-01T00:00:59

            """)
    }

    @Test func quotesOnlyWhenNeeded() throws {
        let values = ["plain", "has,comma", "has\"quote", "line\nbreak", "cr\rhere", " lead", "trail ", "\ttab",
                      "NA", "?", "nan", "true", "False", "12", "1.5e3", "-inf", "2020-01-01", "inner space", "é日🐧",
                      "\u{FEFF}bom"]
        let t = try Table(columns: [.categorical("v", values)])
        let lines = try text(t).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(try text(t) == """
            v
            plain
            "has,comma"
            "has""quote"
            "line
            break"
            "cr\rhere"
            " lead"
            "trail "
            "\ttab"
            "NA"
            "?"
            "nan"
            "true"
            "False"
            "12"
            "1.5e3"
            "-inf"
            "2020-01-01"
            inner space
            é日🐧
            "\u{FEFF}bom"

            """, "\(lines)")
        #expect(try readCSV(text(t)) == t)
        // Without quotedFieldsAreText, quoting cannot keep numbers as text, so they are not quoted.
        let loose = CSVWriter(options: CSVOptions(quotedFieldsAreText: false))
        #expect(try text(try Table(columns: [.categorical("v", ["12", "NA"])]), loose) == "v\n12\n\"NA\"\n")
    }

    @Test func headerNamesAreQuotedLikeValues() throws {
        let t = try Table(columns: [.integer("a,b", [1]), .integer(" c", [2]), .integer("NA", [3])])
        #expect(try text(t) == "\"a,b\",\" c\",NA\n1,2,3\n")
        #expect(try readCSV(text(t)) == t)
    }

    @Test func oneColumnMissingIsQuotedEmpty() throws {
        let t = try Table(columns: [.integer("x", [nil, 1, nil])])
        #expect(try text(t) == "x\n\"\"\n1\n\"\"\n")
        #expect(try readCSV(text(t)) == t)
    }

    @Test func nanIsWrittenAsMissing() throws {
        let t = try Table(columns: [.numerical("x", [.nan, 1]), .integer("y", [1, 2])])
        #expect(try text(t) == "x,y\n,1\n1.0,2\n")
    }

    @Test func dialectOptions() throws {
        let t = try Table(columns: [.integer("a", [1]), .categorical("b", ["x;y"])])
        let writer = CSVWriter(options: CSVOptions(delimiter: UInt8(ascii: ";"), hasHeader: false), crlf: true)
        #expect(try text(t, writer) == "1;\"x;y\"\r\n")
    }

    @Test func writesFilesAtomically() throws {
        let dir = NSTemporaryDirectory() + "synthtable-writer-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/out.csv"
        let t = try Table(columns: [.integer("a", [1, 2]), .categorical("b", ["x", nil])])
        try CSVWriter().write(t, to: path)
        #expect(try CSVReader().read(path: path) == t)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out.csv"])
        // A failed write leaves the old file and no temporary file behind.
        let bad = try Table(columns: [.datetime("d", [1e300])])
        #expect(throws: CSVError.self) { try CSVWriter().write(bad, to: path) }
        #expect(try CSVReader().read(path: path) == t)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out.csv"])
    }

    @Test func errors() throws {
        let t = try Table(columns: [.integer("a", [1])])
        do {
            try CSVWriter().write(t, to: "/nonexistent/dir/out.csv")
            Issue.record("no error")
        } catch {
            #expect(error.reason == .unwritable("No such file or directory"))
        }
        #expect(throws: CSVError(.noColumns, path: "<memory>")) { try CSVWriter().encode(try Table(columns: [])) }
        #expect(throws: CSVError(.emptyColumnName, path: "<memory>", column: 2)) {
            try CSVWriter().encode(try Table(columns: [.integer("a", [1]), .integer("", [2])]))
        }
        let farPast = try Table(columns: [.integer("a", [1, 2]), .datetime("d", [0, -1e14])])
        do {
            _ = try CSVWriter().encode(farPast)
            Issue.record("no error")
        } catch {
            #expect((error.line, error.column, error.columnName) == (3, 2, "d"))
            guard case .unwritableValue = error.reason else { Issue.record("\(error)"); return }
        }
        for d in ["1", ".", "-", "e", "T"] {
            #expect(throws: CSVError.self) {
                try CSVWriter(options: CSVOptions(delimiter: UInt8(ascii: Unicode.Scalar(d)!))).encode(t)
            }
        }
    }
}
