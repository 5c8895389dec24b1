/// Bad input to a statistical function: something a caller (ultimately a user's data or parameters) can
/// cause. Each case names the argument it is about.
///
/// The policy across `Statistics/` (see docs/statistics.md):
/// - malformed input (mismatched lengths, negative counts or weights, infinite values where the formula
///   needs finite ones, an invalid parameter) throws;
/// - a sample that is empty once its NaNs are dropped throws ``emptySample(_:)`` — except for
///   correlations, which follow pandas and return NaN whenever they are undefined;
/// - a quantity that is undefined on well-formed, non-empty input (a correlation with a constant column,
///   Cramér's V of a table with one row) is NaN.
public enum StatisticsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The named input has no values (after dropping NaN, where the function drops NaN).
    case emptySample(String)
    /// Two inputs that must pair up element by element have different lengths.
    case lengthMismatch(String, Int, String, Int)
    /// A count, weight or frequency is negative (or NaN where NaN is not allowed).
    case negativeValue(String, index: Int)
    /// A value is ±∞ (or NaN where NaN is not allowed) and the formula needs finite numbers.
    case nonFiniteValue(String, index: Int)
    /// A parameter is outside its domain; the string says which values are allowed.
    case invalidParameter(String, String)
    /// Observed and expected totals of a goodness-of-fit test differ by more than scipy's tolerance.
    case sumsDiffer(observed: Double, expected: Double, relativeTolerance: Double)
    /// A contingency table has an all-zero row or column, so an expected frequency is zero.
    case zeroExpectedFrequency(row: Int, column: Int)

    public var description: String {
        switch self {
        case .emptySample(let name):
            "\(name) has no values (after dropping NaN)"
        case .lengthMismatch(let a, let na, let b, let nb):
            "\(a) has \(na) elements but \(b) has \(nb); they must have the same length"
        case .negativeValue(let name, let i):
            "\(name)[\(i)] is negative or NaN; it must be a non-negative number"
        case .nonFiniteValue(let name, let i):
            "\(name)[\(i)] is not finite; this function needs finite values"
        case .invalidParameter(let name, let reason):
            "invalid \(name): \(reason)"
        case .sumsDiffer(let o, let e, let tol):
            "observed frequencies sum to \(o) but expected frequencies sum to \(e); they must agree to a relative tolerance of \(tol)"
        case .zeroExpectedFrequency(let r, let c):
            "contingency table has an expected frequency of zero at row \(r), column \(c) (an all-zero row or column)"
        }
    }
}

/// Runs `body` with a buffer over `array`, or over nothing when `array` is nil.
func withOptionalBuffer<R>(_ array: [Double]?, _ body: (UnsafeBufferPointer<Double>?) throws -> R) rethrows -> R {
    guard let array else { return try body(nil) }
    return try array.withUnsafeBufferPointer { try body($0) }
}
