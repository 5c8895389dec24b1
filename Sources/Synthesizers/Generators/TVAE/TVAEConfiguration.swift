import SynthNN

/// Everything the two TVAE flavours differ in, plus the stabilised training options; the model and loop
/// (``TabularVAE``) are shared.
///
/// `sdv` = `ctgan.TVAE` as `TVAESynthesizer` configures it; `synthcity` = the `tvae` plugin through
/// `TabularVAE` -> `VAE` -> `MLP` (docs/ctgan-tvae.md lists the sources).
public struct TVAEConfiguration: Sendable, Equatable {
    public enum Architecture: Sendable, Equatable {
        /// TVAE: encoder (Linear + ReLU) per `compress` width then `fc1`, `fc2` to mu and logvar; decoder
        /// (Linear + ReLU) per `decompress` width then Linear to the data width; learned sigma per column.
        case ctgan(compress: [Int], decompress: [Int])
        /// SynthCity: encoder `MLP(layers - 1 hidden blocks)` to `units` then `mu_fc`, `logvar_fc`; decoder
        /// residual `MLP` (widths grow as in ``SkipConnection``); condition vectors on both inputs.
        case synthcity(encoderLayers: Int, encoderUnits: Int, encoderActivation: Activation, encoderDropout: Float,
                       decoderLayers: Int, decoderUnits: Int, decoderActivation: Activation, decoderDropout: Float)
    }

    /// How the reconstruction term is computed.
    public enum Reconstruction: String, Sendable {
        /// TVAE: `Σ (x - tanh x̂)² / (2σ²) + log σ` per continuous scalar with learned σ (clamped to
        /// [0.01, 1] after each step), cross-entropy of the raw logits on every one-hot span; all summed,
        /// `* loss_factor / batch`, plus `KL / batch`.
        case learnedSigma
        /// SynthCity: outputs through tanh (scalars) and Gumbel-softmax (one-hots); `50 Σ (x̂ - x)²` per
        /// continuous scalar (σ = 0.1 fixed), `Σ -log(x̂ + 1e-8)` at the true class of every one-hot span;
        /// `/ batch * loss_factor + KL / batch + conditional loss`.
        case fixedSigma
    }

    public enum OptimizerKind: String, Sendable, CaseIterable {
        case adam
        case adamw
    }

    public var embeddingDimension: Int
    public var architecture: Architecture
    public var reconstruction: Reconstruction
    public var lossFactor: Double
    public var learningRate: Double
    public var weightDecay: Double
    public var batchSize: Int
    public var epochs: Int
    /// Condition vectors (training-by-sampling, aligned) on the encoder and decoder inputs (SynthCity).
    public var conditional: Bool

    // Stabilised options (docs/ctgan-tvae.md).
    public var optimizer: OptimizerKind
    /// `ReduceLROnPlateau(factor 0.1, patience N)` on the epoch's mean training loss; nil for none.
    public var reduceLROnPlateauPatience: Int?
    /// `clip_grad_norm_` of all gradients; nil for none.
    public var gradientClipNorm: Float?
    /// KL weight rising linearly from 0 to 1 over this many epochs; 0 for none.
    public var klAnnealingEpochs: Int
    public var earlyStopping: EarlyStoppingRule?

    /// `TVAESynthesizer` defaults: embedding 128, compress/decompress (128, 128), l2scale 1e-5, Adam lr
    /// 1e-3, batch 500, 300 epochs, loss_factor 2; stabilised options off.
    public static let sdv = TVAEConfiguration(
        embeddingDimension: 128, architecture: .ctgan(compress: [128, 128], decompress: [128, 128]),
        reconstruction: .learnedSigma, lossFactor: 2, learningRate: 1e-3, weightDecay: 1e-5, batchSize: 500,
        epochs: 300, conditional: false, optimizer: .adam, reduceLROnPlateauPatience: nil, gradientClipNorm: nil,
        klAnnealingEpochs: 0, earlyStopping: nil)

    /// SynthCity `tvae` defaults (0.2.12): embedding 500, encoder 3 x 500 LeakyReLU dropout 0.1, decoder 3 x
    /// 500 residual LeakyReLU, lr 1e-3, weight decay 1e-5, batch 200, 1000 epochs, loss_factor 1, early
    /// stopping on the validation loss every 50 epochs (patience 5, minimum 100). Its gradient clipping runs
    /// before `backward()` and so has no effect: off here too.
    public static let synthcity = TVAEConfiguration(
        embeddingDimension: 500,
        architecture: .synthcity(encoderLayers: 3, encoderUnits: 500, encoderActivation: .leakyReLU(slope: 0.01),
                                 encoderDropout: 0.1, decoderLayers: 3, decoderUnits: 500,
                                 decoderActivation: .leakyReLU(slope: 0.01), decoderDropout: 0),
        reconstruction: .fixedSigma, lossFactor: 1, learningRate: 1e-3, weightDecay: 1e-5, batchSize: 200,
        epochs: 1000, conditional: true, optimizer: .adam, reduceLROnPlateauPatience: nil, gradientClipNorm: nil,
        klAnnealingEpochs: 0, earlyStopping: .synthcity)
}
