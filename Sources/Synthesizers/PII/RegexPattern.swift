import Foundation
import SynthMath

/// A regular expression in the subset RDT's `RegexGenerator` (`rdt.transformers.utils.strings_from_regex`)
/// can generate from, parsed into a tree that can count, draw and enumerate the strings it matches.
///
/// Supported, as in RDT: literal characters (escaped or not), character classes `[...]` with ranges and
/// `\d \w \s \D \W \S` inside or outside a class, `.` (Python's `string.printable`, as RDT), quantifiers
/// `{n}`, `{n,m}`, `{n,}`, `{,m}`, `*`, `+`, `?` (unbounded ones stop at 16 repetitions, RDT's
/// `max_repeat`), groups `(...)` and `(?:...)`, and `^`/`$` anchors (ignored). Not supported, also as in
/// RDT: alternation `|`, negated classes `[^...]`, backreferences and lookarounds; they throw
/// ``RegexPatternError`` naming the construct and its position.
///
/// Deviation: RDT's generator never produces the empty repetition of `x?`/`x*`/`x{0,m}` although it counts
/// it; here the empty repetition is a match like any other.
public struct RegexPattern: Sendable, Equatable {
    indirect enum Node: Sendable, Equatable {
        /// One character from a non-empty, duplicate-free set.
        case characters([Unicode.Scalar])
        case sequence([Node])
        /// `cumulative[k - min]`: the running sum of the relative number of strings with k repetitions.
        case repetition(Node, min: Int, max: Int, cumulative: [Double])
    }

    /// RDT's `max_repeat` for unbounded quantifiers.
    public static let maxRepeat = 16

    public let source: String
    let root: Node
    /// Natural logarithm of the number of derivations (strings, when ``isUnambiguous``).
    public let logSize: Double
    /// True when every string has one derivation (fixed-length repetitions only), so distinct enumeration
    /// indices give distinct strings.
    public let isUnambiguous: Bool
    /// For an unambiguous pattern of at most 4,096 characters, one character set per position.
    let positions: [[Unicode.Scalar]]?

    public init(_ source: String) throws(RegexPatternError) {
        var parser = Parser(scalars: Array(source.unicodeScalars), source: source)
        let root = try parser.parseSequence(topLevel: true)
        self.source = source
        self.root = root
        logSize = Self.logSize(root)
        isUnambiguous = Self.unambiguous(root)
        var flat: [[Unicode.Scalar]] = []
        positions = isUnambiguous && Self.flatten(root, into: &flat) ? flat : nil
    }

    /// The number of strings as a `Double` (infinite beyond its range).
    public var size: Double { exp(logSize) }

    /// The number of strings when it fits in 62 bits, else nil.
    public var exactSize: UInt64? {
        guard let positions, logSize < 62 * 0.6931471805599453 else { return nil }
        return positions.reduce(1) { $0 * UInt64($1.count) }
    }

    /// The length of the longest match.
    public var maxLength: Int { Self.maxLength(root) }

    private static func maxLength(_ node: Node) -> Int {
        switch node {
        case .characters: 1
        case .sequence(let nodes): nodes.reduce(0) { $0 + maxLength($1) }
        case .repetition(let child, _, let hi, _): hi * maxLength(child)
        }
    }

    /// Whether every string the pattern matches is made of ASCII digits only.
    public var matchesDigitsOnly: Bool { Self.digitsOnly(root) }

    private static func digitsOnly(_ node: Node) -> Bool {
        switch node {
        case .characters(let c): c.allSatisfy { $0.value >= 48 && $0.value <= 57 }
        case .sequence(let nodes): nodes.allSatisfy(digitsOnly)
        case .repetition(let child, _, let hi, _): hi == 0 || digitsOnly(child)
        }
    }

    // MARK: Drawing

    /// One string drawn uniformly over the derivations (a repetition's count weighted by how many strings
    /// it has, so every string of a fixed-length pattern is equally likely).
    public func randomString(_ stream: inout RandomStream) -> String {
        var out = String.UnicodeScalarView()
        if let positions {
            for c in positions { out.append(c.count == 1 ? c[0] : c[stream.nextInt(below: c.count)]) }
        } else {
            Self.draw(root, into: &out, stream: &stream)
        }
        return String(out)
    }

    private static func draw(_ node: Node, into out: inout String.UnicodeScalarView, stream: inout RandomStream) {
        switch node {
        case .characters(let c):
            out.append(c.count == 1 ? c[0] : c[stream.nextInt(below: c.count)])
        case .sequence(let nodes):
            for n in nodes { draw(n, into: &out, stream: &stream) }
        case .repetition(let child, let lo, let hi, let cumulative):
            var k = lo
            if hi > lo {
                let u = stream.nextDouble() * cumulative[cumulative.count - 1]
                var i = 0
                while i < cumulative.count - 1 && cumulative[i] <= u { i += 1 }
                k = lo + i
            }
            for _ in 0..<k { draw(child, into: &out, stream: &stream) }
        }
    }

    // MARK: Enumeration

    /// The `index`-th string in RDT's alphanumeric order (the last position varies fastest). Only for
    /// patterns with an ``exactSize``, and `index` below it.
    public func string(at index: UInt64) -> String {
        guard let positions else { preconditionFailure("string(at:) needs an unambiguous pattern") }
        var scalars = [Unicode.Scalar](repeating: " ", count: positions.count)
        var rest = index
        for i in stride(from: positions.count - 1, through: 0, by: -1) {
            let c = positions[i]
            let n = UInt64(c.count)
            scalars[i] = c[Int(rest % n)]
            rest /= n
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// One character set per position of a fixed-length pattern; false beyond 4,096 positions.
    private static func flatten(_ node: Node, into out: inout [[Unicode.Scalar]]) -> Bool {
        switch node {
        case .characters(let c): out.append(c); return out.count <= 4096
        case .sequence(let nodes): return nodes.allSatisfy { flatten($0, into: &out) }
        case .repetition(let child, let k, _, _):
            for _ in 0..<k where !flatten(child, into: &out) { return false }
            return true
        }
    }

    // MARK: Sizes

    private static func logSize(_ node: Node) -> Double {
        switch node {
        case .characters(let c): return log(Double(c.count))
        case .sequence(let nodes): return nodes.reduce(0) { $0 + logSize($1) }
        case .repetition(let child, let lo, let hi, _):
            let l = logSize(child)
            let top = Double(hi) * l
            return top + log((lo...hi).reduce(0) { $0 + exp(Double($1) * l - top) })
        }
    }

    private static func unambiguous(_ node: Node) -> Bool {
        switch node {
        case .characters: true
        case .sequence(let nodes): nodes.allSatisfy(unambiguous)
        case .repetition(let child, let lo, let hi, _): lo == hi && unambiguous(child)
        }
    }

    /// A repetition node with its cumulative count weights: the number of strings with k repetitions is
    /// size(child)^k, kept relative to the largest to stay finite.
    static func repetition(_ child: Node, min lo: Int, max hi: Int) -> Node {
        let l = logSize(child)
        let top = Double(hi) * l
        var running = 0.0
        let cumulative = (lo...hi).map { k -> Double in
            running += exp(Double(k) * l - top)
            return running
        }
        return .repetition(child, min: lo, max: hi, cumulative: cumulative)
    }
}

/// A `regex_format` outside the subset ``RegexPattern`` supports, or malformed.
public struct RegexPatternError: Error, Equatable, CustomStringConvertible, Sendable {
    public let pattern: String
    /// Offset (in Unicode scalars) of the offending construct.
    public let position: Int
    public let reason: String
    public var description: String { "regex_format '\(pattern)' at offset \(position): \(reason)" }
}

// MARK: - Parser

extension RegexPattern {
    /// Python's `string.printable`, which RDT uses for `.` and the class escapes.
    static let printable: [Unicode.Scalar] = Array(
        "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ \t\n\r\u{0B}\u{0C}"
            .unicodeScalars)

    static func category(_ letter: Unicode.Scalar) -> [Unicode.Scalar]? {
        let digit: (Unicode.Scalar) -> Bool = { $0.value >= 48 && $0.value <= 57 }
        let word: (Unicode.Scalar) -> Bool = {
            digit($0) || ($0.value >= 65 && $0.value <= 90) || ($0.value >= 97 && $0.value <= 122) || $0 == "_"
        }
        let space: (Unicode.Scalar) -> Bool = { " \t\n\r\u{0B}\u{0C}".unicodeScalars.contains($0) }
        switch letter {
        case "d": return printable.filter(digit)
        case "D": return printable.filter { !digit($0) }
        case "w": return printable.filter(word)
        case "W": return printable.filter { !word($0) }
        case "s": return printable.filter(space)
        case "S": return printable.filter { !space($0) }
        default: return nil
        }
    }

    struct Parser {
        let scalars: [Unicode.Scalar]
        let source: String
        var i = 0

        init(scalars: [Unicode.Scalar], source: String) { self.scalars = scalars; self.source = source }

        func fail(_ reason: String, at position: Int? = nil) -> RegexPatternError {
            RegexPatternError(pattern: source, position: position ?? i, reason: reason)
        }

        mutating func parseSequence(topLevel: Bool) throws(RegexPatternError) -> Node {
            var items: [Node] = []
            while i < scalars.count {
                let c = scalars[i]
                if c == ")" {
                    if topLevel { throw fail("unbalanced ')'") }
                    break
                }
                if c == "|" { throw fail("alternation '|' is not supported (RDT's RegexGenerator does not support it either)") }
                if c == "^" || c == "$" { i += 1; continue }
                var atom = try parseAtom()
                atom = try parseQuantifiers(atom)
                items.append(atom)
            }
            return items.count == 1 ? items[0] : .sequence(items)
        }

        mutating func parseAtom() throws(RegexPatternError) -> Node {
            let c = scalars[i]
            switch c {
            case "(":
                let open = i
                i += 1
                if i < scalars.count, scalars[i] == "?" {
                    guard i + 1 < scalars.count, scalars[i + 1] == ":" else {
                        throw fail("group extensions '(?...)' other than '(?:' are not supported")
                    }
                    i += 2
                }
                let inner = try parseSequence(topLevel: false)
                guard i < scalars.count, scalars[i] == ")" else { throw fail("unclosed group", at: open) }
                i += 1
                return inner
            case "[":
                return try parseClass()
            case ".":
                i += 1
                return .characters(RegexPattern.printable)
            case "\\":
                return .characters(try parseEscape())
            case "*", "+", "?", "{":
                throw fail("quantifier '\(c)' has nothing to repeat")
            default:
                i += 1
                return .characters([c])
            }
        }

        /// After a backslash: a class escape or one literal character.
        mutating func parseEscape() throws(RegexPatternError) -> [Unicode.Scalar] {
            i += 1
            guard i < scalars.count else { throw fail("trailing backslash") }
            let e = scalars[i]
            i += 1
            if let set = RegexPattern.category(e) { return set }
            switch e {
            case "t": return ["\t"]
            case "n": return ["\n"]
            case "r": return ["\r"]
            case "1"..."9": throw fail("backreferences are not supported", at: i - 2)
            case "b", "B", "A", "Z": throw fail("anchor '\\\(e)' is not supported", at: i - 2)
            default:
                if (e.value >= 65 && e.value <= 90) || (e.value >= 97 && e.value <= 122) {
                    throw fail("unknown escape '\\\(e)'", at: i - 2)
                }
                return [e]
            }
        }

        mutating func parseClass() throws(RegexPatternError) -> Node {
            let open = i
            i += 1
            if i < scalars.count, scalars[i] == "^" { throw fail("negated classes '[^...]' are not supported") }
            var members: [Unicode.Scalar] = []
            var first = true
            while true {
                guard i < scalars.count else { throw fail("unclosed character class", at: open) }
                let c = scalars[i]
                if c == "]" && !first { i += 1; break }
                first = false
                var low: Unicode.Scalar
                if c == "\\" {
                    let set = try parseEscape()
                    if set.count > 1 { members += set; continue }
                    low = set[0]
                } else {
                    low = c
                    i += 1
                }
                if i + 1 < scalars.count, scalars[i] == "-", scalars[i + 1] != "]" {
                    let start = i
                    i += 1
                    var high = scalars[i]
                    if high == "\\" {
                        let set = try parseEscape()
                        guard set.count == 1 else { throw fail("a class escape cannot end a range", at: start) }
                        high = set[0]
                    } else {
                        i += 1
                    }
                    guard low.value <= high.value else {
                        throw fail("range '\(low)-\(high)' is reversed", at: start - 1)
                    }
                    for v in low.value...high.value { if let s = Unicode.Scalar(v) { members.append(s) } }
                } else {
                    members.append(low)
                }
            }
            var seen = Set<Unicode.Scalar>()
            let unique = members.filter { seen.insert($0).inserted }
            guard !unique.isEmpty else { throw fail("empty character class", at: open) }
            return .characters(unique)
        }

        mutating func parseQuantifiers(_ atom: Node) throws(RegexPatternError) -> Node {
            var node = atom
            while i < scalars.count {
                let c = scalars[i]
                let bounds: (Int, Int)
                switch c {
                case "*": i += 1; bounds = (0, RegexPattern.maxRepeat)
                case "+": i += 1; bounds = (1, RegexPattern.maxRepeat)
                case "?": i += 1; bounds = (0, 1)
                case "{":
                    guard let b = try parseBraces() else { return node }
                    bounds = b
                default: return node
                }
                if i < scalars.count, scalars[i] == "?" || scalars[i] == "+" { i += 1 }  // lazy / possessive
                node = RegexPattern.repetition(node, min: bounds.0, max: bounds.1)
            }
            return node
        }

        /// `{n}`, `{n,m}`, `{n,}`, `{,m}`; nil (and `{` left as a literal, as Python does) when the braces
        /// do not hold a quantifier.
        mutating func parseBraces() throws(RegexPatternError) -> (Int, Int)? {
            let open = i
            var j = i + 1
            var text = ""
            while j < scalars.count, scalars[j] != "}" { text.unicodeScalars.append(scalars[j]); j += 1 }
            guard j < scalars.count else { return nil }
            let parts = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard parts.count <= 2, parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
                  !(parts.count == 1 && parts[0].isEmpty) else { return nil }
            let lo = parts[0].isEmpty ? 0 : Int(parts[0]) ?? -1
            let hi = parts.count == 1 ? lo : (parts[1].isEmpty ? max(lo, RegexPattern.maxRepeat) : Int(parts[1]) ?? -1)
            guard lo >= 0, hi >= 0, lo <= 4096, hi <= 4096 else { throw fail("repetition count too large", at: open) }
            guard lo <= hi else { throw fail("repetition {\(lo),\(hi)} has min > max", at: open) }
            i = j + 1
            return (lo, hi)
        }
    }
}
