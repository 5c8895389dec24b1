import Foundation

extension RandomStream {
    /// A Gamma(shape, 1) draw by Marsaglia and Tsang (2000): for a ≥ 1, with d = a − ⅓ and c = 1/√(9d),
    /// propose v = (1 + cZ)³ for a standard normal Z and accept d·v when log U < Z²/2 + d(1 − v + log v)
    /// (a squeeze U < 1 − 0.0331 Z⁴ skips the logarithms most of the time). For a < 1 the boost
    /// Gamma(a) = Gamma(a + 1) · U^(1/a). May underflow to 0 for very small shapes; ``nextLogGamma(shape:)``
    /// does not.
    public mutating func nextGamma(shape a: Double) -> Double {
        precondition(a > 0 && a.isFinite, "gamma shape must be positive and finite, got \(a)")
        if a < 1 { return exp(nextLogGamma(shape: a)) }
        return marsagliaTsang(a)
    }

    /// The logarithm of a Gamma(shape, 1) draw, computed in log space for shapes below 1 so that tiny shapes
    /// (whose draws underflow) still give usable ratios for beta and Dirichlet draws.
    public mutating func nextLogGamma(shape a: Double) -> Double {
        precondition(a > 0 && a.isFinite, "gamma shape must be positive and finite, got \(a)")
        if a >= 1 { return log(marsagliaTsang(a)) }
        let boosted = marsagliaTsang(a + 1)
        return log(boosted) + log(nextOpenDouble()) / a
    }

    @inline(__always)
    private mutating func marsagliaTsang(_ a: Double) -> Double {
        let d = a - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            var z: Double, v: Double
            repeat {
                z = nextNormal()
                v = 1 + c * z
            } while v <= 0
            v = v * v * v
            let u = nextOpenDouble()
            let z2 = z * z
            if u < 1 - 0.0331 * z2 * z2 { return d * v }
            if log(u) < 0.5 * z2 + d * (1 - v + log(v)) { return d * v }
        }
    }

    /// A Beta(a, b) draw as X/(X + Y) for independent X ~ Gamma(a), Y ~ Gamma(b) (in log space when a shape
    /// is below 1).
    public mutating func nextBeta(_ a: Double, _ b: Double) -> Double {
        precondition(a > 0 && b > 0 && a.isFinite && b.isFinite, "beta shapes must be positive, got \(a), \(b)")
        if a >= 1 && b >= 1 {
            let x = marsagliaTsang(a), y = marsagliaTsang(b)
            return x / (x + y)
        }
        let lx = nextLogGamma(shape: a), ly = nextLogGamma(shape: b)
        return 1 / (1 + exp(ly - lx))
    }

    /// A Dirichlet(α) draw: independent Gamma(αᵢ) normalised to sum 1 (through log-gammas and a
    /// log-sum-exp, so small concentrations do not underflow to 0/0).
    public mutating func nextDirichlet(_ alpha: [Double]) -> [Double] {
        precondition(!alpha.isEmpty, "Dirichlet needs at least one concentration")
        var logs = alpha.map { nextLogGamma(shape: $0) }
        let top = logs.max()!
        var total = 0.0
        for i in logs.indices { logs[i] = exp(logs[i] - top); total += logs[i] }
        return logs.map { $0 / total }
    }

    /// A draw from N(mean, std²) truncated to [lower, upper], by inversion of the truncated CDF (exact in both
    /// tails; see ``TruncatedNormalDistribution``).
    public mutating func nextTruncatedNormal(mean: Double, std: Double, lower: Double, upper: Double) -> Double {
        precondition(std > 0 && lower < upper, "need std > 0 and lower < upper")
        let a = (lower - mean) / std, b = (upper - mean) / std
        let z = TruncatedNormalDistribution.standardQuantile(
            nextOpenDouble(), a, b, logMass: TruncatedNormalDistribution.logDelta(a, b))
        return mean + std * z
    }

    /// One categorical draw by a linear search of the cumulative weights: O(k), no set-up, for one-off
    /// draws. Weights need not be normalised. For many draws from the same weights build an ``AliasTable``.
    public mutating func nextCategorical(weights: [Double]) throws(SamplingError) -> Int {
        let total = try SamplingError.validate(weights)
        let target = nextDouble() * total
        var cumulative = 0.0, last = 0
        for (i, w) in weights.enumerated() where w > 0 {
            cumulative += w
            last = i
            if target < cumulative { return i }
        }
        return last  // rounding left target at or above the final sum
    }
}
