import SynthMath
import SynthTable

/// Detection (fidelity, not privacy): how well a classifier tells real rows from synthetic ones
/// (`detection.*`). 0.5 = indistinguishable, 1 = perfectly separable. A generator that copies its training
/// rows scores 0.5 here, which is why these figures must never be read as privacy.
public enum DetectionSuite {
    public static let id = "detection"

    public static func suite(forest: RandomForestClassifier.Options = .init()) -> MetricSuite {
        MetricSuite(id: id, metrics: [
            Metric(id: "detection.rf_auc", direction: .minimize, range: .unit,
                   formula: "ROC AUC of a random forest telling real (1) from synthetic (0) rows on a seeded, stratified 67/33 split of their union; the numerical, datetime, categorical and boolean columns, categories as shared codes (the production payload's former mia_auc)",
                   compute: { input, cache in try forestAUC(input, cache, forest: forest) }),
            Metric(id: "detection.detection_xgb", direction: .minimize, range: .unit,
                   formula: "SynthCity detection_xgb: mean ROC AUC over a seeded stratified 5-fold split of real (0) and synthetic (1) rows of gradient-boosted trees at XGBoost's defaults (100 trees, depth 6, η 0.3, λ 1, histogram bins), on label-encoded unscaled columns",
                   compute: { input, cache in try ClassifierTwoSampleTest.score(.xgb, input, cache) }),
            Metric(id: "detection.detection_linear", direction: .minimize, range: .unit,
                   formula: "SynthCity detection_linear: as detection_xgb with an L2 logistic regression (C = 1, unscaled features)",
                   compute: { input, cache in try ClassifierTwoSampleTest.score(.linear, input, cache) }),
            Metric(id: "detection.detection_gmm", direction: .minimize, range: .unit,
                   formula: "SynthCity detection_gmm: as detection_xgb, the score being the posterior of component 1 of an unsupervised full-covariance Gaussian mixture (min(10, real rows) components) fitted on the training fold; labels unused, so the value depends on which component k-means numbers 1",
                   compute: { input, cache in try ClassifierTwoSampleTest.score(.gmm, input, cache) }),
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
