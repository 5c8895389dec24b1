import Foundation

/// The beta distribution with shapes a, b on [loc, loc + scale] (scipy `beta`, Copulas `BetaUnivariate`,
/// SDV's default marginal).
public struct BetaDistribution: FittableDistribution, Equatable {
    public let a: Double
    public let b: Double
    public let loc: Double
    public let scale: Double
    let logBetaAB: Double
    /// The inverse CDF's per-shape constants, computed once: a copula's exact tail calls `ppf` per draw.
    let inverse: Special.InverseRegularizedBeta

    public init(a: Double, b: Double, loc: Double, scale: Double) throws(DistributionParameterError) {
        try DistributionParameterError.check(.beta, "a", a, "> 0", a > 0)
        try DistributionParameterError.check(.beta, "b", b, "> 0", b > 0)
        try DistributionParameterError.check(.beta, "loc", loc, "finite", true)
        try DistributionParameterError.check(.beta, "scale", scale, "> 0", scale > 0)
        self.init(unchecked: a, b, loc, scale)
    }

    init(unchecked a: Double, _ b: Double, _ loc: Double, _ scale: Double) {
        self.a = a; self.b = b; self.loc = loc; self.scale = scale
        logBetaAB = Special.logBeta(a, b)
        inverse = Special.InverseRegularizedBeta(validA: a, b)
    }

    public var family: DistributionFamily { .beta }
    public var parameters: [String: Double] { ["a": a, "b": b, "loc": loc, "scale": scale] }

    /// log of the standard density at z ∈ [0, 1], with scipy's conventions at the edges (0·log 0 = 0).
    @inline(__always)
    static func standardLogPDF(_ z: Double, _ a: Double, _ b: Double, _ logBetaAB: Double) -> Double {
        PenalizedLikelihood.xlog1py(b - 1, -z) + PenalizedLikelihood.xlogy(a - 1, z) - logBetaAB
    }

    public func logPDF(_ x: Double) -> Double {
        let z = (x - loc) / scale
        if z.isNaN { return .nan }
        guard z >= 0, z <= 1 else { return -.infinity }
        return Self.standardLogPDF(z, a, b, logBetaAB) - log(scale)
    }

    public func pdf(_ x: Double) -> Double { exp(logPDF(x)) }

    public func cdf(_ x: Double) -> Double {
        let z = (x - loc) / scale
        if z.isNaN { return .nan }
        return z <= 0 ? 0 : (z >= 1 ? 1 : Special.regularizedBeta(a, b, z))
    }

    /// loc + scale · I⁻¹_p(a, b), bit for bit ``Special/inverseRegularizedBeta(_:_:_:)``'s value.
    public func ppf(_ p: Double) -> Double { loc + scale * inverse.value(p) }

    /// `ppf` of many probabilities: ``exactPPF(_:)``.
    public func ppf(_ ps: [Double]) -> [Double] { exactPPF(ps) }

    /// `ppf` of many probabilities, four inversions at a time (``Special/InverseRegularizedBeta/values(_:into:)``),
    /// bit for bit `ppf` of each.
    public func exactPPF(_ ps: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: ps.count)
        ps.withUnsafeBufferPointer { p in out.withUnsafeMutableBufferPointer { inverse.values(p, into: $0) } }
        for i in out.indices { out[i] = loc + scale * out[i] }
        return out
    }

    /// `cdf` of many points with log B(a, b) computed once and the continued fractions four at a time, bit
    /// for bit `cdf` of each.
    public func cdf(_ xs: [Double]) -> [Double] {
        let zs = xs.map { ($0 - loc) / scale }
        var out = [Double](repeating: 0, count: xs.count)
        zs.withUnsafeBufferPointer { z in
            out.withUnsafeMutableBufferPointer { Special.regularizedBeta(a, b, z, logBetaAB: logBetaAB, into: $0) }
        }
        for (i, z) in zs.enumerated() where z.isNaN || z <= 0 || z >= 1 { out[i] = z.isNaN ? .nan : (z <= 0 ? 0 : 1) }
        return out
    }

    public func sample(using stream: inout RandomStream) -> Double { loc + scale * stream.nextBeta(a, b) }

    // MARK: - Fits

    /// Copulas' fit: `scipy.stats.beta.fit(X, loc=min, scale=max-min)`.
    ///
    /// In scipy `loc=` and `scale=` are *starting values*, not fixed ones (that would be `floc`/`fscale`), so
    /// this is scipy's generic fit: the shapes start from the method-of-moments solution matching the sample
    /// skewness and excess kurtosis (``momentStart(skewness:excessKurtosis:)``), and all four parameters
    /// minimise the penalised negative log-likelihood with scipy's Nelder–Mead (``NelderMead``), evaluated
    /// through ``BetaLikelihood`` (sorted data, products instead of per-point logarithms). Then scipy's
    /// domain check (a, b, scale > 0) and Copulas' checks: the support must overlap the data
    /// (loc ≤ max and loc + scale ≥ min) and scale ≥ float32 epsilon. A failure throws the typed error; SDV
    /// falls back to `norm` on it.
    public static func fit(_ data: [Double]) throws(DistributionFitError) -> BetaDistribution {
        try fit(data, summary: SampleSummary(data, family: .beta))
    }

    /// `fit(_:)` with the data's summary already made (``DistributionFamily/fit(_:)`` has it: one pass fewer).
    static func fit(_ data: [Double], summary s: SampleSummary) throws(DistributionFitError) -> BetaDistribution {
        try s.requireNonConstant(.beta)
        let start = momentStart(skewness: s.skewness, excessKurtosis: s.excessKurtosis)
        let x0 = [start.a, start.b, s.min, s.max - s.min]
        let likelihood = BetaLikelihood(data)
        let result = NelderMead().minimize({ theta in
            likelihood.value(a: theta[0], b: theta[1], loc: theta[2], scale: theta[3])
        }, from: x0)
        let (a, b, loc, scale) = (result.x[0], result.x[1], result.x[2], result.x[3])
        try checkCopulasResult(a: a, b: b, loc: loc, scale: scale, dataMin: s.min, dataMax: s.max)
        return BetaDistribution(unchecked: a, b, loc, scale)
    }

    /// scipy's domain check on a generic-fit result, then Copulas' two range checks (in that order).
    static func checkCopulasResult(a: Double, b: Double, loc: Double, scale: Double, dataMin: Double,
                                   dataMax: Double) throws(DistributionFitError) {
        guard a > 0, b > 0, scale > 0 else {
            throw DistributionFitError(family: .beta, reason: .parametersOutsideDomain(
                parameters: ["a": a, "b": b, "loc": loc, "scale": scale]))
        }
        if loc > dataMax || scale + loc < dataMin {
            throw DistributionFitError(family: .beta, reason: .supportOutsideDataRange(
                loc: loc, scale: scale, dataMin: dataMin, dataMax: dataMax))
        }
        if scale < CopulasConstants.epsilon {
            throw DistributionFitError(family: .beta, reason: .nearZeroRange(scale: scale))
        }
    }

    /// The maximum-likelihood shapes with loc and scale held fixed: scipy
    /// `beta.fit(X, floc=loc, fscale=scale)`. Solves ψ(a) − ψ(a + b) = mean log z and
    /// ψ(b) − ψ(a + b) = mean log(1 − z) for z = (x − loc)/scale by Newton's method on the (concave)
    /// log-likelihood from the method-of-moments start, halving steps that leave a, b > 0 or lower the
    /// likelihood. Every value must lie strictly inside (loc, loc + scale).
    public static func fit(_ data: [Double], loc: Double, scale: Double) throws(DistributionFitError)
        -> BetaDistribution
    {
        let s = try SampleSummary(data, family: .beta)
        guard loc.isFinite, scale.isFinite, scale > 0 else {
            throw DistributionFitError(family: .beta, reason: .parametersOutsideDomain(
                parameters: ["loc": loc, "scale": scale]))
        }
        var sumLog = 0.0, sumLog1m = 0.0, sumZ = 0.0, sumZ2 = 0.0
        for (i, x) in data.enumerated() {
            let z = (x - loc) / scale
            guard z > 0, z < 1 else {
                throw DistributionFitError(family: .beta, reason: .valueOutsideSupport(
                    index: i, value: x, lower: loc, upper: loc + scale))
            }
            sumLog += log(z); sumLog1m += log1p(-z); sumZ += z; sumZ2 += z * z
        }
        try s.requireNonConstant(.beta)
        let n = Double(data.count)
        let s1 = sumLog / n, s2 = sumLog1m / n
        let zbar = sumZ / n
        let varZ = max(sumZ2 / n - zbar * zbar, s.variance / (scale * scale))
        let fac = zbar * (1 - zbar) / varZ - 1
        var a = zbar * fac, b = (1 - zbar) * fac
        if !(a > 0 && b > 0) { a = 1; b = 1 }
        func meanLogLikelihood(_ a: Double, _ b: Double) -> Double {
            (a - 1) * s1 + (b - 1) * s2 - Special.logBeta(a, b)
        }
        var current = meanLogLikelihood(a, b)
        for _ in 0..<200 {
            let psiAB = Special.digamma(a + b)
            let ga = s1 - (Special.digamma(a) - psiAB), gb = s2 - (Special.digamma(b) - psiAB)
            let tAB = Special.trigamma(a + b)
            // Negative Hessian (per observation), positive definite.
            let haa = Special.trigamma(a) - tAB, hbb = Special.trigamma(b) - tAB, hab = -tAB
            let det = haa * hbb - hab * hab
            var da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det
            var accepted = false
            for _ in 0..<60 {
                let na = a + da, nb = b + db
                if na > 0, nb > 0 {
                    let value = meanLogLikelihood(na, nb)
                    if value >= current - 1e-15 * abs(current) {
                        a = na; b = nb; current = value; accepted = true
                        break
                    }
                }
                da *= 0.5; db *= 0.5
            }
            if !accepted || (abs(da) <= 1e-14 * a && abs(db) <= 1e-14 * b) {
                return BetaDistribution(unchecked: a, b, loc, scale)
            }
        }
        throw DistributionFitError(family: .beta, reason: .solverDidNotConverge(
            "Newton iteration for the beta shapes with fixed loc and scale"))
    }

    /// scipy's `beta._fitstart` shapes: `optimize.fsolve` (MINPACK `hybrd`, ``PowellHybrid``) on the two
    /// moment equations skewness(a, b) = γ₁, excess kurtosis(a, b) = γ₂ from (1, 1), written as scipy
    /// writes them. When a beta with these moments exists (γ₁² − 2 < γ₂ < 1.5γ₁²) this is its shapes; when
    /// none does (common in real data: a heavy tail, a spike, a discrete column) it is the point where the
    /// trust region stalls, and the fit starts from there as scipy's does.
    public static func momentStart(skewness g1: Double, excessKurtosis g2: Double) -> (a: Double, b: Double) {
        let solution = momentStartSolve(skewness: g1, excessKurtosis: g2)
        return (solution.x[0], solution.x[1])
    }

    /// The hybrd run behind ``momentStart(skewness:excessKurtosis:)``, with MINPACK's `info` outcome.
    static func momentStartSolve(skewness g1: Double, excessKurtosis g2: Double) -> PowellHybrid.Result {
        PowellHybrid().solve({ x in
            let a = x[0], b = x[1]
            let sk = 2 * (b - a) * (a + b + 1).squareRoot() / (a + b + 2) / (a * b).squareRoot()
            var ku = pow(a, 3) - pow(a, 2) * (2 * b - 1) + pow(b, 2) * (b + 1) - 2 * a * b * (b + 2)
            ku /= a * b * (a + b + 2) * (a + b + 3)
            ku *= 6
            return [sk - g1, ku - g2]
        }, from: [1, 1])
    }

    /// Skewness and excess kurtosis of Beta(a, b).
    static func shapeMoments(_ a: Double, _ b: Double) -> (skewness: Double, excessKurtosis: Double) {
        let sk = 2 * (b - a) * (a + b + 1).squareRoot() / (a + b + 2) / (a * b).squareRoot()
        var ku = a * a * a - a * a * (2 * b - 1) + b * b * (b + 1) - 2 * a * b * (b + 2)
        ku /= a * b * (a + b + 2) * (a + b + 3)
        return (sk, 6 * ku)
    }
}
