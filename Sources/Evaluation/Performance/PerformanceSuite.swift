import SynthMath
import SynthTable

/// SynthCity's performance evaluators (`performance.*`) for a binary classification target: train on
/// real or synthetic rows, score ROC AUC on real rows the model did not see.
///
/// The real evaluation table is the hold-out when there is one (SynthCity's `Benchmarks` evaluates on the
/// generator's test split), else the training table. It is split (seeded, stratified) 80/20 into "id" and
/// "ood"; "id" gets a seeded stratified 5-fold split. Per fold:
/// - `gt` (TRTR): train on the other id folds, test on the fold;
/// - `syn_id` (TSTR): train on all synthetic rows, test on the same fold (the headline, SynthCity's
///   `evaluate_default`);
/// - `syn_ood` (TSTR): train on all synthetic rows, test on "ood".
/// Each is the mean over folds. Features: the compared columns but the target, label-encoded and unscaled
/// (``LabelEncodedMatrix``); rows with a missing target are dropped. As in SynthCity, a model that cannot be
/// trained (synthetic target with one label) scores 0. Regression targets (SynthCity: R²) and more than two
/// labels (SynthCity: micro-averaged AUC) are not implemented, nor SynthCity's `mlp` learner.
public enum PerformanceSuite {
    public static let id = "performance"

    enum Learner: String, CaseIterable { case xgb, linear = "linear_model" }

    public static var suite: MetricSuite {
        MetricSuite(id: id, metrics: [
            metric(.xgb, "SynthCity performance xgb, key syn_id: ROC AUC on real folds of gradient-boosted trees (XGBoost defaults) trained on the synthetic rows; details gt (TRTR: trained on the other real folds) and syn_ood (TSTR on a 20 % real split)"),
            metric(.linear, "SynthCity performance linear_model, key syn_id: as performance.xgb with an L2 logistic regression (C = 1, unscaled features) solved to its minimiser; details gt and syn_ood"),
        ])
    }

    static func metric(_ learner: Learner, _ formula: String) -> Metric {
        Metric(id: "\(id).\(learner.rawValue)", direction: .maximize, range: .unit, formula: formula,
               compute: { input, cache in try evaluate(learner, input, cache) })
    }

    struct Prepared {
        var synthetic: (x: [[Double]], y: [Int])
        var id: (x: [[Double]], y: [Int])
        var ood: (x: [[Double]], y: [Int])
        var folds: [Int]
        var table: String
        var target: String
    }

    static func prepare(_ input: EvaluationInput, _ cache: EvaluationCache) throws -> Result<Prepared, NotApplicable> {
        try cache.value("performance.prepared") {
            let task = input.metadata.task
            guard task == .classification else {
                return .failure(NotApplicable(reason: task == .regression
                    ? "regression targets (SynthCity's R²) are not implemented" : "the task is '\(task.rawValue)'; needs a classification target"))
            }
            guard let target = input.metadata.target else { throw EvaluationError.missingTarget(task: task.rawValue) }
            let evaluation = input.holdout ?? input.real, tableName = input.holdout == nil ? "real" : "hold-out"
            let features = input.comparedColumns.filter { $0.name != target }
            guard !features.isEmpty else { return .failure(NotApplicable(reason: "no feature column besides the target '\(target)'")) }
            for (t, name) in [(evaluation, tableName), (input.synthetic, "synthetic")] where t[target] == nil {
                throw EvaluationError.missingColumn(table: name, column: target)
            }
            let labels = SharedCategoryCodes([evaluation[target]!, input.synthetic[target]!])
            guard labels.levelCount == 2, Set(labels.codes[0].filter { $0 >= 0 }).count == 2 else {
                return .failure(NotApplicable(reason: "the target '\(target)' has \(labels.levelCount) labels; only binary targets are implemented (SynthCity's multiclass micro-average is not)"))
            }
            let m = try LabelEncodedMatrix([try evaluation.selectingColumns(features.map(\.name)),
                                            try input.synthetic.selectingColumns(features.map(\.name))], columns: features).matrices
            func rows(_ t: Int, _ keep: [Int]) -> (x: [[Double]], y: [Int]) {
                ((0..<m[t].cols).map { j in keep.map { m[t][$0, j] } }, keep.map { Int(labels.codes[t][$0]) })
            }
            let realRows = labels.codes[0].indices.filter { labels.codes[0][$0] >= 0 }
            let synRows = labels.codes[1].indices.filter { labels.codes[1][$0] >= 0 }
            var rng = RandomStream(seed: input.seed).derived("performance.split")
            let realY = realRows.map { Int(labels.codes[0][$0]) }
            guard realRows.count >= 25, Set(realY).allSatisfy({ c in realY.filter { $0 == c }.count >= 10 }) else {
                return .failure(NotApplicable(reason: "the \(tableName) table needs at least 10 rows of each label for a 20 % split and 5 folds"))
            }
            let split = StratifiedFolds.assign(labels: realY, folds: 5, rng: &rng)  // fold 0 = "ood" (20 %)
            let idRows = realRows.indices.filter { split[$0] != 0 }.map { realRows[$0] }
            let oodRows = realRows.indices.filter { split[$0] == 0 }.map { realRows[$0] }
            let id = rows(0, idRows)
            let folds = StratifiedFolds.assign(labels: id.y, folds: 5, rng: &rng)
            return .success(Prepared(synthetic: rows(1, synRows), id: id, ood: rows(0, oodRows), folds: folds,
                                     table: tableName, target: target))
        }
    }

    struct NotApplicable: Error { var reason: String }

    static func evaluate(_ learner: Learner, _ input: EvaluationInput, _ cache: EvaluationCache) throws -> MetricOutcome {
        let p: Prepared
        switch try prepare(input, cache) {
        case .failure(let na): return .notApplicable(na.reason)
        case .success(let v): p = v
        }
        let root = RandomStream(seed: input.seed)
        /// A model trained on (x, y) as a probability function, nil when it cannot be trained.
        func fit(_ x: [[Double]], _ y: [Int], _ key: String) throws -> (([[Double]]) -> [Double])? {
            guard Set(y).count == 2 else { return nil }
            switch learner {
            case .xgb:
                let m = GradientBoostedTrees(features: x, labels: y, seed: root.derivedSeed(key))
                return { m.predictProbability($0) }
            case .linear:
                let m = try LogisticRegression(features: x, labels: y)
                return { m.predictProbability($0) }
            }
        }
        /// ROC AUC on (x, y); 0 for a model that could not be trained (SynthCity scores exceptions 0).
        func auc(_ model: (([[Double]]) -> [Double])?, _ d: (x: [[Double]], y: [Int])) -> Double {
            guard let model else { return 0 }
            return ROCAUC.binary(labels: d.y.map { $0 == 1 }, scores: model(d.x))
        }
        func take(_ d: (x: [[Double]], y: [Int]), _ keep: [Int]) -> (x: [[Double]], y: [Int]) {
            (d.x.map { c in keep.map { c[$0] } }, keep.map { d.y[$0] })
        }
        // The synthetic model is the same for every fold (all synthetic rows, one seed): fitted once.
        let synthetic = try fit(p.synthetic.x, p.synthetic.y, "performance.\(learner.rawValue).synthetic")
        var gt: [Double] = [], synID: [Double] = []
        for f in 0..<5 {
            let train = take(p.id, p.folds.indices.filter { p.folds[$0] != f })
            let test = take(p.id, p.folds.indices.filter { p.folds[$0] == f })
            gt.append(auc(try fit(train.x, train.y, "performance.\(learner.rawValue).gt.\(f)"), test))
            synID.append(auc(synthetic, test))
        }
        let synOOD = auc(synthetic, p.ood)
        func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(v.count) }
        return .value(mean(synID), details: [
            "gt": .number(mean(gt)), "syn_id": .number(mean(synID)), "syn_ood": .number(synOOD),
            "target": .string(p.target), "real_table": .string(p.table),
            "synthetic_rows": .number(Double(p.synthetic.y.count)), "id_rows": .number(Double(p.id.y.count)),
            "ood_rows": .number(Double(p.ood.y.count)),
        ])
    }
}
