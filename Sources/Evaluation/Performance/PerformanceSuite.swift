import SynthCore
import SynthMath
import SynthTable

/// SynthCity's performance evaluators (`performance.*`, `eval_performance.py`): train on real or synthetic
/// rows, score on real rows the model did not see. Classification targets (two labels or more) are scored
/// by ROC AUC, regression targets by R².
///
/// The real evaluation table is the hold-out when there is one (SynthCity's `Benchmarks` evaluates on the
/// generator's test split), else the training table. It is split (seeded; stratified by label for
/// classification, as `train_test_split(stratify=)`) 80/20 into "id" and "ood"; "id" gets a seeded 5-fold
/// split (stratified for classification, plain `KFold` for regression). Per fold:
/// - `gt` (TRTR): train on the other id folds, test on the fold;
/// - `syn_id` (TSTR): train on all synthetic rows, test on the same fold (the headline, SynthCity's
///   `evaluate_default`);
/// - `syn_ood` (TSTR): train on all synthetic rows, test on "ood".
/// Each is the mean over folds. Features: the compared columns but the target, label-encoded and unscaled
/// (``LabelEncodedMatrix``); rows with a missing target are dropped.
///
/// Learners (SynthCity's arguments): `xgb` ``GradientBoostedTrees`` (logistic, softmax or squared error),
/// `linear_model` ``LogisticRegression`` / ``MultinomialLogisticRegression`` / ``LinearRegression``, `mlp`
/// ``MultilayerPerceptron``. Scores as `_evaluate_performance_classification` / `_regression`: test rows
/// whose label never occurs in the training labels are dropped; two training labels give the AUC of the
/// second's probability, more give the micro-averaged AUC (every test row against every training class);
/// a model that cannot be trained scores 0 (classification) or −1 (regression), as SynthCity's exception
/// handlers do.
public enum PerformanceSuite {
    public static let id = "performance"

    enum Learner: String, CaseIterable { case xgb, linear = "linear_model", mlp }

    public static var suite: MetricSuite {
        MetricSuite(id: id, metrics: [
            metric(.xgb, "SynthCity performance xgb, key syn_id: ROC AUC (classification; micro-averaged over more than two labels) or R² (regression) on real folds of gradient-boosted trees (XGBoost defaults) trained on the synthetic rows; details gt (TRTR: trained on the other real folds), syn_ood (TSTR on a 20 % real split), learner and score"),
            metric(.linear, "SynthCity performance linear_model, key syn_id: as performance.xgb with L2 logistic regression (C = 1; multinomial for more than two labels) or ordinary least squares, solved to the minimiser"),
            metric(.mlp, "SynthCity performance mlp, key syn_id: as performance.xgb with SynthCity's MLP (one hidden layer of 100 ReLU; Gumbel-softmax head under cross-entropy, or one output under MSE; early stopping after epoch 100), features standardised"),
        ])
    }

    static func metric(_ learner: Learner, _ formula: String) -> Metric {
        Metric(id: "\(id).\(learner.rawValue)", direction: .maximize, range: MetricRange(-.infinity, 1), formula: formula,
               compute: { input, cache in try evaluate(learner, input, cache) })
    }

    /// What the target is: labels (classification) or values (regression).
    enum TargetKind: Equatable { case classification, regression }

    /// Rows as column-major features with their targets (class codes or values).
    struct Rows {
        var x: [[Double]]
        var y: [Double]

        func taking(_ keep: [Int]) -> Rows { Rows(x: x.map { c in keep.map { c[$0] } }, y: keep.map { y[$0] }) }
    }

    struct Prepared {
        var kind: TargetKind
        var synthetic: Rows
        var id: Rows
        var ood: Rows
        var folds: [Int]
        var table: String
        var target: String
    }

    struct NotApplicable: Error { var reason: String }

    static func prepare(_ input: EvaluationInput, _ cache: EvaluationCache) throws -> Result<Prepared, NotApplicable> {
        try cache.value("performance.prepared") {
            let task = input.metadata.task
            let kind: TargetKind
            switch task {
            case .classification: kind = .classification
            case .regression: kind = .regression
            default: return .failure(NotApplicable(reason: "the task is '\(task.rawValue)'; needs a classification or regression target"))
            }
            guard let target = input.metadata.target else { throw EvaluationError.missingTarget(task: task.rawValue) }
            let evaluation = input.holdout ?? input.real, tableName = input.holdout == nil ? "real" : "hold-out"
            let features = input.comparedColumns.filter { $0.name != target }
            guard !features.isEmpty else { return .failure(NotApplicable(reason: "no feature column besides the target '\(target)'")) }
            for (t, name) in [(evaluation, tableName), (input.synthetic, "synthetic")] where t[target] == nil {
                throw EvaluationError.missingColumn(table: name, column: target)
            }
            let targets: [[Double]]
            switch kind {
            case .classification:
                let labels = SharedCategoryCodes([evaluation[target]!, input.synthetic[target]!])
                guard labels.levelCount >= 2 else {
                    return .failure(NotApplicable(reason: "the target '\(target)' has \(labels.levelCount) label(s); classification needs two"))
                }
                targets = labels.codes.map { $0.map { $0 >= 0 ? Double($0) : .nan } }
            case .regression:
                var values: [[Double]] = []
                for (t, name) in [(evaluation, tableName), (input.synthetic, "synthetic")] {
                    guard let v = t[target]!.numericValues() else {
                        throw EvaluationError.unsupported(metric: "performance", reason: "the regression target '\(target)' of the \(name) table holds text")
                    }
                    values.append(v.map { $0.isFinite ? $0 : .nan })
                }
                targets = values
            }
            let m = try LabelEncodedMatrix([try evaluation.selectingColumns(features.map(\.name)),
                                            try input.synthetic.selectingColumns(features.map(\.name))], columns: features).matrices
            func rows(_ t: Int) -> Rows {
                let keep = targets[t].indices.filter { !targets[t][$0].isNaN }
                return Rows(x: (0..<m[t].cols).map { j in keep.map { m[t][$0, j] } }, y: keep.map { targets[t][$0] })
            }
            let real = rows(0)
            var rng = RandomStream(seed: input.seed).derived("performance.split")
            let strata: [Int]
            if kind == .classification {
                strata = real.y.map { Int($0) }
                guard real.y.count >= 25, Set(strata).count >= 2, Set(strata).allSatisfy({ c in strata.filter { $0 == c }.count >= 10 }) else {
                    return .failure(NotApplicable(reason: "the \(tableName) table needs two labels with at least 10 rows each for a 20 % split and 5 folds"))
                }
            } else {
                strata = [Int](repeating: 0, count: real.y.count)  // one stratum: a plain shuffled split (KFold)
                guard real.y.count >= 25 else {
                    return .failure(NotApplicable(reason: "the \(tableName) table needs at least 25 rows with a target for a 20 % split and 5 folds"))
                }
            }
            let split = StratifiedFolds.assign(labels: strata, folds: 5, rng: &rng)  // fold 0 = "ood" (20 %)
            let id = real.taking(split.indices.filter { split[$0] != 0 })
            let ood = real.taking(split.indices.filter { split[$0] == 0 })
            let folds = StratifiedFolds.assign(labels: kind == .classification ? id.y.map { Int($0) } : [Int](repeating: 0, count: id.y.count),
                                               folds: 5, rng: &rng)
            return .success(Prepared(kind: kind, synthetic: rows(1), id: id, ood: ood, folds: folds, table: tableName, target: target))
        }
    }

    /// A trained model: class probabilities (row-major, one column per training class, in `classes`' order)
    /// or regression values.
    enum Model {
        case classifier(classes: [Int], probabilities: ([[Double]]) -> [Double])
        case regressor(([[Double]]) -> [Double])
    }

    static func fit(_ learner: Learner, _ kind: TargetKind, _ d: Rows, seed: UInt64) throws -> Model? {
        switch kind {
        case .regression:
            guard !d.y.isEmpty else { return nil }
            switch learner {
            case .xgb:
                let m = GradientBoostedTrees(features: d.x, targets: d.y, objective: .squaredError, seed: seed)
                return .regressor { m.predictMargin($0) }
            case .linear:
                let m = try LinearRegression(features: d.x, targets: d.y)
                return .regressor { m.predict($0) }
            case .mlp:
                let m = MultilayerPerceptron(features: d.x, targets: d.y, task: .regression, seed: seed)
                return .regressor { m.predict($0) }
            }
        case .classification:
            // The training labels, re-coded 0..<k as SynthCity's LabelEncoder does.
            let classes = Set(d.y.map { Int($0) }).sorted()
            guard classes.count >= 2 else { return nil }
            let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
            let y = d.y.map { index[Int($0)]! }, k = classes.count
            switch learner {
            case .xgb where k == 2:
                let m = GradientBoostedTrees(features: d.x, labels: y, seed: seed)
                return .classifier(classes: classes) { m.predictProbability($0).flatMap { [1 - $0, $0] } }
            case .xgb:
                let m = GradientBoostedTrees(features: d.x, targets: y.map(Double.init), objective: .softmax(classes: k), seed: seed)
                return .classifier(classes: classes) { m.predictProbabilities($0) }
            case .linear where k == 2:
                let m = try LogisticRegression(features: d.x, labels: y)
                return .classifier(classes: classes) { m.predictProbability($0).flatMap { [1 - $0, $0] } }
            case .linear:
                let m = try MultinomialLogisticRegression(features: d.x, labels: y, classes: k)
                return .classifier(classes: classes) { m.predictProbabilities($0) }
            case .mlp:
                let m = MultilayerPerceptron(features: d.x, targets: y.map(Double.init), task: .classification(classes: k), seed: seed)
                return .classifier(classes: classes) { m.predictProbabilities($0, stream: "test") }
            }
        }
    }

    /// SynthCity's score of `model` on `test`: AUC (0 when untrainable or no test row keeps a training
    /// label) or R² (−1 when untrainable).
    static func score(_ model: Model?, _ kind: TargetKind, _ test: Rows) -> Double {
        switch model {
        case nil: return kind == .classification ? 0 : -1
        case .regressor(let predict)?:
            return rSquared(test.y, predict(test.x))
        case .classifier(let classes, let probabilities)?:
            let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
            let keep = test.y.indices.filter { index[Int(test.y[$0])] != nil }
            guard !keep.isEmpty else { return 0 }
            let t = test.taking(keep), k = classes.count
            let p = probabilities(t.x), truth = t.y.map { index[Int($0)]! }
            if k == 2 {
                return ROCAUC.binary(labels: truth.map { $0 == 1 }, scores: stride(from: 1, to: p.count, by: 2).map { p[$0] })
            }
            // Micro average: every (row, class) pair one binary case, as roc_curve on the raveled arrays.
            let labels = truth.flatMap { c in (0..<k).map { $0 == c } }
            return ROCAUC.binary(labels: labels, scores: p)
        }
    }

    /// scikit-learn's `r2_score`: 1 − SS_res/SS_tot; a constant truth gives 1 for a perfect fit, else 0.
    static func rSquared(_ truth: [Double], _ predicted: [Double]) -> Double {
        guard !truth.isEmpty else { return 0 }
        let mean = truth.reduce(0, +) / Double(truth.count)
        var res = 0.0, tot = 0.0
        for (t, p) in zip(truth, predicted) { res += (t - p) * (t - p); tot += (t - mean) * (t - mean) }
        if tot == 0 { return res == 0 ? 1 : 0 }
        return 1 - res / tot
    }

    static func evaluate(_ learner: Learner, _ input: EvaluationInput, _ cache: EvaluationCache) throws -> MetricOutcome {
        let p: Prepared
        switch try prepare(input, cache) {
        case .failure(let na): return .notApplicable(na.reason)
        case .success(let v): p = v
        }
        let root = RandomStream(seed: input.seed)
        func trained(_ d: Rows, _ key: String) -> Model? {
            // SynthCity scores a model whose fit throws as untrainable.
            try? fit(learner, p.kind, d, seed: root.derivedSeed("performance.\(learner.rawValue).\(key)"))
        }
        // The synthetic model is the same for every fold (all synthetic rows, one seed): fitted once.
        let synthetic = trained(p.synthetic, "synthetic")
        var gt: [Double] = [], synID: [Double] = []
        for f in 0..<5 {
            let train = p.id.taking(p.folds.indices.filter { p.folds[$0] != f })
            let test = p.id.taking(p.folds.indices.filter { p.folds[$0] == f })
            gt.append(score(trained(train, "gt.\(f)"), p.kind, test))
            synID.append(score(synthetic, p.kind, test))
        }
        let synOOD = score(synthetic, p.kind, p.ood)
        func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(v.count) }
        let scoreName: String
        if p.kind == .regression {
            scoreName = "r2"
        } else {
            scoreName = Set(p.id.y).count > 2 ? "auc_micro" : "auc"
        }
        return .value(mean(synID), details: [
            "gt": .number(mean(gt)), "syn_id": .number(mean(synID)), "syn_ood": .number(synOOD),
            "target": .string(p.target), "real_table": .string(p.table), "learner": .string(learner.rawValue),
            "score": .string(scoreName),
            "synthetic_rows": .number(Double(p.synthetic.y.count)), "id_rows": .number(Double(p.id.y.count)),
            "ood_rows": .number(Double(p.ood.y.count)),
        ])
    }
}
