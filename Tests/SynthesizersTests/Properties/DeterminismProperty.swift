import SynthTable
import Testing
@testable import Synthesizers

/// Determinism per seed: two fits with the same fit seed, sampled with the same seed, give the same table;
/// another sample seed gives another table (except for methods that return training rows by design).
/// Determinism needs the fitting and sampling code paths, not a trained model, so both fits train for at
/// most 2 epochs or iterations (``GeneratorCase/shortTraining(_:)``): the property costs two short fits
/// instead of a third full one.
@Suite struct DeterminismProperty {
    static let tier = PropertyTier.current

    @Test(arguments: GeneratorCase.tested)
    func sameSeedsSameTableOtherSeedOtherTable(_ g: GeneratorCase) throws {
        let t = try g.table(Self.tier.shapeSeeds[0])
        let short = g.shortTraining(Self.tier)
        let cpu = PropertyTier.threadCPUSeconds()
        let (s1, c1) = try g.fit(t.table, tier: Self.tier, fitSeed: FittedSamples.fitSeed, parameters: short)
        let first = try s1.sample(count: t.table.rowCount, seed: FittedSamples.sampleSeed, context: c1)
        let (s, context) = try g.fit(t.table, tier: Self.tier, fitSeed: FittedSamples.fitSeed, parameters: short)
        let again = try s.sample(count: t.table.rowCount, seed: FittedSamples.sampleSeed, context: context)
        PropertyTier.log("determinism \(g.testDescription): two short fits \(fmt(PropertyTier.threadCPUSeconds() - cpu)) CPU s")
        #expect(again == first, "\(g.testDescription): a refit with the same seeds gave another table")
        if !g.profile.copiesRows {
            let other = try s.sample(count: t.table.rowCount, seed: FittedSamples.sampleSeed + 1, context: context)
            #expect(other != first, "\(g.testDescription): another sample seed gave the same table")
        }
    }

    /// The short fits do cut training: every training-length parameter of every method is at most 2.
    @Test func shortTrainingCutsEveryTrainingLength() throws {
        let ctgan = GeneratorCase.named("ctgan", .sdv)
        #expect(ctgan.parameters(Self.tier)["epochs"] != ctgan.shortTraining(Self.tier)["epochs"])
        for g in GeneratorCase.all {
            for p in g.descriptor.parameters where MethodTestProfile.isTrainingLength(p) {
                guard case .int(let n)? = g.shortTraining(Self.tier)[p.name] else {
                    Issue.record("\(g.testDescription): \(p.name) not set"); continue
                }
                #expect(n <= 2, "\(g.testDescription): \(p.name) = \(n)")
            }
        }
    }

    /// Negative control: the "other seed, other table" check rejects a method that ignores the seed
    /// (DataIdentity hands back the training table whatever the seed).
    @Test func aSeedBlindMethodFailsTheSeedCheck() throws {
        let t = try PropertyTable(shapeSeed: Self.tier.shapeSeeds[0], rows: Self.tier.rows)
        let (s, context) = try GeneratorCase.named("identity", .sdv).fit(t.table, tier: Self.tier, fitSeed: 1)
        let a = try s.sample(count: t.table.rowCount, seed: 1, context: context)
        let b = try s.sample(count: t.table.rowCount, seed: 2, context: context)
        #expect(a == b)
    }
}
