/// SynthCity's detection evaluators (`c2st.*`), classifier two-sample tests with 5-fold ROC AUC (see
/// ``ClassifierTwoSampleTest``), on the tables cut to the evaluation cap (``EvaluationSubsample``). Opt-in: on
/// adult the four learners cost about 22 CPU seconds (docs/metrics.md); the default `detection` suite carries
/// the cheapest of them, the linear one, as `detection.c2st_auc` (the same computation, shared through the cache).
public enum C2STSuite {
    public static let id = "c2st"

    public static var suite: MetricSuite {
        MetricSuite(id: id, metrics: [
            Metric(id: "c2st.detection_xgb", direction: .minimize, range: .unit,
                   formula: "SynthCity detection_xgb: mean ROC AUC over a seeded stratified 5-fold split of real (0) and synthetic (1) rows of gradient-boosted trees at XGBoost's defaults (100 trees, depth 6, η 0.3, λ 1, histogram bins), on label-encoded unscaled columns",
                   subsampled: true, capKind: .classifier,
                   compute: { input, cache in try ClassifierTwoSampleTest.score(.xgb, input, cache) }),
            Metric(id: "c2st.detection_linear", direction: .minimize, range: .unit,
                   formula: "SynthCity detection_linear: as detection_xgb with an L2 logistic regression (C = 1, unscaled features)",
                   subsampled: true, capKind: .classifier,
                   compute: { input, cache in try ClassifierTwoSampleTest.score(.linear, input, cache) }),
            Metric(id: "c2st.detection_gmm", direction: .minimize, range: .unit,
                   formula: "SynthCity detection_gmm: as detection_xgb, the score being the posterior of component 1 of an unsupervised full-covariance Gaussian mixture (min(10, real rows) components) fitted on the training fold; labels unused, so the value depends on which component k-means numbers 1",
                   subsampled: true, capKind: .classifier,
                   compute: { input, cache in try ClassifierTwoSampleTest.score(.gmm, input, cache) }),
            Metric(id: "c2st.detection_mlp", direction: .minimize, range: .unit,
                   formula: "SynthCity detection_mlp: as detection_xgb with SynthCity's MLP (one hidden layer of 100 ReLU, Gumbel-softmax head τ 0.2 under cross-entropy, Adam 1e-3 with weight decay 1e-3, batch 500, early stopping on the loss over all rows after epoch 100), scored by its Gumbel-softmax sample of class 1; features standardised per training fold",
                   subsampled: true, capKind: .classifier,
                   compute: { input, cache in try ClassifierTwoSampleTest.score(.mlp, input, cache) }),
        ])
    }
}
