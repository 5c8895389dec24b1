import Foundation

/// The missing-value tokens of ``CSVOptions``, matched against field bytes: a 256-bit set of first
/// bytes rejects most fields with one lookup before any comparison.
struct MissingTokenSet {
    private let tokens: [[UInt8]]
    private let maxLength: Int
    private let firstBytes: [UInt64]

    init(_ strings: [String]) {
        tokens = strings.map { Array($0.utf8) }.filter { !$0.isEmpty }
        maxLength = tokens.map(\.count).max() ?? 0
        var bits = [UInt64](repeating: 0, count: 4)
        for t in tokens { bits[Int(t[0] >> 6)] |= 1 << UInt64(t[0] & 63) }
        firstBytes = bits
    }

    /// Whether the unquoted field `p` is a missing token (the empty field always is).
    @inline(__always)
    func contains(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = p.count
        if n == 0 { return true }
        if n > maxLength { return false }
        let b = p[0]
        if firstBytes[Int(b >> 6)] >> UInt64(b & 63) & 1 == 0 { return false }
        for t in tokens where t.count == n {
            if t.withUnsafeBufferPointer({ memcmp($0.baseAddress!, p.baseAddress!, n) == 0 }) { return true }
        }
        return false
    }
}
