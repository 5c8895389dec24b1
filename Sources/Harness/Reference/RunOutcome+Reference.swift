import Synthesizers

extension RunOutcome {
    /// The backends a run's files name: for a run on a reference backend (`generate --backend sdv-python`),
    /// the reference backends, as ``CellResult/recordReference(_:)`` names them in a cell's record (the
    /// pipeline resolved the method on the flavour the backend mirrors); otherwise the flavours.
    package var recordedBackends: (requested: String, used: String, fallbackReason: String?) {
        let r = resolution
        if let backend = config.reference?.backend,
           let named = try? ReferenceCatalog.resolve(method: r.descriptor.name, backend: backend, dpRequested: config.dpRequested) {
            return (named.requested.rawValue, named.used.rawValue, named.fallbackReason)
        }
        return (r.backendRequested.rawValue, r.backendUsed.rawValue, r.fallbackReason)
    }
}
