import SynthMath

/// SDMetrics' KSComplement: `1 − D` with D the two-sample Kolmogorov-Smirnov statistic
/// (scipy.stats.ks_2samp) between the non-missing real and synthetic values, after rounding values held
/// as pandas float64 to 14 decimals (`sys.float_info.dig − 1`; SDMetrics rounds so that float noise
/// such as 0.1 + 0.2 ≠ 0.3 does not count as a difference). Datetimes compare as nanoseconds, which
/// are integers and are not rounded. NaN when either side has no values.
enum KSComplement {
    static let roundingDecimals = 14

    /// `round` says, per side, whether pandas would hold the values as float64 (and so round them).
    static func compute(real: [Double], synthetic: [Double], roundReal: Bool, roundSynthetic: Bool) -> Double {
        let r = SortedSample(roundReal ? real.map(roundedToDecimals) : real)
        let s = SortedSample(roundSynthetic ? synthetic.map(roundedToDecimals) : synthetic)
        guard !r.isEmpty, !s.isEmpty else { return .nan }
        return 1 - ((try? KolmogorovSmirnov.statistic(r, s)) ?? .nan)
    }

    /// numpy.round(x, 14): rint(x · 10¹⁴) / 10¹⁴, evaluated as numpy does (multiply, round half to
    /// even, divide).
    @inline(__always)
    static func roundedToDecimals(_ x: Double) -> Double {
        (x * 1e14).rounded(.toNearestOrEven) / 1e14
    }
}
