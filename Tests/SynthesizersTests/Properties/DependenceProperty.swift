import Testing
@testable import Synthesizers

/// Dependence: the mean absolute error of pairwise Pearson correlations (Gaussian block) and Cramér's V
/// (categoricals, booleans and the two tercile bands) between a method's sample and its training table
/// stays within what its profile expects of the real-vs-real noise.
@Suite struct DependenceProperty {
    static let tier = PropertyTier.current
    static let property = NoiseBoundedProperty(name: "dependence", parts: TableMeasures.dependenceErrors,
                                               expectation: { $0.dependence($1) })

    @Test(arguments: GeneratorCase.tested.filter { $0.dependence(tier) != .none })
    func dependenceStaysWithinSamplingNoise(_ g: GeneratorCase) async throws {
        try await Self.property.check(g, tier: Self.tier)
    }

    /// Negative control: SDGym's column baseline (independent columns, faithful marginals) fails the
    /// loosest dependence limit any profile uses.
    @Test func independentColumnsFailTheLoosestLimitInUse() async throws {
        try await Self.property.negativeControl(GeneratorCase.named("column", .sdv), tier: Self.tier)
    }
}
