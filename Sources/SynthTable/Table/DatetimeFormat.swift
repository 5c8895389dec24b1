import Foundation

/// A datetime text layout, strftime-style (`%Y-%m-%d`, `%Y-%m-%d %H:%M:%S`, `%Y-%m-%dT%H:%M:%S`), read and
/// written in UTC. Only the fields SynthBench needs are supported: %Y %m %d %H %M %S.
public struct DatetimeFormat: Codable, Sendable, Equatable, Hashable, CustomStringConvertible {
    public let pattern: String

    public init(_ pattern: String) { self.pattern = pattern }

    public static let isoDate = DatetimeFormat("%Y-%m-%d")
    public static let isoDateTime = DatetimeFormat("%Y-%m-%d %H:%M:%S")
    public static let isoDateTimeT = DatetimeFormat("%Y-%m-%dT%H:%M:%S")
    /// The layouts type inference tries, most specific first.
    public static let candidates: [DatetimeFormat] = [.isoDateTimeT, .isoDateTime, .isoDate, DatetimeFormat("%m/%d/%Y")]

    public var description: String { pattern }

    /// Parses `text` (exactly this layout) into seconds since the epoch, or nil.
    public func parse<S: Collection<UInt8>>(_ text: S) -> Double? {
        var y = 1970, mo = 1, d = 1, h = 0, mi = 0, s = 0
        var it = text.makeIterator()
        var pending: UInt8? = nil
        func nextByte() -> UInt8? {
            if let p = pending { pending = nil; return p }
            return it.next()
        }
        func number(_ maxDigits: Int) -> Int? {
            var v = 0, n = 0
            while n < maxDigits, let b = nextByte() {
                guard b >= 48 && b <= 57 else { pending = b; break }
                v = v * 10 + Int(b - 48); n += 1
            }
            return n == 0 ? nil : v
        }
        var p = pattern.utf8.makeIterator()
        while let c = p.next() {
            if c == UInt8(ascii: "%") {
                guard let f = p.next() else { return nil }
                switch f {
                case UInt8(ascii: "Y"): guard let v = number(4) else { return nil }; y = v
                case UInt8(ascii: "m"): guard let v = number(2), (1...12).contains(v) else { return nil }; mo = v
                case UInt8(ascii: "d"): guard let v = number(2), (1...31).contains(v) else { return nil }; d = v
                case UInt8(ascii: "H"): guard let v = number(2), v < 24 else { return nil }; h = v
                case UInt8(ascii: "M"): guard let v = number(2), v < 60 else { return nil }; mi = v
                case UInt8(ascii: "S"): guard let v = number(2), v < 61 else { return nil }; s = v
                default: return nil
                }
            } else {
                guard nextByte() == c else { return nil }
            }
        }
        if nextByte() != nil { return nil }
        guard d <= DatetimeFormat.daysInMonth(y, mo) else { return nil }
        return Double(DatetimeFormat.daysFromCivil(y, mo, d)) * 86400 + Double(h * 3600 + mi * 60 + s)
    }

    /// Renders seconds since the epoch in this layout (fractions of a second are rounded down).
    public func format(_ seconds: Double) -> String {
        var out: [UInt8] = []
        appendFormatted(seconds, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the rendering of `seconds` to `out` as UTF-8 bytes (the CSV writer's path: no `String`).
    /// Years below 0 get a leading minus; %Y is padded to four digits.
    func appendFormatted(_ seconds: Double, to out: inout [UInt8]) {
        let total = Int64(seconds.rounded(.down))
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

    static func civilFromDays(_ z0: Int64) -> (Int, Int, Int) {
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
