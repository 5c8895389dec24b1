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

    /// The Pearson parts are the Gaussian block's pairs and nothing else (the categorical `group` also
    /// starts with a g; its level codes once entered the measure).
    @Test func pearsonPartsAreTheGaussianBlocksPairs() throws {
        for seed in Self.tier.shapeSeeds {
            let t = try PropertyTable(shapeSeed: seed, rows: 60)
            let width = t.spec.gaussianBlocks[0].names.count
            let pearson = try TableMeasures.dependenceErrors(t.table, t.table).filter { $0.name.hasPrefix("r(") }
            #expect(pearson.count == width * (width - 1) / 2, "shape \(seed): \(pearson.map(\.name))")
            #expect(pearson.allSatisfy { !$0.name.contains("group") })
        }
    }

    /// Negative control: SDGym's column baseline (independent columns, faithful marginals) fails the
    /// loosest dependence limit any profile uses.
    @Test func independentColumnsFailTheLoosestLimitInUse() async throws {
        try await Self.property.negativeControl(GeneratorCase.named("column", .sdv), tier: Self.tier)
    }
}
