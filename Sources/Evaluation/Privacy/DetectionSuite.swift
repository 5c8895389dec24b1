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
                   subsampled: true, capKind: .classifier,
                   compute: { input, cache in try forestAUC(input, cache, forest: forest) }),
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
