import Foundation

/// A dictionary encoder for byte strings: maps each distinct byte string to a dense code 0, 1, 2, ...
/// in order of first appearance, without creating a `String` per lookup.
///
/// Open addressing with linear probing over a power-of-two slot table kept at most half full; keys live
/// back to back in one byte arena. The CSV reader's categorical columns and the PII generators
/// (`Synthesizers`' `IdentifierGenerator`) encode through it.
///
/// Each slot holds 32 bits of the key's hash beside its code, and the slot index comes from those same
/// bits: a probe compares hashes without touching the arena (one cache miss per probe, not three), and
/// growing the table moves slots without reading a key or rehashing.
package struct ByteDictionary {
    private var bytes: [UInt8] = []
    /// `ends[c]` is one past the last byte of key `c`; key `c` starts at `ends[c - 1]` (or 0).
    private var ends: [Int] = []
    /// Per slot: the key's hash tag in the high 32 bits, its code + 1 in the low 32; 0 marks an empty slot.
    private var slots: [UInt64] = Array(repeating: 0, count: 16)
    /// Keys from code `indexed` on were added by ``appendNew(_:)`` and are not in `slots` yet.
    private var indexed = 0

    package init() {}

    /// Room for `capacity` keys of about `averageKeyLength` bytes before the slot table grows.
    package init(capacity: Int, averageKeyLength: Int = 16) {
        var size = 16
        while size < 2 * capacity { size *= 2 }
        slots = Array(repeating: 0, count: size)
        ends.reserveCapacity(capacity)
        bytes.reserveCapacity(capacity * averageKeyLength)
    }

    package var count: Int { ends.count }

    /// Adds `key` as the next code without looking it up, for a caller that knows it is new (a unique column
    /// that tells repeats apart by other means): no hash and no probe now; the next ``code(of:)`` indexes it.
    package mutating func appendNew(_ key: UnsafeBufferPointer<UInt8>) -> Int32 {
        let code = Int32(ends.count)
        bytes.append(contentsOf: key)
        ends.append(bytes.count)
        return code
    }

    /// The code of `key`, adding it as the next code if it is new.
    package mutating func code(of key: UnsafeBufferPointer<UInt8>) -> Int32 {
        if indexed < ends.count { indexAppended() }
        let tag = ByteDictionary.tag(key)
        let mask = slots.count - 1
        var s = Int(tag) & mask
        while true {
            let entry = slots[s]
            if entry == 0 { break }
            if entry >> 32 == tag {
                let c = Int(entry & 0xFFFF_FFFF) - 1
                if keyEquals(c, key) { return Int32(c) }
            }
            s = (s + 1) & mask
        }
        let code = Int32(ends.count)
        bytes.append(contentsOf: key)
        ends.append(bytes.count)
        slots[s] = tag << 32 | UInt64(code + 1)
        indexed = ends.count
        if ends.count * 2 > slots.count { grow() }
        return code
    }

    /// Puts the keys ``appendNew(_:)`` added into the slot table.
    private mutating func indexAppended() {
        while ends.count * 2 > slots.count { grow() }
        let tags: [UInt64] = bytes.withUnsafeBufferPointer { all in
            (indexed..<ends.count).map { c in
                ByteDictionary.tag(UnsafeBufferPointer(rebasing: all[(c == 0 ? 0 : ends[c - 1])..<ends[c]]))
            }
        }
        let mask = slots.count - 1
        for (i, tag) in tags.enumerated() {
            var s = Int(tag) & mask
            while slots[s] != 0 { s = (s + 1) & mask }
            slots[s] = tag << 32 | UInt64(indexed + i + 1)
        }
        indexed = ends.count
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
        var fresh = [UInt64](repeating: 0, count: slots.count * 2)
        let mask = fresh.count - 1
        for entry in slots where entry != 0 {
            var s = Int(entry >> 32) & mask
            while fresh[s] != 0 { s = (s + 1) & mask }
            fresh[s] = entry
        }
        slots = fresh
    }

    /// The slot tag of a key: the high 32 bits of its hash (the final mix spreads them evenly).
    @inline(__always)
    static func tag(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 { hash(key) >> 32 }

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
