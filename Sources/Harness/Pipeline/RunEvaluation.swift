import Evaluation
import SynthTable
import Synthesizers

/// The metrics of one run: the production payload (always) and any further suites asked for
/// (`sdmetrics`, `stats`), computed on one shared cache.
package struct RunEvaluation: Codable, Sendable {
    package var payload: ProductionPayload
    /// The payload suite's per-metric results (they say why a payload value is null).
    package var payloadMetrics: SuiteResult
    package var suites: [SuiteResult]
    package var privacyVerdict: PrivacyVerdict
    /// The overall privacy risk, DP score and recommendations (see ``PrivacyAssessment``).
    package var privacyAssessment: PrivacyAssessment
    /// The classifier metrics' row cap and the rows each table kept (``EvaluationSubsample``).
    package var subsample: EvaluationSubsample.Record
    /// The same for the neighbour and density metrics (``EvaluationCaps/quadratic``).
    package var quadraticSubsample: EvaluationSubsample.Record

    /// Every metric that failed, as `id: error`.
    package var metricErrors: [String: String] {
        var out: [String: String] = [:]
        for s in [payloadMetrics] + suites { for m in s.metrics where m.status == .error { out[m.id] = m.error ?? "error" } }
        return out
    }

    /// `privacy` fills the payload's `dp_*` fields (``RunPrivacy``: the accountant's spent epsilon);
    /// `dpNotes` says why DP is not in effect (the assessment's advice names it); `shadowGenerator` is the run's
    /// generator for the `shadow` suite and `shadowSettings` its attack's counts.
    package static func compute(real: Table, synthetic: Table, metadata: Metadata, holdout: Table?,
                               privacy: DifferentialPrivacyStatus, dpNotes: [String] = [], seed: UInt64,
                               suites: [String] = [], caps: EvaluationCaps = .default,
                               quasiIdentifiers: [String]? = nil, shadowSettings: ShadowAttackSettings = ShadowAttackSettings(),
                               shadowGenerator: ShadowGenerator? = nil) throws -> RunEvaluation {
        var input = EvaluationInput(real: real, synthetic: synthetic, metadata: metadata, holdout: holdout, seed: seed,
                                    caps: caps, quasiIdentifiers: quasiIdentifiers)
        input.shadowGenerator = shadowGenerator
        input.shadowSettings = shadowSettings
        let cache = EvaluationCache()
        let payload = PayloadSuite.evaluate(input, dp: privacy, cache: cache)
        let extra = try suites.filter { $0 != PayloadSuite.id }.map { id throws in try MetricSuites.named(id) }
        let results = extra.map { $0.evaluate(input, cache: cache) }
        let adopted = payload.payload.adoptingMembership(from: results)
        let verdict = try PrivacyThresholds.fromEnvironment().verdict(for: adopted.privacy)
        return RunEvaluation(payload: adopted, payloadMetrics: payload.metrics, suites: results,
                             privacyVerdict: verdict, privacyAssessment: .assess(payload: adopted, suites: results, dpNotes: dpNotes),
                             subsample: EvaluationSubsample.cached(input, cache, kind: .classifier).record,
                             quadraticSubsample: EvaluationSubsample.cached(input, cache, kind: .quadratic).record)
    }
}
