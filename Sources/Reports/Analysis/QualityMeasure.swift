import Evaluation
import Harness

/// What "quality" means for a run: the SDMetrics quality score (`sdmetrics.quality_score`) when the run
/// computed the `sdmetrics` suite, else `1 − utility.ks_mean` (the payload's mean KS statistic turned
/// into a similarity; always computed), labelled as such wherever it is shown. One run, one measure.
package enum QualityMeasure: String, Codable, Sendable {
    case sdmetricsQualityScore = "sdmetrics.quality_score"
    case oneMinusKSMean = "1 - utility.ks_mean"

    /// The SDMetrics suite's overall quality score id, as a cell's metric path.
    package static let sdmetricsPath = "\(SDMetricsSuite.id).quality_score"

    /// The SDMetrics score when any cell of the run carries the `sdmetrics` suite, else the fallback.
    package static func choose(for cells: [CellResult]) -> QualityMeasure {
        cells.contains { $0.metrics.suites[SDMetricsSuite.id] != nil } ? .sdmetricsQualityScore : .oneMinusKSMean
    }

    package func value(in cell: CellResult) -> Double? {
        switch self {
        case .sdmetricsQualityScore: return cell.metrics.value(at: Self.sdmetricsPath)
        case .oneMinusKSMean: return cell.metrics.value(at: "utility.ks_mean").map { 1 - $0 }
        }
    }

    /// An axis or column label that says which measure it is.
    package var label: String {
        switch self {
        case .sdmetricsQualityScore: return "quality (SDMetrics quality score)"
        case .oneMinusKSMean: return "quality (1 - ks_mean; run has no sdmetrics suite)"
        }
    }
}
