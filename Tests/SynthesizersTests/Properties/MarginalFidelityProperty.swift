import Testing
@testable import Synthesizers

/// Marginal fidelity: the mean per-column KS / TV distance between a method's sample and its training
/// table stays within what the method's profile expects of the real-vs-real noise, on every random shape.
@Suite struct MarginalFidelityProperty {
    static let tier = PropertyTier.current
    static let property = NoiseBoundedProperty(name: "marginal", parts: TableMeasures.marginalErrors,
                                               expectation: { $0.marginals($1) })

    @Test(arguments: GeneratorCase.tested.filter { $0.marginals(tier) != .none })
    func marginalsStayWithinSamplingNoise(_ g: GeneratorCase) async throws {
        try await Self.property.check(g, tier: Self.tier)
    }

    /// Negative control: SDGym's uniform baseline fails the loosest marginal limit any profile uses.
    @Test func uniformFailsTheLoosestLimitInUse() async throws {
        try await Self.property.negativeControl(GeneratorCase.named("uniform", .sdv), tier: Self.tier)
    }
}
