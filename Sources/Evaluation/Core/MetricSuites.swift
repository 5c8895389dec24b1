/// The suites SynthBench knows, by id: `payload` (the production payload's metrics), `sdmetrics` (the
/// SDMetrics-compatible Quality and Diagnostic reports) and `stats` (statistical validation), each with
/// its defaults; and the privacy evaluation: `membership` (membership-inference attacks), `distance`
/// (DCR/NNDR family) and `detection` (real-vs-synthetic classifiers), `c2st` (SynthCity's k-fold detection); `fidelity` (PRDC, α-precision,
/// MMD); `performance` (TSTR/TRTR).
public enum MetricSuites {
    public static var all: [MetricSuite] {
        [PayloadSuite.suite(), SDMetricsSuite.suite(), StatisticalSuite.suite,
         MembershipSuite.suite, DistanceSuite.suite, DetectionSuite.suite(), C2STSuite.suite, FidelitySuite.suite, PerformanceSuite.suite]
    }

    public static var ids: [String] {
        [PayloadSuite.id, SDMetricsSuite.id, StatisticalSuite.id, MembershipSuite.id, DistanceSuite.id, DetectionSuite.id, C2STSuite.id, FidelitySuite.id, PerformanceSuite.id]
    }

    /// The suites `generate` and grid cells compute besides the payload when none are named: the privacy
    /// evaluation and detection, so that every report carries a real membership-inference figure.
    public static let privacyDefaults = [MembershipSuite.id, DistanceSuite.id, DetectionSuite.id]

    /// Suites that need real rows the generator never saw; a run asking for one holds out
    /// 20 % of the data when it has no hold-out of its own.
    public static let needingHoldout: Set<String> = [MembershipSuite.id, DistanceSuite.id]

    /// The suite with this id; throws naming the known ids otherwise.
    public static func named(_ id: String) throws(EvaluationError) -> MetricSuite {
        switch id {
        case PayloadSuite.id: return PayloadSuite.suite()
        case SDMetricsSuite.id: return SDMetricsSuite.suite()
        case StatisticalSuite.id: return StatisticalSuite.suite
        case MembershipSuite.id: return MembershipSuite.suite
        case DistanceSuite.id: return DistanceSuite.suite
        case DetectionSuite.id: return DetectionSuite.suite()
        case C2STSuite.id: return C2STSuite.suite
        case FidelitySuite.id: return FidelitySuite.suite
        case PerformanceSuite.id: return PerformanceSuite.suite
        default: throw .invalidOption(name: "suite", value: id, expected: "one of \(ids.joined(separator: ", "))")
        }
    }

    /// Evaluates several suites on one input, sharing one cache (so, e.g., numerical columns are read once).
    public static func evaluate(_ suites: [MetricSuite], on input: EvaluationInput) -> [SuiteResult] {
        let cache = EvaluationCache()
        return suites.map { $0.evaluate(input, cache: cache) }
    }
}
