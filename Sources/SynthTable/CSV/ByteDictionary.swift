import Foundation

/// A dictionary encoder for byte strings: maps each distinct byte string to a dense code 0, 1, 2, ...
/// in order of first appearance, without creating a `String` per lookup.
///
/// Open addressing with linear probing over a power-of-two slot table kept at most half full; keys live
/// back to back in one byte arena. The CSV reader's categorical columns and the PII generators
/// (`Synthesizers`' `IdentifierGenerator`) encode through it.
package struct ByteDictionary {
    private var bytes: [UInt8] = []
    /// `ends[c]` is one past the last byte of key `c`; key `c` starts at `ends[c - 1]` (or 0).
    private var ends: [Int] = []
    private var hashes: [UInt64] = []
    /// Code + 1 per slot; 0 marks an empty slot.
    private var slots: [Int32] = Array(repeating: 0, count: 16)

    package init() {}

    /// Room for `capacity` keys of about `averageKeyLength` bytes before the slot table grows.
    package init(capacity: Int, averageKeyLength: Int = 16) {
        var size = 16
        while size < 2 * capacity { size *= 2 }
        slots = Array(repeating: 0, count: size)
        ends.reserveCapacity(capacity)
        hashes.reserveCapacity(capacity)
        bytes.reserveCapacity(capacity * averageKeyLength)
    }

    package var count: Int { ends.count }

    /// The code of `key`, adding it as the next code if it is new.
    package mutating func code(of key: UnsafeBufferPointer<UInt8>) -> Int32 {
        let h = ByteDictionary.hash(key)
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: h) & mask
        while true {
            let entry = slots[s]
            if entry == 0 { break }
            let c = Int(entry - 1)
            if hashes[c] == h && keyEquals(c, key) { return entry - 1 }
            s = (s + 1) & mask
        }
        let code = Int32(ends.count)
        bytes.append(contentsOf: key)
        ends.append(bytes.count)
        hashes.append(h)
        slots[s] = code + 1
        if ends.count * 2 > slots.count { grow() }
        return code
    }

    /// The keys in code order, as strings (the bytes must be valid UTF-8).
    package func levels() -> [String] {
        bytes.withUnsafeBufferPointer { all in
            (0..<ends.count).map { c in
                let start = c == 0 ? 0 : ends[c - 1]
                return String(decoding: UnsafeBufferPointer(rebasing: all[start..<ends[c]]), as: UTF8.self)
            }
        }
    }

    private func keyEquals(_ c: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = c == 0 ? 0 : ends[c - 1]
        guard ends[c] - start == key.count else { return false }
        if key.isEmpty { return true }
        return bytes.withUnsafeBufferPointer { all in
            memcmp(all.baseAddress! + start, key.baseAddress!, key.count) == 0
        }
    }

    private mutating func grow() {
        var fresh = [Int32](repeating: 0, count: slots.count * 2)
        let mask = fresh.count - 1
        for c in 0..<ends.count {
            var s = Int(truncatingIfNeeded: hashes[c]) & mask
            while fresh[s] != 0 { s = (s + 1) & mask }
            fresh[s] = Int32(c + 1)
        }
        slots = fresh
    }

    /// 64-bit hash of a byte string, eight bytes per step (a multiply-xorshift mix; only equality of
    /// keys matters, so it needs to spread bits, not resist attacks).
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(key.count)
        var i = 0
        let n = key.count
        if n > 0 {
            let base = UnsafeRawPointer(key.baseAddress!)
            while i + 8 <= n {
                let w = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                h = (h ^ w) &* 0xBF58_476D_1CE4_E5B9
                h ^= h >> 29
                i += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < n { tail |= UInt64(key[i]) << shift; shift += 8; i += 1 }
            h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
        }
        h ^= h >> 31
        h = h &* 0xBF58_476D_1CE4_E5B9
        return h ^ (h >> 32)
    }
}
