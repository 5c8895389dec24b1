import SynthTable
import Testing
@testable import Synthesizers

/// A property measured against real-vs-real sampling noise (marginals, dependence): the distance between a
/// method's sample and its training table must stay within what the method's profile expects of the noise
/// bound, and a negative control must exceed the loosest multiple any profile uses, so that every
/// expectation in the catalogue can fail. The two suites differ only in the measure and the expectation.
struct NoiseBoundedProperty: Sendable {
    let name: String
    let measure: @Sendable (Table, Table) throws -> Double
    let expectation: @Sendable (GeneratorCase, PropertyTier) -> MethodTestProfile.Expectation

    func check(_ g: GeneratorCase, tier: PropertyTier) async throws {
        let expected = expectation(g, tier)
        for seed in tier.shapeSeeds {
            let t = try g.table(seed)
            let noise = try await NoiseBounds.shared.bound(t, name, measure: measure)
            let error = try measure(t.table, try await FittedSamples.shared.sample(g, on: t))
            PropertyTier.log("\(name) \(g.testDescription) shape \(seed): \(fmt(error)) = \(fmt(error / noise.limit)) x \(noise)")
            let limit = expected.limit(noise)!
            g.gate(tier) {
                #expect(error <= limit, "\(g.testDescription), shape \(seed): \(name) error \(fmt(error)) > \(fmt(limit)) = \(expected) of the \(noise)")
            }
        }
    }

    /// `control` must fail the loosest limit any registered profile uses for this property.
    func negativeControl(_ control: GeneratorCase, tier: PropertyTier) async throws {
        let loosest = GeneratorCase.all.compactMap { expectation($0, tier).multiple }.max() ?? 1
        for seed in tier.shapeSeeds {
            let t = try PropertyTable(shapeSeed: seed, rows: tier.rows)
            let noise = try await NoiseBounds.shared.bound(t, name, measure: measure)
            let error = try measure(t.table, try await FittedSamples.shared.sample(control, on: t))
            PropertyTier.log("\(name) negative control \(control.testDescription) shape \(seed): \(fmt(error / noise.limit)) x the noise limit")
            #expect(error > loosest * noise.limit,
                    "shape \(seed): \(control.testDescription)'s \(name) error \(fmt(error)) is within \(loosest) x the \(noise)")
        }
    }
}
