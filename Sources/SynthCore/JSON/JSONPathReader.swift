import Foundation

/// Typed reads of a hand-written JSON file (a grid spec, a threshold or tolerance file, a dataset manifest, a
/// metadata file) that fail with
/// a ``JSONPathError`` naming the file and the JSON path of the offending value, so a user is never left
/// hunting for it. Syntax errors are located by line and column (``JSONSyntaxError``).
///
/// Paths are written as `key`, `parent.key` and `list[3]` (``member(_:_:)``, ``element(_:_:)``).
public struct JSONPathReader: Sendable {
    /// The file (or `<input>`), for messages.
    public let source: String

    public init(source: String) { self.source = source }

    public func fail(_ path: String, _ message: String) -> JSONPathError {
        JSONPathError(source: source, path: path, message: message)
    }

    // MARK: documents

    /// Reads and parses the file at `url`. `describeReadFailure` turns an I/O error into a reason.
    public static func load(contentsOf url: URL, describeReadFailure: (any Error) -> String = { "\($0)" })
        throws(JSONPathError) -> (reader: JSONPathReader, root: JSONValue) {
        let reader = JSONPathReader(source: url.path)
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw reader.fail("", "cannot read the file: \(describeReadFailure(error))")
        }
        return (reader, try reader.parse(data))
    }

    /// Parses `data`; a malformed text fails with `not valid JSON: line L, column C: ...`.
    public func parse(_ data: Data) throws(JSONPathError) -> JSONValue {
        do { return try SynthJSON.decoder().decode(JSONValue.self, from: data) } catch {
            throw fail("", JSONSyntaxError.explain(data, fallback: "not valid JSON: \(Self.describe(error))"))
        }
    }

    static func describe(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let c) = error {
            return (c.underlyingError.map { "\($0)" }) ?? c.debugDescription
        }
        return "\(error)"
    }

    // MARK: paths

    /// `parent.key`, or `key` at the top level.
    public static func member(_ parent: String, _ key: String) -> String { parent.isEmpty ? key : "\(parent).\(key)" }

    /// `parent[index]`.
    public static func element(_ parent: String, _ index: Int) -> String { "\(parent)[\(index)]" }

    // MARK: values

    /// What a value is, for messages: `null`, `a boolean`, `a number`, `a string`, `a list`, `an object`.
    public static func kind(_ v: JSONValue) -> String {
        switch v {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "a list"
        case .object: "an object"
        }
    }

    public func object(_ v: JSONValue, _ path: String) throws(JSONPathError) -> [String: JSONValue] {
        guard case .object(let o) = v else { throw fail(path, "expected an object, got \(Self.kind(v))") }
        return o
    }

    /// Fails on the first key (in sorted order) of `object` that is not `allowed` and does not start with one
    /// of `ignoringPrefix` (comment keys such as `_note`).
    public func checkKeys(_ object: [String: JSONValue], allowed: [String], at path: String,
                          ignoringPrefix: String? = nil) throws(JSONPathError) {
        for key in object.keys.sorted() where !allowed.contains(key) {
            if let prefix = ignoringPrefix, key.hasPrefix(prefix) { continue }
            throw fail(Self.member(path, key), "unknown key; allowed keys: \(allowed.joined(separator: ", "))")
        }
    }

    public func bool(_ v: JSONValue, _ path: String) throws(JSONPathError) -> Bool {
        guard case .bool(let b) = v else { throw fail(path, "expected true or false, got \(Self.kind(v))") }
        return b
    }

    public func int(_ v: JSONValue, _ path: String, _ range: ClosedRange<Int>) throws(JSONPathError) -> Int {
        guard case .number(let x) = v, x == x.rounded(), abs(x) < 9.1e18 else {
            throw fail(path, "expected an integer in \(range.lowerBound)...\(range.upperBound), got \(Self.kind(v))")
        }
        guard range.contains(Int(x)) else {
            throw fail(path, "\(Int(x)) is out of range; allowed: \(range.lowerBound)...\(range.upperBound)")
        }
        return Int(x)
    }

    /// A number for which `accept` holds; `expected` completes "expected ..." otherwise.
    public func number(_ v: JSONValue, _ path: String, expected: String,
                       where accept: (Double) -> Bool = { _ in true }) throws(JSONPathError) -> Double {
        guard case .number(let x) = v, accept(x) else { throw fail(path, "expected \(expected)") }
        return x
    }

    public func string(_ v: JSONValue, _ path: String) throws(JSONPathError) -> String {
        guard case .string(let s) = v else { throw fail(path, "expected a string, got \(Self.kind(v))") }
        return s
    }

    public func strings(_ v: JSONValue, _ path: String, allowEmpty: Bool = false) throws(JSONPathError) -> [String] {
        guard case .array(let a) = v else { throw fail(path, "expected a list of strings, got \(Self.kind(v))") }
        if a.isEmpty && !allowEmpty { throw fail(path, "must not be empty") }
        var out: [String] = []
        for (i, x) in a.enumerated() { out.append(try string(x, Self.element(path, i))) }
        return out
    }

    /// The value of `key` in `object` (the object at `path`); fails naming the key when it is absent.
    public func required(_ object: [String: JSONValue], _ key: String, at path: String) throws(JSONPathError) -> JSONValue {
        guard let v = object[key] else { throw fail(Self.member(path, key), "missing; this key is required") }
        return v
    }

    /// `read(value)` for a present value; nil for an absent key or `null` (an optional field).
    public func optional<T>(_ value: JSONValue?, _ read: (JSONValue) throws(JSONPathError) -> T) throws(JSONPathError) -> T? {
        guard let value, value != .null else { return nil }
        return try read(value)
    }

    /// The object at `path`, failing on a key that is not `allowed` (``checkKeys(_:allowed:at:ignoringPrefix:)``).
    public func object(_ v: JSONValue, _ path: String, allowedKeys: [String]) throws(JSONPathError) -> [String: JSONValue] {
        let o = try object(v, path)
        try checkKeys(o, allowed: allowedKeys, at: path)
        return o
    }

    /// The string at `key` of `object` (the object at `path`); nil when the key is absent or `null`.
    public func optionalString(_ object: [String: JSONValue], _ key: String, at path: String) throws(JSONPathError) -> String? {
        try optional(object[key]) { v throws(JSONPathError) in try string(v, Self.member(path, key)) }
    }

    /// The boolean at `key` of `object` (the object at `path`); nil when the key is absent or `null`.
    public func optionalBool(_ object: [String: JSONValue], _ key: String, at path: String) throws(JSONPathError) -> Bool? {
        try optional(object[key]) { v throws(JSONPathError) in try bool(v, Self.member(path, key)) }
    }

    /// A string that is one of an enumeration's raw values.
    public func choice<T: RawRepresentable & CaseIterable>(_ v: JSONValue, _ path: String, _ type: T.Type)
        throws(JSONPathError) -> T where T.RawValue == String {
        let s = try string(v, path)
        guard let value = T(rawValue: s) else {
            throw fail(path, "'\(s)' is not allowed; allowed: \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    /// Fails on the first entry of `list` that repeats an earlier one.
    public func unique(_ list: [String], _ path: String) throws(JSONPathError) {
        var seen: [String: Int] = [:]
        for (i, s) in list.enumerated() {
            if let j = seen[s] { throw fail(Self.element(path, i), "'\(s)' repeats \(Self.element(path, j))") }
            seen[s] = i
        }
    }
}
