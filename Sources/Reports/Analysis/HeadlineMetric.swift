/// The metrics a comparison judges and the figures show first: quality, the payload's utility and
/// privacy figures. Each has a default tolerance: how far the candidate may be worse than the baseline
/// (in the metric's own units) before the comparison calls it worse.
package struct HeadlineMetric: Sendable, Hashable {
    package let name: String
    package let path: MetricPath
    package let defaultTolerance: Double

    init(_ name: String, _ path: String, tolerance: Double) {
        self.name = name
        self.path = try! MetricPath(path)   // a fixed, known path: a failure is a programmer error
        self.defaultTolerance = tolerance
    }

    /// quality 0.02, ks_mean 0.02, corr_delta 0.02, mia_auc 0.02, dup_rate 0.01, auroc 0.02.
    package static let all: [HeadlineMetric] = [
        HeadlineMetric("quality", MetricPath.quality, tolerance: 0.02),
        HeadlineMetric("ks_mean", "utility.ks_mean", tolerance: 0.02),
        HeadlineMetric("corr_delta", "utility.corr_delta", tolerance: 0.02),
        HeadlineMetric("mia_auc", "privacy.mia_auc", tolerance: 0.02),
        HeadlineMetric("dup_rate", "privacy.dup_rate", tolerance: 0.01),
        HeadlineMetric("auroc", "utility.auroc", tolerance: 0.02),
    ]

    /// The headline metric called `name` or with path `name`.
    package static func named(_ name: String) -> HeadlineMetric? {
        all.first { $0.name == name || $0.path.rawValue == name }
    }

    /// An axis label: the name, and for quality which measure it is.
    package func label(_ quality: QualityMeasure) -> String {
        name == "quality" ? quality.label : "\(name) (\(path.rawValue); \(path.direction == .maximize ? "higher" : "lower") is better)"
    }
}
