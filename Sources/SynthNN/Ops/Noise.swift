import Foundation
import SynthMath

/// Inverted dropout as `torch.nn.functional.dropout` in training: each element is kept with probability
/// `1 - p` and scaled by `1 / (1 - p)`, else zeroed. One uniform draw per element, row-major.
public func dropout(_ x: Tensor, probability p: Float, rng: inout RandomStream) -> Tensor {
    precondition(p >= 0 && p <= 1, "dropout probability must be in [0, 1], got \(p)")
    if p == 0 { return x }
    let mask = Tensor(uninitialized: x.shape)
    let m = mask.pointer
    let keep: Float = p == 1 ? 0 : 1 / (1 - p)
    for i in 0..<x.count { m[i] = rng.nextFloat() < p ? 0 : keep }
    return x * mask
}

/// Standard Gumbel noise `-log(-log U)` for every element of `shape`, with `U` uniform on (0, 1), in
/// Float32 as PyTorch draws it (`-empty_like(logits).exponential_().log()`); see ``openUnitFloat(_:)``.
public func gumbelNoise(_ shape: TensorShape, rng: inout RandomStream) -> Tensor {
    let t = Tensor(uninitialized: shape)
    let p = t.pointer
    for i in 0..<shape.count { p[i] = -Foundation.log(-Foundation.log(openUnitFloat(rng.next()))) }
    return t
}

/// A Float32 uniform on the open interval (0, 1) from the top 23 bits of `bits`: `(k + 1/2) 2^-23`, exact
/// in Float32, from `2^-24` to `1 - 2^-24` (24 bits would round the largest values to 1, whose logarithm
/// 0 makes the Gumbel noise infinite). The Gumbel noise is therefore bounded by about -2.8 and 16.6.
@inline(__always)
func openUnitFloat(_ bits: UInt64) -> Float {
    (Float(bits >> 41) + 0.5) * 0x1p-23
}

/// Gumbel-softmax within each span, as `torch.nn.functional.gumbel_softmax(logits, tau, hard)` applied to
/// each span (CTGAN and synthcity apply it per one-hot block with `tau = 0.2`):
/// `y = softmax((logits + G) / tau)` with `G` standard Gumbel noise. With `hard`, the forward value is the
/// one-hot of each span's argmax and the gradient is that of the soft sample (straight-through:
/// `y_hard - detach(y_soft) + y_soft`). Columns outside every span pass through unchanged.
public func gumbelSoftmax(_ logits: Tensor, spans: [Range<Int>]? = nil, temperature tau: Float = 1,
                          hard: Bool = false, rng: inout RandomStream) -> Tensor {
    precondition(tau > 0, "Gumbel-softmax temperature must be positive, got \(tau)")
    let spans = resolvedSpans(spans, cols: logits.cols)
    let width = spans.reduce(0) { $0 + $1.count }
    let fullCover = width == logits.cols && spans.count == 1
    let inside = fullCover ? logits : logits.gatherColumns(spans)
    var local: [Range<Int>] = []
    var offset = 0
    for s in spans { local.append(offset..<(offset + s.count)); offset += s.count }
    let noise = gumbelNoise(inside.shape, rng: &rng)
    var y = softmax((inside + noise) / tau, spans: local)
    if hard {
        let oneHot = Tensor.zeros(y.shape)
        let rows = y.rank == 2 ? y.rows : 1
        for s in local {
            let idx = y.argmax(columns: s)
            for r in 0..<rows { oneHot.pointer[r * width + s.lowerBound + idx[r]] = 1 }
        }
        y = oneHot - y.detached() + y
    }
    if fullCover { return y }
    var out = y.scatterColumns(spans, width: logits.cols)
    var pass = [Float](repeating: 1, count: logits.cols)
    for s in spans { for c in s { pass[c] = 0 } }
    if pass.contains(1) { out = out + logits * Tensor(pass, shape: .matrix(1, logits.cols)) }
    return out.reshaped(logits.shape)
}
