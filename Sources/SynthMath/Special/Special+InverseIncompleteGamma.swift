import Foundation

extension Special {
    /// The inverse of the regularised lower incomplete gamma function: the x ≥ 0 with P(a, x) = p.
    ///
    /// Start: Wilson–Hilferty, x ≈ a (1 − 1/(9a) + z/(3√a))³ with z = Φ⁻¹(p), for a > 1; for a ≤ 1 the
    /// small-x power law P ≈ x^a / Γ(a + 1) below a split point and the exponential tail above it (as in
    /// Numerical Recipes' `invgammp`). Then Halley steps on the residual inside a shrinking bracket, with
    /// bisection whenever a step leaves it. For p > ½ the residual is taken on the upper function,
    /// Q(a, x) − (1 − p), which keeps the upper tail accurate. Relative accuracy about 1e-14 in x.
    /// Returns NaN for a ≤ 0 or p outside [0, 1], and +∞ at p = 1.
    public static func inverseRegularizedGammaP(_ a: Double, _ p: Double) -> Double {
        if a.isNaN || p.isNaN || a <= 0 || p < 0 || p > 1 { return .nan }
        if p == 0 { return 0 }
        if p == 1 { return .infinity }
        let upper = p > 0.5
        let q = 1 - p
        let logGammaA = logGamma(a)
        // Small x: P(a, x) = x^a / Γ(a + 1) · (1 + O(x)). A solution below the smallest subnormal is 0.
        if (log(p) + logGamma(a + 1)) / a < log(Double.leastNonzeroMagnitude) { return 0 }
        var x: Double
        if a > 1 {
            let z = normalQuantile(p)
            let c = 1 - 1 / (9 * a) + z / (3 * a.squareRoot())
            x = c > 0 ? a * c * c * c : 1e-3 * a
        } else {
            let t = 1 - a * (0.253 + a * 0.12)
            x = p < t ? exp(log(p / t) / a) : 1 - log(q / (1 - t))
        }
        if !(x > 0) || !x.isFinite { x = max(a, 1e-300) }
        var lo = 0.0, hi = Double.infinity
        for _ in 0..<300 {
            // f increases with x in both forms.
            let f = upper ? q - regularizedGammaQ(a, x) : regularizedGammaP(a, x) - p
            if f == 0 { return x }
            if f < 0 { lo = x } else { hi = x }
            let logDensity = (a - 1) * log(x) - x - logGammaA
            let u = f / exp(logDensity)
            var step = u / (1 - 0.5 * min(1, u * ((a - 1) / x - 1)))
            if !step.isFinite { step = u }
            if abs(step) <= 1e-15 * x { return max(lo, min(hi, x - step)) }
            var next = x - step
            if !(next > lo && next < hi) || !next.isFinite {
                if hi.isInfinite {
                    next = 2 * max(x, 1)
                } else if lo == 0 {
                    next = hi * 1e-4
                } else {
                    next = hi / lo > 4 ? (lo * hi).squareRoot() : 0.5 * (lo + hi)
                }
            }
            if hi.isFinite && hi - lo <= 4 * hi.ulp { return next }
            x = next
        }
        return x
    }
}
