import Foundation

/// The JSON conventions of every evaluation result: keys sorted (stable bytes for the same result),
/// slashes unescaped, optional pretty printing.
public enum EvaluationJSON {
    public static func encoder(pretty: Bool = false) -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
                                    : [.sortedKeys, .withoutEscapingSlashes]
        return e
    }

    public static func decoder() -> JSONDecoder { JSONDecoder() }

    /// `value` as JSON text.
    public static func string<T: Encodable>(_ value: T, pretty: Bool = false) throws -> String {
        String(decoding: try encoder(pretty: pretty).encode(value), as: UTF8.self)
    }
}

extension KeyedEncodingContainer {
    /// Encodes a Double that may be nil or non-finite as a number or `null` (never omitting the key).
    mutating func encodeNumber(_ x: Double?, forKey key: Key) throws {
        if let x, x.isFinite { try encode(x, forKey: key) } else { try encodeNil(forKey: key) }
    }
}

extension KeyedDecodingContainer {
    /// Reads a number or `null`.
    func decodeNumber(forKey key: Key) throws -> Double? {
        try decodeIfPresent(Double.self, forKey: key)
    }
}
