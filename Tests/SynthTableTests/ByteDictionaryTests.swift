import SynthMath
import Testing
@testable import SynthTable

/// `ByteDictionary` against a brute-force oracle (`[String: Int32]` assigning codes in order of first
/// appearance), through many growths of its slot table and through keys whose 32-bit hash tags collide.
@Suite struct ByteDictionaryTests {
    private func code(_ d: inout ByteDictionary, _ key: String) -> Int32 {
        var key = key
        return key.withUTF8 { d.code(of: $0) }
    }

    /// Keys of 0 to 20 bytes (across the hash's 8-byte steps and its tail), with repeats.
    private func keys(_ count: Int, distinct: Int, seed: UInt64) -> [String] {
        var s = RandomStream(seed: seed)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789-".utf8)
        let pool = (0..<distinct).map { _ in
            String(decoding: (0..<s.nextInt(below: 21)).map { _ in alphabet[s.nextInt(below: alphabet.count)] },
                   as: UTF8.self)
        }
        return (0..<count).map { _ in pool[s.nextInt(below: pool.count)] }
    }

    @Test func codesInOrderOfFirstAppearanceThroughGrowth() {
        var d = ByteDictionary()
        var oracle: [String: Int32] = [:]
        var order: [String] = []
        for key in keys(60_000, distinct: 20_000, seed: 3) {
            if oracle[key] == nil { oracle[key] = Int32(order.count); order.append(key) }
            #expect(code(&d, key) == oracle[key])
        }
        #expect(d.count == order.count)
        #expect(d.levels() == order)
        // The first-seen set of a pool this size holds the empty key and one-byte keys.
        #expect(order.contains(""))
    }

    /// Keys added without a lookup (`appendNew`, for keys the caller knows are new) get the next codes and
    /// are found by later lookups, through the growths their indexing needs; a repeat passed to `appendNew`
    /// would get a second code, which is why only known-new keys may be (the negative control).
    @Test func appendedKeysAreFoundByLaterLookups() {
        var d = ByteDictionary(), oracle: [String: Int32] = [:], order: [String] = []
        for (i, key) in keys(30_000, distinct: 12_000, seed: 9).enumerated() {
            if oracle[key] == nil {
                oracle[key] = Int32(order.count); order.append(key)
                var k = key
                if i % 3 != 0 { #expect(k.withUTF8 { d.appendNew($0) } == oracle[key]); continue }
            }
            #expect(code(&d, key) == oracle[key])
        }
        #expect(d.count == order.count && d.levels() == order)
        for key in order { #expect(code(&d, key) == oracle[key]) }
        var again = order[0]
        #expect(again.withUTF8 { d.appendNew($0) } == Int32(order.count))
    }

    @Test func presizedAndGrownAgree() {
        let all = keys(20_000, distinct: 8_000, seed: 5)
        var small = ByteDictionary(), large = ByteDictionary(capacity: 20_000, averageKeyLength: 10)
        #expect(all.map { code(&small, $0) } == all.map { code(&large, $0) })
        #expect(small.levels() == large.levels())
    }

    /// Distinct keys whose tags are equal must still get distinct codes (the bytes decide, not the tag).
    /// Among 200,000 keys some 32-bit tags repeat (about 4.7 pairs expected); the test finds them first,
    /// so it fails rather than passes vacuously if none occur.
    @Test func equalTagsDifferentKeys() {
        var byTag: [UInt64: String] = [:]
        var clashes: [(String, String)] = []
        for i in 0..<200_000 {
            var key = "k\(i)"
            let tag = key.withUTF8 { ByteDictionary.tag($0) }
            if let other = byTag[tag] { clashes.append((other, key)) } else { byTag[tag] = key }
        }
        #expect(!clashes.isEmpty, "no equal tags among 200,000 keys: the test would not exercise the byte check")
        var d = ByteDictionary()
        for (a, b) in clashes {
            let ca = code(&d, a), cb = code(&d, b)
            #expect(ca != cb)
            #expect(code(&d, a) == ca && code(&d, b) == cb)
        }
        #expect(d.count == Set(clashes.flatMap { [$0.0, $0.1] }).count)
    }
}
