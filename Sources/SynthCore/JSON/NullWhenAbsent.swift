/// An optional field that is always written: `null` when absent, its value otherwise. Synthesized
/// `Encodable` leaves a nil optional's key out; the records SynthBench writes (cells, environment, checks)
/// promise every key, so a field marked `@NullWhenAbsent` keeps the synthesized conformance instead of a
/// hand-written `encode(to:)` that lists every field (and silently drops one added later). A number JSON
/// cannot hold (NaN, ±infinity) is written as null too, as ``KeyedEncodingContainer/encodeNumber(_:forKey:)``
/// does. Reading accepts `null` or a missing key (records written before the field existed).
@propertyWrapper
public struct NullWhenAbsent<Value: Codable>: Codable {
    public var wrappedValue: Value?

    public init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        wrappedValue = c.decodeNil() ? nil : try c.decode(Value.self)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch wrappedValue {
        case let number as Double where !number.isFinite: try c.encodeNil()
        case let value?: try c.encode(value)
        case nil: try c.encodeNil()
        }
    }
}

extension NullWhenAbsent: Equatable where Value: Equatable {}
extension NullWhenAbsent: Sendable where Value: Sendable {}

extension KeyedDecodingContainer {
    /// A `@NullWhenAbsent` field whose key is missing reads as nil (synthesized `Decodable` calls this).
    public func decode<Value>(_ type: NullWhenAbsent<Value>.Type, forKey key: Key) throws -> NullWhenAbsent<Value> {
        NullWhenAbsent(wrappedValue: try decodeIfPresent(Value.self, forKey: key))
    }
}
