/// pandas' `guess_datetime_format(value, dayfirst=False)` (pandas 2.3, `_libs/tslibs/parsing.pyx`) for the
/// date forms SynthBench reads, which is how SDV picks a string column's `datetime_format`: pandas splits
/// the value into tokens (dateutil's lexer), lets dateutil decide which number is the year, month and day,
/// and writes the directive of each field in place of its token, the other tokens literally.
///
/// Recognised (anything else is not a date here, see docs/metadata.md):
/// - three numbers separated by `-`, `/`, `.`, a space, `,` or `, `, one of them of 4 digits (the year),
///   the others of 1 or 2. dateutil's rule with `dayfirst=False`: a year first gives `%Y?%m?%d`; a year
///   last gives `%d?%m?%Y` when the first number is above 12, else `%m?%d?%Y` (so `01/02/2012` is
///   2 January, `13/01/2012` is 13 January); a year in the middle is not a date;
/// - a month name written as `strftime` writes it (`Jan`...`Dec` -> `%b`, `January`...`December` ->
///   `%B`; `May` is `%B`; `jan` and `Sept` are not guessed), a 4-digit year and a 1- or 2-digit day, in
///   any order (`%b %d %Y`, `%B %d, %Y`, `%d %b %Y`, `%Y %b %d`);
/// - `%Y-%m` (ISO year and month, `-` only);
/// - a date followed by a space or `T` and `%H:%M`, `%H:%M:%S` or `%H:%M:%S.%f`.
///
/// Not guessed although pandas guesses them: time zones (`%z`, `%Z`), AM/PM (`%I %p`), weekday names,
/// and `%Y%m%d`-style runs of digits (a column of those is read as integers, as pandas reads it, so SDV
/// never sees it as text either).
enum DatetimeFormatGuess {
    private enum TokenKind: Equatable { case space, digits, decimal, letters, punctuation, other }

    private struct Token {
        var kind: TokenKind
        var bytes: ArraySlice<UInt8>
        var text: String { String(decoding: bytes, as: UTF8.self) }
        var isField: Bool { kind == .digits || kind == .decimal || kind == .letters }
        var number: Int { bytes.reduce(0) { $0 * 10 + Int($1 - 48) } }
    }

    /// Separators accepted between the fields of a date.
    private static let dateSeparators: Set<String> = ["-", "/", ".", " ", ",", ", "]

    static func guess<S: Collection<UInt8>>(_ text: S) -> DatetimeFormat? {
        let bytes = Array(text)
        guard bytes.count >= 6, bytes.count <= 64 else { return nil }
        let tokens = tokenize(bytes)
        // dateutil's lexer reads `59,456` as a decimal comma; pandas' guess then fails on such values.
        for n in tokens.indices.dropLast(2) where tokens[n].kind == .digits && tokens[n + 1].text == ","
            && tokens[n + 2].kind == .digits { return nil }
        let fieldIndex = tokens.indices.filter { tokens[$0].isField }
        guard fieldIndex.first == 0, fieldIndex.last == tokens.count - 1 else { return nil }

        var directive = [Int: String]()
        var y = 0, mo = 0, d = 0
        var timeFields = ArraySlice(fieldIndex)
        if fieldIndex.count == 2 {
            // ISO year-month: exactly `YYYY-M(M)`.
            let (a, b) = (tokens[fieldIndex[0]], tokens[fieldIndex[1]])
            guard tokens.count == 3, tokens[1].text == "-", a.kind == .digits, a.bytes.count == 4,
                  b.kind == .digits, b.bytes.count <= 2, (1...12).contains(b.number) else { return nil }
            return DatetimeFormat("%Y-%m")
        }
        guard fieldIndex.count >= 3 else { return nil }
        let date = Array(fieldIndex.prefix(3))
        for k in 0..<2 {
            let between = tokens[(date[k] + 1)..<date[k + 1]].map(\.text).joined()
            guard dateSeparators.contains(between) else { return nil }
        }
        let dateTokens = date.map { tokens[$0] }
        if let m = dateTokens.firstIndex(where: { $0.kind == .letters }) {
            // A month name, a 4-digit year and a day of 1 or 2 digits.
            guard let (month, name) = monthName(dateTokens[m]) else { return nil }
            let others = (0..<3).filter { $0 != m }
            guard others.allSatisfy({ dateTokens[$0].kind == .digits }),
                  let yk = others.first(where: { dateTokens[$0].bytes.count == 4 }) else { return nil }
            let dk = others.first { $0 != yk }!
            guard dateTokens[dk].bytes.count <= 2 else { return nil }
            y = dateTokens[yk].number; mo = month; d = dateTokens[dk].number
            directive[date[m]] = name; directive[date[yk]] = "%Y"; directive[date[dk]] = "%d"
        } else {
            guard dateTokens.allSatisfy({ $0.kind == .digits }) else { return nil }
            let long = (0..<3).filter { dateTokens[$0].bytes.count > 2 }
            guard long.count == 1, dateTokens[long[0]].bytes.count == 4 else { return nil }
            let v = dateTokens.map(\.number)
            let order: [String]
            switch long[0] {
            case 0: order = ["%Y", "%m", "%d"]; (y, mo, d) = (v[0], v[1], v[2])
            case 2 where v[0] > 12: order = ["%d", "%m", "%Y"]; (d, mo, y) = (v[0], v[1], v[2])
            case 2: order = ["%m", "%d", "%Y"]; (mo, d, y) = (v[0], v[1], v[2])
            default: return nil
            }
            for k in 0..<3 { directive[date[k]] = order[k] }
        }
        guard (1...12).contains(mo), d >= 1, d <= DatetimeFormat.daysInMonth(y, mo) else { return nil }

        timeFields = timeFields.dropFirst(3)
        if !timeFields.isEmpty {
            let time = Array(timeFields)
            guard time.count == 2 || time.count == 3 else { return nil }
            let lead = tokens[(date[2] + 1)..<time[0]].map(\.text).joined()
            guard lead == " " || lead == "T" else { return nil }
            for k in 0..<(time.count - 1) {
                guard time[k + 1] == time[k] + 2, tokens[time[k] + 1].text == ":" else { return nil }
            }
            let limits = [24, 60, 60]
            for (k, i) in time.enumerated() {
                let t = tokens[i]
                if k == 2 && t.kind == .decimal {
                    let parts = t.bytes.split(separator: UInt8(ascii: "."))
                    guard parts.count == 2, parts[0].count <= 2, parts[1].count <= 9,
                          Token(kind: .digits, bytes: parts[0]).number < 60 else { return nil }
                    directive[i] = "%S.%f"
                    continue
                }
                guard t.kind == .digits, t.bytes.count <= 2, t.number < limits[k] else { return nil }
                directive[i] = ["%H", "%M", "%S"][k]
            }
        }
        var pattern = ""
        for (i, t) in tokens.enumerated() {
            if let dir = directive[i] { pattern += dir } else if !t.isField { pattern += t.text } else { return nil }
        }
        let format = DatetimeFormat(pattern)
        return format.parse(bytes) == nil ? nil : format
    }

    /// `(month, "%B")` or `(month, "%b")` when the token is a month name exactly as strftime writes it.
    private static func monthName(_ t: Token) -> (Int, String)? {
        let s = t.text
        if let k = DatetimeFormat.monthNames.firstIndex(of: s) { return (k + 1, "%B") }
        if let k = DatetimeFormat.monthNames.firstIndex(where: { $0.prefix(3) == s }) { return (k + 1, "%b") }
        return nil
    }

    /// dateutil's `_timelex` as pandas copies it: `\s | (?<![\.\d])\d+\.\d+(?![\.\d]) | \d+ | [a-zA-Z]+ |
    /// [\./:]+ | [^\da-zA-Z\./:\s]+`.
    private static func tokenize(_ b: [UInt8]) -> [Token] {
        func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 97 && (c | 0x20) <= 122 }
        func isSpace(_ c: UInt8) -> Bool { c == 32 || (c >= 9 && c <= 13) }
        func isPunct(_ c: UInt8) -> Bool { c == UInt8(ascii: ".") || c == UInt8(ascii: "/") || c == UInt8(ascii: ":") }
        var out: [Token] = []
        var i = 0
        while i < b.count {
            let c = b[i]
            var j = i + 1
            let kind: TokenKind
            if isSpace(c) {
                kind = .space
            } else if isDigit(c) {
                while j < b.count && isDigit(b[j]) { j += 1 }
                kind = .digits
                let precededByDot = i > 0 && b[i - 1] == UInt8(ascii: ".")
                if !precededByDot, j + 1 < b.count, b[j] == UInt8(ascii: "."), isDigit(b[j + 1]) {
                    var k = j + 1
                    while k < b.count && isDigit(b[k]) { k += 1 }
                    if k == b.count || !(b[k] == UInt8(ascii: ".")) { j = k; out.append(Token(kind: .decimal, bytes: b[i..<j])); i = j; continue }
                }
            } else if isLetter(c) {
                while j < b.count && isLetter(b[j]) { j += 1 }
                // ISO's `T` between date and time is a separator (dateutil skips it), not a field.
                kind = j == i + 1 && c == UInt8(ascii: "T") ? .other : .letters
            } else if isPunct(c) {
                while j < b.count && isPunct(b[j]) { j += 1 }
                kind = .punctuation
            } else {
                while j < b.count && !isDigit(b[j]) && !isLetter(b[j]) && !isPunct(b[j]) && !isSpace(b[j]) { j += 1 }
                kind = .other
            }
            out.append(Token(kind: kind, bytes: b[i..<j]))
            i = j
        }
        return out
    }
}

extension DatetimeFormat {
    /// The layout pandas' `guess_datetime_format` (dayfirst=False) gives `text`, for the forms listed in
    /// ``DatetimeFormatGuess``; nil when `text` is not such a date.
    public static func guess<S: Collection<UInt8>>(_ text: S) -> DatetimeFormat? { DatetimeFormatGuess.guess(text) }

    public static func guess(_ text: String) -> DatetimeFormat? { DatetimeFormatGuess.guess(text.utf8) }
}
