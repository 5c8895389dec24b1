import Foundation

/// A figure a bench sets SynthBench's own against: what a reference library measured, or a budget an issue
/// set, with where it comes from. Every such figure is stated once, in ``ReferenceFigure/all``; the bench
/// commands, their help and their JSON read it from there.
package struct ReferenceFigure: Sendable, Equatable {
    package enum Kind: String, Sendable {
        /// Measured with a reference library (SDV, SDMetrics, SynthCity) on this kind of machine.
        case reference
        /// The most an issue allows SynthBench to spend.
        case budget
    }

    /// The key in a bench's JSON (`fit_s`, `peak_mb`).
    package let key: String
    package let kind: Kind
    package let value: Double
    /// `s`, `MB` or `values/s`.
    package let unit: String
    /// Who measured or set it: a library (`SDV`) or an issue (`issue 3`).
    package let source: String
    /// The library's version; nil for a budget.
    package let version: String?
    /// What was measured, on what, and where the figure is written down.
    package let provenance: String

    /// The library and its version (`SDV 2.0`), or the issue.
    package var citation: String { version.map { "\(source) \($0)" } ?? source }

    /// The value and unit as the bench output prints them: `5.2 s`, `720 MB`.
    package var text: String { "\(String(format: "%g", value)) \(unit)" }
}

extension ReferenceFigure {
    // MARK: bench copula: the Gaussian copula and the quality report on adult (32,561 x 15)

    static func copulaReference(_ key: String, _ value: Double, _ unit: String, _ source: String, _ version: String,
                                _ what: String) -> ReferenceFigure {
        ReferenceFigure(key: key, kind: .reference, value: value, unit: unit, source: source, version: version,
                        provenance: "\(what) on adult on this kind of machine (issue 3, \"Performance budget\")")
    }

    static func copulaBudget(_ key: String, _ value: Double, _ unit: String, _ what: String) -> ReferenceFigure {
        ReferenceFigure(key: key, kind: .budget, value: value, unit: unit, source: "issue 3", version: nil,
                        provenance: "\(what) on adult, release build, one thread (issue 3, \"Performance budget\")")
    }

    package static let sdvCopulaFit = copulaReference("fit_s", 5.2, "s", "SDV", "2.0", "GaussianCopulaSynthesizer.fit")
    package static let sdvCopulaSample = copulaReference("sample_s", 0.54, "s", "SDV", "2.0",
                                                        "GaussianCopulaSynthesizer.sample of 32,561 rows")
    package static let sdmetricsQualityReport = copulaReference("quality_report_s", 0.76, "s", "SDMetrics", "0.32",
                                                               "QualityReport.generate")
    package static let sdvCopulaPeakMemory = copulaReference("peak_mb", 720, "MB", "SDV", "2.0",
                                                            "peak memory of fit + sample + quality report")

    package static let copulaFitBudget = copulaBudget("fit_s", 0.5, "s", "Gaussian copula fit")
    package static let copulaSampleBudget = copulaBudget("sample_s", 0.1, "s", "Gaussian copula sample of 32,561 rows")
    package static let qualityReportBudget = copulaBudget("quality_report_s", 0.15, "s", "quality report")
    package static let copulaPeakMemoryBudget = copulaBudget("peak_mb", 200, "MB",
                                                            "peak memory of fit + sample + quality report")

    /// SDV's figures that `bench copula --json` reports under `reference`.
    package static let sdvCopula = [sdvCopulaFit, sdvCopulaSample, sdmetricsQualityReport, sdvCopulaPeakMemory]

    // MARK: bench privacy: the privacy and detection metrics on adult

    package static let synthcityIdentifiability = ReferenceFigure(
        key: "identifiability_score_s", kind: .reference, value: 61, unit: "s", source: "SynthCity", version: "0.2.12",
        provenance: "identifiability_score on adult against a Gaussian-copula synthetic table (issue 11, \"Speed\")")
    package static let synthcityDetectionXGB = ReferenceFigure(
        key: "detection_xgb_s", kind: .reference, value: 5.2, unit: "s", source: "SynthCity", version: "0.2.12",
        provenance: "detection_xgb on adult against a Gaussian-copula synthetic table (issue 11, \"Speed\")")
    package static let dcrBudget = ReferenceFigure(
        key: "dcr_s", kind: .budget, value: 2, unit: "s", source: "issue 11", version: nil,
        provenance: "DCR of adult (training rows x 32k synthetic rows), one thread (issue 11)")
    package static let privacySuitesBudget = ReferenceFigure(
        key: "suites_s", kind: .budget, value: 30, unit: "s", source: "issue 11", version: nil,
        provenance: "the membership + distance + detection suites on adult, one thread (issue 11, \"Speed\")")

    // MARK: bench pii

    package static let piiValuesPerSecondBudget = ReferenceFigure(
        key: "values_per_second", kind: .budget, value: 1_000_000, unit: "values/s", source: "issue 20", version: nil,
        provenance: "PII and id values generated per second per column (issue 20, item 6)")

    /// Every figure, for the docs and for a reader who wants them all in one place.
    package static let all: [ReferenceFigure] = sdvCopula + [
        copulaFitBudget, copulaSampleBudget, qualityReportBudget, copulaPeakMemoryBudget,
        synthcityIdentifiability, synthcityDetectionXGB, dcrBudget, privacySuitesBudget, piiValuesPerSecondBudget,
    ]
}
