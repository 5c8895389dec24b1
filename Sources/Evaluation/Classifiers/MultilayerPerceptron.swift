import SynthMath
import SynthNN

/// SynthCity's `MLP` (`plugins/core/models/mlp.py`) as its evaluators build it (`detection_mlp`,
/// `performance.mlp`): one hidden layer of 100 ReLU units, then for classification a linear layer to the
/// classes followed by a Gumbel-softmax head (τ = 0.2) whose *sample* goes into cross-entropy, for
/// regression one linear output under mean squared error. Adam (lr 1e-3, L2 weight decay 1e-3), gradient
/// norm clipped at 1, batches of 500 (a batch of one row skipped), PyTorch's default initialisation.
///
/// Training follows SynthCity's `_train`: a random 80 % of the rows in one fixed order (its `DataLoader`
/// does not shuffle), up to 1,000 epochs; after each epoch the loss on *all* rows (SynthCity's validation
/// reads `test_dataset.dataset`, the whole data set, not the 20 % split) and the run stops once that loss
/// has not improved for more than 10 epochs after epoch 100. Class probabilities are, as SynthCity's
/// `predict_proba`, a Gumbel-softmax sample, drawn from a seeded stream.
///
/// Deviation: the features are standardised (mean 0, deviation 1 over the training rows; a constant
/// column is only centred) before the network sees them. SynthCity feeds label-encoded values unscaled, so
/// a timestamp near 1.6e9 or adult's `fnlwgt` saturates the first layer in Float32 and the score measures
/// the scale of one column rather than the data.
struct MultilayerPerceptron {
    enum Task: Equatable {
        case classification(classes: Int)
        case regression
    }

    struct Options {
        var hiddenUnits = 100
        var learningRate = 1e-3
        var weightDecay = 1e-3
        var maxEpochs = 1000
        var minEpochs = 100
        var patience = 10
        var batchSize = 500
        var clipNorm: Float = 1
        var temperature: Float = 0.2
    }

    let task: Task
    let network: Sequential
    let mean: [Double]
    let scale: [Double]
    /// Epochs run before the stopping rule ended training.
    let epochs: Int
    private let seed: UInt64

    /// Fits on `features` (column-major, no missing values) and `targets` (class indices 0..<classes, or
    /// values). Everything random (initialisation, the split, Gumbel noise) derives from `seed`.
    init(features: [[Double]], targets: [Double], task: Task, options: Options = Options(), seed: UInt64) {
        let n = targets.count, d = features.count
        precondition(d > 0 && features.allSatisfy { $0.count == n }, "every feature needs one value per target")
        self.task = task
        self.seed = seed
        var mean = [Double](repeating: 0, count: d), scale = [Double](repeating: 1, count: d)
        for j in 0..<d where n > 0 {
            mean[j] = features[j].reduce(0, +) / Double(n)
            let v = features[j].reduce(0) { $0 + ($1 - mean[j]) * ($1 - mean[j]) } / Double(n)
            if v > 0 { scale[j] = v.squareRoot() }
        }
        self.mean = mean
        self.scale = scale
        let root = RandomStream(seed: seed)
        var initRNG = root.derived("init")
        let outputs: Int
        if case .classification(let k) = task { outputs = k } else { outputs = 1 }
        var layers: [any Layer] = [Linear(d, options.hiddenUnits, rng: &initRNG), ReLU(),
                                   Linear(options.hiddenUnits, outputs, rng: &initRNG)]
        if case .classification = task { layers.append(GumbelSoftmax(temperature: options.temperature)) }
        let network = Sequential(layers)

        let x = Self.standardised(features, mean: mean, scale: scale)
        let classes = targets.map { Int($0) }
        let values = targets.map(Float.init), y = Tensor(values, shape: .vector(n))
        func loss(_ rows: [Int]?, rng: inout RandomStream) -> Tensor {
            let input = rows.map { x.gatherRows($0) } ?? x
            let out = network(input, rng: &rng)
            switch task {
            case .classification:
                return crossEntropy(logits: out, targets: rows.map { $0.map { classes[$0] } } ?? classes)
            case .regression:
                return mseLoss(out, rows.map { r in Tensor(r.map { values[$0] }, shape: .vector(r.count)) } ?? y)
            }
        }

        var splitRNG = root.derived("split"), noise = root.derived("noise")
        let order = Array(splitRNG.permutation(n).prefix(Int(0.8 * Double(n))))
        let optimizer = Adam(network.parameters(), learningRate: options.learningRate, weightDecay: options.weightDecay)
        var best = Float.infinity, waited = 0, epoch = 0
        while epoch < options.maxEpochs {
            var start = 0
            while start < order.count {
                let batch = Array(order[start..<min(start + options.batchSize, order.count)])
                start += options.batchSize
                guard batch.count >= 2 else { continue }
                optimizer.zeroGrad()
                loss(batch, rng: &noise).backward()
                _ = clipGradientNorm(network.parameters(), maxNorm: options.clipNorm)
                optimizer.step()
            }
            let validation = noGrad { loss(nil, rng: &noise).item }
            if best > validation { best = validation; waited = 0 } else { waited += 1 }
            let stop = waited > options.patience && epoch > options.minEpochs
            epoch += 1
            if stop { break }
        }
        self.network = network
        self.epochs = epoch
    }

    static func standardised(_ features: [[Double]], mean: [Double], scale: [Double]) -> Tensor {
        let n = features.first?.count ?? 0, d = features.count
        var flat = [Float](repeating: 0, count: n * d)
        for j in 0..<d { for i in 0..<n { flat[i * d + j] = Float((features[j][i] - mean[j]) / scale[j]) } }
        return Tensor(flat, shape: .matrix(n, d))
    }

    /// Class probabilities, row-major `rows x classes`: a Gumbel-softmax sample per row, as SynthCity's
    /// `predict_proba` returns (the noise drawn from `stream`, derived from the model's seed).
    func predictProbabilities(_ features: [[Double]], stream: String) -> [Double] {
        precondition(task != .regression, "predictProbabilities is the classifier's")
        return forward(features, stream: stream)
    }

    /// The regression output per row.
    func predict(_ features: [[Double]]) -> [Double] {
        precondition(task == .regression, "predict is the regressor's")
        return forward(features, stream: "predict")
    }

    private func forward(_ features: [[Double]], stream: String) -> [Double] {
        var rng = RandomStream(seed: seed).derived("predict.\(stream)")
        let x = Self.standardised(features, mean: mean, scale: scale)
        return noGrad { network(x, rng: &rng).toArray().map(Double.init) }
    }
}
