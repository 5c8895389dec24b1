/// One validated pass over fit data: size, range and the central moments scipy's fits start from.
struct SampleSummary {
    let count: Int
    let min: Double
    let max: Double
    /// Arithmetic mean.
    let mean: Double
    /// Central moments m_k = Σ(x − mean)^k / n (population, as numpy's `var()` and scipy's `_skew`).
    let m2: Double
    let m3: Double
    let m4: Double

    /// Validates `data` (non-empty, all finite) and computes the summary (two passes: mean, then moments).
    init(_ data: [Double], family: DistributionFamily) throws(DistributionFitError) {
        guard !data.isEmpty else { throw DistributionFitError(family: family, reason: .emptyData) }
        var lo = Double.infinity, hi = -Double.infinity, sum = 0.0
        for (i, x) in data.enumerated() {
            guard x.isFinite else { throw DistributionFitError(family: family, reason: .nonFiniteValue(index: i)) }
            lo = Swift.min(lo, x); hi = Swift.max(hi, x); sum += x
        }
        let n = Double(data.count)
        let mean = sum / n
        var s2 = 0.0, s3 = 0.0, s4 = 0.0
        for x in data {
            let d = x - mean, d2 = d * d
            s2 += d2; s3 += d2 * d; s4 += d2 * d2
        }
        count = data.count
        min = lo; max = hi
        self.mean = mean
        m2 = s2 / n; m3 = s3 / n; m4 = s4 / n
    }

    var isConstant: Bool { min == max }
    /// Population variance (numpy `var`, ddof 0).
    var variance: Double { m2 }
    /// Sample variance with ddof 1.
    var unbiasedVariance: Double { m2 * Double(count) / Double(count - 1) }
    /// scipy's `_skew`: m3 / m2^1.5.
    var skewness: Double { m3 / (m2 * m2.squareRoot()) }
    /// scipy's `_kurtosis`: Fisher's excess kurtosis m4 / m2² − 3.
    var excessKurtosis: Double { m4 / (m2 * m2) - 3 }

    /// Throws `.constantData` when every value is equal (families whose own fit cannot represent it).
    func requireNonConstant(_ family: DistributionFamily) throws(DistributionFitError) {
        if isConstant { throw DistributionFitError(family: family, reason: .constantData(value: min)) }
    }
}
