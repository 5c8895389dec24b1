import Foundation
@testable import Harness
@testable import Reports
import Testing

/// Issue 19: every gate either applies or says why not.
@Suite struct GateCoverageTests {
    typealias C = RunFixture

    func run(_ cells: [CellResult], _ dir: String = "/fixture") -> RunCells { RunCells(directory: URL(fileURLWithPath: dir), cells: cells) }

    func check(_ json: String) throws -> ThresholdCheck {
        try ThresholdCheck(file: try ThresholdFile.parse(Data(json.utf8), file: "thresholds.json"), environment: [:])
    }

    @Test func aToleranceTheBaselineCannotMeasureIsReportedNotSkipped() throws {
        // The baseline run lacks the sdmetrics suite, so its quality is missing.
        let report = try check(#"{"tolerances": {"quality": 0.02, "privacy.mia_auc": 0.02}}"#)
            .check(run([C.cell(quality: 0.4, miaAUC: 0.55)]), baseline: run([C.cell(miaAUC: 0.55, sdmetrics: false)], "/baseline"))
        #expect(report.passed)   // no violation: nothing measured got worse ...
        #expect(report.notComparable.count == 1)   // ... but quality could not be compared, and says so
        #expect(report.notComparable.first?.contains("quality (tolerance 0.02) cannot be checked: the baseline cell adult__gc__sdv__s0 has no value (the run has 0.4)") == true,
                "\(report.notComparable)")
        #expect(report.text.contains("NOT COMPARABLE adult__gc__sdv__s0: quality"))
        #expect(report.text.contains("1 tolerance(s) not comparable; --strict fails on them"))
        let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        #expect(json.contains("\"not_comparable\""))
        // Negative control: a baseline with the suite is compared and yields no such line.
        let full = try check(#"{"tolerances": {"quality": 0.02}}"#)
            .check(run([C.cell(quality: 0.8)]), baseline: run([C.cell(quality: 0.8)], "/baseline"))
        #expect(full.notComparable.isEmpty && full.passed)
    }

    @Test func anOverrideThatMatchesNoCellNamesTheClosest() throws {
        let cells = run([C.cell(dataset: "wine", method: "gc", backend: "sdv"), C.cell(dataset: "adult", method: "ctgan", backend: "synthcity")])
        func error(_ override: String) throws -> String {
            let head = #"{"overrides": [{"method": "gc", "thresholds": {"quality": {"min": 0.1}}}, "#
            let c = try check(head + override + "]}")
            do { try c.validateOverrides(against: cells); return "" } catch { return error.description }
        }
        let dataset = try error(#"{"dataset": "wnie", "thresholds": {"quality": {"min": 0.9}}}"#)
        #expect(dataset.contains("overrides[1].dataset: 'wnie' matches no cell") && dataset.contains("did you mean 'wine'?"), "\(dataset)")
        let backend = try error(#"{"backend": "sdvv", "thresholds": {"quality": {"min": 0.9}}}"#)
        #expect(backend.contains("overrides[1].backend: 'sdvv'") && backend.contains("did you mean 'sdv'?"), "\(backend)")
        let method = try error(#"{"method": "ctgn", "thresholds": {"quality": {"min": 0.9}}}"#)
        #expect(method.contains("overrides[1].method: 'ctgn'") && method.contains("did you mean 'ctgan'?"), "\(method)")
        let combination = try error(#"{"method": "ctgan", "dataset": "wine", "thresholds": {"quality": {"min": 0.9}}}"#)
        #expect(combination.contains("overrides[1]: matches no cell") && combination.contains("method ctgan, dataset wine together"), "\(combination)")
        // Negative control: overrides that select cells pass.
        #expect(try error(#"{"dataset": "adult", "backend": "synthcity", "thresholds": {"quality": {"min": 0.9}}}"#) == "")
    }
}
