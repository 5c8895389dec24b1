import Foundation
import SynthTable

/// One column of one row group, encoded: an optional dictionary page, then one data page (format v1:
/// definition levels as a 4-byte length and the RLE hybrid, then the present values), each behind its
/// thrift PageHeader; and what the footer's ColumnMetaData says about them.
struct ParquetColumnChunk {
    /// Minimum, maximum (PLAIN-encoded, as Statistics.min_value / max_value) and nulls of the chunk. Floats
    /// skip NaN, and a zero minimum is written as -0.0 and a zero maximum as +0.0 (parquet.thrift's rule
    /// for readers that compare signed zeros); strings compare as unsigned bytes. No min/max when every
    /// value is missing.
    struct Statistics: Equatable {
        var min: [UInt8]?
        var max: [UInt8]?
        var nullCount: Int
    }

    enum Encoding: Int32 { case plain = 0, rle = 3, rleDictionary = 8 }

    /// The pages; emptied once written (``byteCount`` keeps their size).
    var bytes: [UInt8] = []
    /// Size of the pages as encoded.
    private(set) var byteCount = 0
    /// Offsets of the pages from the chunk's start.
    var dictionaryPageOffset: Int? = nil
    var dataPageOffset = 0
    var valueCount = 0
    var encodings: [Encoding] = []
    var statistics = Statistics(min: nil, max: nil, nullCount: 0)

    /// Encodes rows `rows` of `column` as `schema` says.
    init(_ column: Column, rows: Range<Int>, schema: ParquetColumnSchema) {
        valueCount = rows.count
        let missing = column.missing[rows]
        let nullCount = missing.reduce(0) { $0 + ($1 ? 1 : 0) }
        var page = Self.definitionLevels(missing, nullCount: nullCount)
        var stats = Statistics(min: nil, max: nil, nullCount: nullCount)
        let present: (Int) -> Bool = nullCount == 0 ? { _ in true } : { !column.missing[$0] }

        switch column.values {
        case .numerical(let v):
            var lo = Double.infinity, hi = -Double.infinity
            Self.appendPlain(v, rows: rows, allPresent: nullCount == 0, present: present, into: &page)
            for i in rows where present(i) && !v[i].isNaN { lo = Swift.min(lo, v[i]); hi = Swift.max(hi, v[i]) }
            if lo <= hi {
                stats.min = Self.littleEndian((lo == 0 ? -0.0 : lo).bitPattern)
                stats.max = Self.littleEndian((hi == 0 ? 0.0 : hi).bitPattern)
            }
        case .integer(let v):
            if nullCount == 0 && Int.bitWidth == 64 {
                v[rows].withUnsafeBytes { page.append(contentsOf: $0) }   // Int is Int64, little-endian hosts
            } else {
                Self.appendPlain(v.lazy.map { Int64($0) }, rows: rows, present: present, into: &page)
            }
            Self.integerStatistics(v.lazy.map { Int64($0) }, rows: rows, present: present, into: &stats)
        case .datetime(let s, _):
            if schema.hasTime {
                let micros = s.lazy.map { x -> Int64 in
                    schema.hasFraction ? Int64((x * 1_000_000).rounded()) : Int64(x.rounded(.down)) * 1_000_000
                }
                Self.appendPlain(micros, rows: rows, present: present, into: &page)
                Self.integerStatistics(micros, rows: rows, present: present, into: &stats)
            } else {
                let days = s.lazy.map { Int32((($0) / 86_400).rounded(.down)) }
                Self.appendPlain(days, rows: rows, present: present, into: &page)
                Self.integerStatistics(days, rows: rows, present: present, into: &stats)
            }
        case .boolean(let v):
            var byte: UInt8 = 0, bit = 0, any = false, anyTrue = false, anyFalse = false
            for i in rows where present(i) {
                if v[i] { byte |= 1 << UInt8(bit); anyTrue = true } else { anyFalse = true }
                any = true
                bit += 1
                if bit == 8 { page.append(byte); byte = 0; bit = 0 }
            }
            if bit > 0 { page.append(byte) }
            if any {
                stats.min = [anyFalse ? 0 : 1]
                stats.max = [anyTrue ? 1 : 0]
            }
        case .categorical(let codes, let levels):
            let dictionary = Self.dictionaryPage(levels)
            dictionaryPageOffset = 0
            Self.appendPage(type: 2, body: dictionary, into: &bytes) { w in
                w.structure(7) { w in
                    w.i32(1, Int32(levels.count))
                    w.i32(2, Encoding.plain.rawValue)
                }
            }
            let width = RLEHybridEncoder.bitWidth(forMaximum: UInt32(Swift.max(levels.count - 1, 0)))
            page.append(UInt8(width))
            var used = [Bool](repeating: false, count: levels.count)
            if nullCount == 0 {
                codes[rows].withUnsafeBufferPointer { c in
                    c.withMemoryRebound(to: UInt32.self) { RLEHybridEncoder.encode($0, width: width, into: &page) }
                    for code in c { used[Int(code)] = true }
                }
            } else {
                var kept: [UInt32] = []
                kept.reserveCapacity(rows.count - nullCount)
                for i in rows where present(i) { kept.append(UInt32(codes[i])); used[Int(codes[i])] = true }
                kept.withUnsafeBufferPointer { RLEHybridEncoder.encode($0, width: width, into: &page) }
            }
            var lo: [UInt8]? = nil, hi: [UInt8]? = nil
            for (k, level) in levels.enumerated() where used[k] {
                let b = Array(level.utf8)
                if lo.map({ b.lexicographicallyPrecedes($0) }) ?? true { lo = b }
                if hi.map({ $0.lexicographicallyPrecedes(b) }) ?? true { hi = b }
            }
            stats.min = lo; stats.max = hi
        }
        statistics = stats
        dataPageOffset = bytes.count
        let encoding: Encoding = schema.usesDictionary ? .rleDictionary : .plain
        Self.appendPage(type: 0, body: page, into: &bytes) { w in
            w.structure(5) { w in
                w.i32(1, Int32(rows.count))
                w.i32(2, encoding.rawValue)
                w.i32(3, Encoding.rle.rawValue)   // definition levels
                w.i32(4, Encoding.rle.rawValue)   // repetition levels (none: the column is flat)
            }
        }
        encodings = schema.usesDictionary ? [.plain, .rle, .rleDictionary] : [.plain, .rle]
        byteCount = bytes.count
    }

    /// The thrift Statistics struct.
    func writeStatistics(_ w: inout ThriftCompactWriter) {
        w.i64(3, Int64(statistics.nullCount))
        if let max = statistics.max { w.binary(5, max) }
        if let min = statistics.min { w.binary(6, min) }
    }

    // MARK: Pieces

    /// Definition levels (max level 1: 1 present, 0 missing), RLE hybrid behind a 4-byte length.
    static func definitionLevels(_ missing: ArraySlice<Bool>, nullCount: Int) -> [UInt8] {
        var levels: [UInt8] = []
        if nullCount == 0 {
            if !missing.isEmpty { RLEHybridEncoder.rle(count: missing.count, value: 1, width: 1, into: &levels) }
        } else {
            let values = missing.map { $0 ? UInt32(0) : 1 }
            values.withUnsafeBufferPointer { RLEHybridEncoder.encode($0, width: 1, into: &levels) }
        }
        var page = littleEndian(UInt32(levels.count))
        page.reserveCapacity(4 + levels.count + missing.count * 8)
        page.append(contentsOf: levels)
        return page
    }

    /// The dictionary page's body: each level PLAIN (4-byte length, UTF-8 bytes).
    static func dictionaryPage(_ levels: [String]) -> [UInt8] {
        var out: [UInt8] = []
        for level in levels {
            let b = Array(level.utf8)
            out.append(contentsOf: littleEndian(UInt32(b.count)))
            out.append(contentsOf: b)
        }
        return out
    }

    /// A PageHeader (type, sizes, then the type's own header from `header`) followed by the body.
    static func appendPage(type: Int32, body: [UInt8], into out: inout [UInt8],
                           header: (inout ThriftCompactWriter) -> Void) {
        var w = ThriftCompactWriter()
        w.structValue { w in
            w.i32(1, type)
            w.i32(2, Int32(body.count))   // uncompressed
            w.i32(3, Int32(body.count))   // compressed (UNCOMPRESSED codec)
            header(&w)
        }
        out.append(contentsOf: w.bytes)
        out.append(contentsOf: body)
    }

    /// Doubles PLAIN: 8 little-endian bytes each, the whole slice at once when nothing is missing.
    static func appendPlain(_ v: [Double], rows: Range<Int>, allPresent: Bool, present: (Int) -> Bool,
                            into out: inout [UInt8]) {
        if allPresent {
            v[rows].withUnsafeBytes { out.append(contentsOf: $0) }   // little-endian hosts (x86-64, arm64)
        } else {
            for i in rows where present(i) { out.append(contentsOf: littleEndian(v[i].bitPattern)) }
        }
    }

    /// Fixed-width integers PLAIN, little-endian.
    static func appendPlain<C: Collection, T: FixedWidthInteger>(_ v: C, rows: Range<Int>, present: (Int) -> Bool,
                                                               into out: inout [UInt8]) where C.Element == T, C.Index == Int {
        for i in rows where present(i) {
            withUnsafeBytes(of: v[i].littleEndian) { out.append(contentsOf: $0) }
        }
    }

    static func integerStatistics<C: Collection, T: FixedWidthInteger>(_ v: C, rows: Range<Int>, present: (Int) -> Bool,
                                                                      into stats: inout Statistics) where C.Element == T, C.Index == Int {
        var lo = T.max, hi = T.min, any = false
        for i in rows where present(i) {
            let x = v[i]
            if x < lo { lo = x }
            if x > hi { hi = x }
            any = true
        }
        if any { stats.min = littleEndian(lo); stats.max = littleEndian(hi) }
    }

    static func littleEndian<T: FixedWidthInteger>(_ v: T) -> [UInt8] {
        withUnsafeBytes(of: v.littleEndian) { Array($0) }
    }
}
