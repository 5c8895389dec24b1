import SynthMath
import SynthTable

/// Detection (fidelity, not privacy): how well a classifier tells real rows from synthetic ones
/// (`detection.*`). 0.5 = indistinguishable, 1 = perfectly separable. A generator that copies its training
/// rows scores 0.5 here, which is why these figures must never be read as privacy.
///
/// Two figures: the production forest on a 67/33 split (`rf_auc`), and a k-fold classifier two-sample test
/// (`c2st_auc`): SynthCity's `detection_linear`, the cheapest of its detection learners, computed by
/// ``ClassifierTwoSampleTest`` exactly as `c2st.detection_linear` (one computation when both suites run).
public enum DetectionSuite {
    public static let id = "detection"

    public static func suite(forest: RandomForestClassifier.Options = .init()) -> MetricSuite {
        MetricSuite(id: id, metrics: [
            Metric(id: "detection.rf_auc", direction: .minimize, range: .unit,
                   formula: "ROC AUC of a random forest telling real (1) from synthetic (0) rows on a seeded, stratified 67/33 split of their union; the numerical, datetime, categorical and boolean columns, categories as shared codes (the production payload's former mia_auc)",
                   subsampled: true, capKind: .classifier,
                   compute: { input, cache in try forestAUC(input, cache, forest: forest) }),
            Metric(id: "detection.c2st_auc", direction: .minimize, range: .unit,
                   formula: "classifier two-sample test: mean ROC AUC over a seeded stratified 5-fold split of real (0) and synthetic (1) rows of an L2 logistic regression (C = 1) on label-encoded unscaled columns; SynthCity's detection_linear, the cheapest of its detection learners (= c2st.detection_linear)",
                   subsampled: true, capKind: .classifier, compute: { input, cache in
                       var outcome = try ClassifierTwoSampleTest.score(.linear, input, cache)
                       if case .object(var d)? = outcome.details { d["learner"] = .string("detection_linear"); outcome.details = .object(d) }
                       return outcome
                   }),
        ])
    }

    /// The forest's real-vs-synthetic AUC, computed once per evaluation (the payload's fallback
    /// `mia_auc` reads the same value).
    static func forestAUC(_ input: EvaluationInput, _ cache: EvaluationCache,
                          forest: RandomForestClassifier.Options) throws -> MetricOutcome {
        try cache.value("detection.rf_auc") {
            guard !input.comparedColumns.isEmpty else {
                return .notApplicable("no numerical, datetime, categorical or boolean column")
            }
            let auc = try MembershipInferenceAUC.compute(
                real: try input.comparedTable(input.real, "real"), synthetic: try input.comparedTable(input.synthetic, "synthetic"),
                seed: RandomStream(seed: input.seed).derivedSeed("payload.mia_auc"), forest: forest)
            return auc.isNaN ? .notApplicable("needs at least 2 rows in each table") : .value(auc)
        }
    }
}
