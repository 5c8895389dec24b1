import Foundation

/// Gaussian kernel density estimate (scipy `gaussian_kde`, Copulas `GaussianKDE`).
///
/// Kernel standard deviation h = σ̂ · n^(−1/5): Scott's factor times the sample standard deviation with
/// ddof 1 (scipy's default bandwidth, equal weights). `cdf` is Copulas' version, which subtracts the mass
/// below its search bound L = min − 5σ (σ = population std):
/// F(x) = (1/n) Σᵢ [Φ((x − dᵢ)/h) − Φ((L − dᵢ)/h)], so F(L) = 0 and F(∞) is slightly below 1.
///
/// Evaluation is exact to double precision but not O(n) per point: the data are kept sorted, kernels more
/// than 9h below x contribute exactly 1 (Φ(9) rounds to 1), kernels more than 9h above contribute
/// Φ(−9) ≈ 1e-19 each and are skipped, so one evaluation costs a binary search plus the kernels within ±9h.
public struct GaussianKDE: FittableDistribution {
    /// The fitted values, ascending.
    public let sortedData: [Double]
    /// Kernel standard deviation h.
    public let bandwidth: Double
    /// Scott's factor n^(−1/5).
    public let factor: Double
    /// Copulas' search bounds for `ppf`: min − 5σ and max + 5σ (σ = population std).
    public let lowerBound: Double
    public let upperBound: Double
    /// (1/n) Σ Φ((L − dᵢ)/h), subtracted by Copulas' cdf.
    let lowerMass: Double
    /// F(upperBound), the largest probability `ppf` can reach inside its bracket.
    let cdfAtUpperBound: Double

    static let window = 9.0

    /// A KDE over `data` with kernel standard deviation `bandwidth`.
    public init(data: [Double], bandwidth: Double) throws(DistributionParameterError) {
        try DistributionParameterError.check(.gaussianKDE, "bandwidth", bandwidth, "> 0", bandwidth > 0)
        try DistributionParameterError.check(.gaussianKDE, "count", Double(data.count), "> 0", !data.isEmpty)
        for x in data {
            try DistributionParameterError.check(.gaussianKDE, "data value", x, "finite", true)
        }
        let n = Double(data.count)
        let mean = data.reduce(0, +) / n
        let std = (data.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n).squareRoot()
        self.init(sorted: data.sorted(), bandwidth: bandwidth, std: std)
    }

    init(sorted: [Double], bandwidth h: Double, std: Double) {
        sortedData = sorted
        bandwidth = h
        factor = pow(Double(sorted.count), -0.2)
        lowerBound = sorted[0] - 5 * std
        upperBound = sorted[sorted.count - 1] + 5 * std
        var below = 0.0, upperSum = 0.0
        for d in sorted {
            below += Special.normalCDF((lowerBound - d) / h)
            upperSum += Special.normalCDF((upperBound - d) / h)
        }
        lowerMass = below / Double(sorted.count)
        cdfAtUpperBound = upperSum / Double(sorted.count) - lowerMass
    }

    public var family: DistributionFamily { .gaussianKDE }
    /// Scalars only: Copulas keeps the whole dataset as its parameter (see ``sortedData``).
    public var parameters: [String: Double] {
        ["bandwidth": bandwidth, "factor": factor, "count": Double(sortedData.count)]
    }

    /// Fits scipy's `gaussian_kde(data)` (Scott's rule).
    public static func fit(_ data: [Double]) throws(DistributionFitError) -> GaussianKDE {
        try fit(data, summary: SampleSummary(data, family: .gaussianKDE))
    }

    /// `fit(_:)` with the data's summary already made (``DistributionFamily/fit(_:)`` has it: one pass fewer).
    static func fit(_ data: [Double], summary s: SampleSummary) throws(DistributionFitError) -> GaussianKDE {
        try s.requireNonConstant(.gaussianKDE)
        let h = s.unbiasedVariance.squareRoot() * pow(Double(s.count), -0.2)
        return GaussianKDE(sorted: data.sorted(), bandwidth: h, std: s.variance.squareRoot())
    }

    // MARK: - Evaluation

    /// First index whose value is ≥ `x` (or > `x` when `strict`).
    @inline(__always)
    static func partition(_ p: UnsafeBufferPointer<Double>, _ x: Double, strict: Bool) -> Int {
        var lo = 0, hi = p.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if strict ? p[mid] <= x : p[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// (Σ Φ((x − dᵢ)/h), Σ φ((x − dᵢ)/h)) over all data, windowed as described on the type.
    @inline(__always)
    func kernelSums(_ x: Double) -> (cdf: Double, pdf: Double) {
        sortedData.withUnsafeBufferPointer { p in
            let h = bandwidth
            let start = Self.partition(p, x - Self.window * h, strict: false)
            let end = Self.partition(p, x + Self.window * h, strict: true)
            var c = Double(start), d = 0.0
            let inv = 1 / h
            for i in start..<end {
                let z = (x - p[i]) * inv
                c += Special.normalCDF(z)
                d += Special.normalPDF(z)
            }
            return (c, d)
        }
    }

    public func pdf(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        return kernelSums(x).pdf / (Double(sortedData.count) * bandwidth)
    }

    public func logPDF(_ x: Double) -> Double { log(pdf(x)) }

    /// Σ Φ((x − dᵢ)/h) alone (no densities), windowed like ``kernelSums(_:)``.
    @inline(__always)
    func kernelCDFSum(_ x: Double) -> Double {
        sortedData.withUnsafeBufferPointer { p in
            let h = bandwidth
            let start = Self.partition(p, x - Self.window * h, strict: false)
            let end = Self.partition(p, x + Self.window * h, strict: true)
            var c = Double(start)
            let inv = 1 / h
            for i in start..<end { c += Special.normalCDF((x - p[i]) * inv) }
            return c
        }
    }

    public func cdf(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x == .infinity { return 1 - lowerMass }
        if x == -.infinity { return -lowerMass }
        return kernelCDFSum(x) / Double(sortedData.count) - lowerMass
    }

    /// Copulas' `percent_point`: −∞ for p ≤ ε, +∞ for p ≥ 1 − ε (ε = float32 epsilon), NaN outside [0, 1],
    /// otherwise the root of F(x) = p in [lowerBound, upperBound] (clamped to the upper bound when F does not
    /// reach p inside it, where Copulas' solver would fail an assertion).
    public func ppf(_ p: Double) -> Double {
        if let edge = edgeQuantile(p) { return edge }
        return solve(p, lower: lowerBound, upper: upperBound, start: nil)
    }

    /// `ppf` of many probabilities. The exact F and density are tabulated once at G + 1 equally spaced nodes
    /// over [lowerBound, upperBound] (G = m/4 clamped to 64…4096). Each probability then gets its cell by
    /// binary search, a start from inverting the cell's cubic Hermite interpolant (error about (Δ/h)⁴·h), and
    /// usually a single exact Newton step. That is about 1 + G/m windowed evaluations per probability instead of 3.
    public func ppf(_ ps: [Double]) -> [Double] {
        if ps.count < 64 { return ps.map { ppf($0) } }
        let g = min(4096, max(64, ps.count / 4))
        let n = Double(sortedData.count), width = (upperBound - lowerBound) / Double(g)
        var nodes = [Double](repeating: 0, count: g + 1)
        var values = nodes, slopes = nodes
        for j in 0...g {
            let x = j == g ? upperBound : lowerBound + Double(j) * width
            let sums = kernelSums(x)
            nodes[j] = x
            values[j] = sums.cdf / n - lowerMass
            slopes[j] = sums.pdf / (n * bandwidth)
        }
        return ps.map { p in
            if let edge = edgeQuantile(p) { return edge }
            // Last node with value ≤ p.
            var lo = 0, hi = g
            while hi - lo > 1 {
                let mid = (lo + hi) >> 1
                if values[mid] <= p { lo = mid } else { hi = mid }
            }
            let d = nodes[hi] - nodes[lo]
            let f0 = values[lo], f1 = values[hi], m0 = slopes[lo] * d, m1 = slopes[hi] * d
            // Hermite cubic H(t) on [0, 1]; a few Newton steps from the linear guess, clamped to the cell.
            var t = f1 > f0 ? (p - f0) / (f1 - f0) : 0.5
            for _ in 0..<4 {
                let t2 = t * t, t3 = t2 * t
                let h = (2 * t3 - 3 * t2 + 1) * f0 + (t3 - 2 * t2 + t) * m0 + (-2 * t3 + 3 * t2) * f1 + (t3 - t2) * m1
                let dh = (6 * t2 - 6 * t) * f0 + (3 * t2 - 4 * t + 1) * m0 + (-6 * t2 + 6 * t) * f1 + (3 * t2 - 2 * t) * m1
                guard dh > 0 else { break }
                t = min(1, max(0, t - (h - p) / dh))
            }
            return solve(p, lower: nodes[lo], upper: nodes[hi], start: nodes[lo] + t * d)
        }
    }

    /// `cdf` of many points, each a windowed evaluation.
    public func cdf(_ xs: [Double]) -> [Double] { xs.map { cdf($0) } }

    /// The Copulas edge cases of `ppf`, or nil for a probability that needs a root.
    func edgeQuantile(_ p: Double) -> Double? {
        guard p >= 0, p <= 1 else { return .nan }
        let eps = CopulasConstants.epsilon
        if p >= 1 - eps { return .infinity }
        if p <= eps { return -.infinity }
        if p > cdfAtUpperBound { return upperBound }
        return nil
    }

    /// Safeguarded Newton on F(x) − p inside [lower, upper] (a bracket of the root), from `start` or from the
    /// data quantile.
    func solve(_ p: Double, lower: Double, upper: Double, start: Double?) -> Double {
        let n = Double(sortedData.count)
        var lo = lower, hi = upper
        var x = start.map { max(lo, min(hi, $0)) } ?? max(lo, min(hi, sortedData[Int(p * (n - 1))]))
        for _ in 0..<100 {
            let sums = kernelSums(x)
            let f = sums.cdf / n - lowerMass - p, slope = sums.pdf / (n * bandwidth)
            if f == 0 { return x }
            if f < 0 { lo = x } else { hi = x }
            let step = f / slope
            var next = x - step
            // Newton's error after a step of size δ is about δ²·|F''/F'| ≲ δ²/h: below 1e-14·h once δ ≤ 1e-7·h,
            // so accept that step without another evaluation.
            if abs(step) <= 1e-7 * bandwidth, next >= lo, next <= hi { return next }
            if !(next > lo && next < hi) { next = 0.5 * (lo + hi) }
            if abs(next - x) <= 4 * Double.ulpOfOne * max(abs(x), bandwidth) || hi - lo <= 4 * hi.ulp {
                return next
            }
            x = next
        }
        return x
    }

    /// A draw from the KDE: a data point chosen uniformly plus N(0, h²) noise (scipy's `resample`).
    public func sample(using stream: inout RandomStream) -> Double {
        sortedData[stream.nextInt(below: sortedData.count)] + bandwidth * stream.nextNormal()
    }
}
