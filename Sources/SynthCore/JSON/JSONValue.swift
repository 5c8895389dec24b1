import Foundation

/// A JSON value: the type of a metric's structured details (per-column and per-pair breakdowns), so any
/// suite can attach its own breakdown and the result still decodes without knowing the suite.
///
/// Numbers are Doubles; a non-finite number encodes as `null` (JSON has no NaN or infinity). Object keys
/// come out sorted when the encoder uses `.sortedKeys`, which ``SynthJSON/encoder(pretty:)`` does.
public enum JSONValue: Sendable, Equatable, Codable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// `.number(x)`, or `.null` when `x` is nil or not finite.
    public static func number(_ x: Double?) -> JSONValue {
        guard let x, x.isFinite else { return .null }
        return .number(x)
    }

    /// `.string(s)`, or `.null` when `s` is nil.
    public static func string(_ s: String?) -> JSONValue {
        guard let s else { return .null }
        return .string(s)
    }

    /// `.bool(b)`, or `.null` when `b` is nil.
    public static func bool(_ b: Bool?) -> JSONValue {
        guard let b else { return .null }
        return .bool(b)
    }

    /// The value any `Encodable` encodes to (through JSONEncoder), e.g. a report's typed details.
    public init<T: Encodable>(encoding value: T) throws {
        let data = try SynthJSON.encoder().encode(value)
        self = try SynthJSON.decoder().decode(JSONValue.self, from: data)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let x = try? c.decode(Double.self) { self = .number(x) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let x): if x.isFinite { try c.encode(x) } else { try c.encodeNil() }
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    /// The member `key` of an object (nil otherwise).
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    /// The number, if this is one.
    public var doubleValue: Double? {
        if case .number(let x) = self { return x }
        return nil
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(nilLiteral: ()) { self = .null }
}
