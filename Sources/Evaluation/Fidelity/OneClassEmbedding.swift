import SynthMath
import SynthNN

/// SynthCity's one-class representation for α-precision (`metrics/representations/OneClass.py`, built by
/// `MetricEvaluator._get_oneclass_model`): a Deep-SVDD feed-forward network trained on the real rows to map
/// them close to the centre c = (10, …, 10), in which the `_OC` α-precision, β-recall and authenticity are
/// computed (SynthCity's default key of `alpha_precision` is `authenticity_OC`).
///
/// The network and its training, with SynthCity's defaults: `OneClassLayer(input_dim = d, rep_dim = d,
/// center = 10·1)`: Linear(d → 32), ReLU, three times Linear(32 → 32), ReLU, then Linear(32 → d), every
/// layer without bias (so the trivial constant map is out of reach), PyTorch's default initialisation; the
/// loss is the soft-boundary loss with its radius term removed, (1/ν)·mean_i ‖f(x_i) − c‖² with ν = 0.01;
/// AdamW (lr 2e-3, decoupled weight decay 2e-3), 1,000 full-batch epochs on the rows as given (SynthCity
/// feeds its label-encoded, unscaled rows; no dropout: `dropout_active` is false).
///
/// The initialisation is seeded from the evaluation seed (SynthCity's comes from torch's global seed, set to
/// 1 when its networks module is imported), so the embedding, and the `_OC` figures, match SynthCity's in
/// distribution over seeds rather than bit for bit.
struct OneClassEmbedding {
    struct Options {
        var hiddenUnits = 32
        var hiddenLayers = 4
        var centre: Float = 10
        var nu: Float = 0.01
        var learningRate = 2e-3
        var weightDecay = 2e-3
        var epochs = 1000
    }

    let network: Sequential
    let centre: [Double]
    let options: Options

    /// Trains on `rows` (row-major, no missing values).
    init(training rows: Matrix, options: Options = Options(), seed: UInt64) {
        let d = rows.cols
        precondition(d > 0 && rows.rows > 0, "the one-class embedding needs rows and columns")
        var rng = RandomStream(seed: seed).derived("oneclass.init")
        var layers: [any Layer] = [Linear(d, options.hiddenUnits, bias: false, rng: &rng), ReLU()]
        for _ in 0..<(options.hiddenLayers - 1) {
            layers += [Linear(options.hiddenUnits, options.hiddenUnits, bias: false, rng: &rng), ReLU()] as [any Layer]
        }
        layers.append(Linear(options.hiddenUnits, d, bias: false, rng: &rng))
        let network = Sequential(layers)
        let x = Self.tensor(rows)
        let target = Tensor([Float](repeating: options.centre, count: rows.rows * d), shape: .matrix(rows.rows, d))
        let optimizer = AdamW(network.parameters(), learningRate: options.learningRate, weightDecay: options.weightDecay)
        var noise = RandomStream(seed: seed).derived("oneclass.unused")  // no layer draws: no dropout
        // (1/ν) · mean over rows of the squared distance = (1/ν) · d · the mean over all entries.
        let scale = Float(d) / options.nu
        for _ in 0..<options.epochs {
            optimizer.zeroGrad()
            (mseLoss(network(x, rng: &noise), target) * scale).backward()
            optimizer.step()
        }
        self.network = network
        self.centre = [Double](repeating: Double(options.centre), count: d)
        self.options = options
    }

    /// The embedded rows (row-major, `rows x d`).
    func embed(_ rows: Matrix) -> Matrix {
        var noise = RandomStream(seed: 0)
        let out = noGrad { network(Self.tensor(rows), rng: &noise).toArray() }
        return Matrix(rows: rows.rows, cols: rows.cols, storage: out.map(Double.init))
    }

    static func tensor(_ m: Matrix) -> Tensor { Tensor(m.storage.map(Float.init), shape: .matrix(m.rows, m.cols)) }
}
