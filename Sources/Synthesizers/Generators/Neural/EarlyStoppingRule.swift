/// Early stopping on a held-out split, as SynthCity's GAN and VAE do it: every `interval` epochs score
/// the model on the held-out rows (GAN: detection AUC of generated vs held-out rows; VAE: the loss on the
/// held-out rows), keep the best state, stop after `patience` checks without improvement once
/// `minimumEpochs` have run, and restore the best state at the end.
public struct EarlyStoppingRule: Sendable, Equatable {
    public var interval: Int
    public var patience: Int
    public var minimumEpochs: Int
    /// Fraction of rows held out for the score (SynthCity's sampler: 20 %).
    public var validationFraction: Double

    public init(interval: Int = 50, patience: Int = 5, minimumEpochs: Int = 100, validationFraction: Double = 0.2) {
        self.interval = interval; self.patience = patience; self.minimumEpochs = minimumEpochs
        self.validationFraction = validationFraction
    }

    /// SynthCity's defaults: `n_iter_print=50`, `patience=5`, `n_iter_min=100`, 80/20 split.
    public static let synthcity = EarlyStoppingRule()
}
