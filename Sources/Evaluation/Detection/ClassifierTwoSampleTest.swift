import SynthCore
import SynthMath
import SynthTable

/// SynthCity's detection evaluators (`c2st.detection_xgb`, `_linear`, `_gmm`): a classifier tells
/// real rows (label 0) from synthetic rows (label 1); the score is the mean ROC AUC over a seeded
/// stratified 5-fold split of their union (SynthCity's `_evaluate_detection_generic` with the 5 folds
/// `Metrics.evaluate` uses). 0.5 = indistinguishable, 1 = perfectly separable; below 0.5 is possible.
///
/// Rows are SynthCity's view of the compared columns (``LabelEncodedMatrix``: numbers unscaled,
/// categories as shared codes). Learners, with the arguments SynthCity passes:
/// - `xgb`: ``GradientBoostedTrees`` at XGBoost's defaults (SynthCity's `depth=3` is not an XGBoost
///   parameter and is ignored by XGBoost, so depth 6 is in effect);
/// - `linear`: ``LogisticRegression`` (C = 1, unscaled features);
/// - `mlp`: ``MultilayerPerceptron`` with SynthCity's `MLP(task_type="classification", n_units_out=2)`
///   defaults; the score is its Gumbel-softmax sample of class 1, as SynthCity's `predict_proba(X)[:, 1]`
///   (features standardised per training fold, the one deviation);
/// - `gmm`: an unsupervised full-covariance ``GaussianMixture`` with min(10, real rows) components fitted on
///   the training fold, labels ignored; the score is the posterior of component 1 (as SynthCity scores
///   `predict_proba(X)[:, 1]`). Which component is "1" depends on the k-means start, so this score swings
///   between seeds and is not a real-vs-synthetic classifier; it is kept for comparability with SynthCity.
enum ClassifierTwoSampleTest {
    enum Learner: String, CaseIterable {
        case xgb = "detection_xgb", linear = "detection_linear", gmm = "detection_gmm", mlp = "detection_mlp"
    }

    static let folds = 5

    /// Real and synthetic rows stacked (column-major) with their labels, cached for all learners.
    struct Stacked {
        var features: [[Double]]
        var labels: [Int]
        var realRows: Int
    }

    static func stacked(_ input: EvaluationInput, _ cache: EvaluationCache) throws -> Stacked {
        try cache.value("c2st.stacked") {
            let m = try LabelEncodedMatrix([try input.comparedTable(input.real, "real"),
                                            try input.comparedTable(input.synthetic, "synthetic")],
                                           columns: input.comparedColumns).matrices
            let features = (0..<m[0].cols).map { j in m[0].column(j) + m[1].column(j) }
            return Stacked(features: features, labels: Array(repeating: 0, count: m[0].rows) + Array(repeating: 1, count: m[1].rows),
                           realRows: m[0].rows)
        }
    }

    /// The learner's score, computed once per cache (`detection.c2st_auc` and `c2st.detection_linear` share it).
    static func score(_ learner: Learner, _ input: EvaluationInput, _ cache: EvaluationCache) throws -> MetricOutcome {
        try cache.value("c2st.score.\(learner.rawValue)") { try compute(learner, input, cache) }
    }

    static func compute(_ learner: Learner, _ input: EvaluationInput, _ cache: EvaluationCache) throws -> MetricOutcome {
        guard !input.comparedColumns.isEmpty else { return .notApplicable("no numerical, datetime, categorical or boolean column") }
        for (name, rows) in [("real", input.real.rowCount), ("synthetic", input.synthetic.rowCount)] where rows < folds {
            return .notApplicable("the \(name) table has \(rows) rows; \(folds)-fold detection needs at least \(folds)")
        }
        let data = try stacked(input, cache)
        let root = RandomStream(seed: input.seed)
        var rng = root.derived("c2st.folds")
        let fold = StratifiedFolds.assign(labels: data.labels, folds: folds, rng: &rng)
        var aucs: [Double] = [], epochs: [Double] = []
        for f in 0..<folds {
            let train = fold.indices.filter { fold[$0] != f }, test = fold.indices.filter { fold[$0] == f }
            let trainX = data.features.map { c in train.map { c[$0] } }, testX = data.features.map { c in test.map { c[$0] } }
            let trainY = train.map { data.labels[$0] }
            let p: [Double]
            switch learner {
            case .xgb:
                p = GradientBoostedTrees(features: trainX, labels: trainY, seed: root.derivedSeed("detection.xgb.\(f)"))
                    .predictProbability(testX)
            case .linear:
                p = try LogisticRegression(features: trainX, labels: trainY).predictProbability(testX)
            case .mlp:
                let mlp = MultilayerPerceptron(features: trainX, targets: trainY.map(Double.init), task: .classification(classes: 2),
                                               seed: root.derivedSeed("detection.mlp.\(f)"))
                p = stride(from: 1, to: 2 * test.count, by: 2).map { [v = mlp.predictProbabilities(testX, stream: "test")] in v[$0] }
                epochs.append(Double(mlp.epochs))
            case .gmm:
                let rowMajor = { (x: [[Double]]) in
                    Matrix(rows: x.first?.count ?? 0, cols: x.count, storage: (0..<(x.first?.count ?? 0)).flatMap { i in x.map { $0[i] } })
                }
                let k = min(10, data.realRows)
                guard k >= 2 else { return .notApplicable("detection_gmm needs at least 2 mixture components (2 real rows)") }
                let gmm = try GaussianMixture(data: rowMajor(trainX), options: .init(components: k),
                                              seed: root.derivedSeed("detection.gmm.\(f)"))
                let kk = gmm.weights.count, r = gmm.responsibilities(rowMajor(testX))
                p = stride(from: 1, to: r.count, by: kk).map { r[$0] }
            }
            aucs.append(ROCAUC.binary(labels: test.map { data.labels[$0] == 1 }, scores: p))
        }
        var details: [String: JSONValue] = ["folds": .number(Double(folds)), "fold_aucs": .array(aucs.map { .number($0) })]
        if !epochs.isEmpty { details["fold_epochs"] = .array(epochs.map { .number($0) }) }
        return .value(aucs.reduce(0, +) / Double(folds), details: .object(details))
    }
}
