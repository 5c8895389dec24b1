import Foundation

/// TabDDPM's `gaussian_loss_type="kl"` (SynthCity's `_vb_terms_bpd`, from Nichol and Dhariwal's improved
/// DDPM): the Gaussian part's term of the variational bound, in bits per dimension, per row
///
///     t > 0:  mean over columns of KL(N(μ̃_t(x_0, x_t), σ̃²_t) || N(μ_θ(x_t, t), σ²_t)) / ln 2
///     t = 0:  mean over columns of −log p(x_0 | x_1) / ln 2   (the discretised Gaussian decoder)
///
/// averaged over the batch (no `1/p(t)` weighting, as the reference). `μ̃_t = c₁ x_0 + c₂ x_t` and
/// `σ̃²_t` (clipped: `σ̃²_1` at t = 0) are the true posterior's; the model's mean is the same formula with
/// `x̂_0 = x_t/√ᾱ_t − √(1/ᾱ_t − 1) ε̂`, its variance fixed at `σ²_t` (`σ̃²_1` at t = 0, `β_t` after).
/// The decoder is the image-model likelihood the reference keeps: the mass of the bin `x_0 ± 1/255` under
/// `N(μ_θ, σ²_0)` through the tanh approximation of Φ, the open-ended bins below −0.999 and above 0.999,
/// every probability clamped at 1e-12 before its logarithm.
///
/// One deviation, numerical only: the reference takes the model's variance as `1 − α_t` with `α_t` a
/// Float32 buffer, which carries a relative error up to about 1e-3 for the smallest `β_t` of the cosine
/// schedule; here `β_t` comes from the Double schedule.
///
/// The gradient with respect to ε̂ is computed alongside: `∂μ_θ/∂ε̂ = −c₁ √(1/ᾱ_t − 1)`;
/// `∂KL/∂μ_θ = (μ_θ − μ̃)/σ²_t`; for the decoder `∂ log Φ̂(u)/∂μ_θ = −Φ̂′(u)/Φ̂(u)/σ_0` (and its analogues for the
/// other bins), zero where the clamp is active, as in PyTorch.
struct GaussianBound {
    let schedule: DiffusionSchedule

    static let log2 = Foundation.log(2.0)
    /// `√(2/π)`, the tanh approximation's scale.
    static let tanhScale = (2 / Double.pi).squareRoot()

    /// `Φ̂(x) = ½(1 + tanh(√(2/π)(x + 0.044715 x³)))` and its derivative.
    @inline(__always)
    static func approximateCDF(_ x: Double) -> (value: Double, derivative: Double) {
        let th = Foundation.tanh(tanhScale * (x + 0.044715 * x * x * x))
        return (0.5 * (1 + th), 0.5 * (1 - th * th) * tanhScale * (1 + 3 * 0.044715 * x * x))
    }

    /// The bound's per-row terms and their mean, with the gradient with respect to ε̂ written into
    /// `gradient` (row `r` at `gradient + r · stride`) for the `width` numerical columns.
    func loss(output: UnsafePointer<Float>, stride: Int, start: UnsafePointer<Float>, noisy: UnsafePointer<Float>,
              width nw: Int, timesteps: [Int], gradient: UnsafeMutablePointer<Float>) -> Double {
        let m = timesteps.count
        let perElement = 1 / (Double(m) * Double(nw) * Self.log2)
        let posteriorVariance = schedule.posteriorVariance
        var total = 0.0
        for r in 0..<m {
            let t = timesteps[r]
            let c1 = Double(schedule.posteriorMeanCoef1[t]), c2 = Double(schedule.posteriorMeanCoef2[t])
            let ra = Double(schedule.sqrtRecipAlphasCumprod[t]), rm1 = Double(schedule.sqrtRecipm1AlphasCumprod[t])
            let trueLogVariance = Foundation.log(posteriorVariance[t == 0 ? 1 : t])
            let modelVariance = t == 0 ? posteriorVariance[1] : schedule.betas[t]
            let modelLogVariance = Foundation.log(modelVariance)
            let meanGradient = -c1 * rm1  // ∂μ_θ/∂ε̂
            var rowSum = 0.0
            for c in 0..<nw {
                let x0 = Double(start[r * nw + c]), xt = Double(noisy[r * nw + c]), eps = Double(output[r * stride + c])
                let trueMean = c1 * x0 + c2 * xt
                let modelMean = c1 * (ra * xt - rm1 * eps) + c2 * xt
                let dMean: Double  // ∂(term)/∂μ_θ
                if t > 0 {
                    let diff = trueMean - modelMean
                    rowSum += 0.5 * (-1 + modelLogVariance - trueLogVariance + Foundation.exp(trueLogVariance - modelLogVariance)
                                     + diff * diff / modelVariance)
                    dMean = -diff / modelVariance
                } else {
                    let inverseScale = Foundation.exp(-0.5 * modelLogVariance)
                    let centered = x0 - modelMean
                    let plus = Self.approximateCDF(inverseScale * (centered + 1.0 / 255))
                    let minus = Self.approximateCDF(inverseScale * (centered - 1.0 / 255))
                    let mass: Double, dMass: Double  // the bin's probability and its derivative in μ_θ
                    if x0 < -0.999 {
                        mass = plus.value; dMass = -inverseScale * plus.derivative
                    } else if x0 > 0.999 {
                        mass = 1 - minus.value; dMass = inverseScale * minus.derivative
                    } else {
                        mass = plus.value - minus.value; dMass = -inverseScale * (plus.derivative - minus.derivative)
                    }
                    let clamped = mass < 1e-12
                    rowSum -= Foundation.log(clamped ? 1e-12 : mass)
                    dMean = clamped ? 0 : -dMass / mass
                }
                gradient[r * stride + c] = Float(dMean * meanGradient * perElement)
            }
            total += rowSum / (Double(nw) * Self.log2)
        }
        return total / Double(m)
    }
}
