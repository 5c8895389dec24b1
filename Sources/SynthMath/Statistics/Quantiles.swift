import Foundation

/// Quantiles with numpy's default 'linear' method (Hyndman and Fan type 7), the interquartile range and
/// the Tukey-fence outlier rate.
///
/// NaN policy: NaNs are dropped first (numpy.nanquantile / scipy.stats.iqr(nan_policy='omit')); a sample
/// with no values left throws ``StatisticsError/emptySample(_:)``. A quantile level outside [0, 1]
/// (percentile outside [0, 100]) throws. ±∞ take part as numpy lets them (an interpolation between ∞
/// and a finite value is ∞ or NaN).
public enum Quantiles {
    /// The q-quantile of sorted data: with h = (n − 1)·q, i = ⌊h⌋, γ = h − i, it is
    /// x_(i) + γ·(x_(i+1) − x_(i)), evaluated as numpy's `_lerp` does (from the upper end when γ ≥ 0.5).
    public static func quantile(_ sample: SortedSample, _ q: Double) throws -> Double {
        guard q >= 0 && q <= 1 else { throw StatisticsError.invalidParameter("quantile", "\(q) must be in [0, 1]") }
        guard !sample.isEmpty else { throw StatisticsError.emptySample("sample") }
        let v = sample.values
        let n = v.count
        let h = Double(n - 1) * q
        let lowerIndex = h.rounded(.down)
        let gamma = h - lowerIndex
        let i = min(max(Int(lowerIndex), 0), n - 1)
        let j = min(i + 1, n - 1)
        let a = v[i], b = v[j]
        let diff = b - a
        return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma
    }

    public static func quantile(_ values: [Double], _ q: Double) throws -> Double {
        try quantile(SortedSample(values), q)
    }

    /// Several quantiles of one sample (sorted once).
    public static func quantiles(_ values: [Double], _ qs: [Double]) throws -> [Double] {
        let s = SortedSample(values)
        return try qs.map { try quantile(s, $0) }
    }

    /// numpy.percentile(values, p) with p in [0, 100] (the level is p/100, as numpy divides).
    public static func percentile(_ values: [Double], _ p: Double) throws -> Double {
        guard p >= 0 && p <= 100 else { throw StatisticsError.invalidParameter("percentile", "\(p) must be in [0, 100]") }
        return try quantile(SortedSample(values), p / 100)
    }

    /// IQR = Q(0.75) − Q(0.25) (scipy.stats.iqr with its defaults).
    public static func interquartileRange(_ sample: SortedSample) throws -> Double {
        try quantile(sample, 0.75) - quantile(sample, 0.25)
    }

    public static func interquartileRange(_ values: [Double]) throws -> Double {
        try interquartileRange(SortedSample(values))
    }

    /// Tukey's fences [Q1 − k·IQR, Q3 + k·IQR].
    public struct Fences: Sendable, Equatable {
        public var lower: Double
        public var upper: Double
        public init(lower: Double, upper: Double) { self.lower = lower; self.upper = upper }
    }

    /// The fences of a sample; k = 1.5 is Tukey's choice.
    public static func tukeyFences(_ sample: SortedSample, k: Double = 1.5) throws -> Fences {
        guard k >= 0 && k.isFinite else { throw StatisticsError.invalidParameter("k", "\(k) must be finite and ≥ 0") }
        let q1 = try quantile(sample, 0.25), q3 = try quantile(sample, 0.75)
        let iqr = q3 - q1
        return Fences(lower: q1 - k * iqr, upper: q3 + k * iqr)
    }

    /// The share of the non-NaN values strictly outside the fences (below `lower` or above `upper`). Pass
    /// the real data's fences to score synthetic data against them.
    public static func outlierRate(_ values: UnsafeBufferPointer<Double>, outside fences: Fences) throws -> Double {
        var n = 0, outside = 0
        for x in values where !x.isNaN {
            n += 1
            if x < fences.lower || x > fences.upper { outside += 1 }
        }
        guard n > 0 else { throw StatisticsError.emptySample("values") }
        return Double(outside) / Double(n)
    }

    public static func outlierRate(_ values: [Double], outside fences: Fences) throws -> Double {
        try values.withUnsafeBufferPointer { try outlierRate($0, outside: fences) }
    }

    /// The share of a sample outside its own Tukey fences (k = 1.5 by default).
    public static func iqrOutlierRate(_ values: [Double], k: Double = 1.5) throws -> Double {
        try outlierRate(values, outside: tukeyFences(SortedSample(values), k: k))
    }
}
