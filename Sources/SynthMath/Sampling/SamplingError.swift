/// Weights or parameters a sampler cannot use.
public enum SamplingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No categories.
    case emptyWeights
    /// The weight at this index is negative, NaN or infinite.
    case invalidWeight(index: Int, value: Double)
    /// All weights are zero.
    case zeroTotalWeight

    public var description: String {
        switch self {
        case .emptyWeights: "categorical weights are empty"
        case .invalidWeight(let i, let v): "categorical weight \(v) at index \(i) is not a finite non-negative number"
        case .zeroTotalWeight: "categorical weights sum to zero"
        }
    }

    /// Validates categorical weights and returns their sum.
    static func validate(_ weights: [Double]) throws(SamplingError) -> Double {
        guard !weights.isEmpty else { throw .emptyWeights }
        var total = 0.0
        for (i, w) in weights.enumerated() {
            guard w.isFinite, w >= 0 else { throw .invalidWeight(index: i, value: w) }
            total += w
        }
        guard total > 0 else { throw .zeroTotalWeight }
        return total
    }
}
