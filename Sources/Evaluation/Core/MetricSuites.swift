/// The suites SynthBench knows, by id: `payload` (the production payload's metrics), `sdmetrics` (the
/// SDMetrics-compatible Quality and Diagnostic reports) and `stats` (statistical validation), each with
/// its defaults.
public enum MetricSuites {
    public static var all: [MetricSuite] { [PayloadSuite.suite(), SDMetricsSuite.suite(), StatisticalSuite.suite] }

    public static var ids: [String] { [PayloadSuite.id, SDMetricsSuite.id, StatisticalSuite.id] }

    /// The suite with this id; throws naming the known ids otherwise.
    public static func named(_ id: String) throws(EvaluationError) -> MetricSuite {
        switch id {
        case PayloadSuite.id: return PayloadSuite.suite()
        case SDMetricsSuite.id: return SDMetricsSuite.suite()
        case StatisticalSuite.id: return StatisticalSuite.suite
        default: throw .invalidOption(name: "suite", value: id, expected: "one of \(ids.joined(separator: ", "))")
        }
    }

    /// Evaluates several suites on one input, sharing one cache (so, e.g., numerical columns are read once).
    public static func evaluate(_ suites: [MetricSuite], on input: EvaluationInput) -> [SuiteResult] {
        let cache = EvaluationCache()
        return suites.map { $0.evaluate(input, cache: cache) }
    }
}
