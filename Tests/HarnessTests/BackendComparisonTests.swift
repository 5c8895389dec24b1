import Foundation
@testable import Harness
@testable import Reports
import Testing

/// Pairing, deltas, ratios, fallbacks, failures and verdicts of the backend comparison.
@Suite struct BackendComparisonTests {
    typealias C = RunFixture

    func run(_ cells: [CellResult]) -> RunCells { RunCells(directory: URL(fileURLWithPath: "/fixture"), cells: cells) }

    func group(_ c: BackendComparison, _ method: String, _ dataset: String = "adult") -> BackendComparison.Group? {
        c.groups.first { $0.methodLabel == method && $0.dataset == dataset }
    }

    func metric(_ g: BackendComparison.Group?, _ name: String) -> BackendComparison.MetricDelta? {
        g?.metrics.first { $0.metric == name }
    }

    @Test func pairsCellsThatDifferOnlyInBackend() throws {
        let cells = [
            // gc: both seeds paired; synthcity falls back to sdv.
            C.cell(method: "gc", backend: "sdv", seed: 0), C.cell(method: "gc", backend: "sdv", seed: 1),
            C.cell(method: "gc", backend: "synthcity", seed: 0, ranOn: "sdv", fallbackReason: "synthcity has no 'gc'"),
            C.cell(method: "gc", backend: "synthcity", seed: 1, ranOn: "sdv", fallbackReason: "synthcity has no 'gc'"),
            // ctgan: seed 1 timed out on synthcity.
            C.cell(method: "ctgan", backend: "sdv", seed: 0), C.cell(method: "ctgan", backend: "sdv", seed: 1),
            C.cell(method: "ctgan", backend: "synthcity", seed: 0), C.cell(method: "ctgan", backend: "synthcity", seed: 1, status: .timeout),
            // Different parameters: not the same cell, so no partner.
            C.cell(method: "ctgan", backend: "sdv", seed: 0, params: ["epochs": .int(10)]),
            // Different seeds: no partner either.
            C.cell(method: "tvae", backend: "sdv", seed: 2), C.cell(method: "tvae", backend: "synthcity", seed: 3),
            // Another dataset: its own group.
            C.cell(dataset: "credit card", method: "gc", backend: "sdv", seed: 0),
            C.cell(dataset: "credit card", method: "gc", backend: "synthcity", seed: 0),
            // A third backend takes no part in the pairing.
            C.cell(method: "gc", backend: "other", seed: 0),
        ]
        let c = try BackendComparison.compare(run(cells))
        #expect(c.groups.map { "\($0.methodLabel)/\($0.dataset)" } == ["ctgan/adult", "gc/adult", "gc/credit card"])
        let gc = try #require(group(c, "gc"))
        #expect((gc.pairs, gc.pairsCompared, gc.seeds) == (2, 2, [0, 1]))
        #expect(gc.fallbacks.map(\.cellID) == ["adult__gc__synthcity__s0", "adult__gc__synthcity__s1"])
        #expect(gc.fallbacks.allSatisfy { $0.side == "candidate" && $0.requested == "synthcity" && $0.used == "sdv" })
        #expect(gc.failures.isEmpty)
        let ctgan = try #require(group(c, "ctgan"))
        #expect((ctgan.pairs, ctgan.pairsCompared) == (2, 1))
        #expect(ctgan.failures == [.init(seed: 1, side: "candidate", baselineStatus: .ok, candidateStatus: .timeout,
                                         cellID: "adult__ctgan__synthcity__s1", phase: "fit",
                                         error: "exceeded the 60 s cell timeout", candidateRegression: true)])
        #expect(c.unpaired.map(\.cellID) == ["adult__ctgan__sdv__s0__epochs_10", "adult__tvae__sdv__s2", "adult__tvae__synthcity__s3"])
        #expect(c.otherBackendCells == 1)
    }

    @Test func deltasAreCandidateMinusBaselineAndRatiosGeometricMeans() throws {
        let cells = [
            C.cell(backend: "sdv", seed: 0, quality: 0.80, miaAUC: 0.55, fit: 1, total: 2, rss: 100),
            C.cell(backend: "sdv", seed: 1, quality: 0.82, miaAUC: 0.56, fit: 2, total: 4, rss: 100),
            C.cell(backend: "synthcity", seed: 0, quality: 0.78, miaAUC: 0.56, fit: 2, total: 3, rss: 200),
            C.cell(backend: "synthcity", seed: 1, quality: 0.81, miaAUC: 0.56, fit: 2, total: 8, rss: 50),
        ]
        let c = try BackendComparison.compare(run(cells))
        let g = try #require(group(c, "gc"))
        let q = try #require(metric(g, "quality")?.delta)
        #expect(abs(q.mean - -0.015) < 1e-12 && q.n == 2)
        #expect(abs(q.sd! - 0.00707106781186548) < 1e-12)          // sd of (-0.02, -0.01)
        #expect(abs(metric(g, "quality")!.harm! - 0.015) < 1e-12)  // maximised: a fall is harm
        #expect(abs(metric(g, "mia_auc")!.harm! - 0.005) < 1e-12)  // minimised: a rise is harm
        #expect(abs(g.timeRatio! - 3.0.squareRoot()) < 1e-12)       // sqrt(3/2 · 8/4)
        #expect(abs(g.fitTimeRatio! - 2.0.squareRoot()) < 1e-12)    // sqrt(2/1 · 2/2)
        #expect(abs(g.memoryRatio! - 1) < 1e-12)                    // sqrt(2 · 0.5)
        #expect(metric(g, "auroc")?.delta?.mean == 0)
        #expect(metric(g, "quality")?.deltas.map { ($0 * 1e6).rounded() / 1e6 } == [-0.02, -0.01])
        // Quality's harm (0.02, 0.01) straddles its margin 0.02 with two seeds: neither shown within nor beyond it.
        // mia_auc's (0.01, 0.0) lies below its margin 0.02, but two seeds are one degree of freedom: t = −3,
        // P(T_1 ≤ −3) = 0.102 before Holm, so not shown within it either.
        let v = try #require(c.verdicts.first)
        #expect(v.outcome == .inconclusive)
        #expect(v.metrics.first { $0.metric == "quality" }?.outcome == .inconclusive)
        let mia = try #require(v.metrics.first { $0.metric == "mia_auc" })
        #expect(mia.outcome == .inconclusive && mia.pNotWorse > 0.102 && mia.pNotWorse <= 1)
        #expect(v.reasons.map { String($0.prefix { $0 != ":" }) } == ["quality", "mia_auc"])
        #expect(v.reasons.allSatisfy { $0.contains("add seeds: about") })
        #expect((v.seedsNeeded ?? 0) >= 2)
    }

    @Test func verdictIsWorseOnlyWhenTheIntervalClearsTheMarginInTheHarmfulDirection() throws {
        // Over four seeds the candidate's quality rises by 0.05 and ks_mean falls by 0.05 (both better), while
        // mia_auc rises by 0.029-0.032: its whole interval lies beyond the 0.02 margin.
        let rises = [0.029, 0.031, 0.030, 0.032]
        let cells = (0..<4).flatMap { i in
            [C.cell(backend: "sdv", seed: UInt64(i), quality: 0.80, ksMean: 0.20, miaAUC: 0.55),
             C.cell(backend: "synthcity", seed: UInt64(i), quality: 0.85, ksMean: 0.15, miaAUC: 0.55 + rises[i])]
        }
        let c = try BackendComparison.compare(run(cells))
        let v = try #require(c.verdicts.first)
        #expect(v.outcome == .worse)
        #expect(v.reasons.count == 1 && v.reasons[0].contains("mia_auc") && v.reasons[0].contains("beyond the margin 0.02"))
        let mia = try #require(v.metrics.first { $0.metric == "mia_auc" })
        #expect(mia.lower > 0.02 && mia.pWorse <= 0.05 && mia.pairs == 4)
        #expect(v.metrics.filter { $0.metric != "mia_auc" }.allSatisfy { $0.outcome == .notWorse })
        // A looser mia_auc margin makes it not worse; one from a flag, one from a file.
        var loose = ComparisonTolerances()
        try loose.apply(assignment: "mia_auc=0.05")
        #expect(try BackendComparison.compare(run(cells), tolerances: loose).verdicts[0].outcome == .notWorse)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tol-\(UUID().uuidString).json")
        try #"{"_comment": "looser privacy", "privacy.mia_auc": 0.04}"#.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        var fromFile = ComparisonTolerances()
        try fromFile.apply(file: file)
        #expect(fromFile.values["mia_auc"] == 0.04)
        #expect(try BackendComparison.compare(run(cells), tolerances: fromFile).verdicts[0].outcome == .notWorse)
        // A margin inside the spread of the harms (0.0305 ± 0.0013) cannot be settled by four seeds.
        var tight = ComparisonTolerances()
        try tight.apply(assignment: "mia_auc=0.0305")
        let open = try BackendComparison.compare(run(cells), tolerances: tight).verdicts[0]
        #expect(open.outcome == .inconclusive && open.reasons.contains { $0.contains("mia_auc") && $0.contains("add seeds") })
    }

    /// One seed per dataset leaves the spread unknown: no metric can be settled, however large the delta.
    @Test func aSingleSeedIsInconclusive() throws {
        let cells = [C.cell(backend: "sdv", quality: 0.80), C.cell(backend: "synthcity", quality: 0.50)]
        let v = try BackendComparison.compare(run(cells)).verdicts[0]
        #expect(v.outcome == .inconclusive)
        #expect(v.metrics.allSatisfy { $0.outcome == .inconclusive && $0.note != nil })
    }

    @Test func verdictIsWorseWhenTheCandidateFailsWhereTheBaselineFinished() throws {
        let cells = [C.cell(dataset: "adult", backend: "sdv", seed: 0), C.cell(dataset: "adult", backend: "synthcity", seed: 0),
                     C.cell(dataset: "census", backend: "sdv", seed: 0), C.cell(dataset: "census", backend: "synthcity", seed: 0, status: .error)]
        let v = try BackendComparison.compare(run(cells)).verdicts[0]
        #expect(v.outcome == .worse)
        #expect(v.failures == ["census__gc__synthcity__s0"])
        #expect(v.datasets == ["adult", "census"])
        // The baseline failing alone is not held against the candidate.
        let flipped = [C.cell(backend: "sdv", seed: 0, status: .error), C.cell(backend: "synthcity", seed: 0),
                       C.cell(backend: "sdv", seed: 1), C.cell(backend: "synthcity", seed: 1),
                       C.cell(backend: "sdv", seed: 2), C.cell(backend: "synthcity", seed: 2)]
        let f = try BackendComparison.compare(run(flipped))
        #expect(f.verdicts[0].outcome == .notWorse)
        #expect(f.groups[0].failures.map(\.side) == ["baseline"])
    }

    @Test func verdictIsWorseWhenAMetricIsMissingOnTheCandidate() throws {
        let cells = [C.cell(backend: "sdv", auroc: 0.8), C.cell(backend: "synthcity", auroc: nil)]
        let c = try BackendComparison.compare(run(cells))
        #expect(metric(c.groups[0], "auroc")?.missingOnCandidate == 1)
        #expect(c.verdicts[0].outcome == .worse && c.verdicts[0].reasons[0].contains("auroc missing on the candidate"))
        // Absent on both sides (no target column): not compared, not held against anyone.
        let neither = [C.cell(backend: "sdv", seed: 0, auroc: nil), C.cell(backend: "synthcity", seed: 0, auroc: nil),
                       C.cell(backend: "sdv", seed: 1, auroc: nil), C.cell(backend: "synthcity", seed: 1, auroc: nil)]
        let n = try BackendComparison.compare(run(neither))
        #expect(metric(n.groups[0], "auroc")?.delta == nil)
        #expect(n.verdicts[0].outcome == .notWorse && !n.verdicts[0].metrics.contains { $0.metric == "auroc" })
    }

    @Test func verdictIsInconclusiveWhenNoSeedFinishedOnBothSides() throws {
        let cells = [C.cell(backend: "sdv", status: .error), C.cell(backend: "synthcity", status: .timeout)]
        let v = try BackendComparison.compare(run(cells)).verdicts[0]
        #expect(v.outcome == .inconclusive && v.reasons == ["no seed finished on both backends"])
    }

    @Test func rejectsSameOrUnknownBackendsAndDuplicateCells() throws {
        let cells = [C.cell(backend: "sdv"), C.cell(backend: "synthcity")]
        #expect(throws: ReportError.self) { try BackendComparison.compare(run(cells), baseline: "sdv", candidate: "sdv") }
        do {
            _ = try BackendComparison.compare(run(cells), baseline: "sdv", candidate: "synthcty")
            Issue.record("an unknown backend was accepted")
        } catch {
            #expect(error == .unknownBackend(name: "synthcty", option: "--candidate", available: ["sdv", "synthcity"]))
        }
        var twin = C.cell(backend: "sdv")
        twin.cellID = "a-copy"
        #expect(throws: ReportError.self) { try BackendComparison.compare(run(cells + [twin])) }
        var bad = ComparisonTolerances()
        #expect(throws: ReportError.self) { try bad.apply(assignment: "qualty=0.1") }
        #expect(throws: ReportError.self) { try bad.apply(assignment: "quality=-1") }
        #expect(throws: ReportError.self) { try bad.apply(assignment: "quality") }
    }

    @Test func writesJSONMarkdownAndPlots() throws {
        let dir = try RunFixture.write(RunFixture.migrationRun())
        defer { RunFixture.remove(dir) }
        let comparison = try BackendComparison.compare(try RunCells.load(runDirectory: dir))
        let out = try ComparisonWriter.write(comparison, runDirectory: dir, renderer: GnuplotRenderer(executable: nil))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out.json)) as! [String: Any]
        #expect(json["baseline"] as? String == "sdv" && json["candidate"] as? String == "synthcity")
        #expect(json["schema_version"] as? Int == 2 && json["quality"] as? String == "sdmetrics.quality_score")
        let verdicts = json["verdicts"] as! [[String: Any]]
        // ctgan timed out on synthcity (adult, seed 2) where sdv finished; the rest differ by 0.005 in quality.
        #expect(verdicts.map { "\($0["method"]!)=\($0["outcome"]!)" }
                == ["ctgan=worse", "gc=not_worse", "identity=not_worse", "tvae=not_worse", "uniform=not_worse"])
        #expect(try JSONDecoder().decode(BackendComparison.self, from: Data(contentsOf: out.json)).groups.count == 10)
        let md = try String(contentsOf: out.markdown, encoding: .utf8)
        for section in ["## Verdicts", "## Migration checklist", "## Metric verdicts", "## Per method and dataset", "## Failures",
                        "## Fallbacks", "## Leaderboard", "### Wins across datasets", "## Ranking across datasets (Friedman, Nemenyi)",
                        "## Quality, time and privacy"] {
            #expect(md.contains(section), "\(section)")
        }
        #expect(md.contains("| ctgan | adult | 3 (2) |"))
        #expect(md.contains("adult__ctgan__synthcity__s2"))
        #expect(md.contains("| all methods work | fail | candidate failed where the baseline finished: ctgan/adult seed 2 |"))
        #expect(md.contains("| privacy maintained | pass |"))
        #expect(out.plots.figures == ["compare_deltas", "compare_ratios", "compare_cd"])
        let cd = try String(contentsOf: dir.appendingPathComponent("plots/compare_cd.gp"), encoding: .utf8)
        #expect(cd.contains("CD = "))
        let deltas = try String(contentsOf: dir.appendingPathComponent("plots/compare_deltas.gp"), encoding: .utf8)
        #expect(deltas.contains("first -0.02 to graph 1, first -0.02"))   // quality: harm is a fall
        #expect(deltas.contains("first 0.01 to graph 1, first 0.01"))     // dup_rate: harm is a rise
    }
}
