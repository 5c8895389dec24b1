import Foundation
import SynthTable

/// SDMetrics 0.32's RegexFormatAdherence: the share of synthetic rows whose value, as pandas'
/// `astype(str)` writes it, fully matches the metadata's `regex_format` (Python `re.fullmatch`; Swift's
/// regex engine reads the same syntax for the usual patterns, named groups `(?P<name>...)` included).
/// A missing value is the text `nan`, so it adheres only if the pattern matches `nan`, as in SDMetrics.
/// When the pattern has named groups, each named group of a synthetic match must also be a value that
/// group takes in some matching real row (groups are checked one by one, not as a combination).
enum RegexFormatAdherence {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func compute(real: Column, synthetic: Column, pattern: String) throws -> Double {
        let regex: Regex<AnyRegexOutput>
        do { regex = try Regex(pattern) } catch {
            throw Failure(description: "ValueError: Invalid regex format string '\(pattern)'.")
        }
        guard synthetic.count > 0 else { throw Failure(description: "ZeroDivisionError: division by zero") }
        let names = namedGroups(pattern)
        /// For each named group, the values it takes in the real rows that match (nil: did not take part).
        var realGroups: [String: Set<String?>] = [:]
        if !names.isEmpty {
            for text in pandasStrings(real) {
                guard let m = try? regex.wholeMatch(in: text) else { continue }
                for name in names { realGroups[name, default: []].insert(m.output[name]?.substring.map(String.init)) }
            }
        }
        var cache: [String: Bool] = [:]
        var valid = 0
        for text in pandasStrings(synthetic) {
            if let known = cache[text] { valid += known ? 1 : 0; continue }
            var ok = false
            if let m = try? regex.wholeMatch(in: text) {
                ok = realGroups.isEmpty || names.allSatisfy { realGroups[$0]?.contains(m.output[$0]?.substring.map(String.init)) ?? false }
            }
            cache[text] = ok
            valid += ok ? 1 : 0
        }
        return Double(valid) / Double(synthetic.count)
    }

    /// The names of `(?P<name>` and `(?<name>` groups, in order.
    static func namedGroups(_ pattern: String) -> [String] {
        var names: [String] = []
        var rest = Substring(pattern)
        while let open = rest.range(of: "(?") {
            rest = rest[open.upperBound...]
            if rest.hasPrefix("P<") { rest = rest.dropFirst(2) } else if rest.hasPrefix("<"), !rest.hasPrefix("<="), !rest.hasPrefix("<!") {
                rest = rest.dropFirst()
            } else { continue }
            guard let close = rest.firstIndex(of: ">") else { break }
            names.append(String(rest[..<close]))
        }
        return names
    }

    /// The column as pandas `astype(str)` renders it: labels as they are, integers as `12` (`12.0` when the
    /// column has a missing value, which makes it float64), floats as Python's `repr`, booleans `True` /
    /// `False`, missing values `nan`.
    static func pandasStrings(_ column: Column) -> [String] {
        let floatInts = column.kind == .integer && column.hasMissing
        return (0..<column.count).map { i in
            if column.missing[i] { return "nan" }
            switch column.values {
            case .integer(let v): return floatInts ? "\(v[i]).0" : String(v[i])
            case .numerical(let v): return pythonRepr(v[i])
            default: return column.text(at: i)!
            }
        }
    }

    /// Python's `repr(float)`: the shortest round-trip digits, `.0` on whole numbers, exponent from 1e16.
    static func pythonRepr(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        if x == x.rounded(), abs(x) < 1e16 { return String(format: "%.1f", x) }
        return "\(x)"
    }
}
