import Foundation

/// Byte-level parsers for one CSV field. They take the field's bytes (quotes removed) and never build a
/// `String` on the common path.
enum FieldParsers {
    /// `true` / `false` in any letter case.
    @inline(__always)
    static func parseBool(_ p: UnsafeBufferPointer<UInt8>) -> Bool? {
        // ORing 0x20 lower-cases ASCII letters; the compared words contain letters only.
        if p.count == 4 {
            let w = UInt32(p[0] | 0x20) | UInt32(p[1] | 0x20) << 8 | UInt32(p[2] | 0x20) << 16 | UInt32(p[3] | 0x20) << 24
            return w == 0x6575_7274 ? true : nil  // "true"
        }
        if p.count == 5 {
            let w = UInt32(p[0] | 0x20) | UInt32(p[1] | 0x20) << 8 | UInt32(p[2] | 0x20) << 16 | UInt32(p[3] | 0x20) << 24
            return w == 0x736C_6166 && p[4] | 0x20 == UInt8(ascii: "e") ? false : nil  // "fals" + "e"
        }
        return nil
    }

    /// `[+-]?[0-9]+` that fits `Int`.
    @inline(__always)
    static func parseInt(_ p: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = p.count
        guard n > 0 else { return nil }
        var i = 0
        let negative = p[0] == UInt8(ascii: "-")
        if negative || p[0] == UInt8(ascii: "+") { i = 1 }
        guard i < n else { return nil }
        var magnitude: UInt64 = 0
        if n - i <= 18 {  // 18 digits cannot overflow
            while i < n {
                let d = p[i] &- 48
                guard d < 10 else { return nil }
                magnitude = magnitude &* 10 &+ UInt64(d)
                i += 1
            }
            return negative ? -Int(magnitude) : Int(magnitude)
        }
        while i < n {
            let d = p[i] &- 48
            guard d < 10 else { return nil }
            let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(UInt64(d))
            guard !o1, !o2 else { return nil }
            magnitude = s
            i += 1
        }
        if negative {
            guard magnitude <= UInt64(Int.max) + 1 else { return nil }
            return magnitude == UInt64(Int.max) + 1 ? Int.min : -Int(magnitude)
        }
        guard magnitude <= UInt64(Int.max) else { return nil }
        return Int(magnitude)
    }

    static let powersOfTen: [Double] = (0...22).map { e in
        var v = 1.0
        for _ in 0..<e { v *= 10 }  // exact: 10^22 < 2^53 * 2^22 and every product is representable
        return v
    }

    /// A decimal number: `[+-]?(digits[.digits*]|.digits)([eE][+-]?digits)?`, or `inf` / `infinity` with
    /// an optional sign (any case). Hexadecimal floats and `nan` are not numbers here.
    ///
    /// Correctly rounded: values with at most 19 significant digits, mantissa <= 2^53 and a decimal
    /// exponent in [-22, 22] are computed exactly as mantissa * 10^e or mantissa / 10^e (Clinger's fast
    /// path: both operands are exact doubles, so the one IEEE operation rounds correctly); everything
    /// else goes to the C library's `strtod`, which glibc rounds correctly.
    @inline(__always)
    static func parseDouble(_ p: UnsafeBufferPointer<UInt8>) -> Double? {
        let n = p.count
        guard n > 0 else { return nil }
        var i = 0
        var negative = false
        if p[0] == UInt8(ascii: "-") { negative = true; i = 1 } else if p[0] == UInt8(ascii: "+") { i = 1 }
        guard i < n else { return nil }
        if p[i] | 0x20 == UInt8(ascii: "i") { return parseInfinity(p, from: i, negative: negative) }
        var mantissa: UInt64 = 0
        var significant = 0
        var exponent = 0
        var digits = 0
        var inexact = false
        while i < n {
            let d = p[i] &- 48
            guard d < 10 else { break }
            digits += 1
            if significant < 19 {
                if mantissa != 0 || d != 0 { mantissa = mantissa &* 10 &+ UInt64(d); significant += 1 }
            } else {
                exponent += 1; inexact = true
            }
            i += 1
        }
        if i < n && p[i] == UInt8(ascii: ".") {
            i += 1
            while i < n {
                let d = p[i] &- 48
                guard d < 10 else { break }
                digits += 1
                if significant < 19 {
                    if mantissa != 0 || d != 0 { mantissa = mantissa &* 10 &+ UInt64(d); significant += 1 }
                    exponent -= 1
                } else {
                    inexact = true
                }
                i += 1
            }
        }
        guard digits > 0 else { return nil }
        if i < n && p[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            guard i < n else { return nil }
            var expNegative = false
            if p[i] == UInt8(ascii: "-") { expNegative = true; i += 1 } else if p[i] == UInt8(ascii: "+") { i += 1 }
            guard i < n else { return nil }
            var e = 0
            while i < n {
                let d = p[i] &- 48
                guard d < 10 else { return nil }
                if e < 100_000 { e = e * 10 + Int(d) }
                i += 1
            }
            exponent += expNegative ? -e : e
        }
        guard i == n else { return nil }
        if mantissa == 0 { return negative ? -0.0 : 0.0 }
        if !inexact {
            if mantissa <= 1 << 53 && exponent >= -22 && exponent <= 22 {
                let m = Double(mantissa)
                let v = exponent < 0 ? m / powersOfTen[-exponent] : m * powersOfTen[exponent]
                return negative ? -v : v
            }
            if exponent >= -19 && exponent <= 19 {
                let v = exactRatio(mantissa, exponent)
                return negative ? -v : v
            }
        }
        return slowDouble(p)
    }

    static let integerPowersOfTen: [UInt64] = (0...19).map { e in
        var v: UInt64 = 1
        for _ in 0..<e { v *= 10 }
        return v
    }

    /// `w * 10^e`, correctly rounded, for w > 0 and |e| <= 19, by exact integer arithmetic.
    ///
    /// 10^|e| fits in 64 bits, so for e >= 0 the product is an exact 128-bit integer, and for e < 0 the
    /// quotient `w * 2^s / 10^-e` is computed to 64 significant bits with its remainder. Either way the
    /// value is Q * 2^k plus a known "sticky" rest, with Q in [2^63, 2^64): 53 bits for the double, the
    /// next bit for rounding, the rest and the remainder for ties, so round-half-to-even is exact.
    static func exactRatio(_ w: UInt64, _ e: Int) -> Double {
        let power = integerPowersOfTen[e < 0 ? -e : e]
        if e >= 0 {
            let (hi, lo) = w.multipliedFullWidth(by: power)
            if hi == 0 {
                let shift = lo.leadingZeroBitCount
                return roundToDouble(lo << shift, sticky: false, exponent: -shift)
            }
            let shift = hi.leadingZeroBitCount
            let top = shift == 0 ? hi : hi << shift | lo >> (64 - shift)
            return roundToDouble(top, sticky: lo << shift != 0, exponent: 64 - shift)
        }
        // s so that w * 2^s / power lies in (2^62, 2^64); one more bit if it lands below 2^63.
        var s = 63 - (64 - w.leadingZeroBitCount) + (64 - power.leadingZeroBitCount)
        var (q, r) = divideShifted(w, s, by: power)
        if q < 1 << 63 {
            s += 1
            (q, r) = divideShifted(w, s, by: power)
        }
        return roundToDouble(q, sticky: r != 0, exponent: -s)
    }

    /// floor(w * 2^s / d) and the remainder, for results below 2^64 (0 <= s < 128).
    @inline(__always)
    private static func divideShifted(_ w: UInt64, _ s: Int, by d: UInt64) -> (UInt64, UInt64) {
        let hi: UInt64, lo: UInt64
        if s == 0 { hi = 0; lo = w } else if s < 64 { hi = w >> (64 - s); lo = w << s } else { hi = w << (s - 64); lo = 0 }
        return d.dividingFullWidth((high: hi, low: lo))
    }

    /// The double nearest to (q + rest) * 2^exponent, where q is in [2^63, 2^64) and `sticky` tells
    /// whether the rest (less than one unit of q) is non-zero. Ties go to even.
    @inline(__always)
    private static func roundToDouble(_ q: UInt64, sticky: Bool, exponent: Int) -> Double {
        var m = q >> 11
        let roundBit = q >> 10 & 1 == 1
        let below = q & 0x3FF != 0 || sticky
        var k = exponent + 11
        if roundBit && (below || m & 1 == 1) {
            m += 1
            if m == 1 << 53 { m = 1 << 52; k += 1 }
        }
        return Double(sign: .plus, exponent: k, significand: Double(m))
    }

    private static let infinityWord: [UInt8] = Array("infinity".utf8)

    private static func parseInfinity(_ p: UnsafeBufferPointer<UInt8>, from i: Int, negative: Bool) -> Double? {
        let rest = p.count - i
        guard rest == 3 || rest == 8 else { return nil }
        for k in 0..<rest where p[i + k] | 0x20 != infinityWord[k] { return nil }
        return negative ? -.infinity : .infinity
    }

    /// `strtod` on a NUL-terminated copy (the syntax is already checked). If the C locale has been
    /// changed to one with a decimal comma, `strtod` stops early; Swift's locale-independent parser
    /// takes over then.
    private static func slowDouble(_ p: UnsafeBufferPointer<UInt8>) -> Double? {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: p.count + 1) { buf in
            for k in 0..<p.count { buf[k] = CChar(bitPattern: p[k]) }
            buf[p.count] = 0
            var end: UnsafeMutablePointer<CChar>? = nil
            let v = strtod(buf.baseAddress!, &end)
            if end == buf.baseAddress! + p.count { return v }
            return Double(String(decoding: p, as: UTF8.self))
        }
    }

    /// The index of the first byte of the first invalid UTF-8 sequence, or nil if `p` is valid UTF-8
    /// (overlong forms, surrogates and code points above U+10FFFF are invalid, per RFC 3629).
    static func firstInvalidUTF8(_ p: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = p.count
        var i = 0
        @inline(__always) func isContinuation(_ k: Int) -> Bool { k < n && p[k] & 0xC0 == 0x80 }
        while i < n {
            let b = p[i]
            if b < 0x80 { i += 1; continue }
            if b < 0xC2 { return i }
            if b < 0xE0 {
                guard isContinuation(i + 1) else { return i }
                i += 2
            } else if b < 0xF0 {
                guard i + 1 < n else { return i }
                let b1 = p[i + 1]
                let ok1 = b == 0xE0 ? (0xA0...0xBF).contains(b1) : b == 0xED ? (0x80...0x9F).contains(b1) : b1 & 0xC0 == 0x80
                guard ok1, isContinuation(i + 2) else { return i }
                i += 3
            } else if b < 0xF5 {
                guard i + 1 < n else { return i }
                let b1 = p[i + 1]
                let ok1 = b == 0xF0 ? (0x90...0xBF).contains(b1) : b == 0xF4 ? (0x80...0x8F).contains(b1) : b1 & 0xC0 == 0x80
                guard ok1, isContinuation(i + 2), isContinuation(i + 3) else { return i }
                i += 4
            } else {
                return i
            }
        }
        return nil
    }
}
