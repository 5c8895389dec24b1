/// Patience-based early stopping as synthcity's loops do it: an evaluation that beats the best value (by
/// more than `minDelta`) resets the patience counter and tells the caller to keep a snapshot of the model;
/// any other adds one to the counter. Training stops once the counter reaches `patience` and the caller's
/// progress (epochs or steps) has reached a minimum (synthcity: `patience >= 5 and epoch >= n_iter_min`).
public struct EarlyStopping: Sendable {
    public enum Direction: Sendable { case minimize, maximize }

    public let patience: Int
    public let minDelta: Double
    public let direction: Direction
    public private(set) var best: Double
    public private(set) var badEvaluations = 0

    public init(patience: Int, minDelta: Double = 0, direction: Direction = .minimize) {
        precondition(patience > 0, "patience must be positive")
        self.patience = patience; self.minDelta = minDelta; self.direction = direction
        best = direction == .minimize ? .infinity : -.infinity
    }

    /// The outcome of one evaluation.
    public struct Decision: Sendable, Equatable {
        /// The value is the best so far: keep a snapshot of the model.
        public let improved: Bool
        /// Patience is exhausted and the minimum has passed: stop training.
        public let shouldStop: Bool
    }

    /// Records `value`, measured at `progress` (an epoch or step count), and decides. Stopping is allowed
    /// only once `progress >= minimumProgress`.
    public mutating func update(_ value: Double, progress: Int = .max, minimumProgress: Int = 0) -> Decision {
        let improved = direction == .minimize ? value < best - minDelta : value > best + minDelta
        if improved {
            best = value
            badEvaluations = 0
        } else {
            badEvaluations += 1
        }
        return Decision(improved: improved, shouldStop: badEvaluations >= patience && progress >= minimumProgress)
    }
}
