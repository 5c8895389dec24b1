import Foundation
import SynthTable
import Testing
@testable import Exports

@Suite struct ParquetWriterTests {
    /// Chunk statistics against values worked out by hand: NaN skipped, zeros signed as the spec asks,
    /// strings by unsigned bytes over the levels in use, booleans as one byte.
    @Test func statistics() {
        func stats(_ c: Column) -> ParquetColumnChunk.Statistics {
            ParquetColumnChunk(c, rows: 0..<c.count, schema: ParquetColumnSchema(c)).statistics
        }
        func le<T: FixedWidthInteger>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
        let x = stats(.numerical("x", [3, .nan, nil, 0, 7.5]))
        #expect(x.nullCount == 1 && x.min == le((-0.0).bitPattern) && x.max == le(7.5.bitPattern))
        let z = stats(.numerical("z", [-2, 0]))
        #expect(z.max == le((0.0).bitPattern))
        let n = stats(.integer("n", [5, nil, -9, 2]))
        #expect(n.nullCount == 1 && n.min == le(Int64(-9)) && n.max == le(Int64(5)))
        // "Z" (0x5A) < "a" < "ä" (0xC3 0xA4); "unused" is a level no row has.
        let unused = Column(name: "s", values: .categorical(codes: [1, 2, 3, -1], levels: ["unused", "a", "Z", "ä"]),
                            missing: [false, false, false, true])
        let s = stats(unused)
        #expect(s.nullCount == 1 && s.min == Array("Z".utf8) && s.max == Array("ä".utf8))
        let b = stats(.boolean("b", [true, true, nil]))
        #expect(b.min == [1] && b.max == [1] && b.nullCount == 1)
        let empty = stats(.numerical("e", [nil, nil]))
        #expect(empty.min == nil && empty.max == nil && empty.nullCount == 2)
    }

    /// Column kinds map to the physical and logical types of the table in docs/exports.md.
    @Test func typeMapping() {
        let t = ExportFixtures.mixed()
        let schema = t.columns.map(ParquetColumnSchema.init)
        #expect(schema.map(\.physical) == [.double, .int64, .boolean, .byteArray, .int32, .int64])
        #expect(schema.map(\.logical) == [nil, .int64, nil, .string, .date, .timestampMicros])
    }

    /// Data page of a categorical chunk without nulls: the definition levels are one RLE run of ones,
    /// then the bit width and the indices (bytes worked out by hand).
    @Test func dictionaryDataPageBody() {
        let c = Column.categorical("s", ["b", "a", "b", "b"])   // levels [b, a], codes 0 1 0 0
        let chunk = ParquetColumnChunk(c, rows: 0..<4, schema: ParquetColumnSchema(c))
        // levels: length 4, RLE run of 4 ones (header 8, value 1); width 1; one bit-packed group 0b0010
        let body: [UInt8] = [0x02, 0x00, 0x00, 0x00, 0x08, 0x01, 0x01, 0x03, 0x02]
        #expect(Array(chunk.bytes.suffix(body.count)) == body)
        let dictionary: [UInt8] = [1, 0, 0, 0, UInt8(ascii: "b"), 1, 0, 0, 0, UInt8(ascii: "a")]
        #expect(chunk.bytes[..<chunk.dataPageOffset].suffix(dictionary.count).elementsEqual(dictionary))
        #expect(chunk.encodings == [.plain, .rle, .rleDictionary])
    }

    /// The file is framed by PAR1, its footer length is right, the row groups follow `rowGroupRows`
    /// whatever the chunks' sizes, and the footer names every column.
    @Test func framingAndRowGroups() throws {
        let dir = try ExportFixtures.directory("parquet")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("t.parquet").path
        let writer = try ParquetWriter(path: path, rowGroupRows: 3)
        let t = ExportFixtures.mixed()
        try writer.append(t.selectingRows([0, 1]))
        try writer.append(t.selectingRows([2, 3, 4, 0, 1]))
        try writer.finish()
        #expect(writer.rowsWritten == 7)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(Array(bytes.prefix(4)) == Array("PAR1".utf8) && Array(bytes.suffix(4)) == Array("PAR1".utf8))
        let footerLength = Int(bytes[bytes.count - 8]) | Int(bytes[bytes.count - 7]) << 8
            | Int(bytes[bytes.count - 6]) << 16 | Int(bytes[bytes.count - 5]) << 24
        let footer = Array(bytes[(bytes.count - 8 - footerLength)..<(bytes.count - 8)])
        #expect(footer.first == 0x15 && footer.last == 0x00)   // field 1 (version) first, stop byte last
        for name in t.columnNames { #expect(Self.contains(footer, Array(name.utf8))) }
        #expect(ExportFixtures.visibleFiles(dir) == ["t.parquet"] && ExportFixtures.allFiles(dir) == ["t.parquet"])
    }

    /// A chunk of other columns fails naming both shapes and leaves no file, not even a temporary one.
    @Test func mismatchedChunkFailsAndLeavesNothing() throws {
        let dir = try ExportFixtures.directory("parquet-bad")
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = try ParquetWriter(path: dir.appendingPathComponent("t.parquet").path)
        try writer.append(ExportFixtures.mixed())
        let other = try Table(columns: [.numerical("x", [1])])
        #expect(throws: ExportError.self) { try writer.append(other) }
        #expect(ExportFixtures.allFiles(dir).isEmpty)
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        return (0...(haystack.count - needle.count)).contains { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}
