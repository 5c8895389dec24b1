/// Everything that decides how a ``TabularDiffusion`` is built, trained and sampled. ``synthcity`` holds
/// SynthCity 0.2.12's `ddpm` plugin defaults; ``paper`` the official TabDDPM adult configuration
/// (`exp/adult/ddpm_cb_best/config.toml`).
public struct DiffusionConfiguration: Sendable, Equatable {
    /// How long training runs, and how batches and the learning rate move.
    public enum Training: Sendable, Equatable {
        /// SynthCity: `n` epochs over the rows in table order (`DataLoader` without shuffling, the last
        /// batch short); after every batch of epoch `e` (0-based) `lr = lr₀ (1 − (e + 1)/n)`.
        case epochs(Int)
        /// Official TabDDPM: `n` steps of batches from a shuffled pass over the rows (reshuffled at each
        /// pass, the last batch of a pass short); after step `k` (0-based) `lr = lr₀ (1 − k/n)`.
        case steps(Int)
    }

    public var training: Training
    public var batchSize: Int
    public var learningRate: Double
    /// AdamW's decoupled weight decay.
    public var weightDecay: Double
    public var timesteps: Int
    public var schedule: DiffusionSchedule.Kind
    /// Width of the projection and of the time and label embeddings (`dim_embed` / `dim_t`).
    public var embeddingWidth: Int
    /// The denoiser body's hidden widths.
    public var hidden: [Int]
    /// Rows pushed through the reverse chain together (SynthCity: 2000); larger batches make fewer,
    /// larger matrix products.
    public var sampleBatchSize: Int
    /// When set (and below `timesteps`), the reverse chain visits only this many evenly spaced timesteps
    /// (an approximation; see ``TabularDiffusion``).
    public var sampleSteps: Int?
    /// When set, the reverse chain clamps each predicted `x̂_0` of the numerical columns to `±bound`
    /// (the official code's `clip_denoised`, off there and in SynthCity). See ``TabularDiffusion``.
    public var clipDenoised: Float?
    /// The Gaussian part's training loss (`gaussian_loss_type`).
    public var gaussianLoss: DiffusionLoss.GaussianLoss = .mse

    public init(training: Training, batchSize: Int, learningRate: Double, weightDecay: Double, timesteps: Int,
                schedule: DiffusionSchedule.Kind, embeddingWidth: Int, hidden: [Int], sampleBatchSize: Int,
                sampleSteps: Int? = nil) {
        self.training = training; self.batchSize = batchSize; self.learningRate = learningRate
        self.weightDecay = weightDecay; self.timesteps = timesteps; self.schedule = schedule
        self.embeddingWidth = embeddingWidth; self.hidden = hidden; self.sampleBatchSize = sampleBatchSize
        self.sampleSteps = sampleSteps
    }

    /// SynthCity's `TabDDPM(n_iter=1000, lr=0.002, weight_decay=1e-4, batch_size=1024, num_timesteps=1000,
    /// scheduler="cosine", dim_embed=128, model_params=dict(n_layers_hidden=3, n_units_hidden=256))`.
    public static let synthcity = DiffusionConfiguration(
        training: .epochs(1000), batchSize: 1024, learningRate: 0.002, weightDecay: 1e-4, timesteps: 1000,
        schedule: .cosine, embeddingWidth: 128, hidden: [256, 256, 256], sampleBatchSize: 16_384)

    /// The paper's adult configuration: 30000 steps of 4096 rows, lr 0.00201, no weight decay, 100
    /// timesteps, `d_layers = [256, 1024, 1024, 1024, 1024, 256]`, `dim_t = 128`.
    public static let paper = DiffusionConfiguration(
        training: .steps(30_000), batchSize: 4096, learningRate: 0.00201, weightDecay: 0, timesteps: 100,
        schedule: .cosine, embeddingWidth: 128, hidden: [256, 1024, 1024, 1024, 1024, 256], sampleBatchSize: 16_384)
}
