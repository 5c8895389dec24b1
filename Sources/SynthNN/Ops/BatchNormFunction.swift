import Foundation

/// Batch normalisation over the rows of `x` (`batch x features`), as `torch.nn.functional.batch_norm`.
///
/// Training: per feature, `mean` and the biased variance `var` over the batch; `y = (x - mean) /
/// sqrt(var + eps) * weight + bias`; the running statistics (when given) move as
/// `running = (1 - momentum) * running + momentum * batch` with the *unbiased* variance `var * n / (n - 1)`,
/// as PyTorch does. Evaluation: the running statistics replace the batch ones.
///
/// The training backward is one fused pass, `dx = weight * invstd / n * (n g - sum g - xhat sum(g xhat))`;
/// for double backward the same function is rebuilt from recorded elementary operations.
public func batchNorm(_ x: Tensor, weight: Tensor?, bias: Tensor?, runningMean: Tensor?, runningVariance: Tensor?,
                      training: Bool, momentum: Float = 0.1, epsilon eps: Float = 1e-5) -> Tensor {
    precondition(x.rank == 2, "batchNorm expects a batch x features matrix, got \(x.shape)")
    let n = x.rows, f = x.cols
    for t in [weight, bias, runningMean, runningVariance] {
        if let t { precondition(t.count == f, "batchNorm parameter of \(t.count) values for \(f) features") }
    }
    if !training {
        guard let rm = runningMean, let rv = runningVariance else {
            preconditionFailure("batchNorm in evaluation needs running statistics")
        }
        let scale = noGrad { (rv + eps).sqrt() }
        var y = (x - rm) / scale
        if let weight { y = y * weight }
        if let bias { y = y + bias }
        return y
    }
    precondition(n > 1, "batchNorm in training needs more than one row per feature (got a batch of \(n))")
    let mean = [Float](unsafeUninitializedCapacity: f) { b, c in
        Kernels.columnSums(x.pointer, rows: n, cols: f, into: b.baseAddress!, accumulate: false); c = f
    }.map { $0 / Float(n) }
    var variance = [Float](repeating: 0, count: f)
    let xp = x.pointer
    for r in 0..<n {
        let row = xp + r * f
        for c in 0..<f { let d = row[c] - mean[c]; variance[c] += d * d }
    }
    for c in 0..<f { variance[c] /= Float(n) }
    let invstd = variance.map { 1 / ($0 + eps).squareRoot() }
    let xhat = Tensor(uninitialized: x.shape)
    let out = Tensor(uninitialized: x.shape)
    let w = weight?.pointer, b = bias?.pointer
    do {
        let hp = xhat.pointer, op = out.pointer
        for r in 0..<n {
            let row = xp + r * f, hrow = hp + r * f, orow = op + r * f
            for c in 0..<f {
                let h = (row[c] - mean[c]) * invstd[c]
                hrow[c] = h
                orow[c] = h * (w?[c] ?? 1) + (b?[c] ?? 0)
            }
        }
    }
    if let rm = runningMean, let rv = runningVariance {
        let unbias = Float(n) / Float(n - 1)
        let mp = rm.pointer, vp = rv.pointer
        for c in 0..<f {
            mp[c] = (1 - momentum) * mp[c] + momentum * mean[c]
            vp[c] = (1 - momentum) * vp[c] + momentum * variance[c] * unbias
        }
    }
    var inputs = [x]
    if let weight { inputs.append(weight) }
    if let bias { inputs.append(bias) }
    let weightIndex = weight == nil ? -1 : 1
    let biasIndex = bias == nil ? -1 : (weight == nil ? 1 : 2)
    return out.recorded("batchNorm", inputs) { ctx in
        let g = ctx.gradient
        if ctx.createGraph {
            ctx.accumulateByReference { ins in
                let xs = ins[0]
                let mu = xs.mean(axis: 0, keepDims: true)
                let centered = xs - mu
                let v = centered.square().mean(axis: 0, keepDims: true)
                var y = centered / (v + eps).sqrt()
                if weightIndex > 0 { y = y * ins[weightIndex] }
                if biasIndex > 0 { y = y + ins[biasIndex] }
                return y
            }
            return
        }
        if biasIndex > 0 && ctx.needsGradient(biasIndex) { ctx.accumulateColumnSums(biasIndex, g) }
        let gp = g.pointer, hp = xhat.pointer  // the closure holds xhat itself, not just its pointer
        var sumG = [Float](repeating: 0, count: f), sumGH = [Float](repeating: 0, count: f)
        for r in 0..<n {
            let grow = gp + r * f, hrow = hp + r * f
            for c in 0..<f { sumG[c] += grow[c]; sumGH[c] += grow[c] * hrow[c] }
        }
        if weightIndex > 0 && ctx.needsGradient(weightIndex) {
            ctx.accumulate(weightIndex, Tensor(sumGH, shape: weight!.shape))
        }
        guard ctx.needsGradient(0) else { return }
        let gx = Tensor(uninitialized: x.shape)
        let dp = gx.pointer
        let invN = 1 / Float(n)
        for r in 0..<n {
            let grow = gp + r * f, hrow = hp + r * f, drow = dp + r * f
            for c in 0..<f {
                let k = (w?[c] ?? 1) * invstd[c]
                drow[c] = k * (grow[c] - invN * sumG[c] - hrow[c] * invN * sumGH[c])
            }
        }
        ctx.accumulate(0, gx, exclusive: true)
    }
}
