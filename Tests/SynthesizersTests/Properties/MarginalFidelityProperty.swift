import Testing
@testable import Synthesizers

/// Marginal fidelity: the mean per-column KS / TV distance between a method's sample and its training
/// table stays within what the method's profile expects of the real-vs-real noise, on every random shape.
@Suite struct MarginalFidelityProperty {
    static let tier = PropertyTier.current

    @Test(arguments: GeneratorCase.all.filter { $0.marginals(tier) != .none })
    func marginalsStayWithinSamplingNoise(_ g: GeneratorCase) async throws {
        let expectation = g.marginals(Self.tier)
        for seed in Self.tier.shapeSeeds {
            let t = try g.table(seed)
            let noise = try NoiseBound(t, measure: TableMeasures.marginalError)
            let error = try TableMeasures.marginalError(t.table, try await FittedSamples.shared.sample(g, on: t))
            PropertyTier.log("marginals \(g.testDescription) shape \(seed): \(fmt(error)) = \(fmt(error / noise.limit)) x \(noise)")
            let limit = expectation.limit(noise)!
            g.gate(Self.tier) {
                #expect(error <= limit, "\(g.testDescription), shape \(seed): marginal error \(fmt(error)) > \(fmt(limit)) = \(expectation) of the \(noise)")
            }
        }
    }

    /// Negative control: SDGym's uniform baseline fails the loosest marginal limit any profile uses, so
    /// every marginal expectation in the catalogue can fail.
    @Test func uniformFailsTheLoosestLimitInUse() async throws {
        let loosest = GeneratorCase.all.compactMap { $0.marginals(Self.tier).multiple }.max() ?? 1
        let uniform = GeneratorCase.named("uniform", .sdv)
        for seed in Self.tier.shapeSeeds {
            let t = try PropertyTable(shapeSeed: seed, rows: Self.tier.rows)
            let noise = try NoiseBound(t, measure: TableMeasures.marginalError)
            let error = try TableMeasures.marginalError(t.table, try await FittedSamples.shared.sample(uniform, on: t))
            PropertyTier.log("marginals negative control sdv/uniform shape \(seed): \(fmt(error / noise.limit)) x the noise limit")
            #expect(error > loosest * noise.limit,
                    "shape \(seed): uniform's marginal error \(fmt(error)) is within \(loosest) x the \(noise)")
        }
    }
}
