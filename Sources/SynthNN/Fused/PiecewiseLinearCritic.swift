import SynthMath

/// A WGAN-GP critic evaluated with hand-derived gradients and stacked sgemms instead of the tape: the
/// critic update in one pass, and the critic as a function of its input for the generator's update.
/// CTGAN's critic in both flavours runs on it (Synthesizers' `PacCritic.swift` lays out its pac groups);
/// docs/ctgan-tvae.md derives the formulas.
///
/// The network is a plain chain (CTGAN's discriminator, or SynthCity's MLP without residual blocks):
/// `h_i = m_i ⊙ f_i(W_i h_{i-1} + b_i)` for the hidden layers `i = 1…L`, `D(x) = wᵀh_L + b`, with `f_i`
/// piecewise linear (leaky ReLU, ReLU, identity) and `m_i` a dropout mask (all ones when the layer has
/// none). Write `s_i = m_i ⊙ f_i'(z_i)`: it is piecewise constant in the parameters and the input, so its
/// derivative is zero almost everywhere (what autodiff computes too: `f'' = 0`). Then, row-wise,
///
///     ∇ₓD = W_1ᵀ g_1,   g_i = s_i ⊙ e_i,   e_{i-1} = W_iᵀ g_i,   e_L = w.
///
/// **Critic step.** Rows are stacked in three blocks of `groups` (one pac group per row): fake, real,
/// interpolates `x̃ = α real + (1 - α) fake`. Loss `L = -(mean D(real) - mean D(fake))`, penalty
/// `P = λ/R Σ_r (‖e_0,r‖ - 1)²` over the interpolate rows. One backward chain serves both: seeds
/// `σ = +1/R` (fake), `-1/R` (real), `1` (interpolates) give `E_L = σ wᵀ`, `G_i = S_i ⊙ E_i`,
/// `E_{i-1} = G_i W_i`; the fake and real rows of `G_i` are the loss's backward pass, the interpolate rows
/// the input-gradient chain `g_i`, and `E_0` of those rows is `∇ₓD(x̃)`. Differentiating `P` through that
/// chain (masks fixed): `V_0 = ∂P/∂e_0 = (2λ/R)(‖e_0‖ - 1)/‖e_0‖ · e_0`, `V_i = S_i ⊙ (V_{i-1} W_iᵀ)`, and
///
///     ∂P/∂W_i = G_i[x̃]ᵀ V_{i-1},   ∂P/∂w = Σ_r V_L,r,   ∂P/∂b_i = 0,
///
/// while `∂L/∂W_i = G_i[fake, real]ᵀ H_{i-1}[fake, real]`, `∂L/∂b_i = Σ G_i[fake, real]`,
/// `∂L/∂w = Σ σ_r h_L,r`. Writing `V_{i-1}` into the interpolate rows of `H_{i-1}` (whose forward values
/// are no longer needed) makes each weight gradient one sgemm `G_iᵀ H'_{i-1}` with `K = 3R`. The interpolates'
/// first-layer pre-activation is `α z_real + (1 - α) z_fake` (linear in the input), so the first layer's
/// forward sgemm covers the fake and real rows only.
///
/// **One-hot tail.** The last `oneHotBlocks × blockWidth` input columns may be declared one-hot blocks (the
/// conditions of the pac rows): the fake and real rows then give each block's hot index instead of
/// multiplying its zeros. Their first-layer product becomes a gather of weight columns, and their part of
/// the first layer's loss gradient a scatter of `G_1` rows; the interpolates' rows (dense there) and the
/// penalty keep the full width. The generator's pass takes the dense columns as its input (the
/// conditions are constants) and returns their gradient only.
///
/// Random draws (the order three separate forward passes and ``gradientPenalty(_:real:fake:pac:lambda:rng:)``
/// make): the fake rows' dropout masks layer by layer, the real rows' masks, one `α ~ U[0, 1)` per group,
/// the interpolates' masks, each mask drawn by ``dropout(_:probability:rng:)`` itself (applied to ones).
public final class PiecewiseLinearCritic {
    /// A hidden layer: its Linear, the slope of its activation for negative inputs (1 for identity, 0 for
    /// ReLU), and the dropout applied to its output, if any.
    struct HiddenLayer {
        let linear: Linear
        let slope: Float
        let dropout: Dropout?
    }

    /// One block of stacked input rows for the caller to fill: row `r` of the block starts at
    /// `values + r · n_0`; write its dense columns there (the one-hot tail's values are not read) and the
    /// hot index of its one-hot block `k` (`0 ..< blockWidth`) at `hot[r · oneHotBlocks + k]` (`hot` has
    /// no room without a one-hot tail).
    public struct InputBlock {
        public let values: UnsafeMutablePointer<Float>
        public let hot: UnsafeMutablePointer<Int32>
    }

    let hiddenLayers: [HiddenLayer]
    let outputLayer: Linear
    /// `n_0` (the pac-grouped input width), `n_1 … n_L`.
    let widths: [Int]
    public let oneHotBlocks: Int
    public let blockWidth: Int
    /// The input columns before the one-hot tail.
    public let denseWidth: Int
    /// Gradient buffers, one per parameter of the network (weights and biases), handed to the
    /// parameters' `.grad` after each critic step.
    private let parameterGradients: [(parameter: Tensor, gradient: Tensor)]

    /// Row capacity of each block in the workspace.
    private var capacity = 0
    /// `3 × capacity × n_0`: the fake and real input rows; the interpolate rows receive `∇ₓD(x̃)`, then `V_0`.
    private var inputs: UnsafeMutablePointer<Float>
    /// `2 × capacity × oneHotBlocks`: the hot indices of the fake and real rows.
    private var hot: UnsafeMutablePointer<Int32>
    /// `width of the first Linear's output × 2 × capacity`: the gathered one-hot products, transposed.
    private var gathered: UnsafeMutablePointer<Float>
    /// `2 × capacity × oneHotBlocks`: each hot index's column within the one-hot tail.
    private var offsets: UnsafeMutablePointer<Int>
    /// Per hidden layer, `3 × capacity × n_i`: the activations `h_i` (interpolate rows: then `V_i`).
    private var activations: [UnsafeMutablePointer<Float>] = []
    /// Per hidden layer: the dropout mask, then `s_i = m_i ⊙ f_i'(z_i)`.
    private var derivatives: [UnsafeMutablePointer<Float>] = []
    /// Per hidden layer: `E_i`, then `G_i`.
    private var deltas: [UnsafeMutablePointer<Float>] = []
    /// `3 × capacity`: scores `D`, then the output layer's backward coefficients.
    private var scores: UnsafeMutablePointer<Float>
    private var alphas: UnsafeMutablePointer<Float>
    /// Whether each hidden layer's `derivatives` hold a mask drawn for the current pass.
    private var masked: [Bool]
    /// Counts forward passes, so a recorded backward can check the workspace still holds its pass.
    private var passCount = 0

    /// Reads the chain from `network`; nil when it is not one (a layer other than Linear, a piecewise-linear
    /// activation or Dropout; dropout before the first Linear or two in a row; an output wider than 1).
    /// The input's last `oneHotBlocks × blockWidth` columns are one-hot blocks (see ``InputBlock``).
    public init?(_ network: Sequential, oneHotBlocks: Int = 0, blockWidth: Int = 0) {
        let layers = network.layers
        var hidden: [HiddenLayer] = []
        var output: Linear? = nil
        var i = 0
        while i < layers.count {
            guard let linear = layers[i] as? Linear else { return nil }
            i += 1
            if i == layers.count { output = linear; break }
            var slope: Float = 1
            if let a = layers[i] as? ActivationLayer {
                switch a.activation {
                case .identity: slope = 1
                case .relu: slope = 0
                case .leakyReLU(let s): slope = s
                default: return nil
                }
                i += 1
            }
            var drop: Dropout? = nil
            if i < layers.count, let d = layers[i] as? Dropout { drop = d; i += 1 }
            guard i < layers.count else { return nil }
            hidden.append(HiddenLayer(linear: linear, slope: slope, dropout: drop))
        }
        guard let output, output.outputDimensions == 1 else { return nil }
        var widths = [hidden.first?.linear.inputDimensions ?? output.inputDimensions]
        for layer in hidden {
            guard layer.linear.inputDimensions == widths.last! else { return nil }
            widths.append(layer.linear.outputDimensions)
        }
        guard output.inputDimensions == widths.last! else { return nil }
        precondition(oneHotBlocks >= 0 && blockWidth >= 0 && oneHotBlocks * blockWidth <= widths[0],
                     "\(oneHotBlocks) one-hot blocks of \(blockWidth) in an input of \(widths[0])")
        hiddenLayers = hidden
        outputLayer = output
        self.widths = widths
        self.oneHotBlocks = blockWidth > 0 ? oneHotBlocks : 0
        self.blockWidth = blockWidth
        denseWidth = widths[0] - self.oneHotBlocks * blockWidth
        var pairs: [(Tensor, Tensor)] = []
        for linear in hidden.map(\.linear) + [output] {
            pairs.append((linear.weight, Tensor.zeros(linear.weight.shape)))
            if let b = linear.bias { pairs.append((b, Tensor.zeros(b.shape))) }
        }
        parameterGradients = pairs
        masked = Array(repeating: false, count: hidden.count)
        inputs = .allocate(capacity: 0)
        hot = .allocate(capacity: 0)
        gathered = .allocate(capacity: 0)
        offsets = .allocate(capacity: 0)
        scores = .allocate(capacity: 0)
        alphas = .allocate(capacity: 0)
    }

    deinit { release() }

    private func release() {
        inputs.deallocate(); hot.deallocate(); gathered.deallocate(); offsets.deallocate(); scores.deallocate(); alphas.deallocate()
        for p in activations + derivatives + deltas { p.deallocate() }
        activations = []; derivatives = []; deltas = []
    }

    /// Grows the workspace to hold three blocks of `rows` rows.
    private func reserve(_ rows: Int) {
        guard rows > capacity else { return }
        release()
        capacity = rows
        inputs = .allocate(capacity: 3 * rows * widths[0])
        hot = .allocate(capacity: 2 * rows * oneHotBlocks)
        gathered = .allocate(capacity: 2 * rows * firstLinear.outputDimensions)
        offsets = .allocate(capacity: 2 * rows * oneHotBlocks)
        scores = .allocate(capacity: 3 * rows)
        alphas = .allocate(capacity: rows)
        for n in widths.dropFirst() {
            activations.append(.allocate(capacity: 3 * rows * n))
            derivatives.append(.allocate(capacity: 3 * rows * n))
            deltas.append(.allocate(capacity: 3 * rows * n))
        }
    }

    /// The first Linear (the output layer when there is no hidden layer).
    private var firstLinear: Linear { hiddenLayers.first?.linear ?? outputLayer }

    // MARK: Critic step

    /// Gives `body` the fake and the real block of the stacked input, `groups` rows each (row `r` holds pac
    /// group `r`), zeroed, for the caller to fill before ``trainingStep(groups:lambda:rng:)``.
    public func withTrainingInputs<Result>(groups: Int, _ body: (_ fake: InputBlock, _ real: InputBlock) throws -> Result)
    rethrows -> Result {
        precondition(groups > 0, "a critic step needs at least one pac group")
        reserve(groups)
        let n0 = widths[0], t = oneHotBlocks
        inputs.update(repeating: 0, count: 2 * groups * n0)
        hot.update(repeating: 0, count: 2 * groups * t)
        return try body(InputBlock(values: inputs, hot: hot),
                        InputBlock(values: inputs + groups * n0, hot: hot + groups * t))
    }

    /// The critic update's loss and gradients for the blocks filled through ``withTrainingInputs(groups:_:)``:
    /// writes `∂(L + P)/∂θ` into every parameter's `.grad` (replacing what was there) and returns the
    /// Wasserstein loss `L = -(mean D(real) - mean D(fake))` and the penalty `P` (what CTGAN's `pen` is).
    public func trainingStep(groups: Int, lambda: Float, rng: inout RandomStream) -> (loss: Float, penalty: Float) {
        precondition(groups > 0 && groups <= capacity, "trainingStep(groups: \(groups)) after withTrainingInputs for \(capacity)")
        let R = groups, L = hiddenLayers.count, n = widths
        drawMasks(block: 0, rows: R, rng: &rng)
        drawMasks(block: 1, rows: R, rng: &rng)
        for r in 0..<R { alphas[r] = rng.nextFloat() }
        drawMasks(block: 2, rows: R, rng: &rng)
        passCount += 1

        // Forward. The first layer multiplies the fake and real rows; the interpolates combine theirs.
        for (i, layer) in hiddenLayers.enumerated() {
            if i == 0 {
                firstLayerProduct(rows: 2 * R, inputs, leading: n[0], hot: hot, into: activations[0])
                let z = activations[0], width = n[1]
                for r in 0..<R {
                    let a = alphas[r], b = 1 - a
                    let fake = z + r * width, real = z + (R + r) * width, mixed = z + (2 * R + r) * width
                    for c in 0..<width { mixed[c] = a * real[c] + b * fake[c] }
                }
            } else {
                layer.linear.weight.withUnsafeBufferPointer { w in
                    sgemm(false, true, 3 * R, n[i + 1], n[i], activations[i - 1], n[i], w.baseAddress!, n[i],
                          activations[i], n[i + 1], weight: layer.linear.weight)
                }
            }
            activate(layer: i, rows: 0..<(3 * R))
        }
        if L == 0 {
            firstLayerProduct(rows: 2 * R, inputs, leading: n[0], hot: hot, into: scores)
            addOutputBias(rows: 2 * R)
        } else {
            outputScores(from: activations[L - 1], rows: 2 * R)
        }
        var fakeSum: Float = 0, realSum: Float = 0
        for r in 0..<R { fakeSum += scores[r]; realSum += scores[R + r] }
        let loss = -(realSum / Float(R) - fakeSum / Float(R))

        // Backward chain with seeds σ: +1/R (fake), -1/R (real), 1 (interpolates).
        for r in 0..<R { scores[r] = 1 / Float(R); scores[R + r] = -1 / Float(R); scores[2 * R + r] = 1 }
        let interpolateGradient = inputs + 2 * R * n[0]
        backpropagate(rows: 3 * R, seeds: scores, firstRow: 2 * R, into: interpolateGradient, width: n[0])

        // Penalty: V_0 = c_r ∇ₓD(x̃), in place.
        var penaltySum: Double = 0
        for r in 0..<R {
            let row = interpolateGradient + r * n[0]
            var squares: Double = 0
            for c in 0..<n[0] { squares += Double(row[c]) * Double(row[c]) }
            let norm = squares.squareRoot()
            penaltySum += (norm - 1) * (norm - 1)
            // PyTorch's norm backward gives 0 at a zero norm.
            let scale = norm > 0 ? Float(2 * Double(lambda) / Double(R) * (norm - 1) / norm) : 0
            for c in 0..<n[0] { row[c] *= scale }
        }
        let penalty = Float(Double(lambda) * penaltySum / Double(R))
        // V_i = S_i ⊙ (V_{i-1} W_iᵀ) into the interpolate rows of H_i.
        for (i, layer) in hiddenLayers.enumerated() {
            let below = (i == 0 ? inputs : activations[i - 1]) + 2 * R * n[i]
            let v = activations[i] + 2 * R * n[i + 1], s = derivatives[i] + 2 * R * n[i + 1]
            layer.linear.weight.withUnsafeBufferPointer { w in
                sgemm(false, true, R, n[i + 1], n[i], below, n[i], w.baseAddress!, n[i], v, n[i + 1],
                      weight: layer.linear.weight)
            }
            for k in 0..<(R * n[i + 1]) { v[k] *= s[k] }
        }

        // Parameter gradients: dW_i = G_iᵀ H'_{i-1} (K = 3R), db_i = Σ G_i[fake, real]; the output layer's
        // from the coefficients σ (fake, real) and 1 (interpolate rows, which hold V_L).
        var k = 0
        for (i, layer) in hiddenLayers.enumerated() {
            parameterGradients[k].gradient.withUnsafeMutableBufferPointer { dw in
                if i == 0 {
                    firstLayerWeightGradient(rows: R, deltas[0], n[1], into: dw.baseAddress!)
                } else {
                    sgemm(true, false, n[i + 1], n[i], 3 * R, deltas[i], n[i + 1], activations[i - 1], n[i],
                          dw.baseAddress!, n[i])
                }
            }
            k += 1
            if layer.linear.bias != nil {
                parameterGradients[k].gradient.withUnsafeMutableBufferPointer { db in
                    Kernels.columnSums(deltas[i], rows: 2 * R, cols: n[i + 1], into: db.baseAddress!, accumulate: false)
                }
                k += 1
            }
        }
        parameterGradients[k].gradient.withUnsafeMutableBufferPointer { dw in
            if L == 0 {
                firstLayerWeightGradient(rows: R, scores, 1, into: dw.baseAddress!)
            } else {
                Kernels.gemv(rows: 3 * R, cols: n[L], activations[L - 1], lda: n[L], transpose: true, scores,
                             into: dw.baseAddress!, beta: 0)
            }
        }
        k += 1
        if outputLayer.bias != nil {
            var sum: Float = 0
            for r in 0..<(2 * R) { sum += scores[r] }
            parameterGradients[k].gradient.withUnsafeMutableBufferPointer { $0[0] = sum }
        }
        for (p, g) in parameterGradients { p.setGrad(g) }
        return (loss, penalty)
    }

    // MARK: Generator side

    /// `D` for the rows of `dense` (`groups × denseWidth`, the dense columns) with the one-hot tail given by
    /// `hot` (`groups × oneHotBlocks` indices; nil without a tail), as a recorded function of `dense`: the
    /// parameters take no part in the graph (they are frozen for this pass), and the backward pass sends
    /// `∇D` with respect to the dense columns (seeded by the output's gradient) to `dense`. Draws the
    /// dropout masks of one forward pass. Its backward must run before the critic is used again.
    public func callAsFunction(_ dense: Tensor, hot indices: UnsafePointer<Int32>?, rng: inout RandomStream) -> Tensor {
        precondition(dense.rank == 2 && dense.cols == denseWidth, "critic input \(dense.shape), expected groups x \(denseWidth)")
        precondition((indices != nil) == (oneHotBlocks > 0), "the one-hot indices are required exactly when the input has a one-hot tail")
        let R = dense.rows, n = widths, L = hiddenLayers.count
        reserve(R)
        drawMasks(block: 0, rows: R, rng: &rng)
        passCount += 1
        let pass = passCount
        dense.withUnsafeBufferPointer { x in
            firstLayerProduct(rows: R, x.baseAddress!, leading: denseWidth, hot: indices, into: L == 0 ? scores : activations[0])
            guard L > 0 else { addOutputBias(rows: R); return }
            activate(layer: 0, rows: 0..<R)
            for (i, layer) in hiddenLayers.enumerated().dropFirst() {
                layer.linear.weight.withUnsafeBufferPointer { w in
                    sgemm(false, true, R, n[i + 1], n[i], activations[i - 1], n[i], w.baseAddress!, n[i], activations[i],
                          n[i + 1], weight: layer.linear.weight)
                }
                activate(layer: i, rows: 0..<R)
            }
            outputScores(from: activations[L - 1], rows: R)
        }
        let out = Tensor.uninitialized(.matrix(R, 1))
        out.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: scores, count: R) }
        guard CustomOperation.isRecorded([dense]) else { return out }
        // First order only: the generator's loss is never differentiated twice.
        return CustomOperation.record(out, name: "criticOfInput", inputs: [dense]) { [unowned self] ctx in
            precondition(self.passCount == pass, "the critic ran again before this pass's backward")
            let gradient = Tensor.uninitialized(dense.shape)
            ctx.gradient.withUnsafeBufferPointer { g in
                gradient.withUnsafeMutableBufferPointer { dx in
                    self.backpropagate(rows: R, seeds: g.baseAddress!, firstRow: 0, into: dx.baseAddress!,
                                       width: self.denseWidth)
                }
            }
            ctx.accumulate(0, gradient, exclusive: true)
        }
    }

    // MARK: Kernels

    /// Draws the dropout masks of rows `block·R ..< (block+1)·R` of every hidden layer that has an active
    /// dropout, layer by layer (the order of one forward pass).
    private func drawMasks(block: Int, rows R: Int, rng: inout RandomStream) {
        for (i, layer) in hiddenLayers.enumerated() {
            guard let d = layer.dropout, d.isTraining, d.probability > 0 else { masked[i] = false; continue }
            masked[i] = true
            let width = widths[i + 1]
            // Dropout of ones is its mask: the same draws as the layer's forward pass makes.
            let mask = noGrad { dropout(Tensor.ones(.matrix(R, width)), probability: d.probability, rng: &rng) }
            mask.withUnsafeBufferPointer { (derivatives[i] + block * R * width).update(from: $0.baseAddress!, count: $0.count) }
        }
    }

    /// `out = x W_1ᵀ` (no bias) for `rows` rows of `x` (row stride `leading`) whose dense columns are
    /// multiplied and whose one-hot blocks (`hot`, `rows × oneHotBlocks` indices) gather columns of `W_1`.
    private func firstLayerProduct(rows: Int, _ x: UnsafePointer<Float>, leading: Int, hot: UnsafePointer<Int32>?,
                                   into out: UnsafeMutablePointer<Float>) {
        let n0 = widths[0], width = firstLinear.outputDimensions, t = oneHotBlocks
        firstLinear.weight.withUnsafeBufferPointer { wp in
            let w = wp.baseAddress!
            sgemm(false, true, rows, width, denseWidth, x, leading, w, n0, out, width, weight: firstLinear.weight)
            guard t > 0, let hot else { return }
            tailOffsets(hot, rows: rows)
            // Row by row of W_1 (contiguous), the sum of each input row's hot columns, then added transposed.
            for k in 0..<width {
                let tail = w + k * n0 + denseWidth, sums = gathered + k * rows
                for r in 0..<rows {
                    let o = offsets + r * t
                    var s: Float = 0
                    for b in 0..<t { s += tail[o[b]] }
                    sums[r] = s
                }
            }
            for r in 0..<rows {
                let o = out + r * width
                for k in 0..<width { o[k] += gathered[k * rows + r] }
            }
        }
    }

    /// Fills ``offsets`` with the tail column of every hot index of `rows` rows (block `b`, index `h`: column
    /// `b · blockWidth + h` of the tail).
    private func tailOffsets(_ hot: UnsafePointer<Int32>, rows: Int) {
        let t = oneHotBlocks, bw = blockWidth
        for r in 0..<rows {
            for b in 0..<t {
                let h = Int(hot[r * t + b])
                precondition(h >= 0 && h < bw, "hot index \(h) outside a one-hot block of \(bw)")
                offsets[r * t + b] = b * bw + h
            }
        }
    }

    /// `dW_1 = Δᵀ [X_fake; X_real; V_0]` (`Δ`: `3R × width` row-major, `width` the first Linear's outputs),
    /// the one-hot tail's fake and real part scattered from the rows of `Δ`.
    private func firstLayerWeightGradient(rows R: Int, _ delta: UnsafePointer<Float>, _ width: Int,
                                          into dw: UnsafeMutablePointer<Float>) {
        let n0 = widths[0], t = oneHotBlocks
        if width == 1 {
            // No hidden layer: Δ is the coefficient column σ; a matrix-vector product.
            Kernels.gemv(rows: 3 * R, cols: denseWidth, inputs, lda: n0, transpose: true, delta, into: dw, beta: 0)
            if t > 0 {
                Kernels.gemv(rows: R, cols: n0 - denseWidth, inputs + 2 * R * n0 + denseWidth, lda: n0, transpose: true,
                             delta + 2 * R, into: dw + denseWidth, beta: 0)
            }
        } else {
            sgemm(true, false, width, denseWidth, 3 * R, delta, width, inputs, n0, dw, n0)
            if t > 0 {
                sgemm(true, false, width, n0 - denseWidth, R, delta + 2 * R * width, width, inputs + 2 * R * n0 + denseWidth,
                      n0, dw + denseWidth, n0)
            }
        }
        guard t > 0 else { return }
        tailOffsets(hot, rows: 2 * R)
        for k in 0..<width {
            let tail = dw + k * n0 + denseWidth
            for r in 0..<(2 * R) {
                let g = delta[r * width + k], o = offsets + r * t
                for b in 0..<t { tail[o[b]] += g }
            }
        }
    }

    /// `h = m ⊙ f(z + b)` in place of `z`, and `s = m ⊙ f'(z + b)` in place of the mask `m` (or without one).
    private func activate(layer i: Int, rows: Range<Int>) {
        let width = widths[i + 1], slope = hiddenLayers[i].slope, useMask = masked[i]
        let hs = activations[i], ss = derivatives[i]
        func run(_ bias: UnsafePointer<Float>?) {
            for r in rows {
                PiecewiseLinearCritic.activateRow(hs + r * width, ss + r * width, bias, width, slope: slope, masked: useMask)
            }
        }
        if let b = hiddenLayers[i].linear.bias { b.withUnsafeBufferPointer { run($0.baseAddress!) } } else { run(nil) }
    }

    /// One row of ``activate(layer:rows:)``, eight lanes at a time (the selects stay vectorised).
    @inline(__always)
    private static func activateRow(_ h: UnsafeMutablePointer<Float>, _ s: UnsafeMutablePointer<Float>,
                                    _ bias: UnsafePointer<Float>?, _ width: Int, slope: Float, masked: Bool) {
        typealias V = SIMD8<Float>
        let one = V(repeating: 1), slopes = V(repeating: slope)
        var c = 0
        while c + 8 <= width {
            var z = UnsafeRawPointer(h + c).loadUnaligned(as: V.self)
            if let bias { z += UnsafeRawPointer(bias + c).loadUnaligned(as: V.self) }
            let positive = z .> 0
            var f = (z * slopes).replacing(with: z, where: positive)
            var d = slopes.replacing(with: one, where: positive)
            if masked {
                let m = UnsafeRawPointer(s + c).loadUnaligned(as: V.self)
                f *= m; d *= m
            }
            UnsafeMutableRawPointer(h + c).storeBytes(of: f, as: V.self)
            UnsafeMutableRawPointer(s + c).storeBytes(of: d, as: V.self)
            c += 8
        }
        while c < width {
            let z = h[c] + (bias?[c] ?? 0), positive = z > 0
            let f = positive ? z : z * slope, d: Float = positive ? 1 : slope
            if masked { h[c] = f * s[c]; s[c] = d * s[c] } else { h[c] = f; s[c] = d }
            c += 1
        }
    }

    /// `scores[r] = w · top[r] + b` for the first `rows` rows.
    private func outputScores(from top: UnsafePointer<Float>, rows: Int) {
        let width = widths.last!
        outputLayer.weight.withUnsafeBufferPointer { w in
            Kernels.gemv(rows: rows, cols: width, top, lda: width, transpose: false, w.baseAddress!, into: scores, beta: 0)
        }
        addOutputBias(rows: rows)
    }

    private func addOutputBias(rows: Int) {
        guard let b = outputLayer.bias else { return }
        let bias = b.withUnsafeBufferPointer { $0[0] }
        for r in 0..<rows { scores[r] += bias }
    }

    /// The backward chain from seeds `σ` (one per row of `0..<rows`): `E_L = σ wᵀ`, `G_i = S_i ⊙ E_i`,
    /// `E_{i-1} = G_i W_i`, leaving `G_i` in ``deltas``; writes the first `width` columns of `E_0` for rows
    /// `firstRow..<rows` (the input gradient) to `inputGradient`, `width` apart.
    private func backpropagate(rows: Int, seeds: UnsafePointer<Float>, firstRow: Int,
                               into inputGradient: UnsafeMutablePointer<Float>, width: Int) {
        let L = hiddenLayers.count, n = widths
        outputLayer.weight.withUnsafeBufferPointer { wp in
            let w = wp.baseAddress!
            if L == 0 {
                for r in firstRow..<rows {
                    let e = inputGradient + (r - firstRow) * width
                    for c in 0..<width { e[c] = seeds[r] * w[c] }
                }
                return
            }
            let top = n[L], g = deltas[L - 1], s = derivatives[L - 1]
            for r in 0..<rows {
                let sigma = seeds[r]
                for c in 0..<top { g[r * top + c] = s[r * top + c] * (sigma * w[c]) }
            }
        }
        guard L > 0 else { return }
        for i in stride(from: L - 1, through: 1, by: -1) {
            let below = deltas[i - 1], s = derivatives[i - 1], count = rows * n[i]
            hiddenLayers[i].linear.weight.withUnsafeBufferPointer { w in
                sgemm(false, false, rows, n[i], n[i + 1], deltas[i], n[i + 1], w.baseAddress!, n[i], below, n[i],
                      weight: hiddenLayers[i].linear.weight)
            }
            for k in 0..<count { below[k] *= s[k] }
        }
        hiddenLayers[0].linear.weight.withUnsafeBufferPointer { w in
            sgemm(false, false, rows - firstRow, width, n[1], deltas[0] + firstRow * n[1], n[1], w.baseAddress!, n[0],
                  inputGradient, width, weight: hiddenLayers[0].linear.weight)
        }
    }
}

/// `c = op(a) op(b)` (row-major, `m × n`, inner dimension `k`): SynthNN's `Kernels.gemm` in positional form;
/// `weight`: the layer weight `b` points into (its bf16 image is reused by bf16 products).
private func sgemm(_ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<Float>, _ lda: Int,
                   _ b: UnsafePointer<Float>, _ ldb: Int, _ c: UnsafeMutablePointer<Float>, _ ldc: Int,
                   weight: Tensor? = nil) {
    Kernels.gemm(m: m, n: n, k: k, a, lda: lda, transposeA: transA, b, ldb: ldb, transposeB: transB, into: c, ldc: ldc,
                 beta: 0, bParameter: weight)
}
