import SynthMath

/// Gumbel-softmax within each span, as `torch.nn.functional.gumbel_softmax(logits, tau, hard)` applied to
/// each span (CTGAN and synthcity apply it per one-hot block with `tau = 0.2`):
/// `y = softmax((logits + G) / tau)` with `G` standard Gumbel noise. With `hard`, the forward value is the
/// one-hot of each span's argmax and the gradient is that of the soft sample (straight-through:
/// `y_hard - detach(y_soft) + y_soft`). Columns outside every span get `otherColumns` (identity by
/// default; CTGAN's output head puts its continuous scalars through `tanh` here).
///
/// One fused pass, writing straight into the output: the noise, `(logits + G) / tau`, the span softmax
/// and the activation of the other columns, with no intermediate tensors besides the noise buffer.
/// Draws: one 64-bit output per span column, row by row, the spans in the order given, columns in order
/// within a span (the order of the noise of the spans gathered side by side); nothing for the other
/// columns. First-order backward, also fused: `g_x = y (g - Σ_span g y) / tau` in the spans and
/// `g f'(y)` elsewhere; with `createGraph` the same formulas are recorded operations on `y`, so double
/// backward works.
public func gumbelSoftmax(_ logits: Tensor, spans: [Range<Int>]? = nil, temperature tau: Float = 1,
                          hard: Bool = false, otherColumns activation: Activation = .identity,
                          rng: inout RandomStream) -> Tensor {
    precondition(tau > 0, "Gumbel-softmax temperature must be positive, got \(tau)")
    activation.validate()
    let layout = ColumnSpans(spans, cols: logits.cols)
    let rows = logits.rank == 2 ? logits.rows : 1, cols = logits.cols
    let invTau = 1 / tau
    let out = Tensor(uninitialized: logits.shape)
    let xp = logits.pointer, op = out.pointer
    if layout.coveredCount > 0 {
        let noise = Tensor(uninitialized: .matrix(rows, layout.coveredCount))
        let np = noise.pointer
        fillGumbelNoise(np, count: noise.count, rng: &rng)
        var k = 0
        for r in 0..<rows {
            let x = xp + r * cols, o = op + r * cols
            for span in layout.spans {
                for c in span { o[c] = (x[c] + np[k]) * invTau; k += 1 }
            }
        }
        SpanKernels.subtractMaxima(op, op, rows: rows, layout)
        FastMath.expFlushingSubnormals(op, op, count: out.count)
        SpanKernels.normalise(op, rows: rows, layout)
    }
    SpanKernels.copyPassThrough(xp, op, rows: rows, layout)
    SpanKernels.activatePassThrough(op, rows: rows, layout, activation)
    let soft = out.recorded("gumbelSoftmax", [logits]) { ctx in
        let g = ctx.gradient, y = ctx.output
        if ctx.createGraph {
            var gx = SpanKernels.recordedSoftmaxGradient(g, y, layout, scale: invTau)
            if let mask = layout.passThroughMask() {
                gx = gx + Tensor.activationBackward(g, output: y, activation) * mask
            }
            ctx.accumulate(0, gx.reshaped(logits.shape))
            return
        }
        let gx = Tensor(uninitialized: logits.shape)
        if !layout.passThrough.isEmpty {
            activation.backward(gradient: g.pointer, output: y.pointer, count: gx.count, into: gx.pointer)
        }
        SpanKernels.softmaxBackward(gradient: g.pointer, output: y.pointer, into: gx.pointer, rows: rows, layout,
                                    scale: invTau)
        ctx.accumulate(0, gx, exclusive: true)
    }
    guard hard else { return soft }
    // Straight-through: the constant `one-hot - soft` in the spans (0 elsewhere), plus `soft`.
    let offset = Tensor.zeros(logits.shape)
    let dp = offset.pointer, sp = soft.pointer
    for r in 0..<rows {
        for span in layout.spans {
            var best = span.lowerBound
            for c in span where sp[r * cols + c] > sp[r * cols + best] { best = c }
            for c in span { dp[r * cols + c] = (c == best ? 1 : 0) - sp[r * cols + c] }
        }
    }
    return offset + soft
}
