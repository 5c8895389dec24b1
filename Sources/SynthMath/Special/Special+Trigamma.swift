import Foundation

extension Special {
    /// The trigamma function ψ₁(x) = d²/dx² log Γ(x): recurrence ψ₁(x) = ψ₁(x + 1) + 1/x² up to x ≥ 10, then
    /// the asymptotic series 1/x + 1/(2x²) + Σ B₂ₖ/x^(2k+1); reflection ψ₁(1 − x) + ψ₁(x) = π²/sin²(πx) for
    /// x < 0. NaN at the poles 0, −1, −2, …. Relative error about 1e-15 (checked against scipy `polygamma(1, x)`).
    public static func trigamma(_ x0: Double) -> Double {
        if x0.isNaN || (x0 <= 0 && x0 == x0.rounded()) { return .nan }
        if x0 < 0 {
            let s = sin(Double.pi * x0)
            return -trigamma(1 - x0) + Double.pi * Double.pi / (s * s)
        }
        var x = x0, result = 0.0
        while x < 10 { result += 1 / (x * x); x += 1 }
        let f = 1 / (x * x)
        // Bernoulli numbers B2..B16: 1/6, -1/30, 1/42, -1/30, 5/66, -691/2730, 7/6, -3617/510.
        let series = 1.0 / 6 - f * (1.0 / 30 - f * (1.0 / 42 - f * (1.0 / 30 - f * (5.0 / 66
            - f * (691.0 / 2730 - f * (7.0 / 6 - f * 3617.0 / 510))))))
        result += 1 / x + f / 2 + f / x * series
        return result
    }
}
