import Foundation
import Harness
import SynthCore

/// The outcome of a threshold check: pass or fail, and every violation with the cell, metric, value and
/// limit. JSON (`synthbench check --json`) has the same fields in snake case.
package struct CheckReport: Codable, Sendable {
    package enum Kind: String, Codable, Sendable {
        /// The value is above the threshold's max.
        case aboveMax = "above_max"
        /// The value is below the threshold's min.
        case belowMin = "below_min"
        /// A threshold or tolerance exists but the value is null or absent.
        case missing
        /// The cell did not finish (error, timeout, cancelled) and the file does not allow failures.
        case failed
        /// Worse than the matching baseline cell by more than the tolerance.
        case regressed
    }

    package struct Violation: Codable, Sendable, Equatable {
        package var cellID: String
        package var dataset: String
        package var method: String
        package var backend: String
        package var seed: UInt64
        package var kind: Kind
        @NullWhenAbsent package var metric: String?
        @NullWhenAbsent package var value: Double?
        /// The threshold crossed; for a regression the worst value the tolerance allows.
        @NullWhenAbsent package var limit: Double?
        @NullWhenAbsent package var baselineValue: Double?
        @NullWhenAbsent package var tolerance: Double?
        package var status: CellResult.Status
        package var message: String

        enum CodingKeys: String, CodingKey {
            case cellID = "cell_id", dataset, method, backend, seed, kind, metric, value, limit
            case baselineValue = "baseline_value", tolerance, status, message
        }
    }

    package var runDirectory: String
    package var thresholdFile: String
    package var baselineDirectory: String?
    package var passed: Bool { violations.isEmpty }
    package var cellsChecked: Int
    package var quality: String
    /// `MIA_MAX` / `DUP_MAX` values that replaced the file's top-level maxima.
    package var environmentOverrides: [String: Double]
    package var violations: [Violation]
    /// Tolerances that could not be applied because the metric is missing in the baseline cell (e.g. the
    /// baseline run lacks the `sdmetrics` suite): never silently skipped; `check --strict` fails on them.
    package var notComparable: [String] = []
    /// Remarks that are not violations: allowed failures, cells with no baseline partner.
    package var notes: [String]

    enum CodingKeys: String, CodingKey {
        case runDirectory = "run_directory", thresholdFile = "threshold_file", baselineDirectory = "baseline_directory"
        case passed, cellsChecked = "cells_checked", quality, environmentOverrides = "environment_overrides"
        case violations, notComparable = "not_comparable", notes
    }

    package init(runDirectory: String, thresholdFile: String, baselineDirectory: String?, cellsChecked: Int, quality: String,
                environmentOverrides: [String: Double], violations: [Violation], notes: [String]) {
        self.runDirectory = runDirectory; self.thresholdFile = thresholdFile; self.baselineDirectory = baselineDirectory
        self.cellsChecked = cellsChecked; self.quality = quality; self.environmentOverrides = environmentOverrides
        self.violations = violations; self.notes = notes
    }

    package init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        runDirectory = try c.decode(String.self, forKey: .runDirectory)
        thresholdFile = try c.decode(String.self, forKey: .thresholdFile)
        baselineDirectory = try c.decodeIfPresent(String.self, forKey: .baselineDirectory)
        cellsChecked = try c.decode(Int.self, forKey: .cellsChecked)
        quality = try c.decode(String.self, forKey: .quality)
        environmentOverrides = try c.decode([String: Double].self, forKey: .environmentOverrides)
        violations = try c.decode([Violation].self, forKey: .violations)
        notComparable = try c.decodeIfPresent([String].self, forKey: .notComparable) ?? []
        notes = try c.decode([String].self, forKey: .notes)
    }

    package func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(runDirectory, forKey: .runDirectory)
        try c.encode(thresholdFile, forKey: .thresholdFile)
        try c.encode(baselineDirectory, forKey: .baselineDirectory)
        try c.encode(passed, forKey: .passed)
        try c.encode(cellsChecked, forKey: .cellsChecked)
        try c.encode(quality, forKey: .quality)
        try c.encode(environmentOverrides, forKey: .environmentOverrides)
        try c.encode(violations, forKey: .violations)
        try c.encode(notComparable, forKey: .notComparable)
        try c.encode(notes, forKey: .notes)
    }

    /// The report for a terminal: one line per violation, then a verdict line.
    package var text: String {
        var lines = violations.map { "FAIL \($0.message)" }
        lines += notComparable.map { "NOT COMPARABLE \($0)" }
        lines += notes.map { "note: \($0)" }
        lines.append(passed
            ? "PASS: \(cellsChecked) cell(s) meet every threshold\(baselineDirectory == nil ? "" : " and show no regression")"
                + (notComparable.isEmpty ? "" : " (\(notComparable.count) tolerance(s) not comparable; --strict fails on them)")
            : "FAIL: \(violations.count) violation(s) in \(Set(violations.map(\.cellID)).count) of \(cellsChecked) cell(s)")
        return lines.joined(separator: "\n")
    }
}
