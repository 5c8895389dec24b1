import Foundation

/// Where a JSON text stops being valid (RFC 8259), as line and column: Foundation's decoder only says
/// "The given data was not valid JSON", which leaves a user hunting for the stray comma. It accepts what
/// Foundation's parser accepts beyond RFC 8259 (a trailing comma before `]` or `}`), so that it locates
/// exactly the errors Foundation rejects.
public struct JSONSyntaxError: Error, Equatable, CustomStringConvertible {
    /// 1-based line.
    public var line: Int
    /// 1-based column, in characters.
    public var column: Int
    public var message: String

    public var description: String { "line \(line), column \(column): \(message)" }

    /// Why decoding `data` failed, for a message: `not valid JSON: line L, column C: ...` when the text is
    /// malformed, else `fallback` (the decoder's own description).
    public static func explain(_ data: Data, fallback: String) -> String {
        locate(in: data).map { "not valid JSON: \($0)" } ?? fallback
    }

    /// The first syntax error in `data`, or nil when it is valid JSON.
    public static func locate(in data: Data) -> JSONSyntaxError? {
        let bytes = [UInt8](data)
        var scanner = Scanner(bytes: bytes)
        guard let (offset, message) = scanner.document() else { return nil }
        var line = 1, column = 1, i = 0
        while i < min(offset, bytes.count) {
            if bytes[i] == 0x0A { line += 1; column = 1 } else if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return JSONSyntaxError(line: line, column: column, message: message)
    }

    /// A recursive-descent check that returns the offset and reason of the first error.
    struct Scanner {
        let bytes: [UInt8]
        var i = 0
        var depth = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        typealias Failure = (Int, String)

        mutating func document() -> Failure? {
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
            skipSpace()
            if let f = value() { return f }
            skipSpace()
            return i < bytes.count ? (i, "unexpected \(show(bytes[i])) after the end of the JSON value") : nil
        }

        mutating func skipSpace() {
            while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
        }

        func show(_ b: UInt8) -> String {
            b >= 0x20 && b < 0x7F ? "'\(Character(UnicodeScalar(b)))'" : String(format: "byte 0x%02X", b)
        }

        mutating func value() -> Failure? {
            guard i < bytes.count else { return (i, "unexpected end of the file; expected a value") }
            switch bytes[i] {
            case UInt8(ascii: "{"): return container(close: UInt8(ascii: "}"), keyed: true)
            case UInt8(ascii: "["): return container(close: UInt8(ascii: "]"), keyed: false)
            case UInt8(ascii: "\""): return string()
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case UInt8(ascii: "n"): return literal("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return number()
            default: return (i, "unexpected \(show(bytes[i])); expected a value (object, list, string, number, true, false or null)")
            }
        }

        mutating func container(close: UInt8, keyed: Bool) -> Failure? {
            depth += 1
            defer { depth -= 1 }
            if depth > 512 { return (i, "nested more than 512 levels deep") }
            i += 1
            skipSpace()
            if i < bytes.count, bytes[i] == close { i += 1; return nil }
            while true {
                skipSpace()
                if keyed {
                    guard i < bytes.count else { return (i, "unexpected end of the file; expected a key string") }
                    guard bytes[i] == UInt8(ascii: "\"") else {
                        return (i, "unexpected \(show(bytes[i])); expected a key string in double quotes")
                    }
                    if let f = string() { return f }
                    skipSpace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else {
                        return (i, i < bytes.count ? "unexpected \(show(bytes[i])); expected ':' after the key" : "unexpected end of the file; expected ':'")
                    }
                    i += 1
                    skipSpace()
                }
                if let f = value() { return f }
                skipSpace()
                guard i < bytes.count else { return (i, "unexpected end of the file; expected ',' or '\(Character(UnicodeScalar(close)))'") }
                if bytes[i] == close { i += 1; return nil }
                guard bytes[i] == UInt8(ascii: ",") else {
                    return (i, "unexpected \(show(bytes[i])); expected ',' or '\(Character(UnicodeScalar(close)))'")
                }
                i += 1
                skipSpace()
                if i < bytes.count, bytes[i] == close { i += 1; return nil }   // Foundation accepts a trailing comma
            }
        }

        mutating func string() -> Failure? {
            let start = i
            i += 1
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: "\"") { i += 1; return nil }
                if b < 0x20 { return (i, "control character (\(show(b))) inside a string; write it escaped") }
                if b == UInt8(ascii: "\\") {
                    i += 1
                    guard i < bytes.count else { break }
                    if bytes[i] == UInt8(ascii: "u") {
                        let hex = bytes[min(i + 1, bytes.count)..<min(i + 5, bytes.count)]
                        guard hex.count == 4, hex.allSatisfy({ isxdigit(Int32($0)) != 0 }) else { return (i - 1, "invalid \\u escape; expected four hex digits") }
                        i += 5
                        continue
                    }
                    guard "\"\\/bfnrt".utf8.contains(bytes[i]) else { return (i - 1, "invalid escape \\\(Character(UnicodeScalar(bytes[i])))") }
                }
                i += 1
            }
            return (start, "unterminated string")
        }

        mutating func literal(_ word: String) -> Failure? {
            let w = Array(word.utf8)
            guard bytes[i...].starts(with: w) else { return (i, "unexpected \(show(bytes[i])); expected a value (did you mean \(word)?)") }
            i += w.count
            return nil
        }

        mutating func number() -> Failure? {
            let start = i
            func digits() -> Int { let s = i; while i < bytes.count, (0x30...0x39).contains(bytes[i]) { i += 1 }; return i - s }
            if bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < bytes.count, (0x30...0x39).contains(bytes[i]) else { return (start, "invalid number") }
            if bytes[i] == UInt8(ascii: "0") { i += 1 } else { _ = digits() }
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
                i += 1
                guard digits() > 0 else { return (start, "invalid number (digits must follow '.')") }
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
                i += 1
                if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
                guard digits() > 0 else { return (start, "invalid number (digits must follow the exponent)") }
            }
            return nil
        }
    }
}
