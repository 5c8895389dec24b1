import SynthTable
import Testing
@testable import Synthesizers

/// Determinism per seed: a second fit with the same fit seed, sampled with the same seed, gives the same
/// table; another sample seed gives another table (except for methods that return training rows by design).
@Suite struct DeterminismProperty {
    static let tier = PropertyTier.current

    @Test(arguments: GeneratorCase.all)
    func sameSeedsSameTableOtherSeedOtherTable(_ g: GeneratorCase) async throws {
        let t = try g.table(Self.tier.shapeSeeds[0])
        let first = try await FittedSamples.shared.sample(g, on: t)
        let (s, context) = try g.fit(t.table, tier: Self.tier, fitSeed: FittedSamples.fitSeed)
        let again = try s.sample(count: t.table.rowCount, seed: FittedSamples.sampleSeed, context: context)
        #expect(again == first, "\(g.testDescription): a refit with the same seeds gave another table")
        if !g.profile.copiesRows {
            let other = try s.sample(count: t.table.rowCount, seed: FittedSamples.sampleSeed + 1, context: context)
            #expect(other != first, "\(g.testDescription): another sample seed gave the same table")
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
