/// A learning rate falling linearly to zero: `lr(step) = initial * (1 - step / totalSteps)`, TabDDPM's
/// `_anneal_lr` (called with the number of steps taken so far). Steps past the end give 0.
public struct LinearDecay: Sendable {
    public let initial: Double
    public let totalSteps: Int

    public init(initial: Double, totalSteps: Int) {
        precondition(totalSteps > 0, "totalSteps must be positive")
        self.initial = initial; self.totalSteps = totalSteps
    }

    public func learningRate(atStep step: Int) -> Double {
        initial * Swift.max(0, 1 - Double(step) / Double(totalSteps))
    }

    /// Sets `optimizer`'s rate for `step`.
    public func apply(to optimizer: any Optimizer, step: Int) {
        optimizer.learningRate = learningRate(atStep: step)
    }
}
