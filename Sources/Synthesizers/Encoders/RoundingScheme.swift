/// RDT's `learn_rounding_digits` and numpy's `round`, which SDV's numerical handling uses to give sampled
/// numbers the precision of the training data.
public enum RoundingScheme {
    /// `sys.float_info.dig`: the most decimal places RDT tries.
    public static let maximumDecimals = 15

    /// numpy `round(x, digits)` for digits ≥ 0: `rint(x · 10^digits) / 10^digits` (ties to even).
    @inlinable
    public static func round(_ x: Double, digits: Int) -> Double {
        let scale = power10(digits)
        return (x * scale).rounded(.toNearestOrEven) / scale
    }

    /// 10^d as Python's float(10**d) (exact up to d = 22).
    @inlinable
    static func power10(_ d: Int) -> Double {
        var p = 1.0
        for _ in 0..<d { p *= 10 }
        return p
    }

    /// The fewest decimal places d in 0...(15 − digits of the largest integer part) with
    /// `round(x, d) == x` for every value, or nil when even the most places do not reproduce the data
    /// (then RDT does not round) or there are no finite values.
    public static func learnDigits<C: Collection<Double>>(_ values: C) -> Int? {
        var finite: [Double] = []
        finite.reserveCapacity(values.count)
        var largest = 0.0
        for v in values where v.isFinite { finite.append(v); largest = Swift.max(largest, abs(v)) }
        guard !finite.isEmpty else { return nil }
        // len(str(int(largest))), or 0 when the integer part is 0.
        var integerDigits = 0, p = 1.0
        while p <= largest { p *= 10; integerDigits += 1 }
        let most = Swift.max(0, maximumDecimals - integerDigits)
        func reproduces(_ d: Int) -> Bool { finite.allSatisfy { round($0, digits: d) == $0 } }
        guard reproduces(most) else { return nil }
        for d in 0...most where reproduces(d) { return d }
        return most
    }

    /// A whole-valued double as an Int, clamped to the 64-bit range (the caller handles NaN).
    @inlinable
    public static func clampedInteger(_ x: Double) -> Int {
        x >= 0x1p63 ? Int.max : (x <= -0x1p63 ? Int.min : Int(x))
    }
}
