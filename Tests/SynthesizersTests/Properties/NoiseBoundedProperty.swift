import SynthTable
import Testing
@testable import Synthesizers

/// A property measured against real-vs-real sampling noise (marginals, dependence): the distance between a
/// method's sample and its training table must stay within what the method's profile expects of the noise
/// bound, and a negative control must exceed the loosest multiple any profile uses, so that every
/// expectation in the catalogue can fail. The two suites differ only in the measure and the expectation.
struct NoiseBoundedProperty: Sendable {
    let name: String
    /// The measure's parts (one per column or pair); the measure is their mean.
    let parts: @Sendable (Table, Table) throws -> [TableMeasures.Part]
    let expectation: @Sendable (GeneratorCase, PropertyTier) -> MethodTestProfile.Expectation

    var measure: @Sendable (Table, Table) throws -> Double {
        { [parts] in TableMeasures.mean(try parts($0, $1)) }
    }

    func check(_ g: GeneratorCase, tier: PropertyTier) async throws {
        let expected = expectation(g, tier)
        for seed in tier.shapeSeeds {
            let t = try g.table(seed)
            let noise = try await NoiseBounds.shared.bound(t, name, measure: measure)
            let error = try measure(t.table, try await FittedSamples.shared.sample(g, on: t))
            PropertyTier.log("\(name) \(g.testDescription) shape \(seed): \(fmt(error)) = \(fmt(error / noise.limit)) x \(noise)")
            if PropertyTier.logging { try await logParts(g, t) }
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

    /// Prints each part of the measure beside its real-vs-real mean over the first 8 resamples, to see
    /// which columns or pairs carry a method's error (`SYNTHBENCH_PROPERTY_LOG=1`).
    func logParts(_ g: GeneratorCase, _ t: PropertyTable) async throws {
        let sample = try parts(t.table, try await FittedSamples.shared.sample(g, on: t))
        let fresh = try (0..<8).map { try parts(t.table, t.fresh($0)) }
        for (i, part) in sample.enumerated() {
            let noise = fresh.reduce(0) { $0 + $1[i].error } / Double(fresh.count)
            PropertyTier.log("  \(name) \(g.testDescription) shape \(t.shapeSeed) \(part.name): \(fmt(part.error)) (real-vs-real \(fmt(noise)), \(String(format: "%.1f", part.error / noise))x)")
        }
    }
}
