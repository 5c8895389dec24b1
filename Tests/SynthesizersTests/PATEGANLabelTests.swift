import Foundation
import Testing
@testable import Synthesizers

/// What PATE-GAN's student is taught (docs/privacy.md §4): the noisy label `1[(n1 + Lap(1/λ)) / T > 1/2]`
/// differs from the teachers' majority with a probability between `exp(−λT/2)/2` (unanimous votes) and
/// `exp(−λ/2)/2` (the closest split, `T` odd). At SynthCity's λ = 1e-3 that is a coin flip; at λ = 20 the
/// labels are the teachers' answers. Each side is the other's negative control.
@Suite("PATE-GAN labels")
struct PATEGANLabelTests {
    /// 5 teachers, unbounded budget: 10 iterations x 4 steps x 50 rows = 2,000 queries.
    static func fit(lambda: Double, diagnostics: Bool = true) throws -> PATEGANSynthesizer {
        let d = try #require(MethodCatalog.descriptor("pategan", backend: .synthcity))
        let s = try #require(try d.make([
            "n_iter": .int(10), "generator_n_iter": .int(4), "batch_size": .int(50), "lamda": .double(lambda),
            "epsilon": .double(1e6), "teacher_steps": .int(5), "generator_n_units_hidden": .int(16),
            "discriminator_n_units_hidden": .int(16), "n_teachers": .int(5), "diagnostics": .bool(diagnostics),
        ]) as? PATEGANSynthesizer)
        try s.fit(DPGeneratorTests.table, metadata: NeuralFixtures.metadata(DPGeneratorTests.table),
                  context: SynthesisContext(seed: 5))
        return s
    }

    /// Pooled flip share and query count over the run.
    static func flips(_ s: PATEGANSynthesizer) throws -> (share: Double, queries: Int) {
        let iterations = try #require(s.model?.voteStatistics)
        let queries = iterations.reduce(0) { $0 + $1.queries }
        let flipped = iterations.reduce(0.0) { $0 + $1.flipShare * Double($1.queries) }
        return (flipped / Double(queries), queries)
    }

    @Test func labelsAreCoinFlipsAtSynthCitysLambdaAndTheVotesAtALargeOne() throws {
        let (noisy, queries) = try Self.flips(Self.fit(lambda: 1e-3))
        #expect(queries == 2000)
        // Expected share in [exp(-0.0025)/2, exp(-0.0005)/2] = [0.49875, 0.49975]; 4 binomial sd = 0.045.
        #expect(abs(noisy - 0.4993) < 0.045, "flip share \(noisy) at lambda 1e-3")
        let (clean, _) = try Self.flips(Self.fit(lambda: 20))
        // Expected share at most exp(-10)/2 = 2.3e-5: no flip in 2,000 queries but with probability < 5 %.
        #expect(clean <= 1.0 / 2000, "flip share \(clean) at lambda 20")
    }

    /// The per-query bookkeeping, by hand: 3 teachers, votes 3, 2, 1, 0 (majority real, real, fake, fake).
    @Test func voteStatisticsByHand() {
        var v = PATEVoteStatistics()
        v.record(n1: 3, teachers: 3, label: true, studentSaysReal: true)
        v.record(n1: 2, teachers: 3, label: false, studentSaysReal: true)
        v.record(n1: 1, teachers: 3, label: true, studentSaysReal: true)
        v.record(n1: 0, teachers: 3, label: false, studentSaysReal: false)
        #expect(v.queries == 4)
        #expect(abs(v.realVoteShare - 0.5) < 1e-12)
        #expect(v.unanimousShare == 0.5)
        #expect(v.majorityRealShare == 0.5)
        #expect(v.labelRealShare == 0.5)
        #expect(v.flipShare == 0.5)
        #expect(v.studentAgreement == 0.75)
    }

    /// The vote statistics read the teachers' votes without noise: published only on request, and then
    /// listed as a non-private release (not an input, which `public_preprocessing` could declare public); the
    /// closed-form flip share of a unanimous vote is always reported.
    @Test func diagnosticsArePublishedOnlyOnRequestAndMarkedNonPrivate() throws {
        let quiet = try Self.fit(lambda: 1e-3, diagnostics: false)
        #expect(quiet.fitNotes["pate_diagnostics"] == nil)
        #expect(quiet.privacyReport?.nonPrivateReleases == [])
        let loud = try Self.fit(lambda: 1e-3)
        guard case .object(let notes) = loud.fitNotes["pate_diagnostics"],
              case .numbers(let queries) = notes["queries"] else { Issue.record("no pate_diagnostics"); return }
        #expect(queries == [Double](repeating: 200, count: 10))
        #expect((loud.privacyReport?.nonPrivateReleases ?? []).contains { $0.hasPrefix("teacher vote") })
        #expect(!(loud.privacyReport?.nonPrivateInputs ?? []).contains { $0.hasPrefix("teacher vote") })
        guard case .number(let flip) = quiet.privacyReport?.details["unanimous_flip_share"] else {
            Issue.record("no unanimous_flip_share"); return
        }
        #expect(abs(flip - exp(-1e-3 * 5 / 2) / 2) < 1e-15)
    }
}
