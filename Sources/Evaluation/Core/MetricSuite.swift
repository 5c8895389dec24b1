/// A named list of metrics evaluated together on one input (sharing one ``EvaluationCache``).
public struct MetricSuite: Sendable {
    public let id: String
    public let metrics: [Metric]

    public init(id: String, metrics: [Metric]) {
        precondition(metrics.allSatisfy { $0.suite == id }, "every metric of suite '\(id)' must have an id '\(id).name'")
        precondition(Set(metrics.map(\.id)).count == metrics.count, "suite '\(id)' has duplicate metric ids")
        self.id = id
        self.metrics = metrics
    }

    /// Every metric's result, in order. Never throws: failures are error entries.
    public func evaluate(_ input: EvaluationInput, cache: EvaluationCache = EvaluationCache()) -> SuiteResult {
        SuiteResult(suite: id, seed: input.seed, metrics: metrics.map { $0.compute(input, cache: cache) })
    }

    public subscript(id: String) -> Metric? { metrics.first { $0.id == id || $0.id == "\(self.id).\(id)" } }
}
