/// Batch normalisation over the rows of `x` (`batch x features`), as `torch.nn.functional.batch_norm`,
/// optionally followed by an activation in the same pass (CTGAN's `relu(bn(fc(x)))`).
///
/// Training: per feature, `mean` and the biased variance `var` over the batch, `invstd = 1/sqrt(var + eps)`;
/// `y = x · α + β` with `α = invstd · weight`, `β = bias - mean · α` (ATen's form); the running statistics
/// (when given) move as `running = (1 - momentum) * running + momentum * batch` with the *unbiased*
/// variance `var * n / (n - 1)`, as PyTorch does. Evaluation: the running statistics replace the batch ones.
///
/// The training backward is fused as ATen's: with `gz = g f'(y)` (the activation's derivative from its
/// output), `dot = Σ gz (x - mean)`, `dweight = dot · invstd`, `dbias = Σ gz`,
/// `dx = (gz - Σ gz / n - (x - mean) · dot · invstd² / n) · invstd · weight`. Nothing but the per-feature
/// statistics is kept for it (the centred input is recomputed from `x`). For double backward the same
/// function is rebuilt from recorded elementary operations.
public func batchNorm(_ x: Tensor, weight: Tensor?, bias: Tensor?, runningMean: Tensor?, runningVariance: Tensor?,
                      training: Bool, momentum: Float = 0.1, epsilon eps: Float = 1e-5,
                      activation: Activation = .identity) -> Tensor {
    precondition(x.rank == 2, "batchNorm expects a batch x features matrix, got \(x.shape)")
    activation.validate()
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
        return y.activated(activation)
    }
    precondition(n > 1, "batchNorm in training needs more than one row per feature (got a batch of \(n))")
    let xp = x.pointer
    let w = weight?.pointer, b = bias?.pointer
    let invN = 1 / Float(n)
    // Per feature, kept for the backward pass: mean and invstd.
    let statistics = Tensor(uninitialized: .matrix(2, f))
    let mu = statistics.pointer, invstd = statistics.pointer + f
    let out = Tensor(uninitialized: x.shape)
    do {
        // Scratch per feature: the biased variance, then alpha and beta of `y = x alpha + beta`.
        let scratch = Tensor(uninitialized: .matrix(3, f))
        let v = scratch.pointer, alpha = scratch.pointer + f, beta = scratch.pointer + 2 * f
        Kernels.columnSums(xp, rows: n, cols: f, into: mu, accumulate: false)
        for c in 0..<f { mu[c] *= invN }
        v.update(repeating: 0, count: f)
        for r in 0..<n {
            let row = xp + r * f
            for c in 0..<f { let d = row[c] - mu[c]; v[c] += d * d }
        }
        for c in 0..<f {
            v[c] *= invN
            invstd[c] = 1 / (v[c] + eps).squareRoot()
            alpha[c] = invstd[c] * (w?[c] ?? 1)
            beta[c] = (b?[c] ?? 0) - mu[c] * alpha[c]
        }
        let op = out.pointer
        for r in 0..<n {
            let row = xp + r * f, orow = op + r * f
            for c in 0..<f { orow[c] = row[c] * alpha[c] + beta[c] }
        }
        activation.apply(op, bias: nil, rows: n, cols: f, into: op)
        if let rm = runningMean, let rv = runningVariance {
            let unbias = Float(n) / Float(n - 1)
            let mp = rm.pointer, vp = rv.pointer
            for c in 0..<f {
                mp[c] = (1 - momentum) * mp[c] + momentum * mu[c]
                vp[c] = (1 - momentum) * vp[c] + momentum * v[c] * unbias
            }
        }
    }
    var inputs = [x]
    if let weight { inputs.append(weight) }
    if let bias { inputs.append(bias) }
    let weightIndex = weight == nil ? -1 : 1
    let biasIndex = bias == nil ? -1 : (weight == nil ? 1 : 2)
    return out.recorded("batchNorm", inputs) { ctx in
        if ctx.createGraph {
            ctx.accumulateByReference { ins in
                let xs = ins[0]
                let mu = xs.mean(axis: 0, keepDims: true)
                let centered = xs - mu
                let v = centered.square().mean(axis: 0, keepDims: true)
                var y = centered / (v + eps).sqrt()
                if weightIndex > 0 { y = y * ins[weightIndex] }
                if biasIndex > 0 { y = y + ins[biasIndex] }
                return y.activated(activation)
            }
            return
        }
        let g = ctx.gradient
        let mu = statistics.pointer, invstd = statistics.pointer + f  // the closure holds the buffer
        let gx = Tensor(uninitialized: x.shape)
        // gz = g f'(y), written into gx (which is overwritten in place by dx below).
        let gz: UnsafePointer<Float>
        if activation == .identity {
            gz = UnsafePointer(g.pointer)
        } else {
            activation.backward(gradient: g.pointer, output: ctx.output.pointer, count: gx.count, into: gx.pointer)
            gz = UnsafePointer(gx.pointer)
        }
        // Per feature: Σ gz, dot = Σ gz (x - mean), then the constants of dx.
        let sums = Tensor(uninitialized: .matrix(5, f))
        let sumG = sums.pointer, dot = sums.pointer + f
        let gradMean = sums.pointer + 2 * f, projection = sums.pointer + 3 * f, scale = sums.pointer + 4 * f
        sumG.update(repeating: 0, count: 2 * f)
        for r in 0..<n {
            let grow = gz + r * f, xrow = xp + r * f
            for c in 0..<f { sumG[c] += grow[c]; dot[c] += grow[c] * (xrow[c] - mu[c]) }
        }
        if biasIndex > 0 && ctx.needsGradient(biasIndex) {
            let db = Tensor(uninitialized: bias!.shape)
            db.pointer.update(from: sumG, count: f)
            ctx.accumulate(biasIndex, db, exclusive: true)
        }
        if weightIndex > 0 && ctx.needsGradient(weightIndex) {
            let dw = Tensor(uninitialized: weight!.shape)
            for c in 0..<f { dw.pointer[c] = dot[c] * invstd[c] }
            ctx.accumulate(weightIndex, dw, exclusive: true)
        }
        guard ctx.needsGradient(0) else { return }
        for c in 0..<f {
            gradMean[c] = sumG[c] * invN
            projection[c] = dot[c] * invstd[c] * invstd[c] * invN
            scale[c] = invstd[c] * (w?[c] ?? 1)
        }
        let dp = gx.pointer
        @inline(__always) func dx(_ gzc: Float, _ xc: Float, _ c: Int) -> Float {
            (gzc - gradMean[c] - (xc - mu[c]) * projection[c]) * scale[c]
        }
        // Two loops so that each vectorises: in place (gz is in gx) and from g.
        if gz == UnsafePointer(dp) {
            for r in 0..<n {
                let xrow = xp + r * f, drow = dp + r * f
                for c in 0..<f { drow[c] = dx(drow[c], xrow[c], c) }
            }
        } else {
            for r in 0..<n {
                let grow = gz + r * f, xrow = xp + r * f, drow = dp + r * f
                for c in 0..<f { drow[c] = dx(grow[c], xrow[c], c) }
            }
        }
        ctx.accumulate(0, gx, exclusive: true)
    }
}
