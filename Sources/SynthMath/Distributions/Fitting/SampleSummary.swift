import Foundation

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
    /// Validates `data` (non-empty, all finite) and computes the summary as numpy and scipy do: the mean
    /// and the central moments are numpy means (pairwise sums, ``PairwiseSum``) of x, (x − x̄)², (x − x̄)³
    /// and (x − x̄)⁴, the cube and fourth power taken with `pow` as numpy's `**` does.
    init(_ data: [Double], family: DistributionFamily) throws(DistributionFitError) {
        guard !data.isEmpty else { throw DistributionFitError(family: family, reason: .emptyData) }
        var lo = Double.infinity, hi = -Double.infinity
        for (i, x) in data.enumerated() {
            guard x.isFinite else { throw DistributionFitError(family: family, reason: .nonFiniteValue(index: i)) }
            lo = Swift.min(lo, x); hi = Swift.max(hi, x)
        }
        let n = Double(data.count)
        let mean = PairwiseSum.sum(data) / n
        var buffer = [Double](repeating: 0, count: data.count)
        func moment(_ term: (Double) -> Double) -> Double {
            for i in data.indices { buffer[i] = term(data[i] - mean) }
            return PairwiseSum.sum(buffer) / n
        }
        count = data.count
        min = lo; max = hi
        self.mean = mean
        m2 = moment { $0 * $0 }
        m3 = moment { pow($0, 3) }
        m4 = moment { pow($0, 4) }
    }

    var isConstant: Bool { min == max }
    /// Population variance (numpy `var`, ddof 0).
    var variance: Double { m2 }
    /// Sample variance with ddof 1.
    var unbiasedVariance: Double { m2 * Double(count) / Double(count - 1) }
    /// scipy's `_skew`: m3 / m2^1.5.
    var skewness: Double { m3 / pow(m2, 1.5) }
    /// scipy's `_kurtosis`: Fisher's excess kurtosis m4 / m2² − 3.
    var excessKurtosis: Double { m4 / (m2 * m2) - 3 }

    /// Throws `.constantData` when every value is equal (families whose own fit cannot represent it).
    func requireNonConstant(_ family: DistributionFamily) throws(DistributionFitError) {
        if isConstant { throw DistributionFitError(family: family, reason: .constantData(value: min)) }
    }
}
