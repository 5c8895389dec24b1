import Foundation

/// The negative log-likelihood of a normal N(μ, s²) truncated to [lower, upper] for n points with mean m and
/// sum of squared deviations S, as a function of x = (μ, s):
///
///     L = n log s + (S + n(m − μ)²)/(2s²) + n log √(2π) + n log(Φ(β) − Φ(α)),  α = (lower − μ)/s, β = (upper − μ)/s
///
/// (scipy `truncnorm.nnlf` of the data). Gradient, with r_α = φ(α)/Z, r_β = φ(β)/Z:
/// ∂L/∂μ = −n(m − μ)/s² − n(r_β − r_α)/s and ∂L/∂s = n/s − (S + n(m − μ)²)/s³ − n(β r_β − α r_α)/s.
struct TruncatedNormalLikelihood: SmoothObjective {
    let count: Double
    let mean: Double
    let sumSquares: Double
    let lower: Double
    let upper: Double

    func value(_ x: [Double]) -> Double {
        let (mu, s) = (x[0], x[1])
        guard s > 0 else { return .infinity }
        let d = mean - mu
        let logMass = TruncatedNormalDistribution.logDelta((lower - mu) / s, (upper - mu) / s)
        return count * log(s) + (sumSquares + count * d * d) / (2 * s * s)
            + count * (0.9189385332046727418 + logMass)
    }

    func gradient(_ x: [Double]) -> [Double] {
        let (mu, s) = (x[0], x[1])
        let alpha = (lower - mu) / s, beta = (upper - mu) / s
        let logMass = TruncatedNormalDistribution.logDelta(alpha, beta)
        let ra = exp(-0.5 * alpha * alpha - 0.9189385332046727418 - logMass)
        let rb = exp(-0.5 * beta * beta - 0.9189385332046727418 - logMass)
        let d = mean - mu
        let gMu = -count * d / (s * s) - count * (rb - ra) / s
        let gS = count / s - (sumSquares + count * d * d) / (s * s * s) - count * (beta * rb - alpha * ra) / s
        return [gMu, gS]
    }

    func differenceSteps(_ x: [Double]) -> [Double] { [1e-5 * x[1], 1e-5 * x[1]] }
}
