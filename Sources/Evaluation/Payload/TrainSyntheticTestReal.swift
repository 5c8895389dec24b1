import SynthMath
import SynthTable

/// TSTR ("train on synthetic, test on real") ROC AUC for a classification target: a
/// ``RandomForestClassifier`` (scikit-learn defaults unless `forest` says otherwise) is trained on the
/// synthetic table and scored on the real hold-out table when there is one, else on the real table.
///
/// Features are every metadata column of sdtype numerical, datetime, categorical or boolean except the
/// target (id and PII columns carry no signal a model should learn), encoded with ``AlignedEncoding``
/// (categories as codes shared by both tables, missing as NaN). The target's labels are shared codes
/// (``SharedCategoryCodes``); rows with a missing target are dropped. AUC: binary — the AUC of the
/// probability of the second label; more labels — one-vs-rest AUC macro-averaged over the labels present
/// in the test rows (scikit-learn's `roc_auc_score(multi_class="ovr", average="macro")`). A label absent
/// from the synthetic table gets probability 0; a synthetic table with one label yields 0.5 (no ranking).
enum TrainSyntheticTestReal {
    static func auroc(_ input: EvaluationInput, forest: RandomForestClassifier.Options, seed: UInt64) throws -> MetricOutcome {
        let task = input.metadata.task
        guard task == .classification else {
            return .notApplicable("the task is '\(task.rawValue)'; auroc is defined for a classification target")
        }
        guard let target = input.metadata.target else { throw EvaluationError.missingTarget(task: task.rawValue) }
        let test = input.holdout ?? input.real
        let testName = input.holdout == nil ? "real" : "hold-out"
        let usable = SDVSdtype.continuous.union(SDVSdtype.discrete)
        let features = input.metadata.columns.filter { $0.name != target && usable.contains($0.sdtype) }.map(\.name)
        guard !features.isEmpty else { return .notApplicable("no feature column besides the target '\(target)'") }
        for name in features + [target] {
            if input.synthetic[name] == nil { throw EvaluationError.missingColumn(table: "synthetic", column: name) }
            if test[name] == nil { throw EvaluationError.missingColumn(table: testName, column: name) }
        }
        let labels = SharedCategoryCodes([input.synthetic[target]!, test[target]!])
        let trainRows = labels.codes[0].indices.filter { labels.codes[0][$0] >= 0 }
        let testRows = labels.codes[1].indices.filter { labels.codes[1][$0] >= 0 }
        guard !trainRows.isEmpty else { return .notApplicable("the synthetic table has no row with a target value") }
        let testLabels = testRows.map { Int(labels.codes[1][$0]) }
        guard Set(testLabels).count >= 2 else {
            return .notApplicable("the \(testName) table's target has fewer than two labels, so no AUC is defined")
        }
        let encoding = try AlignedEncoding([try input.synthetic.selectingColumns(features), try test.selectingColumns(features)])
        let trainX = encoding.features[0].map { column in trainRows.map { column[$0] } }
        let testX = encoding.features[1].map { column in testRows.map { column[$0] } }
        let k = labels.levelCount
        let model = RandomForestClassifier(features: trainX, labels: trainRows.map { Int(labels.codes[0][$0]) },
                                           classCount: k, options: forest, seed: seed)
        let p = model.predictProbabilities(testX)
        let auc = ROCAUC.oneVsRest(labels: testLabels, probabilities: p, classCount: k)
        let trainClasses = Set(trainRows.map { labels.codes[0][$0] }).count
        return .value(auc, details: [
            "target": .string(target), "test_table": .string(testName), "train_rows": .number(Double(trainRows.count)),
            "test_rows": .number(Double(testRows.count)), "labels": .array(labels.labels.map { .string($0) }),
            "labels_in_synthetic": .number(Double(trainClasses)), "features": .array(features.map { .string($0) }),
        ])
    }
}
