import Foundation

/// The gamma distribution with shape a on [loc, ∞) with scale `scale` (scipy `gamma`, Copulas
/// `GammaUnivariate`).
public struct GammaDistribution: FittableDistribution, Equatable {
    public let a: Double
    public let loc: Double
    public let scale: Double
    let logGammaA: Double

    public init(a: Double, loc: Double, scale: Double) throws(DistributionParameterError) {
        try DistributionParameterError.check(.gamma, "a", a, "> 0", a > 0)
        try DistributionParameterError.check(.gamma, "loc", loc, "finite", true)
        try DistributionParameterError.check(.gamma, "scale", scale, "> 0", scale > 0)
        self.init(unchecked: a, loc, scale)
    }

    init(unchecked a: Double, _ loc: Double, _ scale: Double) {
        self.a = a; self.loc = loc; self.scale = scale
        logGammaA = Special.logGamma(a)
    }

    public var family: DistributionFamily { .gamma }
    public var parameters: [String: Double] { ["a": a, "loc": loc, "scale": scale] }

    /// log of the standard density at z ≥ 0 with scipy's edge convention (0·log 0 = 0).
    @inline(__always)
    static func standardLogPDF(_ z: Double, _ a: Double, _ logGammaA: Double) -> Double {
        PenalizedLikelihood.xlogy(a - 1, z) - z - logGammaA
    }

    public func logPDF(_ x: Double) -> Double {
        let z = (x - loc) / scale
        if z.isNaN { return .nan }
        guard z >= 0 else { return -.infinity }
        return Self.standardLogPDF(z, a, logGammaA) - log(scale)
    }

    public func pdf(_ x: Double) -> Double { exp(logPDF(x)) }

    public func cdf(_ x: Double) -> Double {
        let z = (x - loc) / scale
        if z.isNaN { return .nan }
        return z <= 0 ? 0 : Special.regularizedGammaP(a, z)
    }

    public func ppf(_ p: Double) -> Double { loc + scale * Special.inverseRegularizedGammaP(a, p) }

    public func sample(using stream: inout RandomStream) -> Double { loc + scale * stream.nextGamma(shape: a) }

    // MARK: - Fits

    /// Copulas' fit: `scipy.stats.gamma.fit(X)` with shape, loc and scale all free.
    ///
    /// That is scipy's generic fit: the start is `gamma._fitstart` (a₀ = 4/(10⁻⁸ + skew²), then loc and scale
    /// by the method of moments, Ŝ = √(var/a₀), L̂ = mean − Ŝa₀, replaced by loc = min − 0.1·range, scale = 1
    /// when L̂ is not below the data), and the three parameters minimise the penalised negative
    /// log-likelihood with scipy's Nelder–Mead (``NelderMead``). The three-parameter gamma likelihood is
    /// unbounded as loc approaches the minimum with a < 1, so this is, like scipy's, the point the simplex
    /// stops at rather than an exact optimum.
    public static func fit(_ data: [Double]) throws(DistributionFitError) -> GammaDistribution {
        try fit(data, summary: SampleSummary(data, family: .gamma))
    }

    /// `fit(_:)` with the data's summary already made (``DistributionFamily/fit(_:)`` has it: one pass fewer).
    static func fit(_ data: [Double], summary s: SampleSummary) throws(DistributionFitError) -> GammaDistribution {
        try s.requireNonConstant(.gamma)
        let skew = s.skewness
        let a0 = 4 / (1e-8 + skew * skew)
        var scaleHat = (s.variance / a0).squareRoot()
        var locHat = s.mean - scaleHat * a0
        if !locHat.isFinite { locHat = 0 }
        if !(scaleHat.isFinite && scaleHat > 0) { scaleHat = 1 }
        if !(locHat < s.min) {
            locHat = s.min - 0.1 * (s.max - s.min)
            scaleHat = 1
        }
        let result = data.withUnsafeBufferPointer { p in
            NelderMead().minimize({ theta in
                let (a, loc, scale) = (theta[0], theta[1], theta[2])
                guard a > 0, scale > 0 else { return .infinity }
                let lg = Special.logGamma(a)
                return PenalizedLikelihood.value(p, loc: loc, scale: scale, support: 0...Double.infinity) {
                    standardLogPDF($0, a, lg)
                }
            }, from: [a0, locHat, scaleHat])
        }
        let (a, loc, scale) = (result.x[0], result.x[1], result.x[2])
        guard a > 0, scale > 0 else {
            throw DistributionFitError(family: .gamma, reason: .parametersOutsideDomain(
                parameters: ["a": a, "loc": loc, "scale": scale]))
        }
        return GammaDistribution(unchecked: a, loc, scale)
    }

    /// The maximum-likelihood shape and scale with loc held fixed: scipy `gamma.fit(X, floc=loc)`. The shape
    /// solves log a − ψ(a) = log(mean y) − mean(log y) for y = x − loc (Newton's method inside a bracket,
    /// bisection fallback) and scale = mean(y)/a. Every value must exceed loc.
    public static func fit(_ data: [Double], loc: Double) throws(DistributionFitError) -> GammaDistribution {
        let s = try SampleSummary(data, family: .gamma)
        guard loc.isFinite else {
            throw DistributionFitError(family: .gamma, reason: .parametersOutsideDomain(parameters: ["loc": loc]))
        }
        var sumLog = 0.0
        for (i, x) in data.enumerated() {
            guard x > loc else {
                throw DistributionFitError(family: .gamma, reason: .valueOutsideSupport(
                    index: i, value: x, lower: loc, upper: .infinity))
            }
            sumLog += log(x - loc)
        }
        try s.requireNonConstant(.gamma)
        let n = Double(data.count)
        let ybar = s.mean - loc
        let target = log(ybar) - sumLog / n
        guard target > 0 else {
            throw DistributionFitError(family: .gamma, reason: .solverDidNotConverge(
                "log(mean) − mean(log) = \(target) is not positive"))
        }
        // h(a) = log a − ψ(a) − target decreases from +∞ to −target; bracket its root around the closed-form
        // estimate scipy also starts from.
        func h(_ a: Double) -> Double { log(a) - Special.digamma(a) - target }
        var a = (3 - target + ((target - 3) * (target - 3) + 24 * target).squareRoot()) / (12 * target)
        var lo = a, hi = a
        while h(lo) < 0 { lo /= 2 }
        while h(hi) > 0 { hi *= 2 }
        for _ in 0..<200 {
            let value = h(a)
            if value == 0 { break }
            if value > 0 { lo = a } else { hi = a }
            var next = a - value / (1 / a - Special.trigamma(a))
            if !(next > lo && next < hi) { next = 0.5 * (lo + hi) }
            if abs(next - a) <= 1e-15 * a { a = next; break }
            a = next
        }
        return GammaDistribution(unchecked: a, loc, ybar / a)
    }
}
