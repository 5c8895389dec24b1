/// One method as a backend offers it: its name and aliases, its parameters with that backend's defaults,
/// and how to build it.
public struct MethodDescriptor: Sendable {
    public let name: String
    public let aliases: [String]
    public let backend: Backend
    public let summary: String
    public let parameters: [MethodParameter]
    /// Whether the method gives a differential-privacy guarantee (and so honours an epsilon).
    public let differentiallyPrivate: Bool
    /// How the generator property suite tests the method (``MethodTestProfile``); inferred from the
    /// parameters when the method declares none.
    public let testProfile: MethodTestProfile
    let build: @Sendable (ResolvedParameters) throws -> any Synthesizer

    public init(name: String, aliases: [String] = [], backend: Backend, summary: String,
                parameters: [MethodParameter], differentiallyPrivate: Bool = false,
                testProfile: MethodTestProfile? = nil,
                build: @escaping @Sendable (ResolvedParameters) throws -> any Synthesizer) {
        self.name = name; self.aliases = aliases; self.backend = backend; self.summary = summary
        self.parameters = parameters; self.differentiallyPrivate = differentiallyPrivate; self.build = build
        self.testProfile = testProfile ?? .inferred(from: parameters)
    }

    /// Validates user-given parameters (text or typed), fills in defaults, and builds the synthesizer
    /// (run at the `precision` it was given, for the neural methods that have the parameter).
    public func make(_ given: [String: ParameterValue] = [:]) throws -> any Synthesizer {
        let resolved = try resolve(given)
        return MethodCatalog.applyingPrecision(try build(resolved), resolved)
    }

    /// The full parameter set: defaults overridden by `given`, each validated.
    public func resolve(_ given: [String: ParameterValue]) throws(SynthesisError) -> ResolvedParameters {
        var values: [String: ParameterValue] = [:]
        for p in parameters { values[p.name] = p.defaultValue }
        for (key, value) in given {
            guard let p = parameters.first(where: { $0.name == key }) else {
                throw .unknownParameter(method: name, name: key, allowed: parameters.map(\.name))
            }
            values[key] = try p.validate(value, method: name)
        }
        return ResolvedParameters(method: name, values: values)
    }

    /// Parses `KEY=VALUE` strings (from the command line) against this method's parameters.
    public func parseAssignments(_ assignments: [String]) throws(SynthesisError) -> [String: ParameterValue] {
        var out: [String: ParameterValue] = [:]
        for a in assignments {
            guard let eq = a.firstIndex(of: "=") else {
                throw .invalidParameter(method: name, name: a, value: "", requirement: "write KEY=VALUE")
            }
            let key = String(a[..<eq]), text = String(a[a.index(after: eq)...])
            guard let p = parameters.first(where: { $0.name == key }) else {
                throw .unknownParameter(method: name, name: key, allowed: parameters.map(\.name))
            }
            out[key] = try p.parse(text, method: name)
        }
        return out
    }
}

/// Validated parameter values with typed accessors; a missing or mistyped key is a programmer error,
/// since ``MethodDescriptor/resolve(_:)`` filled and checked every declared parameter.
public struct ResolvedParameters: Sendable, Equatable {
    public let method: String
    public let values: [String: ParameterValue]

    public func int(_ key: String) -> Int {
        guard case .int(let v) = values[key] else { preconditionFailure("\(method): no int parameter \(key)") }
        return v
    }
    public func double(_ key: String) -> Double {
        switch values[key] {
        case .double(let v): return v
        case .int(let v): return Double(v)
        default: preconditionFailure("\(method): no number parameter \(key)")
        }
    }
    public func bool(_ key: String) -> Bool {
        guard case .bool(let v) = values[key] else { preconditionFailure("\(method): no bool parameter \(key)") }
        return v
    }
    public func string(_ key: String) -> String {
        guard case .string(let v) = values[key] else { preconditionFailure("\(method): no text parameter \(key)") }
        return v
    }
    public func ints(_ key: String) -> [Int] {
        guard case .ints(let v) = values[key] else { preconditionFailure("\(method): no list parameter \(key)") }
        return v
    }
}
