import SynthTable
import Testing
@testable import Synthesizers

/// No copying: a method's sample repeats training rows no more often than a fresh real sample of the same
/// size does (mean + 4 sd over the resamples; the tables have continuous columns, so chance copies are
/// rare). Methods whose profile says they return training rows by design are exempt.
@Suite struct CopyingProperty {
    static let tier = PropertyTier.current

    static let copies: @Sendable (Table, Table) throws -> Double = { Double(TableMeasures.copiedRows($0, $1)) }

    @Test(arguments: GeneratorCase.tested.filter { !$0.profile.copiesRows })
    func trainingRowsAreNotCopiedMoreOftenThanChance(_ g: GeneratorCase) async throws {
        for seed in Self.tier.shapeSeeds {
            let t = try g.table(seed)
            let chance = try await NoiseBounds.shared.bound(t, "copies", measure: Self.copies)
            let copies = TableMeasures.copiedRows(t.table, try await FittedSamples.shared.sample(g, on: t))
            #expect(Double(copies) <= chance.limit,
                    "\(g.testDescription), shape \(seed): \(copies) of \(t.table.rowCount) rows copied from training; chance: \(chance)")
        }
    }

    /// Negative control: SDGym's DataIdentity returns the training table and fails the property.
    @Test func identityFailsTheCopyingBound() async throws {
        let identity = GeneratorCase.named("identity", .sdv)
        let t = try PropertyTable(shapeSeed: Self.tier.shapeSeeds[0], rows: Self.tier.rows)
        let chance = try await NoiseBounds.shared.bound(t, "copies", measure: Self.copies)
        let copies = TableMeasures.copiedRows(t.table, try await FittedSamples.shared.sample(identity, on: t))
        #expect(Double(copies) > chance.limit, "identity copied \(copies) rows; chance: \(chance)")
    }
}
