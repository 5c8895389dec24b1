import Foundation
import SynthNN

/// TabDDPM's `mixed_loss` on the denoiser's output as one fused, recorded operation: the Gaussian part's
/// `mean((ε − ε̂)²)` over the numerical columns (or, with `gaussian_loss_type=kl`, the bound of
/// ``GaussianBound``), plus the multinomial part's `vb_stochastic` bound,
///
///     loss_multi = mean over rows of (T · L_t + KL_prior) / (number of categorical columns),
///     L_t = Σ_columns KL(q(x_{t-1} | x_t, x_0) || p(x_{t-1} | x_t))   for t > 0,
///     L_0 = −Σ_columns log p(x_0 | x_1)                                for t = 0,
///
/// where `p` is the posterior with `x_0` replaced by the model's `softmax` prediction (the
/// x0-parametrisation) and `1/T` is the probability of the uniformly drawn `t` (`kl / pt`). The analytic
/// gradient with respect to the output is computed in the same pass; the tape multiplies it by the
/// upstream gradient.
///
/// Gradient of the multinomial part, per row and column span, with `m` the model's log posterior, `q` the
/// true one, `ℓ = log softmax(z)` and `e_k = log q(x_{t-1} = k | ℓ)` (computed as `log P_k`, see
/// ``MultinomialDiffusion``, so that `e^{ℓ_k + log ᾱ_{t-1} − e_k} = ᾱ_{t-1} p_k / P_k`):
/// `∂L/∂m_k = −q_k` (t > 0) or `−x_{0,k}` (t = 0); through the span normalisation
/// `∂L/∂u_k = ∂L/∂m_k − e^{m_k} Σ_j ∂L/∂m_j`; through `e_k = logaddexp(ℓ_k + log ᾱ_{t-1}, log((1−ᾱ_{t-1})/K))`
/// `∂L/∂ℓ_k = ∂L/∂u_k · e^{ℓ_k + log ᾱ_{t-1} − e_k}` (the identity at t = 0); through the log-softmax
/// `∂L/∂z_k = ∂L/∂ℓ_k − e^{ℓ_k} Σ_j ∂L/∂ℓ_j`.
public struct DiffusionLoss {
    public let numericalWidth: Int
    public let multinomial: MultinomialDiffusion?
    /// The Gaussian part's loss.
    public let gaussianLoss: GaussianLoss
    /// The schedule the Gaussian part was noised with (the `kl` loss reads its posterior coefficients).
    public let schedule: DiffusionSchedule

    /// TabDDPM's `gaussian_loss_type`.
    public enum GaussianLoss: String, Sendable, CaseIterable {
        /// `mean((ε − ε̂)²)`, the default of SynthCity and the paper.
        case mse
        /// The variational bound in bits per dimension, ``GaussianBound``.
        case kl
    }

    public init(numericalWidth: Int, multinomial: MultinomialDiffusion?, gaussianLoss: GaussianLoss = .mse,
                schedule: DiffusionSchedule) {
        self.numericalWidth = numericalWidth
        self.multinomial = multinomial
        self.gaussianLoss = gaussianLoss
        self.schedule = schedule
    }

    /// The loss and its two parts, as plain numbers, for progress reports.
    public struct Value {
        public let loss: Tensor
        public let multinomial: Double
        public let gaussian: Double
    }

    /// - Parameters:
    ///   - output: the denoiser's `m x (numericalWidth + Σ K)` output (ε̂, then the categorical logits).
    ///   - noise: the ε that noised the numerical columns (`m x numericalWidth`).
    ///   - start, noisy: the clean numbers `x_0` and the noised `x_t` (`m x numericalWidth`; read by the `kl` loss only).
    ///   - x0, xt: the codes of the clean and the noised categories (`m x columns`).
    ///   - timesteps: `t` per row.
    ///   Pointers of an empty part (no numerical or no categorical columns) may be nil.
    public func callAsFunction(output: Tensor, noise: UnsafePointer<Float>?, start: UnsafePointer<Float>? = nil,
                               noisy: UnsafePointer<Float>? = nil, x0: UnsafePointer<Int32>?, xt: UnsafePointer<Int32>?,
                               timesteps: [Int]) -> Value {
        let m = output.rows, d = output.cols, nw = numericalWidth
        precondition(d == nw + (multinomial?.width ?? 0) && timesteps.count == m, "loss shapes disagree")
        let grad = Tensor.zeros(.matrix(m, d))
        var gauss = 0.0, multi = 0.0
        output.withUnsafeBufferPointer { outBuffer in
            grad.withUnsafeMutableBufferPointer { gradBuffer in
                let out = outBuffer.baseAddress!, g = gradBuffer.baseAddress!
                if nw > 0, let noise {
                    switch gaussianLoss {
                    case .mse:
                        let scale = 2 / Float(m * nw)
                        var sum = 0.0
                        for r in 0..<m {
                            for c in 0..<nw {
                                let diff = out[r * d + c] - noise[r * nw + c]
                                sum += Double(diff * diff)
                                g[r * d + c] = scale * diff
                            }
                        }
                        gauss = sum / Double(m * nw)
                    case .kl:
                        guard let start, let noisy else { preconditionFailure("the kl loss needs x_0 and x_t") }
                        gauss = GaussianBound(schedule: schedule).loss(output: out, stride: d, start: start, noisy: noisy,
                                                                       width: nw, timesteps: timesteps, gradient: g)
                    }
                }
                if let multinomial, let x0, let xt {
                    multi = multinomialPart(multinomial, out: out, grad: g, rows: m, stride: d, x0: x0, xt: xt,
                                            timesteps: timesteps)
                }
            }
        }
        let total = Tensor(scalar: Float(gauss + multi))
        let loss = CustomOperation.record(total, name: "tabddpmMixedLoss", inputs: [output]) { ctx in
            let upstream = ctx.gradient.item
            ctx.accumulate(0, upstream == 1 ? grad : grad * upstream, exclusive: false)
        }
        return Value(loss: loss, multinomial: multi, gaussian: gauss)
    }

    /// Writes the multinomial part's gradient into the categorical columns of `grad`; returns its value. One pass per
    /// row in C (``MultinomialDiffusion/lossAndGradient(logits:stride:rows:timesteps:x0:xt:scale:gradient:build:)``):
    /// the span softmax and `log p`, the prior factor `P` and `S`, their logarithms, the true posterior and its
    /// entropy from the per-step tables, the bound and the gradient above.
    private func multinomialPart(_ md: MultinomialDiffusion, out: UnsafePointer<Float>, grad: UnsafeMutablePointer<Float>,
                                 rows m: Int, stride d: Int, x0: UnsafePointer<Int32>, xt: UnsafePointer<Int32>,
                                 timesteps: [Int]) -> Double {
        let nw = numericalWidth
        let scale = Float(md.schedule.steps) / (Float(md.classCounts.count) * Float(m))
        let total = timesteps.withUnsafeBufferPointer { ts in
            md.lossAndGradient(logits: out + nw, stride: d, rows: m, timesteps: ts.baseAddress!, x0: x0, xt: xt,
                               scale: scale, gradient: grad + nw)
        }
        return total / Double(m)
    }
}
