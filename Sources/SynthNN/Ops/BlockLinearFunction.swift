/// `activation(Σ_i X_i W_iᵀ + b)`: ``linear(_:weight:bias:activation:recorder:)`` of the concatenation
/// `[X_1, X_2, ...]` of `blocks`, without forming it.
///
/// `weight` is `out x in` (PyTorch's layout, one parameter) with `in = Σ width(X_i)`; `W_i` is its column
/// range of block `i`, read in place (a leading dimension, never a copy).
/// - Dense block: one sgemm `X_i W_iᵀ` added into the output.
/// - One-hot block (``OneHotColumns``): row `r` adds column `c_r` of `W_i`, a gather of rows of `W_iᵀ` (the
///   block of `W` is transposed once per call so each gather reads contiguous memory); no multiplications.
///
/// Backward, with `Gz = G * f'(y)`:
/// - `dW_i (+)= Gzᵀ X_i` for a dense block (sgemm straight into the column block of `dW`); for a one-hot
///   block, row `r` of `Gz` is added into column `c_r` of `dW_i` (a scatter into `dW_iᵀ`, added back
///   transposed). `db (+)= column sums of Gz`.
/// - `dX_i (+)= Gz W_i`, for the dense blocks that require a gradient only; one-hot blocks are constants.
/// With `createGraph` (double backward) the gradients are those of `linear(concatColumns(blocks), ...)`,
/// recorded, so the function is differentiable to any order; the fast path is the first-order one.
///
/// A block of zero rows or a batch of zero rows is allowed; all blocks must have the same number of rows.
public func linear(_ blocks: [ColumnBlock], weight: Tensor, bias: Tensor?,
                   activation: Activation = .identity) -> Tensor {
    precondition(!blocks.isEmpty, "linear: no input blocks")
    precondition(weight.rank == 2, "linear: weight must be a matrix, got \(weight.shape)")
    let rows = blocks[0].rows, outputs = weight.rows, inputs = weight.cols
    var offsets: [Int] = []
    offsets.reserveCapacity(blocks.count)
    var total = 0
    for (i, b) in blocks.enumerated() {
        if case .dense(let x) = b { precondition(x.rank == 2, "linear: dense block \(i) must be a matrix, got \(x.shape)") }
        precondition(b.rows == rows, "linear: block \(i) has \(b.rows) rows, block 0 has \(rows)")
        offsets.append(total)
        total += b.width
    }
    precondition(total == inputs, "linear: blocks are \(total) columns wide, weight \(weight.shape) expects \(inputs)")
    if let b = bias { precondition(b.count == outputs, "linear: bias of \(b.count) for \(outputs) outputs") }
    activation.validate()

    let out = Tensor(uninitialized: .matrix(rows, outputs))
    var written = false
    for (i, b) in blocks.enumerated() {
        guard case .dense(let x) = b else { continue }
        Kernels.gemm(m: rows, n: outputs, k: x.cols, x.pointer, lda: max(x.cols, 1), transposeA: false,
                     weight.pointer + offsets[i], ldb: inputs, transposeB: true, into: out.pointer, ldc: outputs,
                     beta: written ? 1 : 0, bParameter: weight)
        written = true
    }
    if !written { out.pointer.update(repeating: 0, count: rows * outputs) }
    for (i, b) in blocks.enumerated() {
        guard case .oneHot(let h) = b, rows > 0 else { continue }
        let transposed = Tensor(uninitialized: .matrix(h.width, outputs))
        Kernels.transposeColumnBlock(weight.pointer + offsets[i], rows: outputs, columns: h.width, stride: inputs,
                                     into: transposed.pointer)
        h.indices.withUnsafeBufferPointer { idx in
            Kernels.gatherAddRows(transposed.pointer, width: outputs, indices: idx.baseAddress!, count: rows,
                                  into: out.pointer)
        }
    }
    if bias != nil || activation != .identity {
        activation.apply(out.pointer, bias: bias?.pointer, rows: rows, cols: outputs, into: out.pointer)
    }

    // Node inputs: the dense blocks in order, then the weight, then the bias.
    var denseInputs: [Tensor] = []
    var denseBlockIndex: [Int] = []
    for (i, b) in blocks.enumerated() {
        if case .dense(let x) = b { denseInputs.append(x); denseBlockIndex.append(i) }
    }
    let weightInput = denseInputs.count
    let nodeInputs = denseInputs + [weight] + (bias.map { [$0] } ?? [])
    return out.recorded("blockLinear", nodeInputs) { ctx in
        if ctx.createGraph {
            ctx.accumulateByReference { ins in
                var rebuilt = blocks
                for (k, i) in denseBlockIndex.enumerated() { rebuilt[i] = .dense(ins[k]) }
                return linear(concatColumns(rebuilt), weight: ins[weightInput],
                              bias: bias == nil ? nil : ins[weightInput + 1], activation: activation)
            }
            return
        }
        let gz = Tensor.activationBackward(ctx.gradient, output: ctx.output, activation)
        if ctx.needsGradient(weightInput) {
            ctx.accumulateInPlace(weightInput) { dW, accumulate in
                for (i, b) in blocks.enumerated() {
                    switch b {
                    case .dense(let x):
                        Kernels.gemm(m: outputs, n: x.cols, k: rows, gz.pointer, lda: outputs, transposeA: true,
                                     x.pointer, ldb: max(x.cols, 1), transposeB: false, into: dW + offsets[i],
                                     ldc: inputs, beta: accumulate ? 1 : 0)
                    case .oneHot(let h):
                        let sums = Tensor.zeros(.matrix(h.width, outputs))
                        h.indices.withUnsafeBufferPointer { idx in
                            guard let base = idx.baseAddress else { return }
                            Kernels.scatterAddRows(gz.pointer, width: outputs, indices: base, count: rows,
                                                   into: sums.pointer)
                        }
                        Kernels.addTransposed(sums.pointer, rows: h.width, columns: outputs, into: dW + offsets[i],
                                              stride: inputs, accumulate: accumulate)
                    }
                }
            }
        }
        if bias != nil && ctx.needsGradient(weightInput + 1) { ctx.accumulateColumnSums(weightInput + 1, gz) }
        for (k, i) in denseBlockIndex.enumerated() where ctx.needsGradient(k) {
            let width = blocks[i].width
            ctx.accumulateInPlace(k) { dx, accumulate in
                Kernels.gemm(m: rows, n: width, k: outputs, gz.pointer, lda: outputs, transposeA: false,
                             weight.pointer + offsets[i], ldb: inputs, transposeB: false, into: dx, ldc: width,
                             beta: accumulate ? 1 : 0, bParameter: weight)
            }
        }
    }
}

extension Kernels {
    /// Rows of the source (or columns of the destination) handled together by the transposes below: their
    /// lines stay in L1 while every element of each is used, and each pass writes (or reads) one
    /// contiguous run of this length.
    static let transposeTile = 16

    /// `dst[j * rows + o] = src[o * stride + j]`: the `rows x columns` block at `src` (row stride `stride`)
    /// transposed into a contiguous `columns x rows` matrix.
    static func transposeColumnBlock(_ src: UnsafePointer<Float>, rows: Int, columns: Int, stride: Int,
                                     into dst: UnsafeMutablePointer<Float>) {
        var o0 = 0
        while o0 < rows {
            let n = min(transposeTile, rows - o0)
            for j in 0..<columns {
                let d = dst + (j * rows + o0)
                var s = src + (o0 * stride + j)
                for o in 0..<n { d[o] = s.pointee; s += stride }
            }
            o0 += n
        }
    }

    /// `dst[o * stride + j] (+)= src[j * columns + o]`: a contiguous `rows x columns` matrix added, transposed,
    /// into the `columns x rows` block at `dst` (row stride `stride`); with `accumulate` false it is written.
    static func addTransposed(_ src: UnsafePointer<Float>, rows: Int, columns: Int,
                              into dst: UnsafeMutablePointer<Float>, stride: Int, accumulate: Bool) {
        var j0 = 0
        while j0 < rows {
            let n = min(transposeTile, rows - j0)
            for o in 0..<columns {
                let d = dst + (o * stride + j0)
                var s = src + (j0 * columns + o)
                if accumulate {
                    for j in 0..<n { d[j] += s.pointee; s += columns }
                } else {
                    for j in 0..<n { d[j] = s.pointee; s += columns }
                }
            }
            j0 += n
        }
    }

    /// `out[r, :] += table[indices[r], :]` for `r < count` (rows `width` wide); a negative index adds nothing.
    static func gatherAddRows(_ table: UnsafePointer<Float>, width: Int, indices: UnsafePointer<Int32>, count: Int,
                              into out: UnsafeMutablePointer<Float>) {
        for r in 0..<count where indices[r] >= 0 {
            addInPlace(out + r * width, table + Int(indices[r]) * width, width)
        }
    }

    /// `sums[indices[r], :] += src[r, :]` for `r < count` (rows `width` wide); a negative index is skipped.
    static func scatterAddRows(_ src: UnsafePointer<Float>, width: Int, indices: UnsafePointer<Int32>, count: Int,
                               into sums: UnsafeMutablePointer<Float>) {
        for r in 0..<count where indices[r] >= 0 {
            addInPlace(sums + Int(indices[r]) * width, src + r * width, width)
        }
    }
}
