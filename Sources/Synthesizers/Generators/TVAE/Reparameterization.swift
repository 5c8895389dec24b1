import Foundation
import SynthMath
import SynthNN

/// The VAE's latent step as two recorded operations made in one pass over `(μ, log σ²)`: the decoder input
/// `[z, c]` with `z = μ + ε exp(log σ² / 2)`, and the KL term `KL(N(μ, exp log σ²) || N(0, I)) / m`.
///
/// `ε ~ N(0, I)` is drawn as `Tensor.normal(mu.shape)` draws it (ZigguratNormal, row-major). The condition
/// columns `c` (none when `conditionWidth` is 0) are copied from `conditions` starting at column
/// `conditionOffset` and get no gradient. Gradients (first order only): through `z`, `∂/∂μ = g_z` and
/// `∂/∂log σ² = g_z ε exp(log σ² / 2) / 2`; through the KL, `∂/∂μ = μ / m` and
/// `∂/∂log σ² = (exp log σ² - 1) / (2m)`, times the incoming gradient.
enum Reparameterization {
    static func sample(mu: Tensor, logVariance: Tensor, conditions: Tensor? = nil, conditionOffset: Int = 0,
                       conditionWidth: Int = 0, rng: inout RandomStream) -> (decoderInput: Tensor, kl: Tensor) {
        precondition(mu.rank == 2 && mu.shape == logVariance.shape, "mu \(mu.shape) vs log-variance \(logVariance.shape)")
        let m = mu.rows, e = mu.cols, width = e + conditionWidth
        if conditionWidth > 0 {
            precondition(conditions.map { $0.rows == m && $0.cols >= conditionOffset + conditionWidth } ?? false,
                         "conditions must hold \(m) rows with columns \(conditionOffset)..<\(conditionOffset + conditionWidth)")
        }
        // The noise tensor is overwritten with ε exp(log σ² / 2); exp(log σ²) is taken as that factor squared
        // (one exponential per element, in a loop of its own) and kept for the KL's gradient.
        let noise = Tensor.normal(mu.shape, rng: &rng)
        let recorded = CustomOperation.isRecorded([mu, logVariance])
        let variance = Tensor.uninitialized(mu.shape)
        let decoderInput = Tensor.uninitialized(.matrix(m, width))
        var klSum = 0.0
        mu.withUnsafeBufferPointer { mu in
        logVariance.withUnsafeBufferPointer { lv in
        noise.withUnsafeMutableBufferPointer { n in
        decoderInput.withUnsafeMutableBufferPointer { out in
        variance.withUnsafeMutableBufferPointer { v in
            for k in v.indices { v[k] = FastMath.exp(lv[k] * 0.5) }
            for r in 0..<m {
                let row = out.baseAddress! + r * width
                var rowSum: Float = 0
                for j in 0..<e {
                    let k = r * e + j
                    let std = v[k], varianceK = std * std
                    let scaled = n[k] * std
                    n[k] = scaled
                    row[j] = scaled + mu[k]
                    v[k] = varianceK
                    rowSum += 1 + lv[k] - mu[k] * mu[k] - varianceK
                }
                klSum += Double(rowSum)
            }
        }}}}}
        if conditionWidth > 0, let conditions {
            conditions.withUnsafeBufferPointer { c in
                decoderInput.withUnsafeMutableBufferPointer { out in
                    for r in 0..<m {
                        (out.baseAddress! + r * width + e).update(from: c.baseAddress! + r * conditions.cols + conditionOffset,
                                                                  count: conditionWidth)
                    }
                }
            }
        }
        let kl = Tensor(scalar: Float(-0.5 * klSum) / Float(m))
        guard recorded else { return (decoderInput, kl) }
        CustomOperation.record(decoderInput, name: "tvaeReparameterize", inputs: [mu, logVariance]) { ctx in
            let g = ctx.gradient
            if ctx.needsGradient(0) {
                if conditionWidth == 0 {
                    ctx.accumulate(0, g)
                } else {
                    let gMu = Tensor.uninitialized(mu.shape)
                    g.withUnsafeBufferPointer { g in
                        gMu.withUnsafeMutableBufferPointer { d in
                            for r in 0..<m { (d.baseAddress! + r * e).update(from: g.baseAddress! + r * width, count: e) }
                        }
                    }
                    ctx.accumulate(0, gMu, exclusive: true)
                }
            }
            if ctx.needsGradient(1) {
                let gLogVariance = Tensor.uninitialized(mu.shape)
                g.withUnsafeBufferPointer { g in
                    noise.withUnsafeBufferPointer { n in
                        gLogVariance.withUnsafeMutableBufferPointer { d in
                            for r in 0..<m {
                                for k in 0..<e { d[r * e + k] = 0.5 * g[r * width + k] * n[r * e + k] }
                            }
                        }
                    }
                }
                ctx.accumulate(1, gLogVariance, exclusive: true)
            }
        }
        CustomOperation.record(kl, name: "tvaeGaussianKL", inputs: [mu, logVariance]) { ctx in
            let seed = ctx.gradient.item / Float(m)
            if ctx.needsGradient(0) {
                let gMu = Tensor.uninitialized(mu.shape)
                mu.withUnsafeBufferPointer { mu in
                    gMu.withUnsafeMutableBufferPointer { d in for k in d.indices { d[k] = seed * mu[k] } }
                }
                ctx.accumulate(0, gMu, exclusive: true)
            }
            if ctx.needsGradient(1) {
                let gLogVariance = Tensor.uninitialized(mu.shape)
                variance.withUnsafeBufferPointer { v in
                    gLogVariance.withUnsafeMutableBufferPointer { d in
                        for k in d.indices { d[k] = 0.5 * seed * (v[k] - 1) }
                    }
                }
                ctx.accumulate(1, gLogVariance, exclusive: true)
            }
        }
        return (decoderInput, kl)
    }
}
