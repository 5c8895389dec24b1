/// Parquet's RLE / bit-packing hybrid (parquet-format Encodings.md, "RLE"): runs of at least 8 equal values
/// become an RLE run (`varint(count << 1)`, then the value in ceil(width/8) little-endian bytes); everything
/// else goes into bit-packed runs (`varint(groups << 1 | 1)`, then groups of 8 values packed LSB first). A
/// bit-packed run may hold a padded last group only at the very end, so before an RLE run the pending
/// literals are topped up to a multiple of 8 with the run's first values. Used for definition levels
/// (width 1) and dictionary indices.
enum RLEHybridEncoder {
    /// Runs this long or longer are written as RLE runs.
    static let minimumRun = 8

    /// Appends the encoding of `values`, each below `1 << width`, to `out`.
    static func encode(_ values: UnsafeBufferPointer<UInt32>, width: Int, into out: inout [UInt8]) {
        precondition(width >= 1 && width <= 32, "RLE hybrid bit width \(width)")
        let count = values.count
        var literalStart = 0   // values [literalStart, i) are pending literals
        var i = 0
        while i < count {
            let v = values[i]
            var j = i + 1
            while j < count && values[j] == v { j += 1 }
            if j - i >= minimumRun {
                var runStart = i
                let pending = i - literalStart
                if pending > 0 {
                    let pad = (8 - pending % 8) % 8
                    runStart += pad
                    bitPack(values, from: literalStart, to: runStart, width: width, into: &out)
                }
                if j > runStart { rle(count: j - runStart, value: v, width: width, into: &out) }
                literalStart = j
            }
            i = j
        }
        if literalStart < count { bitPack(values, from: literalStart, to: count, width: width, into: &out) }
    }

    /// Encodes `values` (a convenience for small inputs and tests).
    static func encode(_ values: [UInt32], width: Int) -> [UInt8] {
        var out: [UInt8] = []
        values.withUnsafeBufferPointer { encode($0, width: width, into: &out) }
        return out
    }

    /// One RLE run.
    static func rle(count: Int, value: UInt32, width: Int, into out: inout [UInt8]) {
        varint(UInt64(count) << 1, into: &out)
        var v = value
        for _ in 0..<((width + 7) / 8) {
            out.append(UInt8(truncatingIfNeeded: v))
            v >>= 8
        }
    }

    /// One bit-packed run of values `[start, end)`, the last group padded with zeros.
    static func bitPack(_ values: UnsafeBufferPointer<UInt32>, from start: Int, to end: Int, width: Int,
                        into out: inout [UInt8]) {
        let groups = (end - start + 7) / 8
        varint(UInt64(groups) << 1 | 1, into: &out)
        out.reserveCapacity(out.count + groups * width)
        var buffer: UInt64 = 0
        var bits = 0
        for k in start..<(start + groups * 8) {
            let v = k < end ? UInt64(values[k]) : 0
            buffer |= v << UInt64(bits)
            bits += width
            while bits >= 8 {
                out.append(UInt8(truncatingIfNeeded: buffer))
                buffer >>= 8
                bits -= 8
            }
        }
        // groups * 8 * width is a whole number of bytes, so nothing is left in the buffer.
    }

    static func varint(_ v: UInt64, into out: inout [UInt8]) {
        var v = v
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    /// Bits needed for values up to `maximum` (at least 1).
    static func bitWidth(forMaximum maximum: UInt32) -> Int {
        max(1, 32 - maximum.leadingZeroBitCount)
    }
}
