/// A differential-privacy setting that cannot be honoured.
public enum PrivacyError: Error, Equatable, CustomStringConvertible {
    /// A parameter outside its domain (name, value, what it must be).
    case invalidParameter(name: String, value: Double, requirement: String)
    /// No noise multiplier up to the search limit reaches the target epsilon.
    case budgetTooLow(targetEpsilon: Double, delta: Double, sampleRate: Double, steps: Int)
    /// The model has trainable parameters DP-SGD cannot compute per-sample gradients for.
    case unsupportedParameters(String)

    public var description: String {
        switch self {
        case let .invalidParameter(name, value, requirement):
            return "DP parameter \(name) = \(value) is invalid: it must be \(requirement)"
        case let .budgetTooLow(eps, delta, q, steps):
            return "The privacy budget is too low: no noise multiplier up to 1e6 reaches epsilon \(eps) at delta \(delta) "
                + "with sample rate \(q) over \(steps) steps"
        case let .unsupportedParameters(what):
            return "DP-SGD cannot privatise this model: \(what)"
        }
    }
}
