import Synthesizers

extension RunConfig {
    /// The config with `federated` set (nil: unchanged).
    package func federating(_ request: FederatedRequest?) -> RunConfig {
        guard let request else { return self }
        var c = self
        c.federated = request
        return c
    }

    /// Sets the federated training on `synthesizer`; a method that cannot train federated is an error.
    package func applyFederation(to synthesizer: any Synthesizer, method: String) throws(SynthesisError) {
        guard let federated else { return }
        guard let trainable = synthesizer as? any FederatedTrainable else {
            throw .invalidParameter(method: method, name: "federated", value: federated.description,
                                    requirement: "only SynthBench's neural generators on encoded rows train federated "
                                        + "(ctgan, tvae, dpgan, dp-ctgan, adsgan)")
        }
        trainable.federation = federated
    }
}
