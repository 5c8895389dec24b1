import Foundation
@testable import Harness
import Synthesizers
import SynthTestSupport
import Testing

/// `public_preprocessing=true` declares the generators' preprocessing public; pategan's vote diagnostics
/// are not preprocessing but statistics of the raw data published without noise, so a run with
/// `diagnostics=true` is never `dp_effective` (docs/privacy.md §2). Before the fix the declaration covered
/// them too and this run said `dp_effective: true`.
@Suite("DP notes: diagnostics are never declared public")
struct DiagnosticsPrivacyTests {
    /// A small pategan on breast_cancer under `--dp epsilon=10,public_preprocessing=true`, fit only.
    static func privacy(diagnostics: Bool) throws -> RunPrivacy {
        let config = RunConfig(
            data: .dataset("breast_cancer"), method: "pategan", backend: .synthcity, seed: 3,
            parameters: ["n_iter": .int(2), "generator_n_iter": .int(2), "batch_size": .int(50),
                         "n_teachers": .int(5), "teacher_steps": .int(2), "generator_n_units_hidden": .int(16),
                         "discriminator_n_units_hidden": .int(16), "diagnostics": .bool(diagnostics)],
            fetchIfMissing: false, datasetsDirectory: RepositoryPaths.datasets.path,
            dp: DPRequest(epsilon: 10, publicPreprocessing: true))
        return try Pipeline(config: config).run(evaluate: false).privacy
    }

    @Test func diagnosticsRunIsNotEffectiveWhateverIsDeclared() throws {
        let loud = try Self.privacy(diagnostics: true)
        #expect(loud.requested && !loud.effective)
        #expect(loud.notes.contains { $0.hasPrefix("not DP: the run publishes") && $0.contains("teacher vote statistics") },
                "\(loud.notes)")
        // The accountant's figure is still reported: the diagnostics do not change the training.
        #expect((loud.epsilon ?? 0) > 0)
        // The negative control: the same run without diagnostics is covered by the declaration.
        let quiet = try Self.privacy(diagnostics: false)
        #expect(quiet.requested && quiet.effective, "\(quiet.notes)")
        #expect(quiet.epsilon == loud.epsilon)
        #expect(!quiet.notes.contains { $0.hasPrefix("not DP") })
    }
}
