import Foundation
import Testing
@testable import SynthTable

/// A table written in row chunks is byte for byte the table written whole.
@Suite struct CSVStreamWriterTests {
    static func table(rows n: Int) throws -> Table {
        let day: Double = 18262 * 86400
        let labels = ["x", "y, z", "NA", "q\"r", "12"]
        let f: [Double?] = (0..<n).map { i -> Double? in i % 7 == 3 ? nil : Double(i) / 3 - 5 }
        let ints: [Int?] = (0..<n).map { i -> Int? in i % 11 == 0 ? nil : i * 37 - 900 }
        let b: [Bool?] = (0..<n).map { i -> Bool? in i % 5 == 1 ? nil : i % 2 == 0 }
        let c: [String?] = (0..<n).map { i -> String? in i % 13 == 2 ? nil : labels[i % 5] }
        let d: [Double?] = (0..<n).map { i -> Double? in i % 9 == 4 ? nil : day + Double(i) * 3_601 }
        return try Table(columns: [.numerical("f", f), .integer("i", ints), .boolean("b", b), .categorical("c", c),
                                   .datetime("d", d, format: .isoDateTimeT)])
    }

    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("stream-\(UUID().uuidString).csv").path
    }

    @Test(arguments: [1, 2, 7, 64, 1_000])
    func chunksGiveTheBytesOfTheWholeTable(chunk: Int) throws {
        let whole = try Self.table(rows: 1_000)
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let stream = try CSVStreamWriter(path: path)
        for start in stride(from: 0, to: whole.rowCount, by: chunk) {
            try stream.append(whole.selectingRows(Array(start..<min(start + chunk, whole.rowCount))))
        }
        #expect(!FileManager.default.fileExists(atPath: path))   // nothing visible before finish
        try stream.finish()
        #expect(stream.rowsWritten == 1_000)
        let written = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(written == Data(try CSVWriter().encode(whole)))
        // And it reads back as the table written whole does.
        #expect(try CSVReader().read(path: path) == (try CSVReader().read(bytes: try CSVWriter().encode(whole))))
    }

    /// The writer renders blocks of rows column by column; more than two blocks written whole equal the
    /// same rows written one row at a time (each row its own block), and a one-column table keeps its
    /// `""` for missing values across blocks.
    @Test func blocksGiveTheBytesOfRowByRowWriting() throws {
        let n = 2 * CSVWriter.blockRows + 5
        for whole in [try Self.table(rows: n), try Table(columns: [try Self.table(rows: n).columns[1]])] {
            var rowByRow = Array(try CSVWriter().encode(whole.selectingRows([])))
            for r in 0..<n {
                let one = try CSVWriter().encode(whole.selectingRows([r]))
                rowByRow += one[(one.firstIndex(of: 0x0A)! + 1)...]
            }
            #expect(try CSVWriter().encode(whole) == rowByRow)
        }
        // Negative control: a table that differs in one cell of the last block gives other bytes.
        var changed = try Self.table(rows: n).columns
        changed[1] = .integer("i", (0..<n).map { i -> Int? in i == n - 1 ? 1 : (i % 11 == 0 ? nil : i * 37 - 900) })
        #expect(try CSVWriter().encode(try Table(columns: changed)) != (try CSVWriter().encode(try Self.table(rows: n))))
    }

    /// An unwritable cell is reported at its line, the first one in row order, wherever the block starts.
    @Test func anUnwritableCellIsReportedAtItsLine() throws {
        let n = CSVWriter.blockRows + 10
        let bad = 8.0e12   // seconds past year 9999
        let late: [Double?] = (0..<n).map { $0 == CSVWriter.blockRows + 3 ? bad : 0 }
        let early: [Double?] = (0..<n).map { $0 == CSVWriter.blockRows + 2 ? bad : 0 }
        let table = try Table(columns: [.datetime("a", late, format: .isoDateTimeT), .datetime("b", early, format: .isoDateTimeT)])
        do {
            _ = try CSVWriter().encode(table)
            Issue.record("wrote a datetime past year 9999")
        } catch {
            #expect(error.line == CSVWriter.blockRows + 4 && error.column == 2, "\(error)")
        }
    }

    @Test func aCancelledOrMismatchedStreamLeavesNothing() throws {
        let path = Self.temporaryPath()
        let name = URL(fileURLWithPath: path).lastPathComponent, directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        func beside() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains(name) } }
        let stream = try CSVStreamWriter(path: path)
        try stream.append(try Self.table(rows: 10))
        #expect(try beside() == [".\(name).\(getpid()).tmp"])   // while it streams: the hidden temporary file only
        #expect(throws: CSVError.self) { try stream.append(try Table(columns: [.numerical("other", [1])])) }
        #expect(throws: CSVError.self) { try stream.finish() }
        #expect(try beside().isEmpty)   // no temporary file left, whatever its name
        #expect(!FileManager.default.fileExists(atPath: path))
        let empty = try CSVStreamWriter(path: path)
        #expect(throws: CSVError.self) { try empty.finish() }   // no chunk: no header to write
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
