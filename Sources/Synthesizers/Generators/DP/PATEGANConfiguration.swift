import SynthNN

/// PATE-GAN's settings, with SynthCity's `pategan` plugin defaults (0.2.12) where they carry over; see
/// ``PATEGAN`` for what differs.
public struct PATEGANConfiguration: Sendable, Equatable {
    /// Outer PATE iterations (SynthCity `n_iter`): teachers refitted, then the student and generator steps.
    public var iterations = 200
    /// Generator steps per iteration (SynthCity `generator_n_iter`, which counts epochs over the real
    /// data there; the student here never reads real rows, so it counts steps).
    public var generatorSteps = 10
    /// Student steps before each generator step (SynthCity `discriminator_n_iter`).
    public var studentSteps = 1
    public var generatorLayers = 2
    public var generatorUnits = 500
    public var generatorActivation: Activation = .relu
    public var studentLayers = 2
    public var studentUnits = 500
    public var studentActivation: Activation = .leakyReLU(slope: 0.01)
    public var studentDropout: Float = 0.1
    /// Adam learning rate and weight decay of the generator and student; betas (0.9, 0.999) as SynthCity's
    /// TabularGAN defaults (pategan passes none).
    public var learningRate = 1e-3
    public var weightDecay = 1e-3
    public var batchSize = 200
    /// `clip_grad_norm_` of the generator and student gradients; nil for none.
    public var gradientClipNorm: Float? = 1
    public var teachers = 10
    /// Full-batch Adam steps refitting each logistic-regression teacher per iteration (warm-started from
    /// the previous iteration's weights; five times as many the first time).
    public var teacherSteps = 20
    /// Laplace noise precision `λ` (noise scale `1 / λ`; SynthCity `lamda`).
    public var lambda = 1e-3
    /// Moment orders of the accountant (SynthCity `alpha`).
    public var orders = 100
    public var epsilon = 1.0
    public var delta: DiscriminatorPrivacy.Delta = .inverseRowsToThreeHalves
    /// Publish the per-iteration ``PATEVoteStatistics`` in the fit notes. They are read from the teachers'
    /// votes without noise, so the run then lists them among its non-private releases and is never
    /// `dp_effective` (``PrivacyReport/nonPrivateReleases``).
    public var diagnostics = false

    public init() {}
}
