/// `activation(x Wᵀ + b)` in one recorded operation: one sgemm, then a single pass that adds the bias
/// and applies the activation (PyTorch's `F.linear` followed by an activation, fused).
///
/// - `x`: `batch x in`; `weight`: `out x in` (PyTorch's layout); `bias`: `out` values or nil.
///
/// Backward, with `G` the output gradient and `Gz = G * f'(y)`: `dW += Gzᵀ x` and `dx += Gz W` are one
/// sgemm each, written straight into the gradient sums; `db += column sums of Gz`. With a
/// ``PerSampleGradientRecorder`` attached and recording, the weight and bias gradients are not summed
/// here: the recorder keeps `x` and `Gz` so DP-SGD can form and clip per-sample gradients.
public func linear(_ x: Tensor, weight: Tensor, bias: Tensor?, activation: Activation = .identity,
                   recorder: PerSampleGradientRecorder? = nil) -> Tensor {
    precondition(x.cols == weight.cols,
                 "linear: input has \(x.cols) features, weight \(weight.shape) expects \(weight.cols)")
    if let b = bias { precondition(b.count == weight.rows, "linear: bias of \(b.count) for \(weight.rows) outputs") }
    activation.validate()
    let batch = x.rank == 2 ? x.rows : 1
    let outShape: TensorShape = x.rank == 2 ? .matrix(batch, weight.rows) : .vector(weight.rows)
    let out = Tensor(uninitialized: outShape)
    Kernels.gemm(x, transposeA: false, weight, transposeB: true, into: out.pointer, beta: 0)
    if bias != nil || activation != .identity {
        activation.apply(out.pointer, bias: bias?.pointer, rows: batch, cols: weight.rows, into: out.pointer)
    }
    let inputs = bias.map { [x, weight, $0] } ?? [x, weight]
    return out.recorded("linear", inputs) { ctx in
        if fusesBiasGradient(activation: activation, bias: bias, ctx: ctx, recorder: recorder), x.rank == 2 {
            // First order: `Gz` and the bias gradient's column sums in one pass (the same bytes as the two).
            let gz = Tensor(uninitialized: ctx.output.shape)
            ctx.accumulateInPlace(2) { sums, accumulate in
                activation.backward(gradient: ctx.gradient.pointer, output: ctx.output.pointer, rows: gz.rows,
                                    cols: gz.cols, into: gz.pointer, columnSums: sums, accumulate: accumulate)
            }
            if ctx.needsGradient(1) { ctx.accumulateProduct(1, gz, transposeA: true, x) }
            if ctx.needsGradient(0) { ctx.accumulateProduct(0, gz, weight) }
            return
        }
        let gz = Tensor.activationBackward(ctx.gradient, output: ctx.output, activation)
        let x2 = x.rank == 2 ? x : x.reshaped(.matrix(1, x.count))
        let gz2 = gz.rank == 2 ? gz : gz.reshaped(.matrix(1, gz.count))
        if let recorder, recorder.isRecording, !ctx.createGraph {
            recorder.record(weight: weight, bias: bias, input: x2, outputGradient: gz2)
        } else {
            if ctx.needsGradient(1) { ctx.accumulateProduct(1, gz2, transposeA: true, x2) }
            if bias != nil && ctx.needsGradient(2) { ctx.accumulateColumnSums(2, gz2) }
        }
        if ctx.needsGradient(0) { ctx.accumulateProduct(0, gz, weight) }
    }
}

/// Whether a linear layer's backward computes `Gz = G * f'(y)` and the bias gradient in one pass: a first-order
/// pass (no recorded gradients), a bias that wants its gradient, no DP-SGD recorder capturing per-sample
/// gradients, and an activation whose derivative needs a pass (ReLU; with the identity `Gz` is `G` itself).
private func fusesBiasGradient(activation: Activation, bias: Tensor?, ctx: BackwardContext,
                               recorder: PerSampleGradientRecorder?) -> Bool {
    activation == .relu && bias != nil && !ctx.createGraph && recorder?.isRecording != true && ctx.needsGradient(2)
}
