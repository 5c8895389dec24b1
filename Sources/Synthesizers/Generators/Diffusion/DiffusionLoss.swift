import Foundation
import SynthNN

/// TabDDPM's `mixed_loss` on the denoiser's output as one fused, recorded operation: the Gaussian part's
/// `mean((ε − ε̂)²)` over the numerical columns, plus the multinomial part's `vb_stochastic` bound,
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
/// true one, `ℓ = log softmax(z)` and `e_k = log q(x_{t-1} = k | ℓ)`:
/// `∂L/∂m_k = −q_k` (t > 0) or `−x_{0,k}` (t = 0); through the span normalisation
/// `∂L/∂u_k = ∂L/∂m_k − e^{m_k} Σ_j ∂L/∂m_j`; through `e_k = logaddexp(ℓ_k + log ᾱ_{t-1}, log((1−ᾱ_{t-1})/K))`
/// `∂L/∂ℓ_k = ∂L/∂u_k · e^{ℓ_k + log ᾱ_{t-1} − e_k}` (the identity at t = 0); through the log-softmax
/// `∂L/∂z_k = ∂L/∂ℓ_k − e^{ℓ_k} Σ_j ∂L/∂ℓ_j`.
public struct DiffusionLoss {
    public let numericalWidth: Int
    public let multinomial: MultinomialDiffusion?

    public init(numericalWidth: Int, multinomial: MultinomialDiffusion?) {
        self.numericalWidth = numericalWidth
        self.multinomial = multinomial
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
    ///   - logX0, logXt: log one-hots of the clean and the noised categories (`m x Σ K`).
    ///   - timesteps: `t` per row.
    ///   Pointers of an empty part (no numerical or no categorical columns) may be nil.
    public func callAsFunction(output: Tensor, noise: UnsafePointer<Float>?, logX0: UnsafePointer<Float>?,
                               logXt: UnsafePointer<Float>?, timesteps: [Int]) -> Value {
        let m = output.rows, d = output.cols, nw = numericalWidth
        precondition(d == nw + (multinomial?.width ?? 0) && timesteps.count == m, "loss shapes disagree")
        let grad = Tensor.zeros(.matrix(m, d))
        var gauss = 0.0, multi = 0.0
        output.withUnsafeBufferPointer { outBuffer in
            grad.withUnsafeMutableBufferPointer { gradBuffer in
                let out = outBuffer.baseAddress!, g = gradBuffer.baseAddress!
                if nw > 0, let noise {
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
                }
                if let multinomial, let logX0, let logXt {
                    multi = multinomialPart(multinomial, out: out, grad: g, rows: m, stride: d, logX0: logX0,
                                            logXt: logXt, timesteps: timesteps)
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

    /// Writes the multinomial part's gradient into the categorical columns of `grad`; returns its value.
    private func multinomialPart(_ md: MultinomialDiffusion, out: UnsafePointer<Float>, grad: UnsafeMutablePointer<Float>,
                                 rows m: Int, stride d: Int, logX0: UnsafePointer<Float>, logXt: UnsafePointer<Float>,
                                 timesteps: [Int]) -> Double {
        let w = md.width, nw = numericalWidth, T = md.schedule.steps
        let columns = Float(md.classCounts.count)
        let scale = Float(T) / (columns * Float(m))
        let buffers = UnsafeMutablePointer<Float>.allocate(capacity: 6 * w)
        defer { buffers.deallocate() }
        let lp = buffers, ev = buffers + w, u = buffers + 2 * w, lq = buffers + 3 * w, scratch = buffers + 4 * w,
            gl = buffers + 5 * w
        var total = 0.0
        for r in 0..<m {
            let t = timesteps[r]
            let z = out + r * d + nw, gz = grad + r * d + nw
            let x0 = logX0 + r * w, xt = logXt + r * w
            md.predictStart(z, into: lp)
            if t == 0 { ev.update(from: lp, count: w) } else { md.qPred(lp, t: t - 1, into: ev) }
            md.qPredOneStep(xt, t: t, into: scratch)
            for c in 0..<w { u[c] = ev[c] + scratch[c] }
            md.normaliseSpans(u)  // u is now m, the model's log posterior
            md.posterior(logX0: x0, logXt: xt, t: t, into: lq, scratch: scratch)
            var rowLoss: Float = 0
            // ∂L/∂m into gl.
            if t > 0 {
                for c in 0..<w {
                    let q = Foundation.exp(lq[c])
                    rowLoss += q * (lq[c] - u[c])
                    gl[c] = -q
                }
            } else {
                for c in 0..<w {
                    let x = Foundation.exp(x0[c])
                    rowLoss -= x * u[c]
                    gl[c] = -x
                }
            }
            let logCumprod = t > 0 ? md.schedule.logCumprodAlpha[t - 1] : 0
            for (j, o) in md.offsets.enumerated() {
                let end = o + md.classCounts[j]
                var s: Float = 0
                for c in o..<end { s += gl[c] }
                // ∂L/∂u, then ∂L/∂ℓ (in place).
                for c in o..<end {
                    var g = gl[c] - Foundation.exp(u[c]) * s
                    if t > 0 { g *= Foundation.exp(lp[c] + logCumprod - ev[c]) }
                    gl[c] = g
                }
                var sl: Float = 0
                for c in o..<end { sl += gl[c] }
                for c in o..<end { gz[c] = scale * (gl[c] - Foundation.exp(lp[c]) * sl) }
            }
            let prior = md.priorKL(x0, scratch: scratch)
            total += Double((Float(T) * rowLoss + prior) / columns)
        }
        return total / Double(m)
    }
}
