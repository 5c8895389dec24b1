/// Check-digit schemes the generated identifiers carry (Synthesizers' PII providers), and their validators
/// (Evaluation's PII scan). The generic ones are `@inlinable` so that callers in other modules get them
/// specialized for their byte buffers: unspecialized, a credit card number cost five microseconds, most of
/// it in the runtime's generic metadata lookups.
public enum CheckDigits {
    /// The Luhn (ISO/IEC 7812) check digit, as an ASCII digit, for a payload of ASCII digits.
    @inlinable
    public static func luhnDigit<C: BidirectionalCollection<UInt8>>(forASCII payload: C) -> UInt8 {
        var sum = 0
        // The check digit will sit at the right, so the rightmost payload digit is doubled.
        for (offset, c) in payload.reversed().enumerated() {
            var v = Int(c) - 48
            if offset % 2 == 0 { v *= 2; if v > 9 { v -= 9 } }
            sum += v
        }
        return UInt8(48 + (10 - sum % 10) % 10)
    }

    /// Whether a string of decimal digits passes the Luhn check.
    public static func isLuhnValid(_ number: String) -> Bool {
        let digits = number.utf8.map { Int($0) - 48 }
        guard digits.count >= 2, digits.allSatisfy({ (0...9).contains($0) }) else { return false }
        var sum = 0
        for (offset, d) in digits.reversed().enumerated() {
            var v = d
            if offset % 2 == 1 { v *= 2; if v > 9 { v -= 9 } }
            sum += v
        }
        return sum % 10 == 0
    }

    /// One character of ISO 7064 mod 97-10 (a digit, or an upper-case letter as 10...35) into the running
    /// remainder `r`; false for any other character.
    @usableFromInline
    static func accumulateMod97(_ r: inout Int, _ c: UInt8) -> Bool {
        switch c {
        case 48...57: r = (r * 10 + Int(c) - 48) % 97
        case 65...90: r = (r * 100 + Int(c) - 55) % 97
        default: return false
        }
        return true
    }

    /// ISO 7064 mod 97-10 of an IBAN rearranged as `bban + country + check`, letters as 10...35.
    static func ibanRemainder<S: Sequence<UInt8>>(_ rearranged: S) -> Int? {
        var r = 0
        for c in rearranged { guard accumulateMod97(&r, c) else { return nil } }
        return r
    }

    /// The two IBAN check digits for a country code and BBAN (upper-case letters and digits).
    public static func ibanCheckDigits(country: String, bban: String) -> Int {
        ibanCheckDigits(country: country, bbanASCII: bban.utf8)
    }

    /// ``ibanCheckDigits(country:bban:)`` for a BBAN given as ASCII bytes: the remainder of
    /// `bban + country + "00"`, read in place.
    @inlinable
    public static func ibanCheckDigits<S: Sequence<UInt8>>(country: String, bbanASCII bban: S) -> Int {
        var r = 0
        for c in bban { guard accumulateMod97(&r, c) else { return 98 } }
        for c in country.utf8 { guard accumulateMod97(&r, c) else { return 98 } }
        _ = accumulateMod97(&r, 48)
        _ = accumulateMod97(&r, 48)
        return 98 - r
    }

    /// Whether an IBAN (no spaces) passes the mod-97 check.
    public static func isIBANValid(_ iban: String) -> Bool {
        let u = Array(iban.utf8)
        guard u.count >= 5, u.count <= 34 else { return false }
        let rearranged = String(decoding: u[4...] + u[..<4], as: UTF8.self)
        return ibanRemainder(rearranged.utf8) == 1
    }

    /// VIN (ISO 3779, North America) transliteration values and position weights.
    @usableFromInline
    static let vinWeights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]
    @usableFromInline
    static func vinValue(_ c: UInt8) -> Int? {
        switch c {
        case 48...57: return Int(c) - 48
        case UInt8(ascii: "A")...UInt8(ascii: "H"): return Int(c) - 64
        case UInt8(ascii: "J")...UInt8(ascii: "N"): return Int(c) - 73
        case UInt8(ascii: "P"): return 7
        case UInt8(ascii: "R"): return 9
        case UInt8(ascii: "S")...UInt8(ascii: "Z"): return Int(c) - 81
        default: return nil
        }
    }

    /// The VIN check character (position 9) for 17 characters (position 9 ignored).
    @inlinable
    public static func vinCheck<C: RandomAccessCollection<UInt8>>(_ chars: C) -> UInt8 {
        var sum = 0
        for (i, c) in chars.enumerated() { sum += (vinValue(c) ?? 0) * vinWeights[i] }
        let r = sum % 11
        return r == 10 ? UInt8(ascii: "X") : UInt8(48 + r)
    }

    /// Whether a 17-character VIN carries a correct check character.
    public static func isVINValid(_ vin: String) -> Bool {
        let u = Array(vin.utf8)
        guard u.count == 17, u.allSatisfy({ vinValue($0) != nil }) else { return false }
        return vinCheck(u) == u[8]
    }
}
