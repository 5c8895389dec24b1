import Foundation
import SynthMath
import SynthNN

/// TVAE's reconstruction term as one fused, recorded operation per flavour: a single pass computes the
/// loss and, when recording, its analytic gradient, which the backward pass then hands on without another
/// pass (first-order gradients only; double backward stops with a precondition failure). TVAE's form reads
/// the decoder output; SynthCity's reads the output head's activations (the head is SynthNN's fused
/// Gumbel-softmax, with its own backward).
///
/// Both forms walk each row's spans in layout order (every column is a continuous scalar or in a one-hot
/// span) and scale the sum by `loss_factor / m` for a batch of `m` rows. `targets[r * spans + k]` is row
/// `r`'s class within one-hot span `k`; the real rows are the first `width` columns of `real` (the encoder
/// input, whose condition columns may follow).
struct ReconstructionLoss {
    /// One span of the encoded row.
    struct Segment {
        let start: Int
        let width: Int
        let isScalar: Bool
    }

    /// The output head (SynthCity's form runs through it).
    let head: OutputHead
    let width: Int
    let segments: [Segment]
    let oneHotSpanCount: Int

    init(head: OutputHead) {
        self.head = head
        width = head.width
        let scalars = head.scalarSpans.map { Segment(start: $0.lowerBound, width: $0.count, isScalar: true) }
        let oneHots = head.oneHotSpans.map { Segment(start: $0.lowerBound, width: $0.count, isScalar: false) }
        segments = (scalars + oneHots).sorted { $0.start < $1.start }
        precondition(scalars.allSatisfy { $0.width == 1 }, "a continuous scalar spans one column")
        precondition(segments.reduce(0) { $0 + $1.width } == width, "the layout's spans cover the encoded row")
        oneHotSpanCount = oneHots.count
    }

    private func checkShapes(_ logits: Tensor, _ real: Tensor, _ targets: [Int32]) {
        let m = logits.rows
        precondition(logits.rank == 2 && logits.cols == width, "decoder output \(logits.shape), width \(width)")
        precondition(real.rows == m && real.cols >= width, "real rows \(real.shape) for \(m) x \(width) outputs")
        precondition(targets.count >= m * oneHotSpanCount, "\(targets.count) class targets for \(m) rows")
    }

    // MARK: TVAE (learned sigma)

    /// CTGAN's `tvae.py` `loss_function` without the KL: per continuous scalar `c`,
    /// `Σ_rows (x - tanh o)² / (2 σ_c²) + m log σ_c`, plus the cross-entropy of the raw logits at the true
    /// class of every one-hot span; times `lossFactor / m`. `sigma` is `1 x width` (scalar entries used).
    ///
    /// Gradients: `∂/∂o = -(x - t)(1 - t²) / σ²` with `t = tanh o` on a scalar, `softmax(o) - onehot` on a
    /// span; `∂/∂σ_c = Σ_rows -(x - t)² / σ³ + m / σ`; all times the scale.
    func learnedSigma(logits: Tensor, sigma: Tensor, real: Tensor, targets: [Int32], lossFactor: Float) -> Tensor {
        checkShapes(logits, real, targets)
        precondition(sigma.count == width, "sigma of \(sigma.count) values for width \(width)")
        let m = logits.rows, w = width, stride = real.cols, spans = oneHotSpanCount
        let scale = lossFactor / Float(m)
        let recorded = CustomOperation.isRecorded([logits, sigma])
        let logitGrad: Tensor? = recorded ? Tensor.uninitialized(logits.shape) : nil
        let sigmaGrad: Tensor? = recorded ? Tensor.zeros(sigma.shape) : nil
        var total = 0.0
        segments.withUnsafeBufferPointer { segs in
        logits.withUnsafeBufferPointer { o in
        real.withUnsafeBufferPointer { x in
        sigma.withUnsafeBufferPointer { s in
        targets.withUnsafeBufferPointer { t in
        logitGrad.withOptionalMutableBuffer { g in
            var perColumn = [Double](repeating: 0, count: recorded ? w : 0)
            for r in 0..<m {
                let orow = o.baseAddress! + r * w, xrow = x.baseAddress! + r * stride
                let grow = g.map { $0 + r * w }
                var k = r * spans
                for seg in segs {
                    if seg.isScalar {
                        let c = seg.start
                        let tc = FastMath.tanh(orow[c]), d = xrow[c] - tc, sc = s[c]
                        let inverseVariance = 1 / (sc * sc)
                        total += Double(d * d * inverseVariance * 0.5)
                        if let grow {
                            grow[c] = scale * (-d * inverseVariance * (1 - tc * tc))
                            perColumn[c] -= Double(d * d * inverseVariance / sc)
                        }
                    } else {
                        total += Double(Self.crossEntropy(orow + seg.start, seg.width, target: Int(t[k]),
                                                          gradient: grow.map { $0 + seg.start }, scale: scale))
                        k += 1
                    }
                }
            }
            var logSigma = 0.0
            for seg in segs where seg.isScalar { logSigma += Double(FastMath.log(s[seg.start])) }
            total += Double(m) * logSigma
            if let sigmaGrad {
                sigmaGrad.withUnsafeMutableBufferPointer { sg in
                    for seg in segs where seg.isScalar {
                        let c = seg.start
                        sg[c] = scale * Float(perColumn[c] + Double(m) / Double(s[c]))
                    }
                }
            }
        }}}}}}
        let loss = Tensor(scalar: Float(total) * scale)
        guard let logitGrad, let sigmaGrad else { return loss }
        return CustomOperation.record(loss, name: "tvaeLearnedSigmaLoss", inputs: [logits, sigma]) { ctx in
            Self.send(logitGrad, to: 0, ctx)
            Self.send(sigmaGrad, to: 1, ctx)
        }
    }

    /// `logsumexp(o) - o[target]` over one span; with `gradient`, writes `scale (softmax(o) - onehot)`.
    @inline(__always)
    private static func crossEntropy(_ o: UnsafePointer<Float>, _ n: Int, target: Int,
                                     gradient: UnsafeMutablePointer<Float>?, scale: Float) -> Float {
        precondition(target >= 0 && target < n, "class \(target) outside a span of \(n)")
        var top = o[0]
        for j in 1..<n where o[j] > top { top = o[j] }
        var sum: Float = 0
        if let gradient {
            for j in 0..<n { let e = FastMath.exp(o[j] - top); gradient[j] = e; sum += e }
            let k = scale / sum
            for j in 0..<n { gradient[j] *= k }
            gradient[target] -= scale
        } else {
            for j in 0..<n { sum += FastMath.exp(o[j] - top) }
        }
        return top + FastMath.log(sum) - o[target]
    }

    // MARK: SynthCity (fixed sigma)

    /// SynthCity's `_loss_function` reconstruction through the output head (`a = tanh o` on a scalar,
    /// Gumbel-softmax τ 0.2 on a span, SynthNN's fused op): `50 Σ (a - x)²` on scalars plus
    /// `Σ -log(a_target + 1e-8)` on spans, times `lossFactor / m`.
    ///
    /// Returns the loss, whose gradient with respect to `a` (`100 (a - x)` on a scalar, `-1 / (a_target +
    /// 1e-8)` at the target of a span, times the scale) flows back through the head, and the head's output
    /// for the conditional loss.
    func fixedSigma(logits: Tensor, real: Tensor, targets: [Int32], lossFactor: Float,
                    rng: inout RandomStream) -> (loss: Tensor, activated: Tensor) {
        checkShapes(logits, real, targets)
        let activated = head(logits, rng: &rng)
        let m = logits.rows, w = width, stride = real.cols, spans = oneHotSpanCount
        let scale = lossFactor / Float(m)
        let activatedGrad: Tensor? = CustomOperation.isRecorded([activated]) ? Tensor.zeros(logits.shape) : nil
        var total = 0.0
        segments.withUnsafeBufferPointer { segs in
        activated.withUnsafeBufferPointer { a in
        real.withUnsafeBufferPointer { x in
        targets.withUnsafeBufferPointer { t in
        activatedGrad.withOptionalMutableBuffer { g in
            for r in 0..<m {
                let arow = a.baseAddress! + r * w, xrow = x.baseAddress! + r * stride, grow = g.map { $0 + r * w }
                var k = r * spans
                var squares: Float = 0
                for seg in segs {
                    let c = seg.start
                    if seg.isScalar {
                        let d = arow[c] - xrow[c]
                        squares += d * d
                        grow?[c] = scale * 100 * d
                        continue
                    }
                    let target = Int(t[k])
                    precondition(target >= 0 && target < seg.width, "class \(target) outside a span of \(seg.width)")
                    let p = arow[c + target]
                    total -= Double(FastMath.log(p + 1e-8))
                    grow?[c + target] = -scale / (p + 1e-8)
                    k += 1
                }
                total += 50 * Double(squares)
            }
        }}}}}
        let loss = Tensor(scalar: Float(total) * scale)
        guard let activatedGrad else { return (loss, activated) }
        CustomOperation.record(loss, name: "tvaeFixedSigmaLoss", inputs: [activated]) { ctx in
            Self.send(activatedGrad, to: 0, ctx)
        }
        return (loss, activated)
    }

    /// Sends a gradient computed in the forward pass, times the incoming scalar gradient (kept as is when
    /// that is 1, which leaves it reusable if the graph is backpropagated again).
    private static func send(_ gradient: Tensor, to input: Int, _ ctx: CustomOperation.Backward) {
        guard ctx.needsGradient(input) else { return }
        let seed = ctx.gradient.item
        if seed == 1 { ctx.accumulate(input, gradient); return }
        let scaled = Tensor.uninitialized(gradient.shape)
        gradient.withUnsafeBufferPointer { src in
            scaled.withUnsafeMutableBufferPointer { dst in for i in src.indices { dst[i] = seed * src[i] } }
        }
        ctx.accumulate(input, scaled, exclusive: true)
    }
}

extension Optional where Wrapped == Tensor {
    /// Runs `body` with the wrapped tensor's buffer (a fresh leaf the caller fills), or with nil.
    func withOptionalMutableBuffer<R>(_ body: (UnsafeMutablePointer<Float>?) -> R) -> R {
        guard let tensor = self else { return body(nil) }
        return tensor.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
    }
}
