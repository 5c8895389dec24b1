import Foundation
import Harness

/// The outcome of a threshold check: pass or fail, and every violation with the cell, metric, value and
/// limit. JSON (`synthbench check --json`) has the same fields in snake case.
public struct CheckReport: Codable, Sendable {
    public enum Kind: String, Codable, Sendable {
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

    public struct Violation: Codable, Sendable, Equatable {
        public var cellID: String
        public var dataset: String
        public var method: String
        public var backend: String
        public var seed: UInt64
        public var kind: Kind
        public var metric: String?
        public var value: Double?
        /// The threshold crossed; for a regression the worst value the tolerance allows.
        public var limit: Double?
        public var baselineValue: Double?
        public var tolerance: Double?
        public var status: CellResult.Status
        public var message: String

        enum CodingKeys: String, CodingKey {
            case cellID = "cell_id", dataset, method, backend, seed, kind, metric, value, limit
            case baselineValue = "baseline_value", tolerance, status, message
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(cellID, forKey: .cellID); try c.encode(dataset, forKey: .dataset)
            try c.encode(method, forKey: .method); try c.encode(backend, forKey: .backend)
            try c.encode(seed, forKey: .seed); try c.encode(kind, forKey: .kind)
            try c.encode(metric, forKey: .metric); try c.encode(value, forKey: .value)
            try c.encode(limit, forKey: .limit); try c.encode(baselineValue, forKey: .baselineValue)
            try c.encode(tolerance, forKey: .tolerance); try c.encode(status, forKey: .status)
            try c.encode(message, forKey: .message)
        }
    }

    public var runDirectory: String
    public var thresholdFile: String
    public var baselineDirectory: String?
    public var passed: Bool { violations.isEmpty }
    public var cellsChecked: Int
    public var quality: String
    /// `MIA_MAX` / `DUP_MAX` values that replaced the file's top-level maxima.
    public var environmentOverrides: [String: Double]
    public var violations: [Violation]
    /// Tolerances that could not be applied because the metric is missing in the baseline cell (e.g. the
    /// baseline run lacks the `sdmetrics` suite): never silently skipped; `check --strict` fails on them.
    public var notComparable: [String] = []
    /// Remarks that are not violations: allowed failures, cells with no baseline partner.
    public var notes: [String]

    enum CodingKeys: String, CodingKey {
        case runDirectory = "run_directory", thresholdFile = "threshold_file", baselineDirectory = "baseline_directory"
        case passed, cellsChecked = "cells_checked", quality, environmentOverrides = "environment_overrides"
        case violations, notComparable = "not_comparable", notes
    }

    public init(runDirectory: String, thresholdFile: String, baselineDirectory: String?, cellsChecked: Int, quality: String,
                environmentOverrides: [String: Double], violations: [Violation], notes: [String]) {
        self.runDirectory = runDirectory; self.thresholdFile = thresholdFile; self.baselineDirectory = baselineDirectory
        self.cellsChecked = cellsChecked; self.quality = quality; self.environmentOverrides = environmentOverrides
        self.violations = violations; self.notes = notes
    }

    public init(from decoder: Decoder) throws {
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

    public func encode(to encoder: Encoder) throws {
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
    public var text: String {
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
