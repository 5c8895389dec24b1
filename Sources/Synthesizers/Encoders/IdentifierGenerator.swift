import SynthMath
import SynthTable

/// Generates the values of a column SDV does not model: keys and other `id` columns (RDT `RegexGenerator`,
/// unique) and PII / `unknown` columns (RDT `AnonymizedFaker`). SynthBench has neither regular-expression
/// generation nor Faker, so it generates unique identifiers of the column's shape instead:
/// - integer and numerical columns: a running number 0, 1, 2, ... (SDV's default for numeric ids);
/// - categorical (text) columns: distinct random strings over `[0-9a-z]` as long as the longest training
///   value (longer when that many strings could not be distinct with room to spare).
/// The values are unique and carry no information from the training rows.
public struct IdentifierGenerator: Sendable, Equatable {
    public enum Style: Sendable, Equatable {
        case runningInteger
        case runningNumber
        case randomText(length: Int, levels: Int)
    }

    public let name: String
    public let style: Style

    static let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz")

    /// Nil for a column of a kind that cannot hold unique identifiers (boolean, datetime).
    public init?(fitting column: Column) {
        name = column.name
        switch column.values {
        case .integer: style = .runningInteger
        case .numerical: style = .runningNumber
        case .categorical(let codes, let levels):
            var longest = 1
            for c in codes where c >= 0 { longest = max(longest, levels[Int(c)].count) }
            style = .randomText(length: longest, levels: levels.count)
        case .boolean, .datetime: return nil
        }
    }

    /// `count` distinct identifiers.
    public func generate(count: Int, stream: inout RandomStream) -> Column {
        switch style {
        case .runningInteger:
            return Column(name: name, values: .integer(Array(0..<count)))
        case .runningNumber:
            return Column(name: name, values: .numerical((0..<count).map(Double.init)))
        case .randomText(let length, _):
            // Keep the chance of a collision per draw below 1/4: 36^L ≥ 4·count.
            var l = length
            var capacity = 1.0
            for _ in 0..<l { capacity *= 36 }
            while capacity < 4 * Double(count) { l += 1; capacity *= 36 }
            var seen = Set<String>()
            seen.reserveCapacity(count)
            var values: [String] = []
            values.reserveCapacity(count)
            while values.count < count {
                let s = String((0..<l).map { _ in Self.alphabet[stream.nextInt(below: 36)] })
                if seen.insert(s).inserted { values.append(s) }
            }
            return Column(name: name, values: .categorical(codes: (0..<count).map(Int32.init), levels: values))
        }
    }
}
