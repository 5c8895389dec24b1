/// Scales the gradients of `parameters` so their joint L2 norm is at most `maxNorm`
/// (`torch.nn.utils.clip_grad_norm_`): `coef = min(maxNorm / (total + 1e-6), 1)` multiplies every gradient
/// (even when it is 1, as PyTorch does). Returns the total norm before clipping. Parameters without a
/// gradient are skipped.
@discardableResult
public func clipGradientNorm(_ parameters: [Tensor], maxNorm: Float) -> Float {
    precondition(maxNorm > 0, "maxNorm must be positive, got \(maxNorm)")
    let grads = parameters.compactMap { $0.grad }
    guard !grads.isEmpty else { return 0 }
    var squares: Double = 0
    for g in grads {
        let norm = Float(Kernels.sumOfSquares(g.pointer, g.count).squareRoot())
        squares += Double(norm) * Double(norm)
    }
    let total = Float(squares.squareRoot())
    let coef = min(maxNorm / (total + 1e-6), 1)
    for g in grads { Kernels.scaleInPlace(g.pointer, coef, g.count) }
    return total
}
