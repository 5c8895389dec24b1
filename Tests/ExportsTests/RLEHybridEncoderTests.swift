import SynthMath
import Testing
@testable import Exports

@Suite struct RLEHybridEncoderTests {
    /// parquet-format Encodings.md's example: 0...7 bit-packed with width 3 is one group, `0x88 0xC6 0xFA`.
    @Test func specificationBitPackingExample() {
        #expect(RLEHybridEncoder.encode([0, 1, 2, 3, 4, 5, 6, 7], width: 3) == [0x03, 0x88, 0xC6, 0xFA])
    }

    /// 100 fives: one RLE run, header varint(200) = C8 01, the value in one byte.
    @Test func longRunIsOneRLERun() {
        #expect(RLEHybridEncoder.encode(Array(repeating: 5, count: 100), width: 3) == [0xC8, 0x01, 0x05])
        #expect(RLEHybridEncoder.encode(Array(repeating: 300, count: 8), width: 9) == [0x10, 0x2C, 0x01])
    }

    /// Three literals before a run: topped up to 8 from the run, then the rest of the run as RLE.
    @Test func literalsArePaddedFromTheFollowingRun() {
        let values: [UInt32] = [1, 0, 1] + Array(repeating: 1, count: 20)
        // one bit-packed group of [1,0,1,1,1,1,1,1] = 0b11111101, then RLE of 15 ones
        #expect(RLEHybridEncoder.encode(values, width: 1) == [0x03, 0xFD, 0x1E, 0x01])
    }

    /// Random sequences with runs decode (by a decoder written from the spec here) to themselves; with
    /// the wrong bit width they do not (the negative control).
    @Test func randomSequencesRoundTripThroughAnIndependentDecoder() {
        var rng = RandomStream(seed: 7)
        var mismatches = 0
        for trial in 0..<200 {
            let width = 1 + trial % 12
            var values: [UInt32] = []
            while values.count < 1 + Int(rng.nextDouble() * 300) {
                let v = UInt32(rng.nextDouble() * Double(1 << width)) & ((1 << width) - 1)
                let run = rng.nextDouble() < 0.3 ? 1 + Int(rng.nextDouble() * 20) : 1
                values += Array(repeating: v, count: run)
            }
            let encoded = RLEHybridEncoder.encode(values, width: width)
            #expect(Self.decode(encoded, width: width, count: values.count) == values)
            if width < 12 && values.contains(where: { $0 != 0 }) && Self.decode(encoded, width: width + 1, count: values.count) != values {
                mismatches += 1
            }
        }
        #expect(mismatches > 150)
    }

    /// Decodes `count` values of the hybrid encoding, straight from the specification.
    static func decode(_ bytes: [UInt8], width: Int, count: Int) -> [UInt32]? {
        var out: [UInt32] = []
        var p = 0
        func varint() -> UInt64? {
            var v: UInt64 = 0, shift: UInt64 = 0
            while p < bytes.count {
                let b = bytes[p]; p += 1
                v |= UInt64(b & 0x7F) << shift
                if b < 0x80 { return v }
                shift += 7
            }
            return nil
        }
        while out.count < count {
            guard let header = varint() else { return nil }
            guard header >> 1 <= UInt64(count) else { return nil }   // a run longer than the data: garbage
            if header & 1 == 0 {
                var v: UInt32 = 0
                for k in 0..<((width + 7) / 8) {
                    guard p < bytes.count else { return nil }
                    v |= UInt32(bytes[p]) << (8 * k); p += 1
                }
                out += Array(repeating: v, count: Int(header >> 1))
            } else {
                let n = Int(header >> 1) * 8
                for k in 0..<n {
                    var v: UInt32 = 0
                    for b in 0..<width {
                        let bit = k * width + b
                        guard p + bit / 8 < bytes.count else { return nil }
                        if bytes[p + bit / 8] >> (bit % 8) & 1 == 1 { v |= 1 << b }
                    }
                    out.append(v)
                }
                p += n * width / 8
            }
        }
        return Array(out.prefix(count))
    }
}
