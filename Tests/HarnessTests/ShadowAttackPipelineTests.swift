import Evaluation
import Foundation
@testable import Harness
import SynthTestSupport
import Testing

/// The `shadow` suite through the pipeline: the run's own method is refitted through the registry (the
/// copy is found), and a table above the attack's row bound stops the run before anything is fitted.
@Suite struct ShadowAttackPipelineTests {
    @Test func identityIsRefittedAndFound() throws {
        let config = RunConfig(data: .dataset("penguins"), method: "identity", seed: 1, fetchIfMissing: false,
                               datasetsDirectory: RepositoryPaths.datasets.path, suites: [ShadowModelSuite.id])
        let e = try #require(try Pipeline(config: config).run().evaluation)
        let shadow = try #require(e.suites.first { $0.suite == ShadowModelSuite.id })
        let auc = try #require(shadow["groundhog_auc"])
        #expect(auc.status == .ok, "\(auc.error ?? auc.reason ?? "")")
        #expect(try #require(auc.value) > 0.9 && shadow.value("groundhog_auc_low")! > 0.6)
        #expect(auc.details?["method"] == .string("identity (sdv)"))
        #expect(e.privacyAssessment.risk == .high)
    }

    @Test func tablesAboveTheBoundStopBeforeTheFit() throws {
        let dir = try SynthBenchBinary.temporaryDirectory("shadow-bound")
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("big.csv")
        // 2,600 rows: 2,080 training rows after the default 20 % hold-out, above the 2,000-row bound.
        try ("x,c\n" + (0..<2_600).map { "\($0 % 97),\($0 % 3)" }.joined(separator: "\n") + "\n")
            .write(to: csv, atomically: true, encoding: .utf8)
        let config = RunConfig(data: .file(path: csv.path, metadata: nil), method: "gc", seed: 1,
                               suites: [ShadowModelSuite.id])
        do {
            _ = try Pipeline(config: config).run()
            Issue.record("a 2,080-row training table ran the shadow suite")
        } catch {
            #expect(error.phase == .load)
            #expect(error.description.contains("2080 rows") && error.description.contains("at most 2000 training rows"))
        }
    }
}
