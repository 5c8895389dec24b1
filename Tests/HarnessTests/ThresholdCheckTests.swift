import Foundation
import Evaluation
@testable import Harness
@testable import Reports
import Testing
import SynthTestSupport

/// The threshold file's format and precedence, and the check's violations.
@Suite struct ThresholdCheckTests {
    typealias C = RunFixture

    func run(_ cells: [CellResult], _ dir: String = "/fixture") -> RunCells { RunCells(directory: URL(fileURLWithPath: dir), cells: cells) }

    func file(_ json: String) throws(ReportError) -> ThresholdFile { try ThresholdFile.parse(Data(json.utf8), file: "thresholds.json") }

    func check(_ json: String, _ cells: [CellResult], baseline: [CellResult]? = nil,
               environment: [String: String] = [:]) throws -> CheckReport {
        try ThresholdCheck(file: try file(json), environment: environment).check(run(cells), baseline: baseline.map { run($0, "/baseline") })
    }

    static let basic = #"{"privacy.mia_auc": {"max": 0.60}, "privacy.dup_rate": {"max": 0.05}, "quality": {"min": 0.5}}"#

    @Test func passesWhenEveryCellMeetsEveryThreshold() throws {
        let cells = [C.cell(seed: 0, quality: 0.5, miaAUC: 0.60, dupRate: 0.05), C.cell(backend: "synthcity", seed: 0)]
        let report = try check(Self.basic, cells)
        #expect(report.passed && report.violations.isEmpty && report.cellsChecked == 2)   // bounds are inclusive
        #expect(report.text.hasPrefix("PASS"))
    }

    @Test func reportsEachPlantedViolationWithCellMetricValueAndLimit() throws {
        let cells = [C.cell(method: "ctgan", seed: 0, miaAUC: 0.71),
                     C.cell(method: "tvae", seed: 0, quality: 0.42),
                     C.cell(method: "gc", seed: 1, miaAUC: nil),
                     C.cell(method: "gc", seed: 2, status: .timeout),
                     C.cell(method: "gc", seed: 3)]
        let report = try check(Self.basic, cells)
        #expect(!report.passed)
        let found = report.violations.map { "\($0.cellID) \($0.kind.rawValue) \($0.metric ?? "-") \($0.value.map { "\($0)" } ?? "-") \($0.limit.map { "\($0)" } ?? "-")" }
        #expect(found.sorted() == ["adult__ctgan__sdv__s0 above_max privacy.mia_auc 0.71 0.6",
                                   "adult__gc__sdv__s1 missing privacy.mia_auc - 0.6",
                                   "adult__gc__sdv__s2 failed - - -",
                                   "adult__tvae__sdv__s0 below_min quality 0.42 0.5"])
        #expect(report.text.contains("FAIL adult__ctgan__sdv__s0 (ctgan, sdv, adult, seed 0): privacy.mia_auc = 0.71 > max 0.6"))
        #expect(report.text.contains("FAIL adult__gc__sdv__s2 (gc, sdv, adult, seed 2): cell timeout in phase fit"))
        #expect(report.text.hasSuffix("FAIL: 4 violation(s) in 4 of 5 cell(s)"))
        // allow_failures turns the timeout into a note.
        let allowing = try check(#"{"allow_failures": true, "privacy.mia_auc": {"max": 0.60}}"#, [cells[3], cells[4]])
        #expect(allowing.passed && allowing.notes.count == 1 && allowing.notes[0].contains("allowed by allow_failures"))
    }

    @Test func environmentOverridesThePrivacyMaxima() throws {
        let cells = [C.cell(miaAUC: 0.55, dupRate: 0.03)]
        #expect(try check(Self.basic, cells).passed)
        let strict = try check(Self.basic, cells, environment: ["MIA_MAX": "0.5", "DUP_MAX": "0.02"])
        #expect(strict.violations.map(\.metric) == ["privacy.dup_rate", "privacy.mia_auc"])
        #expect(strict.violations.map(\.limit) == [0.02, 0.5])
        #expect(strict.environmentOverrides == ["MIA_MAX": 0.5, "DUP_MAX": 0.02])
        // The variables apply even when the file has no privacy threshold; an empty one is ignored.
        let noFile = try check(#"{"quality": {"min": 0.1}}"#, cells, environment: ["MIA_MAX": "0.54", "DUP_MAX": ""])
        #expect(noFile.violations.map(\.metric) == ["privacy.mia_auc"] && noFile.environmentOverrides == ["MIA_MAX": 0.54])
        #expect(throws: ReportError.self) { try check(Self.basic, cells, environment: ["MIA_MAX": "lots"]) }
        #expect(throws: ReportError.self) { try check(Self.basic, cells, environment: ["DUP_MAX": "1.5"]) }
    }

    @Test func moreSpecificOverridesWinThenLaterOnes() throws {
        let f = try file(#"""
        {
          "privacy.mia_auc": {"max": 0.60, "min": 0.4},
          "overrides": [
            {"method": "ctgan", "dataset": "adult", "thresholds": {"privacy.mia_auc": {"max": 0.65}}},
            {"method": "ctgan", "thresholds": {"privacy.mia_auc": {"max": 0.70}}},
            {"dataset": "adult", "thresholds": {"privacy.mia_auc": {"max": 0.80}}},
            {"dataset": "adult", "thresholds": {"privacy.mia_auc": {"max": 0.90}}},
            {"method": "gaussian_copula", "backend": "synthcity", "thresholds": {"privacy.mia_auc": {"min": null}}},
            {"method": "identity", "_comment": "copies rows by design", "thresholds": {"privacy.mia_auc": {"max": null, "min": null}}}
          ]
        }
        """#)
        let mia = try MetricPath("privacy.mia_auc")
        func bound(_ cell: CellResult) -> ThresholdFile.Bound? { f.bounds(for: cell)[mia] }
        // Two selectors beat one even though it comes first in the file; the inherited min stays.
        #expect(bound(C.cell(dataset: "adult", method: "ctgan")) == .init(min: 0.4, max: 0.65))
        #expect(bound(C.cell(dataset: "census", method: "ctgan")) == .init(min: 0.4, max: 0.70))
        // Equally specific: the later one wins.
        #expect(bound(C.cell(dataset: "adult", method: "tvae")) == .init(min: 0.4, max: 0.90))
        #expect(bound(C.cell(dataset: "census", method: "tvae")) == .init(min: 0.4, max: 0.60))
        // An alias matches the method; backend is the requested one; null removes a side.
        #expect(bound(C.cell(dataset: "census", method: "gc", backend: "synthcity")) == .init(min: nil, max: 0.60))
        #expect(bound(C.cell(dataset: "census", method: "gc", backend: "sdv")) == .init(min: 0.4, max: 0.60))
        // Removing both sides removes the threshold.
        #expect(bound(C.cell(dataset: "census", method: "identity")) == nil)
    }

    @Test func baselineRegressionIsAStatisticalVerdictInEachMetricsDirection() throws {
        // Four paired seeds: quality falls by 0.05 ± 0.002 (beyond its 0.02 tolerance), ks_mean falls (better),
        // mia_auc rises by 0.005 (within 0.02). Seed 4 has no quality where the baseline has one; seed 5's
        // baseline failed; seed 6 has no baseline.
        let falls = [0.048, 0.052, 0.05, 0.05]
        var base = (0..<4).map { C.cell(seed: UInt64($0), quality: 0.85, ksMean: 0.10, miaAUC: 0.55) }
        var current = (0..<4).map { C.cell(seed: UInt64($0), quality: 0.85 - falls[$0], ksMean: 0.05, miaAUC: 0.555) }
        base += [C.cell(seed: 4, quality: 0.85), C.cell(seed: 5, status: .error)]
        current += [C.cell(seed: 4, quality: nil), C.cell(seed: 5), C.cell(seed: 6)]
        let report = try check(#"{"tolerances": {"quality": 0.02, "privacy.mia_auc": 0.02, "utility.ks_mean": 0.02}}"#,
                               current, baseline: base)
        let v = report.violations.map { "\($0.cellID) \($0.kind.rawValue) \($0.metric!)" }
        #expect(v == ["adult__gc__sdv__s4 missing quality", "adult__gc__sdv__s0 regressed quality"])
        let r = report.violations[1]
        #expect(r.tolerance == 0.02 && r.message.contains("gc on sdv: quality worsening 0.05") && r.message.contains("over 4 seed pair(s)"))
        #expect(report.notes.contains { $0.contains("adult__gc__sdv__s5") && $0.contains("did not finish") })
        #expect(report.notes.contains { $0.contains("adult__gc__sdv__s6") && $0.contains("no baseline cell") })
        // Without a tolerances object the headline defaults apply (mia_auc 0.02 here).
        let drift = [0.029, 0.031, 0.030]
        let defaults = try check("{}", (0..<3).map { C.cell(seed: UInt64($0), miaAUC: 0.55 + drift[$0]) },
                                 baseline: (0..<3).map { C.cell(seed: UInt64($0), miaAUC: 0.55) })
        #expect(defaults.violations.map(\.kind) == [.regressed] && defaults.violations[0].metric == "privacy.mia_auc")
        // One seed cannot tell a drift from noise: a note that asks for seeds, not a violation.
        let single = try check("{}", [C.cell(miaAUC: 0.58)], baseline: [C.cell(miaAUC: 0.55)])
        #expect(single.passed && single.notes.contains { $0.contains("privacy.mia_auc") && $0.contains("inconclusive, add seeds") })
        // A cell with other parameters is another experiment: no match.
        let other = try check("{}", [C.cell(params: ["epochs": .int(5)], miaAUC: 0.9)], baseline: [C.cell(miaAUC: 0.5)])
        #expect(other.passed && other.notes.count == 1)
    }

    @Test(arguments: [
        (#"{"privacy.mia": {"max": 0.6}}"#, "unknown metric path 'privacy.mia'"),
        (#"{"quality": {"min": 0.8, "max": 0.5}}"#, "min 0.8 is greater than max 0.5"),
        (#"{"quality": {"minimum": 0.8}}"#, "quality.minimum: unknown key"),
        (#"{"quality": {}}"#, "needs \"min\" and/or \"max\""),
        (#"{"quality": 0.5}"#, "expected a bound object"),
        (#"{"quality": {"min": "high"}}"#, "quality.min: expected a number or null"),
        (#"{"allow_failures": "yes"}"#, "allow_failures: expected true or false"),
        (#"{"overrides": [{"methods": "gc", "thresholds": {}}]}"#, "overrides[0].methods: unknown key"),
        (#"{"overrides": [{"method": "gc"}]}"#, "overrides[0]: an override needs \"thresholds\""),
        (#"{"overrides": [{"method": "gc", "thresholds": {"stats.nope": {"max": 1}}}]}"#, "overrides[0].thresholds.stats.nope"),
        (#"{"tolerances": {"quality": -0.1}}"#, "tolerances.quality: expected a number ≥ 0"),
        ("[1, 2]", "expected a JSON object"),
        ("{not json", "not valid JSON"),
    ])
    func rejectsMalformedFiles(json: String, message: String) {
        do {
            _ = try file(json)
            Issue.record("accepted \(json)")
        } catch {
            #expect(error.description.hasPrefix("thresholds.json: ") && error.description.contains(message), "\(error.description)")
        }
    }

    @Test func knownPathsCoverThePayloadSuitesTimeAndMemory() throws {
        for path in ["quality", "sdmetrics.quality_score", "sdmetrics.diagnostic_score", "utility.ks_mean", "utility.auroc",
                     "privacy.mia_auc", "privacy.dup_rate", "fairness.rare_coverage", "stats.wasserstein", "timings_s.total", "peak_rss_mb"] {
            #expect(MetricPath.known.contains(path), "\(path)")
        }
        #expect(try MetricPath("utility.ks_mean").direction == .minimize)
        #expect(try MetricPath("utility.auroc").direction == .maximize)
        #expect(try MetricPath("fairness.freq_skew").direction == .minimize)
        #expect(try MetricPath("sdmetrics.quality_score").direction == .maximize)
        #expect(!MetricPath.known.contains("privacy.dp_requested"))
        let cell = C.cell(quality: 0.7, fit: 2, rss: 321)
        #expect(try MetricPath("timings_s.fit").value(in: cell, quality: .sdmetricsQualityScore) == 2)
        #expect(try MetricPath("peak_rss_mb").value(in: cell, quality: .sdmetricsQualityScore) == 321)
        #expect(try MetricPath("quality").value(in: cell, quality: .sdmetricsQualityScore) == 0.7)
        #expect(try MetricPath("quality").value(in: cell, quality: .oneMinusKSMean) == 0.9)
    }

    /// The shipped file gates the duplicate rate and the membership attack's confidence bound, with no
    /// exemption: identity (every row a copy, attack AUC 1) fails, a method that leaks nothing passes.
    @Test func shippedThresholdFileFailsIdentityAndPassesSafeMethods() throws {
        let url = RepositoryPaths.path("experiments/thresholds.json")
        let f = try ThresholdFile.load(contentsOf: url)
        #expect(!f.allowFailures)
        let low = try MetricPath("membership.mia_auc_low"), dup = try MetricPath("privacy.dup_rate")
        #expect(low.direction == .minimize)
        func cell(_ method: String, dupRate: Double, miaLow: Double) -> CellResult {
            var c = C.cell(method: method, miaAUC: 0.9, dupRate: dupRate)
            c.metrics.suites[MembershipSuite.id] = ["mia_auc_low": miaLow]
            return c
        }
        let bounds = f.bounds(for: cell("identity", dupRate: 1, miaLow: 1))
        #expect(bounds[low]?.max == 0.60 && bounds[dup]?.max == 0.05)
        let report = try ThresholdCheck(file: f, environment: [:]).check(run([
            cell("identity", dupRate: 1, miaLow: 1), cell("uniform", dupRate: 0, miaLow: 0.45), cell("gc", dupRate: 0.01, miaLow: 0.58),
        ]))
        #expect(report.violations.map { "\($0.cellID) \($0.metric!)" }.sorted()
                == ["adult__identity__sdv__s0 membership.mia_auc_low", "adult__identity__sdv__s0 privacy.dup_rate"])
    }
}
