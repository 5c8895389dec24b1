import SynthMath

/// RDT's `NullTransformer(missing_value_replacement='mean', missing_value_generation='random')`, the
/// missing-value handling SDV gives numerical and datetime columns.
///
/// - fit: the replacement is the mean of the observed values (0 when every value is missing, as RDT logs
///   and does), and the missing rate is (missing rows) / (rows).
/// - transform: missing entries take the replacement.
/// - reverse: when the fitted column had missing values, each row becomes missing independently with the
///   fitted rate (`np.random.random(n) < rate`); otherwise nothing is drawn.
public struct MissingValueModel: Sendable, Equatable {
    public let replacement: Double
    public let missingRate: Double

    public init(values: [Double], missing: [Bool]) {
        var sum = 0.0, observed = 0
        for i in values.indices where !missing[i] { sum += values[i]; observed += 1 }
        replacement = observed == 0 ? 0 : sum / Double(observed)
        missingRate = values.isEmpty ? 0 : Double(values.count - observed) / Double(values.count)
    }

    /// The values with missing entries replaced.
    public func filled(_ values: [Double], missing: [Bool]) -> [Double] {
        var out = values
        for i in out.indices where missing[i] { out[i] = replacement }
        return out
    }

    /// A fresh missing mask for `count` rows (all false, with no draws, when the fit saw no missing value).
    public func regenerate(count: Int, stream: inout RandomStream) -> [Bool] {
        guard missingRate > 0 else { return [Bool](repeating: false, count: count) }
        return (0..<count).map { _ in stream.nextDouble() < missingRate }
    }
}
