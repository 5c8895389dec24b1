import Foundation

/// The JSON conventions of everything SynthBench writes (results, cells, specs, reports, bench lines): keys
/// sorted (the same value always gives the same bytes), slashes unescaped, optional pretty printing. Every
/// encoder and decoder in the package comes from here, so files written by one part read back in another.
public enum SynthJSON {
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
    public mutating func encodeNumber(_ x: Double?, forKey key: Key) throws {
        if let x, x.isFinite { try encode(x, forKey: key) } else { try encodeNil(forKey: key) }
    }
}

extension KeyedDecodingContainer {
    /// Reads a number or `null`.
    public func decodeNumber(forKey key: Key) throws -> Double? {
        try decodeIfPresent(Double.self, forKey: key)
    }
}
