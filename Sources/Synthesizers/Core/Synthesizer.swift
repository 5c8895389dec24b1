import SynthMath
import SynthTable

/// A generator of synthetic tables: configured with its parameters, fitted once on a real table, then
/// sampled as often as wanted.
///
/// Implementations are reference types (a fitted model holds large buffers). `sample` must not change
/// the fitted state: the same seed gives the same table, however often and in whatever order it is called.
public protocol Synthesizer: AnyObject {
    /// Learns from `table`, described by `metadata`. Long loops call `context.checkCancellation()`.
    func fit(_ table: Table, metadata: Metadata, context: SynthesisContext) throws

    /// Draws `count` rows with the columns (names, kinds, category levels) of the fitted table.
    func sample(count: Int, seed: UInt64, context: SynthesisContext) throws -> Table

    /// What fitting decided that a user should see in the result (e.g. a distribution that fell back to
    /// `norm`, a pruned mode count, per-epoch losses). Keys are stable identifiers.
    var fitNotes: [String: NoteValue] { get }
}

extension Synthesizer {
    public var fitNotes: [String: NoteValue] { [:] }
}

/// A JSON-friendly value for ``Synthesizer/fitNotes``.
public enum NoteValue: Sendable, Equatable, Codable {
    case string(String)
    case number(Double)
    case numbers([Double])
    case strings([String])
    case object([String: NoteValue])

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let v = try? c.decode(Double.self) { self = .number(v) }
        else if let v = try? c.decode(String.self) { self = .string(v) }
        else if let v = try? c.decode([Double].self) { self = .numbers(v) }
        else if let v = try? c.decode([String].self) { self = .strings(v) }
        else { self = .object(try c.decode([String: NoteValue].self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let v): try c.encode(v)
        case .number(let v): try c.encode(v)
        case .numbers(let v): try c.encode(v)
        case .strings(let v): try c.encode(v)
        case .object(let v): try c.encode(v)
        }
    }
}
