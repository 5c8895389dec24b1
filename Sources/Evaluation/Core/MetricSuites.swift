/// The suites SynthBench knows, by id: `payload` (the production payload's metrics), `sdmetrics` (the
/// SDMetrics-compatible Quality and Diagnostic reports) and `stats` (statistical validation), each with
/// its defaults; and the privacy evaluation: `membership` (membership-inference attacks), `distance`
/// (DCR/NNDR family) and `detection` (real-vs-synthetic classifiers), `c2st` (SynthCity's k-fold detection); `fidelity` (PRDC, α-precision,
/// MMD); `performance` (TSTR/TRTR); `anonymity` (the k-anonymity family, exact and SynthCity's k-means form); `pii` (the PII scan); `anonymeter` (singling-out, linkability and inference risks); `shadow` (the shadow-model attack, opt-in: it refits the generator).
public enum MetricSuites {
    /// The registry: every suite id with how to build the suite, in the order results and help list them.
    /// Everything that names suites (the spec's `suites`, `--suite`, `evaluate`, threshold paths) reads it.
    static let registry: [(id: String, make: @Sendable () -> MetricSuite)] = [
        (PayloadSuite.id, { PayloadSuite.suite() }),
        (SDMetricsSuite.id, { SDMetricsSuite.suite() }),
        (StatisticalSuite.id, { StatisticalSuite.suite }),
        (MembershipSuite.id, { MembershipSuite.suite }),
        (DistanceSuite.id, { DistanceSuite.suite }),
        (DetectionSuite.id, { DetectionSuite.suite() }),
        (C2STSuite.id, { C2STSuite.suite }),
        (FidelitySuite.id, { FidelitySuite.suite }),
        (PerformanceSuite.id, { PerformanceSuite.suite }),
        (AnonymitySuite.id, { AnonymitySuite.suite }),
        (PIISuite.id, { PIISuite.suite }),
        (AnonymeterSuite.id, { AnonymeterSuite.suite }),
        (ShadowModelSuite.id, { ShadowModelSuite.suite }),
    ]

    public static var all: [MetricSuite] { registry.map { $0.make() } }

    public static var ids: [String] { registry.map(\.id) }

    /// The suites a run may ask for besides the production payload, which is always computed.
    public static var optionalIDs: [String] { ids.filter { $0 != PayloadSuite.id } }

    /// The suites `generate` and grid cells compute besides the payload when none are named: the privacy
    /// evaluation, detection (the forest and the cheapest of SynthCity's C2ST learners, `detection.c2st_auc`)
    /// and the PII scan, so that every report carries a real membership-inference figure and a k-fold
    /// detection AUC, and the privacy assessment sees copied PII. The whole C2ST family (`c2st`) is opt-in:
    /// on adult it costs about as much CPU as the rest of the evaluation (docs/metrics.md).
    public static let privacyDefaults = [MembershipSuite.id, DistanceSuite.id, DetectionSuite.id, PIISuite.id]

    /// Suites that need real rows the generator never saw; a run asking for one holds out
    /// 20 % of the data when it has no hold-out of its own.
    public static let needingHoldout: Set<String> = [MembershipSuite.id, DistanceSuite.id, AnonymeterSuite.id,
                                                    ShadowModelSuite.id]

    /// The suite with this id; throws naming the known ids otherwise.
    public static func named(_ id: String) throws(EvaluationError) -> MetricSuite {
        guard let entry = registry.first(where: { $0.id == id }) else {
            throw .invalidOption(name: "suite", value: id, expected: "one of \(ids.joined(separator: ", "))")
        }
        return entry.make()
    }

    /// Evaluates several suites on one input, sharing one cache (so, e.g., numerical columns are read once).
    public static func evaluate(_ suites: [MetricSuite], on input: EvaluationInput) -> [SuiteResult] {
        let cache = EvaluationCache()
        return suites.map { $0.evaluate(input, cache: cache) }
    }
}
