import SynthMath
import SynthNN

/// How well a small neural classifier tells real rows from synthetic ones: the mean ROC AUC over
/// stratified folds (0.5 = indistinguishable, 1 = separable). SynthCity's GAN early stopping scores the
/// generator with `detection_mlp` this way (lower is better), in the encoded space.
///
/// The classifier follows SynthCity's `MLP(task_type="classification")`: one hidden layer of 100 ReLU
/// units, Adam (lr 1e-3, weight decay 1e-3), gradient-norm clipping at 1, batch 500. Differences, chosen
/// for a cheap deterministic score: a single logit with binary cross-entropy (SynthCity: two outputs
/// through a stochastic Gumbel-softmax head into cross-entropy), and a fixed 100 epochs (SynthCity's
/// minimum before its own early stopping, which compares losses on data it also trained on). Lives here
/// rather than in Evaluation, which Synthesizers may not import.
public enum DetectionScore {
    public static let hiddenUnits = 100
    public static let epochs = 100
    public static let batchSize = 500

    /// Mean ROC AUC over `folds` stratified folds; `real` and `synthetic` are row-major with `width`
    /// columns each. Everything random (fold assignment, initialisation, batch order) draws from `rng`.
    public static func auc(real: [Float], synthetic: [Float], width: Int, folds: Int = 3,
                           epochs: Int = DetectionScore.epochs, rng: inout RandomStream) -> Double {
        precondition(width > 0 && real.count % width == 0 && synthetic.count % width == 0, "ragged detection input")
        let nReal = real.count / width, nSynthetic = synthetic.count / width
        let n = nReal + nSynthetic
        guard nReal >= folds, nSynthetic >= folds else { return 0.5 }
        var features = real
        features.append(contentsOf: synthetic)
        let labels = [Float](repeating: 0, count: nReal) + [Float](repeating: 1, count: nSynthetic)
        // StratifiedKFold(shuffle=True): each class shuffled and dealt round-robin into the folds.
        var fold = [Int](repeating: 0, count: n)
        for (start, count) in [(0, nReal), (nReal, nSynthetic)] {
            let order = rng.permutation(count)
            for (i, j) in order.enumerated() { fold[start + j] = i % folds }
        }
        let data = Tensor(features, shape: .matrix(n, width))
        var total = 0.0
        for f in 0..<folds {
            let train = (0..<n).filter { fold[$0] != f }, test = (0..<n).filter { fold[$0] == f }
            var foldRNG = rng.split()
            let scores = trainAndScore(data: data, labels: labels, train: train, test: test, width: width,
                                       epochs: epochs, rng: &foldRNG)
            let auc = ROCAUC.binary(labels: test.map { labels[$0] == 1 }, scores: scores.map(Double.init))
            total += auc.isNaN ? 0.5 : auc  // one class absent from a fold: chance
        }
        return total / Double(folds)
    }

    static func trainAndScore(data: Tensor, labels: [Float], train: [Int], test: [Int], width: Int, epochs: Int,
                              rng: inout RandomStream) -> [Float] {
        let model = Sequential([Linear(width, hiddenUnits, rng: &rng), ReLU(), Linear(hiddenUnits, 1, rng: &rng)])
        let optimizer = Adam(model.parameters(), learningRate: 1e-3, weightDecay: 1e-3)
        var order = train
        for _ in 0..<epochs {
            rng.shuffle(&order)
            var start = 0
            while start < order.count {
                let batch = Array(order[start..<min(start + batchSize, order.count)])
                start += batchSize
                guard batch.count >= 2 else { continue }  // SynthCity skips batches of one row
                let x = data.gatherRows(batch)
                let y = Tensor(batch.map { labels[$0] }, shape: .matrix(batch.count, 1))
                optimizer.zeroGrad()
                binaryCrossEntropyWithLogits(model(x, rng: &rng), y).backward()
                clipGradientNorm(model.parameters(), maxNorm: 1)
                optimizer.step()
            }
        }
        model.eval()
        return noGrad { model(data.gatherRows(test), rng: &rng).toArray() }
    }
}
