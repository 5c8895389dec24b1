import Testing
@testable import Synthesizers

/// Dependence: the mean absolute error of pairwise Pearson correlations (Gaussian block) and Cramér's V
/// (categoricals, booleans and the two tercile bands) between a method's sample and its training table
/// stays within what its profile expects of the real-vs-real noise.
@Suite struct DependenceProperty {
    static let tier = PropertyTier.current

    @Test(arguments: GeneratorCase.all.filter { $0.dependence(tier) != .none })
    func dependenceStaysWithinSamplingNoise(_ g: GeneratorCase) async throws {
        let expectation = g.dependence(Self.tier)
        for seed in Self.tier.shapeSeeds {
            let t = try g.table(seed)
            let noise = try NoiseBound(t, measure: TableMeasures.dependenceError)
            let error = try TableMeasures.dependenceError(t.table, try await FittedSamples.shared.sample(g, on: t))
            PropertyTier.log("dependence \(g.testDescription) shape \(seed): \(fmt(error)) = \(fmt(error / noise.limit)) x \(noise)")
            let limit = expectation.limit(noise)!
            g.gate(Self.tier) {
                #expect(error <= limit, "\(g.testDescription), shape \(seed): dependence error \(fmt(error)) > \(fmt(limit)) = \(expectation) of the \(noise)")
            }
        }
    }

    /// Negative control: SDGym's column baseline (independent columns, faithful marginals) fails the
    /// loosest dependence limit any profile uses.
    @Test func independentColumnsFailTheLoosestLimitInUse() async throws {
        let loosest = GeneratorCase.all.compactMap { $0.dependence(Self.tier).multiple }.max() ?? 1
        let column = GeneratorCase.named("column", .sdv)
        for seed in Self.tier.shapeSeeds {
            let t = try PropertyTable(shapeSeed: seed, rows: Self.tier.rows)
            let noise = try NoiseBound(t, measure: TableMeasures.dependenceError)
            let error = try TableMeasures.dependenceError(t.table, try await FittedSamples.shared.sample(column, on: t))
            PropertyTier.log("dependence negative control sdv/column shape \(seed): \(fmt(error / noise.limit)) x the noise limit")
            #expect(error > loosest * noise.limit,
                    "shape \(seed): column's dependence error \(fmt(error)) is within \(loosest) x the \(noise)")
        }
    }
}
