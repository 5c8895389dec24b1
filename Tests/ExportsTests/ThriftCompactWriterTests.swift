import Testing
@testable import Exports

/// Bytes worked out by hand from thrift-compact-protocol.md.
@Suite struct ThriftCompactWriterTests {
    @Test func shortFieldHeadersCarryTheDeltaAndType() {
        var w = ThriftCompactWriter()
        w.i32(1, 2)        // delta 1, type i32 (5); zigzag(2) = 4
        w.i64(3, -1)       // delta 2, type i64 (6); zigzag(-1) = 1
        w.bool(4, true)    // delta 1, type true (1), no value byte
        w.bool(5, false)   // type false (2)
        w.string(6, "ab")  // delta 1, binary (8), length 2
        #expect(w.bytes == [0x15, 0x04, 0x26, 0x01, 0x11, 0x12, 0x18, 0x02, 0x61, 0x62])
    }

    @Test func longFieldHeaderForAJumpOver15() {
        var w = ThriftCompactWriter()
        w.i32(20, 300)     // type byte 5, zigzag varint id 40, value zigzag 600 = 0xD8 0x04
        #expect(w.bytes == [0x05, 0x28, 0xD8, 0x04])
    }

    @Test func nestedStructRestartsFieldIDsAndEndsWithStop() {
        var w = ThriftCompactWriter()
        w.structure(3) { $0.i32(1, 1) }
        w.i32(4, 0)        // delta from 3, not from the inner 1
        #expect(w.bytes == [0x3C, 0x15, 0x02, 0x00, 0x15, 0x00])
    }

    @Test func listHeadersShortAndLong() {
        var w = ThriftCompactWriter()
        w.list(1, of: .i32, count: 2) { w in w.i32Value(1); w.i32Value(-1) }
        #expect(w.bytes == [0x19, 0x25, 0x02, 0x01])
        var long = ThriftCompactWriter()
        long.list(1, of: .i32, count: 16) { w in for _ in 0..<16 { w.i32Value(0) } }
        #expect(Array(long.bytes.prefix(3)) == [0x19, 0xF5, 0x10])
        #expect(long.bytes.count == 3 + 16)
    }
}
