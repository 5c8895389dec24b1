import SynthMath

/// The WGAN-GP gradient penalty as CTGAN's `Discriminator.calc_gradient_penalty` computes it:
/// one `alpha ~ U(0, 1)` per pac group, `x̃ = alpha * real + (1 - alpha) * fake`, then
/// `lambda * mean over groups of (||dD/dx̃|| - 1)^2`, where each group's gradient (its `pac` rows side by
/// side) is one vector. The gradient is built with `createGraph`, so backpropagating the penalty reaches
/// the discriminator's parameters (double backward). `real` and `fake` are `batch x width` with `batch` a
/// multiple of `pac`; the discriminator receives `batch / pac x (width * pac)`.
public func gradientPenalty(_ discriminator: any Layer, real: Tensor, fake: Tensor, pac: Int = 1,
                            lambda: Float = 10, rng: inout RandomStream) -> Tensor {
    precondition(real.shape == fake.shape, "gradientPenalty: real \(real.shape) vs fake \(fake.shape)")
    precondition(pac > 0 && real.rows % pac == 0, "gradientPenalty: \(real.rows) rows do not split into pac groups of \(pac)")
    let groups = real.rows / pac, width = real.cols
    var alphas = [Float](repeating: 0, count: real.rows)
    for g in 0..<groups {
        let a = rng.nextFloat()
        for r in 0..<pac { alphas[g * pac + r] = a }
    }
    let alpha = Tensor(alphas, shape: .matrix(real.rows, 1))
    let x = noGrad { alpha * real.detached() + (1 - alpha) * fake.detached() }
    x.requiresGrad = true
    return enableGrad {
        let d = discriminator(x.reshaped(.matrix(groups, width * pac)), rng: &rng)
        let g = gradients(of: d, withRespectTo: [x], createGraph: true)[0]
        return (g.reshaped(.matrix(groups, width * pac)).rowNorms() - 1).square().mean() * lambda
    }
}
