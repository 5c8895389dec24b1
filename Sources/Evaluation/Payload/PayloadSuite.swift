import SynthCore
import SynthMath
import SynthTable

/// The production payload as a metric suite (`payload.*`) and the assembly of ``ProductionPayload``
/// from it. See docs/metrics.md for each formula.
public enum PayloadSuite {
    public static let id = "payload"

    public struct Options: Sendable {
        /// The forest for `mia_auc` and `auroc` (scikit-learn's RandomForestClassifier defaults).
        public var forest: RandomForestClassifier.Options
        /// Largest share of a column's real values for a category to count as rare (`rare_coverage`).
        public var rareThreshold: Double

        public init(forest: RandomForestClassifier.Options = .init(), rareThreshold: Double = 0.05) {
            self.forest = forest
            self.rareThreshold = rareThreshold
        }
    }

    /// The payload with the suite results it was read from (which say why a value is null).
    public struct Evaluation: Codable, Sendable, Equatable {
        public var payload: ProductionPayload
        public var metrics: SuiteResult
    }

    /// Computes the suite and assembles the payload; `dp` fills the `dp_*` fields.
    public static func evaluate(_ input: EvaluationInput, dp: DifferentialPrivacyStatus = .none,
                                options: Options = Options(), cache: EvaluationCache = EvaluationCache()) -> Evaluation {
        let result = suite(options: options).evaluate(input, cache: cache)
        let payload = ProductionPayload(
            utility: .init(ksMean: result.value("ks_mean"), corrDelta: result.value("corr_delta"),
                           auroc: result.value("auroc"), cIndex: result.value("c_index")),
            privacy: .init(miaAUC: result.value("mia_auc"), dupRate: result.value("dup_rate"), dpRequested: dp.requested,
                           dpEffective: dp.effective, dpEpsilon: dp.epsilon),
            fairness: .init(rareCoverage: result.value("rare_coverage"), freqSkew: result.value("freq_skew")))
        return Evaluation(payload: payload, metrics: result)
    }

    public static func suite(options: Options = Options()) -> MetricSuite {
        MetricSuite(id: id, metrics: [
            Metric(id: "payload.ks_mean", direction: .minimize, range: .unit,
                   formula: "mean over numerical columns (sdtype numerical or datetime) of the two-sample KS statistic D = sup_t |F_real(t) − F_syn(t)|, missing values dropped",
                   compute: { input, cache in try ksMean(input, cache) }),
            Metric(id: "payload.corr_delta", direction: .minimize, range: MetricRange(0, 2),
                   formula: "‖C_real − C_syn‖_F / √(d(d−1)) over the d numerical columns: Pearson matrices on pairwise-complete rows, undefined entries (constant columns) set to 0, diagonal excluded — the RMS difference of the off-diagonal correlations",
                   compute: { input, cache in try corrDelta(input, cache) }),
            Metric(id: "payload.auroc", direction: .maximize, range: .unit,
                   formula: "TSTR ROC AUC: random forest trained on the synthetic table (features: all other numerical, datetime, categorical and boolean columns), scored on the real hold-out (else the real table); binary AUC, or one-vs-rest macro AUC for more labels",
                   subsampled: true, capKind: .classifier,
                   compute: { input, _ in
                       try TrainSyntheticTestReal.auroc(input, forest: options.forest,
                                                        seed: RandomStream(seed: input.seed).derivedSeed("payload.auroc"))
                   }),
            Metric(id: "payload.c_index", direction: .maximize, range: .unit,
                   formula: "Harrell's concordance index of a TSTR risk model for a survival target (not implemented yet: an error for survival tasks)",
                   compute: { input, _ in try cIndex(input) }),
            Metric(id: "payload.mia_auc", direction: .minimize, range: .unit,
                   formula: "fallback when the membership suite did not run: ROC AUC of a random forest telling real (1) from synthetic (0) rows (= detection.rf_auc, a detection score, not a membership attack); with the membership suite the payload's privacy.mia_auc is membership.mia_auc instead",
                   subsampled: true, capKind: .classifier,
                   compute: { input, cache in try DetectionSuite.forestAUC(input, cache, forest: options.forest) }),
            Metric(id: "payload.dup_rate", direction: .minimize, range: .unit,
                   formula: "#synthetic rows equal to some real row on the numerical, datetime, categorical and boolean columns (aligned types, missing equals missing; id, PII and unknown-sdtype columns left out) / #synthetic rows",
                   compute: { input, _ in
                       guard !input.comparedColumns.isEmpty else {
                           return .notApplicable("no numerical, datetime, categorical or boolean column")
                       }
                       let rate = try DuplicateRate.compute(real: try input.comparedTable(input.real, "real"),
                                                            synthetic: try input.comparedTable(input.synthetic, "synthetic"))
                       return rate.isNaN ? .notApplicable("the synthetic table has no rows") : .value(rate)
                   }),
            Metric(id: "payload.rare_coverage", direction: .maximize, range: .unit,
                   formula: "over categorical and boolean columns, #rare real categories (0 < real share ≤ 5 %) present in the synthetic column / #rare real categories",
                   compute: { input, cache in
                       guard input.synthetic.rowCount > 0 else { return .notApplicable("the synthetic table has no rows") }
                       let r = try categoryFrequencies(input, cache, options)
                       guard let v = r.rareCoverage else {
                           return .notApplicable("the real data has no rare category (share ≤ \(options.rareThreshold))")
                       }
                       return .value(v, details: ["rare_categories": .number(Double(r.rareCategories))])
                   }),
            Metric(id: "payload.freq_skew", direction: .minimize, range: .unit,
                   formula: "mean over categorical and boolean columns of the total-variation distance ½ Σ_c |p_real(c) − p_syn(c)| of the category shares (missing values left out)",
                   compute: { input, cache in
                       guard input.synthetic.rowCount > 0 else { return .notApplicable("the synthetic table has no rows") }
                       let r = try categoryFrequencies(input, cache, options)
                       guard let v = r.frequencySkew else {
                           return .notApplicable("no categorical or boolean column with real values")
                       }
                       return .value(v)
                   }),
        ])
    }

    // MARK: Metrics

    static func ksMean(_ input: EvaluationInput, _ cache: EvaluationCache) throws -> MetricOutcome {
        let numerical = try NumericalColumns.cached(input, cache)
        var rows: [JSONValue] = [], statistics: [Double] = []
        var skipped = numerical.skipped
        for e in numerical.entries {
            let r = SortedSample(e.real), s = SortedSample(e.synthetic)
            guard !r.isEmpty, !s.isEmpty else {
                skipped.append((e.name, r.isEmpty ? "no real values" : "no synthetic values"))
                continue
            }
            let d = try KolmogorovSmirnov.statistic(r, s)
            statistics.append(d)
            rows.append(["column": .string(e.name), "statistic": .number(d)])
        }
        let details: JSONValue = ["columns": .array(rows),
                                  "skipped": .array(skipped.map { ["column": .string($0.column), "reason": .string($0.reason)] })]
        guard !statistics.isEmpty else { return .notApplicable("no numerical column with values in both tables", details: details) }
        return .value(statistics.reduce(0, +) / Double(statistics.count), details: details)
    }

    static func corrDelta(_ input: EvaluationInput, _ cache: EvaluationCache) throws -> MetricOutcome {
        let numerical = try NumericalColumns.cached(input, cache)
        let d = numerical.entries.count
        guard d >= 2 else { return .notApplicable("needs at least 2 numerical columns, found \(d)") }
        if let why = CorrelationComparison.tooFewRows(input) { return .notApplicable(why) }
        let diff = try CorrelationComparison.cached(numerical, cache)
        return .value(diff.frobenius / Double(d * (d - 1)).squareRoot(),
                      details: ["columns": .array(numerical.entries.map { .string($0.name) }),
                                "frobenius": .number(diff.frobenius)])
    }

    static func cIndex(_ input: EvaluationInput) throws -> MetricOutcome {
        let task = input.metadata.task
        guard task == .survival else {
            return .notApplicable("the task is '\(task.rawValue)'; c_index is defined for a survival target")
        }
        throw EvaluationError.unsupported(
            metric: "payload.c_index",
            reason: "survival evaluation needs an event-indicator column next to the time target (the metadata has only 'target') and a random-forest regressor for the risk score; neither exists yet")
    }

    static func categoryFrequencies(_ input: EvaluationInput, _ cache: EvaluationCache, _ options: Options) throws -> CategoryFrequencies.Result {
        try cache.value("payload.category-frequencies") {
            let columns = input.columns(withSdtypes: SDVSdtype.discrete).map(\.name)
            for name in columns { _ = try input.columnPair(name) }
            return try CategoryFrequencies.compute(real: input.real, synthetic: input.synthetic, columns: columns,
                                                   rareThreshold: options.rareThreshold)
        }
    }
}
