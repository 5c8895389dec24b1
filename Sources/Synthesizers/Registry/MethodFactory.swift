/// Resolves a method name and a requested backend to a concrete method, recording what was asked, what
/// is used and why.
public enum MethodFactory {
    /// The canonical name for `name` (case-insensitive; `_` and `-` are interchangeable), or nil: a method's
    /// own name first, else the method whose aliases include it (see ``MethodCatalog/canonicalName(_:)``).
    public static func canonicalName(_ name: String) -> String? { MethodCatalog.canonicalName(name) }

    /// Picks the requested backend's method, else the other backend's (a fallback, with its reason).
    public static func resolve(method: String, backend: Backend, dpRequested: Bool = false) throws(SynthesisError) -> MethodResolution {
        let available = MethodCatalog.all.map { "\($0.name) (\($0.backend.rawValue))" }
        guard let name = canonicalName(method) else {
            throw .unknownMethod(method, available: available, suggestion: MethodCatalog.suggestion(for: method))
        }
        if dpRequested { return try resolvePrivate(name, requestedName: method, backend: backend) }
        if let d = MethodCatalog.descriptor(name, backend: backend) {
            return MethodResolution(descriptor: d, requestedName: method, backendRequested: backend,
                                    fallbackReason: nil, dpRequested: dpRequested)
        }
        for other in Backend.allCases where other != backend {
            if let d = MethodCatalog.descriptor(name, backend: other) {
                return MethodResolution(descriptor: d, requestedName: method, backendRequested: backend,
                                        fallbackReason: "\(backend.rawValue) has no '\(name)'; using \(other.rawValue)'s",
                                        dpRequested: dpRequested)
            }
        }
        throw .notImplemented(method: name, available: available)
    }
}

extension MethodFactory {
    /// The backend every DP request goes to, as in the production worker.
    public static let privacyBackend = Backend.synthcity

    /// A DP request: the method must give a DP guarantee; it runs on ``privacyBackend``, with the routing
    /// recorded as a fallback when another backend was asked for.
    static func resolvePrivate(_ name: String, requestedName: String,
                               backend: Backend) throws(SynthesisError) -> MethodResolution {
        let privateMethods = MethodCatalog.all.filter(\.differentiallyPrivate).map(\.name)
        let candidates = [privacyBackend] + Backend.allCases.filter { $0 != privacyBackend }
        guard let d = candidates.lazy.compactMap({ MethodCatalog.descriptor(name, backend: $0) }).first else {
            throw .notImplemented(method: name, available: MethodCatalog.all.map { "\($0.name) (\($0.backend.rawValue))" })
        }
        guard d.differentiallyPrivate else { throw .notDifferentiallyPrivate(method: name, privateMethods: privateMethods) }
        let reason = d.backend == backend ? nil
            : "DP requested: routed to \(d.backend.rawValue), where the production code sends every DP request"
        return MethodResolution(descriptor: d, requestedName: requestedName, backendRequested: backend,
                                fallbackReason: reason, dpRequested: true)
    }
}

/// The outcome of ``MethodFactory/resolve(method:backend:dpRequested:)``, recorded in every result.
public struct MethodResolution: Sendable {
    public let descriptor: MethodDescriptor
    public let requestedName: String
    public let backendRequested: Backend
    public var backendUsed: Backend { descriptor.backend }
    /// Why the used backend differs from the requested one; nil when it does not.
    public let fallbackReason: String?
    public let dpRequested: Bool
    /// Whether the method gives a DP guarantee at all; a run's `dp_effective` also needs its preprocessing
    /// to be private or declared public (``PrivacyStatus``).
    public var dpEffective: Bool { descriptor.differentiallyPrivate }
}
