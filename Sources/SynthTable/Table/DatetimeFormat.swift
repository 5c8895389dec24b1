import Foundation

/// A datetime text layout, strftime-style (`%Y-%m-%d`, `%Y/%m/%d %H:%M:%S.%f`, `%b %d %Y`), read and written
/// in UTC. The directives are those pandas guesses for dates SynthBench detects:
///
/// | directive | reads (as Python's `strptime`) | writes |
/// |---|---|---|
/// | `%Y` | exactly 4 digits | 4 digits, zero-padded |
/// | `%m` `%d` `%H` `%M` `%S` | 1 or 2 digits | 2 digits, zero-padded |
/// | `%f` | 1 to 9 digits, a fraction of a second (pandas reads nanoseconds) | 6 digits (microseconds) |
/// | `%b` / `%B` | `Jan`...`Dec` / `January`...`December`, any letter case | `Jan` / `January` |
/// | `%%` | a percent sign | `%` |
///
/// A space in the layout matches one or more spaces or tabs (as `strptime`'s `\s+`); any other
/// character matches itself. Values are seconds since the epoch; without `%f` they are written rounded
/// down to the second, with `%f` rounded to the nearest microsecond, so `format(parse(t))` reads back to
/// the same value for every text `t` the layout accepts, and reproduces `t` exactly when `t` is written
/// with the layout's own padding (for `%f`: between 1833 and 2106, |t| < 2^32 s, where a double still
/// holds every microsecond; outside that range within one microsecond).
public struct DatetimeFormat: Codable, Sendable, Equatable, Hashable, CustomStringConvertible {
    public let pattern: String

    public init(_ pattern: String) { self.pattern = pattern }

    public static let isoDate = DatetimeFormat("%Y-%m-%d")
    public static let isoDateTime = DatetimeFormat("%Y-%m-%d %H:%M:%S")
    public static let isoDateTimeT = DatetimeFormat("%Y-%m-%dT%H:%M:%S")
    /// The layouts of the common ISO and US forms, most specific first (for callers that want a fixed
    /// list; CSV inference guesses the layout from the first value instead, see ``guess(_:)``).
    public static let candidates: [DatetimeFormat] = [.isoDateTimeT, .isoDateTime, .isoDate, DatetimeFormat("%m/%d/%Y")]

    /// The directive letters this type reads and writes.
    public static let directives: Set<Character> = ["Y", "m", "d", "H", "M", "S", "f", "b", "B", "%"]

    /// English month names, as `strftime` writes them in the C locale.
    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                             "September", "October", "November", "December"]
    static let monthNameBytes: [[UInt8]] = monthNames.map { Array($0.utf8) }

    public var description: String { pattern }

    /// True when `pattern` uses only ``directives`` and has at least one date or time directive.
    public static func isSupported(_ pattern: String) -> Bool {
        var fields = 0
        var it = pattern.makeIterator()
        while let ch = it.next() {
            guard ch == "%" else { continue }
            guard let d = it.next(), directives.contains(d) else { return false }
            if d != "%" { fields += 1 }
        }
        return fields > 0
    }

    /// Parses `text` (exactly this layout) into seconds since the epoch, or nil.
    public func parse<S: Collection<UInt8>>(_ text: S) -> Double? {
        var y = 1970, mo = 1, d = 1, h = 0, mi = 0, s = 0
        var fraction = 0.0
        var it = text.makeIterator()
        var pending: UInt8? = nil
        func nextByte() -> UInt8? {
            if let p = pending { pending = nil; return p }
            return it.next()
        }
        func number(_ minDigits: Int, _ maxDigits: Int) -> (value: Int, digits: Int)? {
            var v = 0, n = 0
            while n < maxDigits, let b = nextByte() {
                guard b >= 48 && b <= 57 else { pending = b; break }
                v = v * 10 + Int(b - 48); n += 1
            }
            return n < minDigits ? nil : (v, n)
        }
        /// A month name (full when `full`, else the 3-letter abbreviation), any letter case.
        func month(full: Bool) -> Int? {
            var word: [UInt8] = []
            while word.count < 9, let b = nextByte() {
                let lower = b | 0x20
                guard lower >= 97 && lower <= 122 else { pending = b; break }
                word.append(lower)
            }
            for (k, name) in DatetimeFormat.monthNameBytes.enumerated() {
                let expected = full ? name : Array(name.prefix(3))
                if word.count == expected.count && zip(word, expected).allSatisfy({ $0 == $1 | 0x20 }) { return k + 1 }
            }
            return nil
        }
        var p = pattern.utf8.makeIterator()
        while let c = p.next() {
            if c == UInt8(ascii: "%") {
                guard let f = p.next() else { return nil }
                switch f {
                case UInt8(ascii: "Y"): guard let v = number(4, 4) else { return nil }; y = v.value
                case UInt8(ascii: "m"): guard let v = number(1, 2), (1...12).contains(v.value) else { return nil }; mo = v.value
                case UInt8(ascii: "d"): guard let v = number(1, 2), (1...31).contains(v.value) else { return nil }; d = v.value
                case UInt8(ascii: "H"): guard let v = number(1, 2), v.value < 24 else { return nil }; h = v.value
                case UInt8(ascii: "M"): guard let v = number(1, 2), v.value < 60 else { return nil }; mi = v.value
                case UInt8(ascii: "S"): guard let v = number(1, 2), v.value < 61 else { return nil }; s = v.value
                case UInt8(ascii: "f"):
                    guard let v = number(1, 9) else { return nil }
                    fraction = Double(v.value) / FieldParsers.powersOfTen[v.digits]
                case UInt8(ascii: "b"): guard let v = month(full: false) else { return nil }; mo = v
                case UInt8(ascii: "B"): guard let v = month(full: true) else { return nil }; mo = v
                case UInt8(ascii: "%"): guard nextByte() == c else { return nil }
                default: return nil
                }
            } else if c == UInt8(ascii: " ") {
                var spaces = 0
                while let b = nextByte() {
                    guard b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") else { pending = b; break }
                    spaces += 1
                }
                if spaces == 0 { return nil }
            } else {
                guard nextByte() == c else { return nil }
            }
        }
        if nextByte() != nil { return nil }
        guard d <= DatetimeFormat.daysInMonth(y, mo) else { return nil }
        return Double(DatetimeFormat.daysFromCivil(y, mo, d)) * 86400 + Double(h * 3600 + mi * 60 + s) + fraction
    }

    /// Renders seconds since the epoch in this layout.
    public func format(_ seconds: Double) -> String {
        var out: [UInt8] = []
        appendFormatted(seconds, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether the layout writes fractions of a second.
    var hasFraction: Bool { pattern.contains("%f") }

    /// Appends the rendering of `seconds` to `out` as UTF-8 bytes (the CSV writer's path: no `String`).
    /// Years below 0 get a leading minus; %Y is padded to four digits.
    func appendFormatted(_ seconds: Double, to out: inout [UInt8]) {
        let total: Int64, micros: Int64
        if hasFraction {
            let all = Int64((seconds * 1_000_000).rounded())
            var q = all / 1_000_000, r = all % 1_000_000
            if r < 0 { r += 1_000_000; q -= 1 }
            total = q; micros = r
        } else {
            total = Int64(seconds.rounded(.down)); micros = 0
        }
        var days = total / 86400, rem = total % 86400
        if rem < 0 { rem += 86400; days -= 1 }
        let (y, m, d) = DatetimeFormat.civilFromDays(days)
        let h = Int(rem / 3600), mi = Int(rem % 3600 / 60), s = Int(rem % 60)
        func pad(_ v: Int, _ width: Int) {
            if v < 0 { out.append(UInt8(ascii: "-")) }
            let magnitude = v.magnitude
            var digits = 1, p: UInt = 10
            while p <= magnitude { digits += 1; p *= 10 }
            for _ in digits..<max(width, digits) { out.append(UInt8(ascii: "0")) }
            var div: UInt = p / 10
            while div > 0 { out.append(UInt8(ascii: "0") + UInt8(magnitude / div % 10)); div /= 10 }
        }
        var p = pattern.utf8.makeIterator()
        while let c = p.next() {
            if c == UInt8(ascii: "%"), let f = p.next() {
                switch f {
                case UInt8(ascii: "Y"): pad(y, 4)
                case UInt8(ascii: "m"): pad(m, 2)
                case UInt8(ascii: "d"): pad(d, 2)
                case UInt8(ascii: "H"): pad(h, 2)
                case UInt8(ascii: "M"): pad(mi, 2)
                case UInt8(ascii: "S"): pad(s, 2)
                case UInt8(ascii: "f"): pad(Int(micros), 6)
                case UInt8(ascii: "b"): out.append(contentsOf: DatetimeFormat.monthNameBytes[m - 1].prefix(3))
                case UInt8(ascii: "B"): out.append(contentsOf: DatetimeFormat.monthNameBytes[m - 1])
                case UInt8(ascii: "%"): out.append(c)
                default: out.append(c); out.append(f)
                }
            } else { out.append(c) }
        }
    }

    // Howard Hinnant's civil-calendar algorithms (proleptic Gregorian).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int64 {
        let y = Int64(m <= 2 ? y0 - 1 : y0)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64((m + 9) % 12)
        let doy = (153 * mp + 2) / 5 + Int64(d) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// (year, month, day) of a day counted from 1970-01-01 (day 0).
    public static func civilFromDays(_ z0: Int64) -> (Int, Int, Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(m <= 2 ? y + 1 : y), Int(m), Int(d))
    }

    static func daysInMonth(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
