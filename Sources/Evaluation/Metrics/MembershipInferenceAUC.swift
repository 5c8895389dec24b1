import SynthMath
import SynthTable

/// The production pipeline's `mia_auc`: how well a random forest tells real rows from synthetic ones.
///
/// Real rows are labelled 1 and synthetic rows 0, all columns are features (categories as codes in a
/// shared dictionary, see ``AlignedEncoding``), the union is split 67/33 (stratified by label, seeded), a
/// ``RandomForestClassifier`` is trained on the 67 % and the ROC AUC of its real-class probability is
/// measured on the 33 %. 0.5 means indistinguishable, 1.0 perfectly separable (values below 0.5 are
/// reported as they are). Unlike the reference worker's unseeded split, the split and the forest follow
/// `seed`.
public enum MembershipInferenceAUC {
    public static let testFraction = 0.33

    public static func compute(real: Table, synthetic: Table, seed: UInt64,
                               forest: RandomForestClassifier.Options = .init()) throws(TableError) -> Double {
        guard real.rowCount >= 2, synthetic.rowCount >= 2 else { return .nan }
        let enc = try AlignedEncoding([real, synthetic])
        var rng = RandomStream(seed: seed).derived("mia-split")
        let realOrder = rng.permutation(real.rowCount), synOrder = rng.permutation(synthetic.rowCount)
        let realTest = max(1, Int((Double(real.rowCount) * testFraction).rounded()))
        let synTest = max(1, Int((Double(synthetic.rowCount) * testFraction).rounded()))
        func gather(_ t: Int, _ rows: ArraySlice<Int>) -> [[Double]] { enc.features[t].map { c in rows.map { c[$0] } } }
        func concat(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] { zip(a, b).map { $0 + $1 } }
        let trainX = concat(gather(0, realOrder[realTest...]), gather(1, synOrder[synTest...]))
        let trainY = [Int](repeating: 1, count: real.rowCount - realTest) + [Int](repeating: 0, count: synthetic.rowCount - synTest)
        let testX = concat(gather(0, realOrder[..<realTest]), gather(1, synOrder[..<synTest]))
        let testY = [Bool](repeating: true, count: realTest) + [Bool](repeating: false, count: synTest)
        let model = RandomForestClassifier(features: trainX, labels: trainY, classCount: 2, options: forest,
                                           seed: RandomStream(seed: seed).derivedSeed("mia-forest"))
        return ROCAUC.binary(labels: testY, scores: model.predictProbability(testX, positive: 1))
    }
}
