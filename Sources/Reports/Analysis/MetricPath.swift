import Evaluation
import Foundation
import SynthCore
import Harness

/// A metric as thresholds, tolerances and figures name it:
/// - `quality`: the run's ``QualityMeasure``;
/// - `utility.<name>`, `privacy.<name>`, `fairness.<name>`: the production payload's figures;
/// - `<suite>.<metric>`: a further suite's metric, e.g. `sdmetrics.quality_score`, `stats.wasserstein`;
/// - `timings_s.<phase>` (load, fit, sample, evaluate, total; seconds) and `peak_rss_mb` (MB).
///
/// Directions come from the ``Metric`` definitions in `Evaluation` (payload metric `payload.x` for the
/// payload path `<group>.x`); quality is maximised, times and memory minimised.
package struct MetricPath: Hashable, Sendable, Comparable, CustomStringConvertible {
    package let rawValue: String
    package let direction: MetricDirection

    /// Validates `raw` against the known paths; `location` says where it was written (for the error).
    package init(_ raw: String, location: String = "metric path") throws(ReportError) {
        guard let d = Self.directions[raw] else {
            throw .unknownMetricPath(path: raw, location: location, known: Self.known)
        }
        rawValue = raw
        direction = d
    }

    package var description: String { rawValue }
    package static func < (a: MetricPath, b: MetricPath) -> Bool { a.rawValue < b.rawValue }

    package static let quality = "quality"
    static let phases = ["load", "fit", "sample", "evaluate", "total"]

    /// The value in `cell`, nil when absent or null.
    package func value(in cell: CellResult, quality: QualityMeasure) -> Double? {
        if rawValue == Self.quality { return quality.value(in: cell) }
        if rawValue == "peak_rss_mb" { return cell.peakRSSMB }
        if rawValue.hasPrefix("timings_s.") {
            let t = cell.timingsS
            switch rawValue.dropFirst("timings_s.".count) {
            case "load": return t.load
            case "fit": return t.fit
            case "sample": return t.sample
            case "evaluate": return t.evaluate
            default: return t.total
            }
        }
        return cell.metrics.value(at: rawValue)
    }

    /// The further suite this path belongs to when `cell` has no results of it at all (the grid did not
    /// ask for it), so a missing value can say why; nil for payload, quality, time and memory paths.
    package func suiteNotRun(in cell: CellResult) -> String? {
        let suite = String(rawValue.prefix { $0 != "." })
        guard suite != PayloadSuite.id, MetricSuites.ids.contains(suite), cell.metrics.suites[suite] == nil else { return nil }
        return suite
    }

    /// How much worse `value` is than `reference` (positive = worse), by the direction.
    package func worsening(from reference: Double, to value: Double) -> Double {
        direction == .maximize ? reference - value : value - reference
    }

    /// Every known path, sorted.
    package static var known: [String] { directions.keys.sorted() }

    /// Path -> direction: the payload groups (keys read from the payload's own JSON encoding, so they
    /// always match what a cell file holds), every further suite's metric ids, quality, time and memory.
    static let directions: [String: MetricDirection] = {
        var out: [String: MetricDirection] = [quality: .maximize, "peak_rss_mb": .minimize]
        for p in phases { out["timings_s.\(p)"] = .minimize }
        let payloadSuite = PayloadSuite.suite()
        let empty = ProductionPayload(
            utility: .init(ksMean: nil, corrDelta: nil, auroc: nil, cIndex: nil),
            privacy: .init(miaAUC: nil, dupRate: nil, dpRequested: false, dpEffective: false, dpEpsilon: nil),
            fairness: .init(rareCoverage: nil, freqSkew: nil))
        if let data = try? SynthJSON.encoder().encode(empty),
           let groups = try? JSONSerialization.jsonObject(with: data) as? [String: [String: Any]] {
            for (group, fields) in groups {
                for name in fields.keys {
                    if let m = payloadSuite["\(PayloadSuite.id).\(name)"] { out["\(group).\(name)"] = m.direction }
                }
            }
        }
        for suite in MetricSuites.all where suite.id != PayloadSuite.id {
            for m in suite.metrics { out[m.id] = m.direction }
        }
        return out
    }()
}
