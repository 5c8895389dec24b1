import Foundation

/// How a loss combines its per-element values (PyTorch's `reduction`).
public enum LossReduction: Sendable {
    /// The per-element values, unreduced.
    case none
    case sum
    case mean
}

extension Tensor {
    func reduced(_ reduction: LossReduction) -> Tensor {
        switch reduction {
        case .none: return self
        case .sum: return sum()
        case .mean: return mean()
        }
    }
}

/// Mean squared error `(prediction - target)^2` (`torch.nn.functional.mse_loss`). The mean reduction is
/// one fused pass forward and one backward.
public func mseLoss(_ prediction: Tensor, _ target: Tensor, reduction: LossReduction = .mean) -> Tensor {
    precondition(prediction.count == target.count, "mseLoss: prediction \(prediction.shape) vs target \(target.shape)")
    guard reduction != .none else { return (prediction - target.reshaped(prediction.shape)).square() }
    let n = prediction.count
    let p = prediction.pointer, t = target.pointer
    var total: Double = 0
    var i = 0
    while i + 8 <= n {
        var partial: Float = 0
        for j in i..<(i + 8) { let d = p[j] - t[j]; partial += d * d }
        total += Double(partial)
        i += 8
    }
    while i < n { let d = Double(p[i] - t[i]); total += d * d; i += 1 }
    let scale: Float = reduction == .mean ? 1 / Float(max(n, 1)) : 1
    let out = Tensor(scalar: Float(total) * scale)
    return out.recorded("mseLoss", [prediction, target]) { ctx in
        if ctx.createGraph {
            ctx.accumulateByReference { ins in (ins[0] - ins[1].reshaped(ins[0].shape)).square().sum() * scale }
            return
        }
        let k = 2 * scale * ctx.gradient.item
        let grad = Tensor(uninitialized: prediction.shape)
        let gp = grad.pointer
        for j in 0..<n { gp[j] = k * (p[j] - t[j]) }
        if ctx.needsGradient(1) { ctx.accumulate(1, -grad, exclusive: true) }
        if ctx.needsGradient(0) { ctx.accumulate(0, grad, exclusive: true) }
    }
}

/// Binary cross-entropy on logits, `max(x, 0) - x y + log(1 + e^-|x|)`, stable for any `x`
/// (`torch.nn.functional.binary_cross_entropy_with_logits`). Gradient with respect to `x`: `sigmoid(x) - y`.
public func binaryCrossEntropyWithLogits(_ logits: Tensor, _ targets: Tensor,
                                         reduction: LossReduction = .mean) -> Tensor {
    precondition(logits.count == targets.count, "BCE: logits \(logits.shape) vs targets \(targets.shape)")
    let y = targets.reshaped(logits.shape)
    let perElement = Tensor(uninitialized: logits.shape)
    let x = logits.pointer, t = y.pointer, o = perElement.pointer
    for i in 0..<logits.count {
        o[i] = Swift.max(x[i], 0) - x[i] * t[i] + Foundation.log1p(Foundation.exp(-Swift.abs(x[i])))
    }
    let recorded = perElement.recorded("bceWithLogits", [logits, y]) { ctx in
        let g = ctx.gradient
        if ctx.needsGradient(0) { ctx.accumulate(0, g * (sigmoid(logits) - y)) }
        if ctx.needsGradient(1) { ctx.accumulate(1, -(g * logits)) }
    }
    return recorded.reduced(reduction)
}

/// Negative log-likelihood of class indices within column spans: for row `r` and span `k`,
/// `-logProbabilities[r, spans[k].lowerBound + targets[r * spans.count + k]]` (`torch.nn.NLLLoss`, one
/// span per categorical column). `.none` gives a `rows x spans.count` matrix.
public func nllLoss(logProbabilities: Tensor, spans: [Range<Int>], targets: [Int],
                    reduction: LossReduction = .mean) -> Tensor {
    (-logProbabilities.pick(spans: spans, indices: targets)).reduced(reduction)
}

/// Cross-entropy of logits within column spans (log-softmax per span, then the negative log-likelihood of
/// the target class): CTGAN's conditional loss and TVAE's categorical reconstruction term use one span per
/// categorical column. `targets[r * spans.count + k]` is row `r`'s class index within span `k`.
/// `.none` gives a `rows x spans.count` matrix; `.mean` averages over all of its entries.
public func crossEntropy(logits: Tensor, spans: [Range<Int>]? = nil, targets: [Int],
                         reduction: LossReduction = .mean) -> Tensor {
    let spans = resolvedSpans(spans, cols: logits.cols)
    return nllLoss(logProbabilities: logSoftmax(logits, spans: spans), spans: spans, targets: targets,
                   reduction: reduction)
}

/// The KL divergence of `N(mean, exp(logVariance))` from `N(0, 1)`, summed over every element:
/// `-0.5 * sum(1 + logVariance - mean^2 - exp(logVariance))` (the VAE term of TVAE; divide by the batch
/// size for its per-row loss).
public func gaussianKL(mean: Tensor, logVariance: Tensor) -> Tensor {
    ((1 + logVariance - mean.square() - logVariance.exp()).sum()) * -0.5
}

/// Elementwise KL divergence between two Gaussians given by means and log-variances (TabDDPM's
/// `normal_kl`): `0.5 * (-1 + lv2 - lv1 + exp(lv1 - lv2) + (m1 - m2)^2 * exp(-lv2))`, broadcasting.
public func gaussianKL(mean1: Tensor, logVariance1: Tensor, mean2: Tensor, logVariance2: Tensor) -> Tensor {
    (logVariance2 - logVariance1 + (logVariance1 - logVariance2).exp()
        + (mean1 - mean2).square() * (-logVariance2).exp() - 1) * 0.5
}

/// TabDDPM's `multinomial_kl`: for each row, `sum over columns of exp(logP) * (logP - logQ)`, a vector of
/// `rows` values (the columns are all categorical blocks side by side, each row of `logP` a log
/// distribution per block).
public func multinomialKL(logP: Tensor, logQ: Tensor) -> Tensor {
    (logP.exp() * (logP - logQ)).sum(axis: 1)
}
