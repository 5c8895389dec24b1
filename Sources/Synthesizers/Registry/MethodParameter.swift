import Foundation

/// A method hyperparameter value.
public enum ParameterValue: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    case int(Int)
    case double(Double)
    case bool(Bool)
    case string(String)
    case ints([Int])

    public var description: String {
        switch self {
        case .int(let v): String(v)
        case .double(let v): "\(v)"
        case .bool(let v): String(v)
        case .string(let v): v
        case .ints(let v): v.map(String.init).joined(separator: ",")
        }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let v = try? c.decode(Bool.self) { self = .bool(v) }
        else if let v = try? c.decode(Int.self) { self = .int(v) }
        else if let v = try? c.decode(Double.self) { self = .double(v) }
        else if let v = try? c.decode([Int].self) { self = .ints(v) }
        else { self = .string(try c.decode(String.self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .int(let v): try c.encode(v)
        case .double(let v): try c.encode(v)
        case .bool(let v): try c.encode(v)
        case .string(let v): try c.encode(v)
        case .ints(let v): try c.encode(v)
        }
    }
}

/// The declaration of one hyperparameter: its type, default and allowed values.
public struct MethodParameter: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case int(ClosedRange<Int>)
        case double(ClosedRange<Double>)
        case bool
        case choice([String])
        /// A list of positive integers such as layer widths, written `256,256`.
        case ints
        /// Free text validated by the method itself (e.g. per-column distributions `age:gamma,fnlwgt:norm`).
        case text
    }

    public let name: String
    public let kind: Kind
    public let defaultValue: ParameterValue
    public let help: String

    public init(_ name: String, _ kind: Kind, default value: ParameterValue, help: String) {
        self.name = name; self.kind = kind; self.defaultValue = value; self.help = help
    }

    /// Parses and validates a value given as text (from `--param KEY=VALUE` or a grid spec).
    public func parse(_ text: String, method: String) throws(SynthesisError) -> ParameterValue {
        func bad(_ requirement: String) -> SynthesisError {
            .invalidParameter(method: method, name: name, value: text, requirement: requirement)
        }
        switch kind {
        case .int(let range):
            guard let v = Int(text) else { throw bad("expected an integer") }
            guard range.contains(v) else { throw bad("must be in \(range.lowerBound)...\(range.upperBound)") }
            return .int(v)
        case .double(let range):
            guard let v = Double(text), v.isFinite else { throw bad("expected a number") }
            guard range.contains(v) else { throw bad("must be in \(range.lowerBound)...\(range.upperBound)") }
            return .double(v)
        case .bool:
            switch text.lowercased() {
            case "true", "1", "yes": return .bool(true)
            case "false", "0", "no": return .bool(false)
            default: throw bad("expected true or false")
            }
        case .choice(let options):
            guard options.contains(text) else { throw bad("must be one of \(options.joined(separator: ", "))") }
            return .string(text)
        case .ints:
            let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !parts.isEmpty, parts.allSatisfy({ ($0 ?? 0) > 0 }) else {
                throw bad("expected comma-separated positive integers, e.g. 256,256")
            }
            return .ints(parts.map { $0! })
        case .text:
            return .string(text)
        }
    }

    /// Validates a typed value (from a JSON grid spec) by re-parsing its text form.
    public func validate(_ value: ParameterValue, method: String) throws(SynthesisError) -> ParameterValue {
        if case .double(let d) = value, case .int = kind, d == d.rounded() { return try parse(String(Int(d)), method: method) }
        return try parse(value.description, method: method)
    }
}

