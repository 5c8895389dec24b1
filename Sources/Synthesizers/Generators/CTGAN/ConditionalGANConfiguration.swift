import SynthNN

/// Everything the two CTGAN flavours differ in; the training loop (``ConditionalGAN``) is shared.
///
/// `sdv` = `ctgan.CTGAN` as `CTGANSynthesizer` configures it; `synthcity` = the `ctgan` plugin through
/// `TabularGAN` -> `GAN` -> `MLP` (see docs/ctgan-tvae.md for the sources of every default).
public struct ConditionalGANConfiguration: Sendable, Equatable {
    /// The generator's architecture.
    public enum GeneratorShape: Sendable, Equatable {
        /// CTGAN: `Residual` blocks (Linear + BatchNorm1d + ReLU, concatenated) of these widths.
        case ctganResidual([Int])
        /// SynthCity `MLP(residual=True, batch_norm=False)`: `layers` skip blocks, the first `units` wide.
        case synthcityResidual(layers: Int, units: Int, activation: Activation)
    }

    /// The discriminator's architecture.
    public enum DiscriminatorShape: Sendable, Equatable {
        /// CTGAN: (Linear, LeakyReLU(0.2), Dropout(0.5)) per width.
        case ctgan([Int])
        /// SynthCity `MLP(residual=False)`: `layers` blocks of `units`, dropout before every Linear but the first.
        case synthcity(layers: Int, units: Int, activation: Activation, dropout: Float)
    }

    /// How many optimisation steps an epoch has.
    public enum EpochLength: String, Sendable {
        /// CTGAN: `max(rows // batch, 1)`.
        case floorOfRowsPerBatch
        /// A DataLoader pass over the training rows, `ceil(rows / batch)` (SynthCity).
        case ceilOfRowsPerBatch
    }

    public var embeddingDimension: Int
    public var generator: GeneratorShape
    public var discriminator: DiscriminatorShape
    public var pac: Int
    public var generatorLearningRate: Double
    public var discriminatorLearningRate: Double
    public var generatorBetas: [Double]
    public var discriminatorBetas: [Double]
    public var generatorWeightDecay: Double
    public var discriminatorWeightDecay: Double
    public var batchSize: Int
    public var epochs: Int
    public var discriminatorSteps: Int
    public var gradientPenaltyLambda: Float
    /// Category probabilities of the training conditions.
    public var frequency: ConditionSampler.Frequency
    /// How sampling draws conditions.
    public var generationRule: ConditionSampler.GenerationRule
    public var scalarActivation: OutputHead.ScalarActivation
    public var conditionalLoss: ConditionalLoss.Kind
    /// CTGAN shuffles which real row sits next to which fake row (`perm`) before pac grouping.
    public var permuteRealRows: Bool
    /// `clip_grad_norm_` of both networks' gradients (SynthCity `clipping_value`), nil for none.
    public var gradientClipNorm: Float?
    public var epochLength: EpochLength
    public var earlyStopping: EarlyStoppingRule?
    /// The critic's objective: CTGAN's Wasserstein loss, or SmartNoise DPCTGAN's sigmoid cross-entropy.
    public var discriminatorLoss: DiscriminatorLoss = .wasserstein
    /// DP-SGD on the critic's real-data term (dpgan, dp-ctgan); nil trains without privacy.
    public var privacy: DiscriminatorPrivacy? = nil
    /// ADS-GAN's identifiability penalty weight: the generator loss gains `-λ mean_i ||real_i - fake_i||`
    /// (SynthCity `lambda_identifiability_penalty`); nil for none.
    public var identifiabilityPenalty: Float? = nil

    /// What the critic minimises.
    public enum DiscriminatorLoss: String, Sendable {
        /// `mean D(fake) - mean D(real)` (WGAN); the generator minimises `-mean D(fake)`.
        case wasserstein
        /// `BCE(sigmoid D(real), 1) + BCE(sigmoid D(fake), 0)`; the generator minimises `BCE(sigmoid D(fake), 1)`.
        case crossEntropy
    }

    /// `CTGANSynthesizer` defaults (SDV 1.x / ctgan 0.10).
    public static let sdv = ConditionalGANConfiguration(
        embeddingDimension: 128, generator: .ctganResidual([256, 256]), discriminator: .ctgan([256, 256]), pac: 10,
        generatorLearningRate: 2e-4, discriminatorLearningRate: 2e-4, generatorBetas: [0.5, 0.9],
        discriminatorBetas: [0.5, 0.9], generatorWeightDecay: 1e-6, discriminatorWeightDecay: 1e-6,
        batchSize: 500, epochs: 300, discriminatorSteps: 1, gradientPenaltyLambda: 10, frequency: .logarithmic,
        generationRule: .flattened, scalarActivation: .tanh, conditionalLoss: .crossEntropyOnLogits,
        permuteRealRows: true, gradientClipNorm: nil, epochLength: .floorOfRowsPerBatch, earlyStopping: nil)

    /// SynthCity `ctgan` plugin defaults (0.2.12): 2 x 500 residual ReLU generator fed 500 noise units,
    /// 2 x 500 LeakyReLU(0.01) discriminator with dropout 0.1, no pac, Adam 1e-3 betas (0.5, 0.999) weight
    /// decay 1e-3 (the MLP default the plugin's value never reaches), batch 200, 2000 epochs, clipping 1,
    /// raw-frequency conditions, identity scalar head, early stopping on a detection score.
    public static let synthcity = ConditionalGANConfiguration(
        embeddingDimension: 500, generator: .synthcityResidual(layers: 2, units: 500, activation: .relu),
        discriminator: .synthcity(layers: 2, units: 500, activation: .leakyReLU(slope: 0.01), dropout: 0.1), pac: 1,
        generatorLearningRate: 1e-3, discriminatorLearningRate: 1e-3, generatorBetas: [0.5, 0.999],
        discriminatorBetas: [0.5, 0.999], generatorWeightDecay: 1e-3, discriminatorWeightDecay: 1e-3,
        batchSize: 200, epochs: 2000, discriminatorSteps: 1, gradientPenaltyLambda: 10, frequency: .raw,
        generationRule: .columnThenCategory, scalarActivation: .identity,
        conditionalLoss: .negativeLogLikelihoodOfActivated, permuteRealRows: false, gradientClipNorm: 1,
        epochLength: .ceilOfRowsPerBatch, earlyStopping: .synthcity)
}
