import Evaluation
import SynthMath
import SynthTable
import Synthesizers

extension RunConfig {
    /// The run's generator as the shadow-model attack refits it (``ShadowGenerator``): a fresh synthesizer of
    /// the resolved method with the run's parameters (the real library's for a reference backend, the
    /// federation applied as in the run), fitted on the attacker's table with the run's metadata, sampled,
    /// and post-processed as the run was. nil unless the run asked for the `shadow` suite.
    package func shadowGenerator(resolution: MethodResolution, given: [String: ParameterValue], metadata: Metadata,
                                 context: SynthesisContext) -> ShadowGenerator? {
        guard suites.contains(ShadowModelSuite.id) else { return nil }
        let config = self
        return ShadowGenerator(method: "\(resolution.descriptor.name) (\(resolution.backendUsed.rawValue))") { training, rows, seed in
            let root = RandomStream(seed: seed)
            let synthesizer = try config.reference?.synthesizer(for: resolution, given: given)
                ?? resolution.descriptor.make(given)
            try config.applyFederation(to: synthesizer, method: resolution.descriptor.name)
            try context.checkCancellation()
            try synthesizer.fit(training, metadata: metadata, context: context.withSeed(root.derivedSeed("fit")))
            var synthetic = try synthesizer.sample(count: rows, seed: root.derivedSeed("sample"), context: context)
            if !config.postProcessing.enabledSteps.isEmpty {
                synthetic = try config.postProcessing.apply(to: synthetic, real: training, metadata: metadata,
                                                            seed: root.derivedSeed("postprocess"))
            }
            return synthetic
        }
    }
}
