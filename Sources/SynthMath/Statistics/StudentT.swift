/// Student's t distribution with real degrees of freedom ν > 0.
package enum StudentT {
    /// P(T ≤ t) = 1 − I_x(ν/2, 1/2)/2 for t ≥ 0, with x = ν/(ν + t²) (the regularized incomplete beta).
    package static func cdf(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        if t.isNaN { return .nan }
        if t.isInfinite { return t > 0 ? 1 : 0 }
        let tail = 0.5 * Special.regularizedBeta(nu / 2, 0.5, nu / (nu + t * t))
        return t >= 0 ? 1 - tail : tail
    }

    /// The `p`-quantile, 0 < p < 1: the root of cdf(t) = p by bisection (to double precision).
    package static func quantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        precondition(p > 0 && p < 1, "a quantile needs 0 < p < 1")
        if p == 0.5 { return 0 }
        var lo = -1.0, hi = 1.0
        while cdf(lo, degreesOfFreedom: nu) > p { lo *= 2 }
        while cdf(hi, degreesOfFreedom: nu) < p { hi *= 2 }
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if mid == lo || mid == hi { break }
            if cdf(mid, degreesOfFreedom: nu) < p { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }
}
