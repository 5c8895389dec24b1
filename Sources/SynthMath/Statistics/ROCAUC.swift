/// Area under the ROC curve.
public enum ROCAUC {
    /// Binary AUC: the probability that a random positive scores above a random negative, ties counting
    /// one half (the Mann-Whitney U statistic; equal to scikit-learn's `roc_auc_score`). NaN when one class
    /// is absent.
    public static func binary(labels: [Bool], scores: [Double]) -> Double {
        precondition(labels.count == scores.count, "labels and scores differ in length")
        let positives = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
        let negatives = labels.count - positives
        guard positives > 0, negatives > 0 else { return .nan }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var rankSumPositive = 0.0
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && scores[order[j + 1]] == scores[order[i]] { j += 1 }
            let averageRank = Double(i + j) / 2 + 1
            for t in i...j where labels[order[t]] { rankSumPositive += averageRank }
            i = j + 1
        }
        let p = Double(positives), n = Double(negatives)
        return (rankSumPositive - p * (p + 1) / 2) / (p * n)
    }

    /// Multiclass AUC, one-vs-rest, macro-averaged over the classes present in `labels` (scikit-learn's
    /// `roc_auc_score(multi_class="ovr", average="macro")`). `probabilities` is row-major
    /// (`rows * classCount`). With two classes this is the binary AUC of class 1.
    public static func oneVsRest(labels: [Int], probabilities: [Double], classCount: Int) -> Double {
        precondition(probabilities.count == labels.count * classCount, "probabilities must be rows x classes")
        if classCount == 2 {
            return binary(labels: labels.map { $0 == 1 }, scores: stride(from: 1, to: probabilities.count, by: 2).map { probabilities[$0] })
        }
        var sum = 0.0, used = 0
        for c in 0..<classCount {
            let y = labels.map { $0 == c }
            guard y.contains(true), y.contains(false) else { continue }
            let s = stride(from: c, to: probabilities.count, by: classCount).map { probabilities[$0] }
            sum += binary(labels: y, scores: s); used += 1
        }
        return used == 0 ? .nan : sum / Double(used)
    }
}
