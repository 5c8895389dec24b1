import Foundation

/// The normal distribution N(loc, scale²) truncated to [loc + a·scale, loc + b·scale] (scipy `truncnorm`,
/// whose a and b are the *standardised* bounds; Copulas `TruncatedGaussian`).
public struct TruncatedNormalDistribution: FittableDistribution, Equatable {
    public let a: Double
    public let b: Double
    public let loc: Double
    public let scale: Double
    /// log(Φ(b) − Φ(a)), the log of the probability mass kept.
    let logMass: Double

    public init(a: Double, b: Double, loc: Double, scale: Double) throws(DistributionParameterError) {
        try DistributionParameterError.check(.truncnorm, "a", a, "finite", true)
        try DistributionParameterError.check(.truncnorm, "b", b, "finite and > a", b > a)
        try DistributionParameterError.check(.truncnorm, "loc", loc, "finite", true)
        try DistributionParameterError.check(.truncnorm, "scale", scale, "> 0", scale > 0)
        self.init(unchecked: a, b, loc, scale)
    }

    /// The truncation of N(mean, std²) to [lower, upper].
    public init(mean: Double, std: Double, lower: Double, upper: Double) throws(DistributionParameterError) {
        try self.init(a: (lower - mean) / std, b: (upper - mean) / std, loc: mean, scale: std)
    }

    init(unchecked a: Double, _ b: Double, _ loc: Double, _ scale: Double) {
        self.a = a; self.b = b; self.loc = loc; self.scale = scale
        logMass = Self.logDelta(a, b)
    }

    public var family: DistributionFamily { .truncnorm }
    public var parameters: [String: Double] { ["a": a, "b": b, "loc": loc, "scale": scale] }
    public var lower: Double { loc + a * scale }
    public var upper: Double { loc + b * scale }

    public func logPDF(_ x: Double) -> Double {
        let z = (x - loc) / scale
        if z.isNaN { return .nan }
        guard z >= a, z <= b else { return -.infinity }
        return -0.5 * z * z - 0.9189385332046727418 - logMass - log(scale)
    }

    public func pdf(_ x: Double) -> Double { exp(logPDF(x)) }

    public func cdf(_ x: Double) -> Double {
        let z = (x - loc) / scale
        if z.isNaN { return .nan }
        if z <= a { return 0 }
        if z >= b { return 1 }
        return min(1, exp(Self.logDelta(a, z) - logMass))
    }

    public func ppf(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        return loc + scale * Self.standardQuantile(p, a, b, logMass: logMass)
    }

    /// Inverse-CDF sampling.
    public func sample(using stream: inout RandomStream) -> Double { ppf(stream.nextOpenDouble()) }

    // MARK: - Standardised helpers

    /// log(Φ(hi) − Φ(lo)) for lo < hi, accurate in both tails (log-space when both bounds are on one side of
    /// 0, erf sums when they straddle it so that narrow intervals around 0 keep their precision).
    static func logDelta(_ lo: Double, _ hi: Double) -> Double {
        if lo >= 0 { return logDelta(-hi, -lo) }
        if hi <= 0 {
            let lh = Special.logNormalCDF(hi), ll = Special.logNormalCDF(lo)
            return lh + log1p(-exp(ll - lh))
        }
        return log(0.5 * (erf(hi * 0.7071067811865475244) + erf(-lo * 0.7071067811865475244)))
    }

    /// The standard truncated-normal quantile on [a, b]. Each case inverts on the side where the tail
    /// probability is small, so neither tail loses precision.
    static func standardQuantile(_ q: Double, _ a: Double, _ b: Double, logMass: Double) -> Double {
        if q == 0 { return a }
        if q == 1 { return b }
        let x: Double
        if a >= 0 {
            // Upper tail: log Φ(−x) = log Φ(−a) + log(1 − q(1 − r)), r = Φ(−b)/Φ(−a); for q ≥ ½ the factor is
            // summed as (1 − q) + qr, which has no cancellation.
            let la = Special.logNormalCDF(-a), r = exp(Special.logNormalCDF(-b) - la)
            let keep = q < 0.5 ? log1p(-q * (1 - r)) : log((1 - q) + q * r)
            x = -inverseLogNormalCDF(la + keep)
        } else if b <= 0 {
            // Lower tail: log Φ(x) = log Φ(b) + log(r + q(1 − r)), r = Φ(a)/Φ(b).
            let lb = Special.logNormalCDF(b), r = exp(Special.logNormalCDF(a) - lb)
            x = inverseLogNormalCDF(lb + log(r + q * (1 - r)))
        } else {
            let mass = exp(logMass)
            let p = Special.normalCDF(a) + q * mass
            x = p <= 0.5 ? Special.normalQuantile(p)
                : -Special.normalQuantile(Special.normalCDF(-b) + (1 - q) * mass)
        }
        return min(b, max(a, x))
    }

    /// The x with log Φ(x) = l (l ≤ 0): the normal quantile when exp(l) is representable, refined by Newton
    /// steps on log Φ, whose slope φ(x)/Φ(x) is computed in log-space.
    static func inverseLogNormalCDF(_ l: Double) -> Double {
        if l >= 0 { return .infinity }
        if l == -.infinity { return -.infinity }
        var x = l > -700 ? Special.normalQuantile(exp(l)) : -(-2 * l - log(-4 * Double.pi * l)).squareRoot()
        if l > -0.5 { return x }  // upper half: the quantile of exp(l) is already exact
        for _ in 0..<8 {
            let lx = Special.logNormalCDF(x)
            let slope = exp(-0.5 * x * x - 0.9189385332046727418 - lx)
            let step = (lx - l) / slope
            x -= step
            if abs(step) <= 1e-15 * abs(x) { break }
        }
        return x
    }

    // MARK: - Fit

    /// Copulas' fit: bounds fixed at min − ε and max + ε (ε = float32 epsilon), loc and scale minimise the
    /// truncated-normal negative log-likelihood over loc ∈ [lower, upper], scale ∈ (0, (upper − lower)²]
    /// from the start (mean, population std) clipped into that box.
    ///
    /// Copulas runs scipy's SLSQP (`fmin_slsqp`, function tolerance 1e-6); this solves the same
    /// box-constrained problem with a projected Newton method to full precision. The likelihood depends on
    /// the data only through n, the mean and the sum of squared deviations, so each evaluation is O(1).
    public static func fit(_ data: [Double]) throws(DistributionFitError) -> TruncatedNormalDistribution {
        try fit(data, summary: SampleSummary(data, family: .truncnorm))
    }

    /// `fit(_:)` with the data's summary already made (``DistributionFamily/fit(_:)`` has it: one pass fewer).
    static func fit(_ data: [Double], summary s: SampleSummary) throws(DistributionFitError) -> TruncatedNormalDistribution {
        try s.requireNonConstant(.truncnorm)
        let lower = s.min - CopulasConstants.epsilon, upper = s.max + CopulasConstants.epsilon
        let objective = TruncatedNormalLikelihood(count: Double(s.count), mean: s.mean,
                                                  sumSquares: s.m2 * Double(s.count), lower: lower, upper: upper)
        let box = BoxConstraints(lower: [lower, 0], upper: [upper, (upper - lower) * (upper - lower)])
        let start = [s.mean, s.variance.squareRoot()]
        guard let optimum = ProjectedNewton().minimize(objective, box: box, from: start) else {
            throw DistributionFitError(family: .truncnorm, reason: .solverDidNotConverge(
                "projected Newton on the truncated-normal likelihood"))
        }
        let (loc, scale) = (optimum[0], optimum[1])
        guard scale > 0, scale.isFinite, loc.isFinite else {
            throw DistributionFitError(family: .truncnorm, reason: .parametersOutsideDomain(
                parameters: ["loc": loc, "scale": scale]))
        }
        return TruncatedNormalDistribution(unchecked: (lower - loc) / scale, (upper - loc) / scale, loc, scale)
    }
}
