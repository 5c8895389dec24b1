import Evaluation
import Foundation
import SynthCore
import Harness

/// How far the candidate may be worse than the baseline on each headline metric (in the metric's units,
/// in its harmful direction) before the comparison calls it worse. Defaults: ``HeadlineMetric/all``'s
/// (quality 0.02, ks_mean 0.02, corr_delta 0.02, mia_auc 0.02, dup_rate 0.01, auroc 0.02).
package struct ComparisonTolerances: Sendable, Equatable, Codable {
    /// Headline metric name -> tolerance.
    package private(set) var values: [String: Double]

    package init() {
        values = Dictionary(uniqueKeysWithValues: HeadlineMetric.all.map { ($0.name, $0.defaultTolerance) })
    }

    package func tolerance(for metric: HeadlineMetric) -> Double { values[metric.name] ?? metric.defaultTolerance }

    /// Sets one tolerance; `name` is a headline metric's name or path, `value` a finite number ≥ 0.
    package mutating func set(_ name: String, _ value: Double, location: String) throws(ReportError) {
        guard let m = HeadlineMetric.named(name) else {
            throw .invalidOption(name: location, value: name,
                                 expected: "a headline metric: \(HeadlineMetric.all.map(\.name).joined(separator: ", "))")
        }
        guard value.isFinite, value >= 0 else {
            throw .invalidOption(name: location, value: String(value), expected: "a tolerance ≥ 0")
        }
        values[m.name] = value
    }

    /// Applies `name=value` (as `--tolerance` takes it).
    package mutating func apply(assignment text: String) throws(ReportError) {
        let parts = text.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let v = Double(parts[1]) else {
            throw .invalidOption(name: "--tolerance", value: text, expected: "METRIC=VALUE, e.g. quality=0.03")
        }
        try set(parts[0], v, location: "--tolerance")
    }

    /// Applies a JSON file `{"quality": 0.03, "privacy.mia_auc": 0.01}` (keys starting with `_` are comments).
    package mutating func apply(file url: URL) throws(ReportError) {
        do throws(JSONPathError) {
            let (r, root) = try UserJSONFile.load(url, expected: "the tolerance file (JSON)", describeReadFailure: OutputError.systemReason)
            guard case .object(let entries) = root else { throw r.fail("", "expected an object mapping metric to tolerance") }
            for (key, v) in entries.sorted(by: { $0.key < $1.key }) where !key.hasPrefix("_") {
                let x = try r.number(v, key, expected: "a number")
                do { try set(key, x, location: "\(url.lastPathComponent): \(key)") } catch { throw r.fail(key, error.description) }
            }
        } catch { throw ReportError(error) }
    }
}
