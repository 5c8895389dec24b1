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

    @Test func aCancelledOrMismatchedStreamLeavesNothing() throws {
        let path = Self.temporaryPath()
        let stream = try CSVStreamWriter(path: path)
        try stream.append(try Self.table(rows: 10))
        #expect(throws: CSVError.self) { try stream.append(try Table(columns: [.numerical("other", [1])])) }
        #expect(throws: CSVError.self) { try stream.finish() }
        #expect(!FileManager.default.fileExists(atPath: path + ".tmp-\(getpid())"))
        #expect(!FileManager.default.fileExists(atPath: path))
        let empty = try CSVStreamWriter(path: path)
        #expect(throws: CSVError.self) { try empty.finish() }   // no chunk: no header to write
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
