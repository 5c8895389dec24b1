import SynthCore
import SynthMath

/// The SDMetrics-compatible reports as a metric suite (`sdmetrics.*`): the overall and property scores
/// of the ``QualityReport`` and the ``DiagnosticReport``, each property carrying its `get_details()` rows.
/// Each report is generated once per evaluation (shared through the ``EvaluationCache``); the quality
/// report's subsample follows the input's seed.
public enum SDMetricsSuite {
    public static let id = "sdmetrics"

    public static func suite(options: QualityReport.Options = .init()) -> MetricSuite {
        @Sendable func quality(_ input: EvaluationInput, _ cache: EvaluationCache) throws -> QualityReport {
            try cache.value("sdmetrics.quality-report") {
                var o = options
                o.seed = RandomStream(seed: input.seed).derivedSeed("sdmetrics.quality")
                return try QualityReport(real: input.real, synthetic: input.synthetic, metadata: input.metadata, options: o)
            }
        }
        @Sendable func diagnostic(_ input: EvaluationInput, _ cache: EvaluationCache) -> DiagnosticReport {
            (try? cache.value("sdmetrics.diagnostic-report") {
                DiagnosticReport(real: input.real, synthetic: input.synthetic, metadata: input.metadata)
            })!
        }
        @Sendable func score(_ x: Double?, _ why: String, details: JSONValue? = nil) -> MetricOutcome {
            x.map { .value($0, details: details) } ?? .notApplicable(why, details: details)
        }
        return MetricSuite(id: id, metrics: [
            Metric(id: "sdmetrics.quality_score", direction: .maximize, range: .unit,
                   formula: "QualityReport.get_score() = nanmean(Column Shapes, Column Pair Trends)",
                   compute: { i, c in score(try quality(i, c).score, "neither property has a score") }),
            Metric(id: "sdmetrics.column_shapes", direction: .maximize, range: .unit,
                   formula: "mean over numerical/datetime columns of KSComplement = 1 − D and categorical/boolean columns of TVComplement = 1 − ½ Σ|f_syn − f_real|",
                   compute: { i, c in
                       let q = try quality(i, c)
                       return score(q.columnShapesScore, "no column has a shape score", details: try JSONValue(encoding: q.columnShapes))
                   }),
            Metric(id: "sdmetrics.column_pair_trends", direction: .maximize, range: .unit,
                   formula: "mean over column pairs meeting the real-data threshold of CorrelationSimilarity = 1 − |r_real − r_syn|/2 (|r_real| > 0.5) or ContingencySimilarity = 1 − ½ Σ|P_real − P_syn| (Cramér's V > 0.3)",
                   compute: { i, c in
                       let q = try quality(i, c)
                       return score(q.columnPairTrendsScore, "no column pair meets the real-data thresholds",
                                    details: try JSONValue(encoding: q.columnPairTrends))
                   }),
            Metric(id: "sdmetrics.diagnostic_score", direction: .maximize, range: .unit,
                   formula: "DiagnosticReport.get_score() = nanmean(Data Validity, Data Structure)",
                   compute: { i, c in score(diagnostic(i, c).score, "neither property has a score") }),
            Metric(id: "sdmetrics.data_validity", direction: .maximize, range: .unit,
                   formula: "mean over columns of BoundaryAdherence (numerical/datetime), DatetimeFormatAdherence (datetime with datetime_format), CategoryAdherence (categorical/boolean), KeyUniqueness (primary and alternate keys) and RegexFormatAdherence (id with regex_format)",
                   compute: { i, c in
                       let d = diagnostic(i, c)
                       return score(d.dataValidityScore, "no column has a validity score", details: try JSONValue(encoding: d.dataValidity))
                   }),
            Metric(id: "sdmetrics.data_structure", direction: .maximize, range: .unit,
                   formula: "TableStructure = |R ∩ S| / |R ∪ S| of the tables' (column name, pandas dtype) pairs",
                   compute: { i, c in
                       let d = diagnostic(i, c)
                       return score(d.dataStructureScore, "both tables have no columns", details: try JSONValue(encoding: d.dataStructure))
                   }),
        ])
    }
}
