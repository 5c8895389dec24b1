/// Lowers an optimizer's learning rate when a metric stops improving (`torch.optim.lr_scheduler.
/// ReduceLROnPlateau`, same defaults): mode min, factor 0.1, patience 10, threshold 1e-4 relative,
/// cooldown 0, minimum rate 0, eps 1e-8.
///
/// Each ``step(_:)``: the metric is better when `current < best * (1 - threshold)` (rel, min) or
/// `current < best - threshold` (abs); after more than `patience` non-improving steps the rate becomes
/// `max(lr * factor, minLearningRate)` if that lowers it by more than `eps`, then the cooldown starts.
public final class ReduceLROnPlateau {
    public enum Mode: Sendable { case min, max }
    public enum ThresholdMode: Sendable { case relative, absolute }

    public let optimizer: any Optimizer
    public let mode: Mode
    public let factor: Double
    public let patience: Int
    public let threshold: Double
    public let thresholdMode: ThresholdMode
    public let cooldown: Int
    public let minLearningRate: Double
    public let eps: Double
    public private(set) var best: Double
    public private(set) var badSteps = 0
    private var cooldownCounter = 0

    public init(_ optimizer: any Optimizer, mode: Mode = .min, factor: Double = 0.1, patience: Int = 10,
                threshold: Double = 1e-4, thresholdMode: ThresholdMode = .relative, cooldown: Int = 0,
                minLearningRate: Double = 0, eps: Double = 1e-8) {
        precondition(factor < 1, "factor should be < 1.0")
        self.optimizer = optimizer
        self.mode = mode
        self.factor = factor
        self.patience = patience
        self.threshold = threshold
        self.thresholdMode = thresholdMode
        self.cooldown = cooldown
        self.minLearningRate = minLearningRate
        self.eps = eps
        best = mode == .min ? .infinity : -.infinity
    }

    private func isBetter(_ a: Double) -> Bool {
        switch (mode, thresholdMode) {
        case (.min, .relative): return a < best * (1 - threshold)
        case (.min, .absolute): return a < best - threshold
        case (.max, .relative): return a > best * (threshold + 1)
        case (.max, .absolute): return a > best + threshold
        }
    }

    /// Records one metric value (once per epoch, as PyTorch).
    public func step(_ metric: Double) {
        if isBetter(metric) {
            best = metric
            badSteps = 0
        } else {
            badSteps += 1
        }
        if cooldownCounter > 0 {
            cooldownCounter -= 1
            badSteps = 0
        }
        if badSteps > patience {
            let old = optimizer.learningRate
            let new = Swift.max(old * factor, minLearningRate)
            if old - new > eps { optimizer.learningRate = new }
            cooldownCounter = cooldown
            badSteps = 0
        }
    }
}
