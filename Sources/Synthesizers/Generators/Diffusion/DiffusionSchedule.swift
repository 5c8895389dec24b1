import Foundation

/// The forward-process variances of a diffusion and every coefficient the Gaussian and multinomial parts
/// derive from them, as TabDDPM's `GaussianMultinomialDiffusion.__init__` computes them: in Double, then
/// kept as Float32 (the `register_buffer(... .float())` buffers) for the per-element kernels.
///
/// - `linear` (Ho et al., extended to any T): `β` from `1e-4·1000/T` to `0.02·1000/T`, evenly spaced.
/// - `cosine` (Nichol and Dhariwal): `ᾱ(s) = cos²((s + 0.008)/1.008 · π/2)`,
///   `β_i = min(1 − ᾱ((i+1)/T)/ᾱ(i/T), 0.999)`.
public struct DiffusionSchedule: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case cosine, linear
    }

    public let kind: Kind
    /// `T`, the number of diffusion steps; timesteps are `0..<T`.
    public let steps: Int
    /// `β_t` in Double, as the reference computes them.
    public let betas: [Double]
    /// `ᾱ_t = Π_{s≤t} (1 − β_s)` in Double.
    public let alphasCumprod: [Double]
    /// The Gaussian posterior's variance `σ̃²_t = β_t (1 − ᾱ_{t−1})/(1 − ᾱ_t)` in Double (0 at t = 0).
    public let posteriorVariance: [Double]

    // Float32 buffers, indexed by t.
    public let logAlpha: [Float]
    public let logOneMinusAlpha: [Float]
    public let logCumprodAlpha: [Float]
    public let logOneMinusCumprodAlpha: [Float]
    public let sqrtAlphasCumprod: [Float]
    public let sqrtOneMinusAlphasCumprod: [Float]
    public let sqrtRecipAlphasCumprod: [Float]
    public let sqrtRecipm1AlphasCumprod: [Float]
    public let posteriorMeanCoef1: [Float]
    public let posteriorMeanCoef2: [Float]
    /// The reverse step's variance: `posterior_variance[1]` at t = 0 (never used: no noise there), `β_t` after.
    public let modelVariance: [Float]

    public init(_ kind: Kind, steps: Int) {
        precondition(steps >= 2, "a diffusion needs at least 2 timesteps, got \(steps)")
        precondition(kind != .linear || steps > 20, "the linear schedule needs more than 20 timesteps (beta ends at 20/T)")
        self.init(kind, betas: Self.betas(kind, steps: steps))
    }

    /// The schedule that visits only `timesteps` (increasing, a subset of `0..<T`) of this one, with the
    /// same `ᾱ` there: `β'_i = 1 − ᾱ_{τ_i} / ᾱ_{τ_{i−1}}` (Nichol and Dhariwal's respacing). Its step `i`
    /// stands for this schedule's step `timesteps[i]`.
    public func respaced(_ timesteps: [Int]) -> DiffusionSchedule {
        precondition(timesteps.count >= 2 && zip(timesteps, timesteps.dropFirst()).allSatisfy { $0 < $1 }
                     && timesteps.first! >= 0 && timesteps.last! < steps, "respacing needs increasing timesteps")
        var last = 1.0
        var betas: [Double] = []
        for t in timesteps {
            betas.append(1 - alphasCumprod[t] / last)
            last = alphasCumprod[t]
        }
        return DiffusionSchedule(kind, betas: betas)
    }

    init(_ kind: Kind, betas: [Double]) {
        let steps = betas.count
        self.kind = kind
        self.steps = steps
        self.betas = betas
        let alphas = betas.map { 1 - $0 }
        let logAlpha = alphas.map { Foundation.log($0) }
        var logCumprod = [Double](repeating: 0, count: steps)
        var cumprod = [Double](repeating: 0, count: steps)
        var runningLog = 0.0, running = 1.0
        for t in 0..<steps {
            runningLog += logAlpha[t]; running *= alphas[t]
            logCumprod[t] = runningLog; cumprod[t] = running
        }
        alphasCumprod = cumprod
        let prev = [1.0] + cumprod.dropLast()
        /// `log(1 − e^a + 1e-40)`, TabDDPM's `log_1_min_a`.
        func logOneMinus(_ a: Double) -> Double { Foundation.log(1 - Foundation.exp(a) + 1e-40) }
        self.logAlpha = logAlpha.map(Float.init)
        logOneMinusAlpha = logAlpha.map { Float(logOneMinus($0)) }
        logCumprodAlpha = logCumprod.map(Float.init)
        logOneMinusCumprodAlpha = logCumprod.map { Float(logOneMinus($0)) }
        sqrtAlphasCumprod = cumprod.map { Float($0.squareRoot()) }
        sqrtOneMinusAlphasCumprod = cumprod.map { Float((1 - $0).squareRoot()) }
        sqrtRecipAlphasCumprod = cumprod.map { Float((1 / $0).squareRoot()) }
        sqrtRecipm1AlphasCumprod = cumprod.map { Float((1 / $0 - 1).squareRoot()) }
        var coef1 = [Float](), coef2 = [Float](), posteriorVariance = [Double]()
        for t in 0..<steps {
            coef1.append(Float(betas[t] * prev[t].squareRoot() / (1 - cumprod[t])))
            coef2.append(Float((1 - prev[t]) * alphas[t].squareRoot() / (1 - cumprod[t])))
            posteriorVariance.append(betas[t] * (1 - prev[t]) / (1 - cumprod[t]))
        }
        posteriorMeanCoef1 = coef1
        posteriorMeanCoef2 = coef2
        self.posteriorVariance = posteriorVariance
        modelVariance = (0..<steps).map { Float($0 == 0 ? posteriorVariance[1] : betas[$0]) }
    }

    /// `β_0 ... β_{T−1}` of `kind` (TabDDPM's `get_named_beta_schedule`).
    public static func betas(_ kind: Kind, steps: Int) -> [Double] {
        switch kind {
        case .linear:
            let scale = 1000 / Double(steps)
            let start = scale * 0.0001, end = scale * 0.02
            // np.linspace: start + i * step, the last point exactly `end`.
            let step = (end - start) / Double(steps - 1)
            return (0..<steps).map { $0 == steps - 1 ? end : start + Double($0) * step }
        case .cosine:
            func alphaBar(_ s: Double) -> Double {
                let c = Foundation.cos((s + 0.008) / 1.008 * Double.pi / 2)
                return c * c
            }
            return (0..<steps).map { i in
                min(1 - alphaBar(Double(i + 1) / Double(steps)) / alphaBar(Double(i) / Double(steps)), 0.999)
            }
        }
    }
}
