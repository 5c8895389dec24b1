import Foundation
import PropertyBased
import Testing
@testable import SynthTable

/// The byte-level field parsers against the standard library's own (correctly rounded) parsers.
@Suite struct FieldParsersTests {
    private func double(_ s: String) -> Double? {
        Array(s.utf8).withUnsafeBufferPointer { FieldParsers.parseDouble($0) }
    }

    private func int(_ s: String) -> Int? {
        Array(s.utf8).withUnsafeBufferPointer { FieldParsers.parseInt($0) }
    }

    private func bool(_ s: String) -> Bool? {
        Array(s.utf8).withUnsafeBufferPointer { FieldParsers.parseBool($0) }
    }

    /// Same value and same bits (so -0.0 is told from 0.0).
    private func expectSameBits(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let mine = double(text), reference = Double(text)
        #expect(mine?.bitPattern == reference?.bitPattern, "\(text): \(String(describing: mine)) vs \(String(describing: reference))",
                sourceLocation: sourceLocation)
    }

    @Test func hardDecimalCases() {
        for s in ["0", "-0", "-0.0", "0.1", "0.3", "1e23", "8.5e-1", "9007199254740993", "9007199254740992.5",
                  "9007199254740993.0000000001", "2.2250738585072011e-308", "2.2250738585072014e-308",
                  "4.9406564584124654e-324", "1.7976931348623157e308", "1.7976931348623159e308", "123456789012345678",
                  "0.000001234567890123456789", "1234567890123456789012345", "18446744073709551615",
                  "18446744073709551616", "99999999999999999999e-19", "7.2057594037927933e16", "1.5", "+.5",
                  "5.", "-12.3456789012345678e-3", "1E5", "1e+05", "3.14159265358979323846264338327950288",
                  "0.30000000000000004", "0.1e-400", "1e-19", "9.999999999999999e-20", "123.456e19", "-inf", "Infinity",
                  "+INF", "0000000000000000000000001.5", "1.00000000000000011102230246251565404236316680908203125",
                  "1.00000000000000011102230246251565404236316680908203124",
                  // Just above a halfway point with the excess below the 64 bits kept: only the sticky
                  // remainder decides that these round up (found by a search with exact fractions).
                  "9007199254740993.001", "2586522098997051711e7", "5846039017146110792e13", "2847398615530756700e18",
                  "3762339408645616146e-12", "4603603911327315146e-17", "1407123100368572910e-17"] {
            expectSameBits(s)
        }
    }

    @Test func rejectsWhatIsNotADecimalNumber() {
        for s in ["", "-", "+", ".", "e5", "1e", "1e+", "0x10", "nan", "NaN", "1.2.3", "1 ", " 1", "--1", "in",
                  "infinit", "infinityy", "1,5", "1_000", "١"] {
            #expect(double(s) == nil, "\(s) should not parse")
        }
    }

    /// Random doubles of every magnitude, printed in the shortest form and with 17 and 15 digits.
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func randomDoublesMatchTheStandardLibrary(seed: UInt64) {
        var rng = seededXoshiro(seed)
        let bits = Gen.uint64(in: 0...UInt64.max)
        for _ in 0..<3000 {
            let x = Double(bitPattern: bits.run(using: &rng))
            guard x.isFinite else { continue }
            expectSameBits("\(x)")
            expectSameBits(String(format: "%.17g", x))
            expectSameBits(String(format: "%.15g", x))
        }
    }

    /// Random digit strings with 1-25 significant digits and exponents around the fast paths' limits.
    @Test(arguments: [5, 6, 7] as [UInt64])
    func randomDigitStringsMatchTheStandardLibrary(seed: UInt64) {
        var rng = seededXoshiro(seed)
        let digit = Gen.element(of: Array("0123456789"))
        let length = Gen.int(in: 1...25)
        let exponent = Gen.int(in: -30...30)
        let point = Gen.int(in: 0...25)
        for _ in 0..<4000 {
            var s = String((0..<length.run(using: &rng)).map { _ in digit.run(using: &rng)! })
            let p = point.run(using: &rng)
            if p < s.count { s.insert(".", at: s.index(s.startIndex, offsetBy: p)) }
            s += "e\(exponent.run(using: &rng))"
            expectSameBits(s)
            expectSameBits("-" + s)
        }
    }

    @Test func integers() {
        #expect(int("0") == 0)
        #expect(int("-0") == 0)
        #expect(int("+42") == 42)
        #expect(int("007") == 7)
        #expect(int("9223372036854775807") == Int.max)
        #expect(int("-9223372036854775808") == Int.min)
        #expect(int("9223372036854775808") == nil)
        #expect(int("-9223372036854775809") == nil)
        #expect(int("000000000000000000000000012") == 12)
        for s in ["", "-", "+", "1.0", "1e3", " 1", "1 ", "0x1", "١"] { #expect(int(s) == nil, "\(s)") }
    }

    @Test func booleans() {
        for s in ["true", "True", "TRUE", "tRuE"] { #expect(bool(s) == true) }
        for s in ["false", "False", "FALSE", "fAlSe"] { #expect(bool(s) == false) }
        for s in ["", "t", "yes", "1", "0", "truth", "falsey", "tru", " true", "true "] { #expect(bool(s) == nil, "\(s)") }
    }

    /// The validator agrees with the standard library's decoder on random byte strings biased towards
    /// multi-byte sequences, and points at the first byte the decoder rejects.
    @Test(arguments: [1, 2] as [UInt64])
    func utf8ValidationMatchesTheStandardLibrary(seed: UInt64) {
        var rng = seededXoshiro(seed)
        let byte = Gen.oneOf(Gen.uint8(in: 0...0x7F), Gen.uint8(in: 0x80...0xBF), Gen.uint8(in: 0xC0...0xFF),
                             Gen.element(of: [0xE0, 0xED, 0xF0, 0xF4, 0xEF, 0xBF, 0x9F, 0xA0] as [UInt8]).map { $0! })
        let bytes = byte.array(of: 0...12)
        for _ in 0..<20_000 {
            let b = bytes.run(using: &rng)
            let bad = b.withUnsafeBufferPointer { FieldParsers.firstInvalidUTF8($0) }
            let valid = String(validating: b, as: UTF8.self) != nil
            #expect((bad == nil) == valid, "\(b)")
            if let bad {
                #expect(String(validating: b[..<bad], as: UTF8.self) != nil, "prefix before \(bad) of \(b)")
            }
        }
    }

    @Test func formatDoubleRoundTrips() {
        var rng = seededXoshiro(41)
        let bits = Gen.uint64(in: 0...UInt64.max)
        var samples: [Double] = [0, -0.0, 1, -1, 1e15, 1e16, 0.1, .infinity, -.infinity, .leastNonzeroMagnitude, .greatestFiniteMagnitude]
        for _ in 0..<2000 { samples.append(Double(bitPattern: bits.run(using: &rng))) }
        for x in samples where !x.isNaN {
            let text = formatDouble(x)
            #expect(Double(text)?.bitPattern == x.bitPattern, "\(x) -> \(text)")
            #expect(double(text)?.bitPattern == x.bitPattern, "\(x) -> \(text)")
        }
        #expect(formatDouble(3) == "3")
        #expect(formatDouble(-0.0) == "-0")
    }
}
