import Synthesizers

/// The methods the reference backends run, and how a method name resolves on them. Resolution mirrors
/// ``MethodFactory`` on the flavours: the method is looked up in the flavour's catalog (so aliases and
/// parameter lists are the Swift flavour's, which uses the library's own parameter names), and when the
/// requested library does not run it the other library's version is used with the reason recorded
/// (`gc` on `synthcity-python` runs SDV's, as `gc` on `synthcity` runs the `sdv` flavour's).
package enum ReferenceCatalog {
    /// Canonical method -> what the adapter runs, per library (the adapter's own tables must agree:
    /// scripts/adapters/synthbench_adapter.py). SynthCity's names are the production map's plugin names.
    package static let methods: [Backend: [String: String]] = [
        .sdv: ["gc": "GaussianCopulaSynthesizer", "ctgan": "CTGANSynthesizer", "tvae": "TVAESynthesizer"],
        .synthcity: ["ctgan": "ctgan", "tvae": "tvae", "ddpm": "ddpm", "dpgan": "dpgan", "pategan": "pategan",
                     "adsgan": "adsgan", "uniform_sampler": "uniform_sampler",
                     "marginal_distributions": "marginal_distributions", "dummy_sampler": "dummy_sampler"],
    ]

    /// A method resolved on a reference backend.
    package struct Resolution: Sendable {
        /// The Swift flavour's descriptor of the method: its name and parameter list (for validation).
        package let descriptor: MethodDescriptor
        package let requested: GridBackend
        package let used: GridBackend
        package let fallbackReason: String?
    }

    /// Resolves `method` on the reference backend `backend`; DP requests go to SynthCity first, as the
    /// production routes them.
    package static func resolve(method: String, backend: GridBackend,
                               dpRequested: Bool = false) throws(SynthesisError) -> Resolution {
        precondition(backend.isReference, "\(backend.rawValue) is not a reference backend")
        let available = methods.sorted { $0.key.rawValue < $1.key.rawValue }
            .flatMap { library, names in names.keys.sorted().map { "\($0) (\(GridBackend(library, reference: true).rawValue))" } }
        guard let name = MethodFactory.canonicalName(method) else {
            throw .unknownMethod(method, available: available, suggestion: MethodCatalog.suggestion(for: method))
        }
        let requested = backend.flavour
        let order: [Backend] = dpRequested ? [.synthcity, .sdv]
            : [requested] + Backend.allCases.filter { $0 != requested }
        for library in order {
            guard let d = MethodCatalog.descriptor(name, backend: library), methods[library]?[d.name] != nil else { continue }
            if dpRequested && !d.differentiallyPrivate {
                throw .notDifferentiallyPrivate(method: name, privateMethods: MethodCatalog.all.filter(\.differentiallyPrivate).map(\.name))
            }
            let used = GridBackend(library, reference: true)
            let reason = used == backend ? nil
                : "\(backend.rawValue) runs no '\(name)' (its adapter runs \(methods[requested, default: [:]].keys.sorted().joined(separator: ", "))); using \(used.rawValue)'s \(d.name)"
            return Resolution(descriptor: d, requested: backend, used: used, fallbackReason: reason)
        }
        throw .notImplemented(method: name, available: available)
    }
}
