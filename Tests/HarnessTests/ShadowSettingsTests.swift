import Evaluation
import Foundation
@testable import Harness
import SynthTestSupport
import Testing

/// The shadow attack's counts (`--shadow`, a spec's `shadow`): they reach every cell's run config and the
/// attack, enter the content hash only when set, and bad values are errors naming the key.
@Suite struct ShadowSettingsTests {
    func decode(_ extra: String, suites: String = #"["shadow"]"#) throws(ExperimentSpecError) -> ExperimentSpec {
        try ExperimentSpec.decode(Data(#"{"name": "s", "datasets": ["penguins"], "methods": ["identity"], "backends": ["sdv"], "suites": \#(suites)\#(extra)}"#.utf8),
                                  source: "spec.json", availableDatasets: ["penguins"])
    }

    @Test func specSettingsReachTheCells() throws {
        let plain = try decode("")
        #expect(plain.runConfig(for: plain.cells[0], fetchIfMissing: false, datasetsDirectory: nil).shadow == ShadowAttackSettings())
        let set = try decode(#", "shadow": {"targets": 1, "test_pairs": 4}"#)
        #expect(set.runConfig(for: set.cells[0], fetchIfMissing: false, datasetsDirectory: nil).shadow
                == ShadowAttackSettings(targets: 1, testPairs: 4))
        #expect(set.contentHash != plain.contentHash)
        #expect(try decode(#", "shadow": null"#).contentHash == plain.contentHash)
        #expect(try ExperimentSpec.decode(Data(try set.normalizedText().utf8), availableDatasets: ["penguins"]) == set)
    }

    @Test(arguments: [(#", "shadow": {"targets": 0}"#, "shadow.targets"), (#", "shadow": {"pairs": 3}"#, "pairs"),
                      (#", "shadow": {"test_pairs": 1.5}"#, "shadow.test_pairs"), (#", "shadow": 3"#, "shadow")])
    func badValuesNameTheKey(extra: String, named: String) {
        do {
            _ = try decode(extra)
            Issue.record("accepted \(extra)")
        } catch {
            #expect("\(error)".contains(named), "\(error)")
        }
    }

    @Test func settingsWithoutTheSuiteAreAnError() {
        do {
            _ = try decode(#", "shadow": {"targets": 1}"#, suites: #"["sdmetrics"]"#)
            Issue.record("a spec set the shadow attack without its suite")
        } catch {
            #expect("\(error)".contains("suites must include \"shadow\""), "\(error)")
        }
    }

    @Test func theRunUsesTheSettingsAndTheirRowBound() throws {
        var config = RunConfig(data: .dataset("penguins"), method: "identity", seed: 1, fetchIfMissing: false,
                               datasetsDirectory: RepositoryPaths.datasets.path, suites: [ShadowModelSuite.id])
        config.shadow = ShadowAttackSettings(targets: 1, trainingPairs: 3, testPairs: 2)
        let e = try #require(try Pipeline(config: config).run().evaluation)
        let details = try #require(e.suites.first { $0.suite == ShadowModelSuite.id }?["groundhog_auc"]?.details)
        #expect(details["refits"]?.doubleValue == 10)
        #expect(details["settings"] == ["targets": 1, "training_pairs": 3, "test_pairs": 2, "max_rows": 2_000])

        // penguins has 344 rows, 275 after the 20 % hold-out: a bound of 200 stops the run before the fit.
        config.shadow = ShadowAttackSettings(maxTrainingRows: 200)
        do {
            _ = try Pipeline(config: config).run()
            Issue.record("a 275-row training table ran with max_rows 200")
        } catch {
            #expect(error.phase == .load && error.timings.fit == nil)
            #expect(error.description.contains("at most 200 training rows"), "\(error)")
        }
    }

    @Test func theCommandLineOptionNeedsTheSuiteAndReachesTheResult() throws {
        let dir = try SynthBenchBinary.temporaryDirectory("shadow-settings")
        defer { try? FileManager.default.removeItem(at: dir) }
        let base = ["generate", "--dataset", "penguins", "--method", "identity", "--seed", "1",
                    "--datasets-dir", RepositoryPaths.datasets.path]
        let lone = try SynthBenchBinary.run(base + ["--out", dir.appendingPathComponent("a").path, "--shadow", "targets=1"], in: dir)
        #expect(lone.status != 0 && lone.stderr.contains("add --suite shadow"), "\(lone.stderr)")
        let bad = try SynthBenchBinary.run(base + ["--out", dir.appendingPathComponent("b").path, "--suite", "shadow",
                                                   "--shadow", "targets=1,pairs=2"], in: dir)
        #expect(bad.status != 0 && bad.stderr.contains("--shadow pairs"), "\(bad.stderr)")
        let out = dir.appendingPathComponent("c")
        let ok = try SynthBenchBinary.run(base + ["--out", out.path, "--suite", "shadow",
                                                  "--shadow", "targets=1,training_pairs=3,test_pairs=2"], in: dir)
        #expect(ok.status == 0, "\(ok.stderr)")
        let run = try String(contentsOf: out.appendingPathComponent("run.json"), encoding: .utf8)
        #expect(run.contains("\"training_pairs\"") && run.contains("\"refits\""), "\(run.prefix(400))")
    }
}
