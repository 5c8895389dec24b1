import SynthMath

/// DP-SGD as Opacus does it (`GradSampleModule` + `DPOptimizer`), for models whose trainable parameters all
/// live in ``Linear`` layers (Opacus rejects BatchNorm too; activations and dropout need no special care
/// because samples stay independent through them).
///
/// One step:
/// 1. Inside ``capturing(_:)`` the caller runs the forward pass and `backward()`; each Linear records its
///    input `x` and output gradient `Gz` instead of summing weight gradients.
/// 2. ``privatizeGradients(rng:)`` forms the per-sample gradient norms from those factors
///    (`||Gz_i ⊗ x_i||² = ||Gz_i||² ||x_i||²` for a layer applied once; cross terms when applied several
///    times), clips each sample by `c_i = min(C / (norm_i + 1e-6), 1)`, sums the clipped gradients with one
///    sgemm per layer (`Σ_i c_i Gz_i ⊗ x_i = (c ⊙ Gz)ᵀ x`), adds Gaussian noise of standard deviation
///    `noiseMultiplier * C` to every coordinate, and divides by the expected batch size (mean reduction).
///    The result replaces each parameter's `.grad`, as Opacus overwrites `p.grad`.
///
/// With `lossReduction = .mean` the loss is a mean over the batch, so each captured `Gz` row is scaled by
/// the batch size to give the gradient of that sample's own loss (Opacus's `loss_reduction="mean"`).
public final class DPSGD {
    public let layers: [Linear]
    public let noiseMultiplier: Double
    public let maxGradientNorm: Float
    /// The divisor of the noised sum: `sampleRate * datasetSize` for Poisson sampling, the batch size for
    /// shuffled batches.
    public var expectedBatchSize: Int
    public let lossReduction: LossReduction
    public let recorder = PerSampleGradientRecorder()

    /// The outcome of one privatised step.
    public struct StepReport: Sendable {
        /// Samples in the batch.
        public let batchSize: Int
        /// Each sample's gradient norm before clipping.
        public let perSampleNorms: [Float]
        /// Each sample's clip factor `min(C / (norm + 1e-6), 1)`.
        public let clipFactors: [Float]
    }

    /// Attaches DP-SGD to every Linear in `module`.
    ///
    /// - Throws: ``PrivacyError`` when a parameter lies outside a Linear layer or a setting is invalid.
    public init(module: Module, noiseMultiplier: Double, maxGradientNorm: Float, expectedBatchSize: Int,
                lossReduction: LossReduction = .mean) throws {
        guard noiseMultiplier >= 0, noiseMultiplier.isFinite else {
            throw PrivacyError.invalidParameter(name: "noiseMultiplier", value: noiseMultiplier, requirement: ">= 0 and finite")
        }
        guard maxGradientNorm > 0, maxGradientNorm.isFinite else {
            throw PrivacyError.invalidParameter(name: "maxGradientNorm", value: Double(maxGradientNorm), requirement: "> 0")
        }
        guard expectedBatchSize > 0 else {
            throw PrivacyError.invalidParameter(name: "expectedBatchSize", value: Double(expectedBatchSize), requirement: "> 0")
        }
        guard lossReduction != .none else {
            throw PrivacyError.invalidParameter(name: "lossReduction", value: 0, requirement: "mean or sum")
        }
        var found: [Linear] = []
        var seen = Set<ObjectIdentifier>()
        func visit(_ m: Module) {
            if let l = m as? Linear, seen.insert(ObjectIdentifier(l)).inserted { found.append(l) }
            for c in m.children { visit(c) }
        }
        visit(module)
        var covered = Set<ObjectIdentifier>()
        for l in found { for p in l.ownParameters { covered.insert(ObjectIdentifier(p)) } }
        let uncovered = module.parameters().filter { !covered.contains(ObjectIdentifier($0)) }
        if !uncovered.isEmpty {
            throw PrivacyError.unsupportedParameters(
                "\(uncovered.count) trainable tensor(s) (shapes \(uncovered.map { $0.shape.description }.joined(separator: ", "))) "
                    + "are not in Linear layers; per-sample gradients are implemented for Linear only")
        }
        layers = found
        self.noiseMultiplier = noiseMultiplier
        self.maxGradientNorm = maxGradientNorm
        self.expectedBatchSize = expectedBatchSize
        self.lossReduction = lossReduction
        for l in found { l.recorder = recorder }
    }

    /// Detaches from the layers (their backward passes sum gradients normally again).
    public func detach() { for l in layers where l.recorder === recorder { l.recorder = nil } }

    /// Runs `body` (forward and `backward()` of the per-sample loss) with per-sample capture on.
    public func capturing<R>(_ body: () throws -> R) rethrows -> R {
        recorder.clear()
        recorder.isRecording = true
        defer { recorder.isRecording = false }
        return try body()
    }

    /// The number of samples in the captured batch (0 for an empty Poisson batch with nothing captured).
    private func capturedBatchSize() -> Int {
        var size: Int?
        for l in layers {
            for c in recorder.captures(for: l.weight) {
                precondition(size == nil || size == c.input.rows,
                             "captured batches differ in size (\(size ?? 0) vs \(c.input.rows))")
                size = c.input.rows
            }
        }
        return size ?? 0
    }

    /// The factor turning captured output gradients into per-sample loss gradients.
    private func sampleScale(_ batch: Int) -> Float { lossReduction == .mean ? Float(batch) : 1 }

    /// Each sample's gradient norm over all parameters jointly, from the captured factors.
    public func perSampleNorms() -> [Float] {
        let batch = capturedBatchSize()
        var squares = [Double](repeating: 0, count: batch)
        let s = Double(sampleScale(batch))
        for l in layers {
            let caps = recorder.captures(for: l.weight)
            let hasBias = l.bias != nil
            for i in 0..<batch {
                var total: Double = 0
                for k in caps.indices {
                    for m in caps.indices {
                        let gg = rowDot(caps[k].outputGradient, caps[m].outputGradient, i)
                        let xx = rowDot(caps[k].input, caps[m].input, i)
                        total += gg * xx + (hasBias ? gg : 0)
                    }
                }
                squares[i] += s * s * total
            }
        }
        return squares.map { Float($0.squareRoot()) }
    }

    private func rowDot(_ a: Tensor, _ b: Tensor, _ row: Int) -> Double {
        let pa = a.pointer + row * a.cols, pb = b.pointer + row * b.cols
        var acc: Double = 0
        for j in 0..<a.cols { acc += Double(pa[j]) * Double(pb[j]) }
        return acc
    }

    /// The unclipped per-sample gradients of one layer, materialised (`batch` weight matrices and bias
    /// vectors): for inspection and tests on small layers.
    public func perSampleGradients(of layer: Linear) -> [(weight: Tensor, bias: Tensor?)] {
        let batch = capturedBatchSize()
        let s = sampleScale(batch)
        let caps = recorder.captures(for: layer.weight)
        return (0..<batch).map { i in
            let w = Tensor.zeros(layer.weight.shape)
            let b = layer.bias.map { Tensor.zeros($0.shape) }
            for c in caps {
                let g = c.outputGradient.pointer + i * c.outputGradient.cols
                let x = c.input.pointer + i * c.input.cols
                for o in 0..<layer.outputDimensions {
                    for j in 0..<layer.inputDimensions { w.pointer[o * layer.inputDimensions + j] += s * g[o] * x[j] }
                    b?.pointer[o] += s * g[o]
                }
            }
            return (w, b)
        }
    }

    /// Clips, sums, noises and scales the captured per-sample gradients into each parameter's `.grad`,
    /// then clears the captures. Noise is drawn from `rng` parameter by parameter in layer order (weight,
    /// then bias), row-major.
    @discardableResult
    public func privatizeGradients(rng: inout RandomStream) -> StepReport {
        let batch = capturedBatchSize()
        let norms = perSampleNorms()
        let c = maxGradientNorm
        let factors = norms.map { Swift.min(c / ($0 + 1e-6), 1) }
        let s = sampleScale(batch)
        let rowScale = Tensor(factors.map { $0 * s }, shape: .matrix(batch, 1))
        let noiseStd = Float(noiseMultiplier) * c
        let divisor: Float = lossReduction == .mean ? Float(expectedBatchSize) : 1
        noGrad {
            for l in layers {
                let caps = recorder.captures(for: l.weight)
                let (wg, _) = l.weight.gradientBuffer()
                let bg = l.bias.map { $0.gradientBuffer().buffer }
                if caps.isEmpty {
                    wg.pointer.update(repeating: 0, count: wg.count)
                    if let bg { bg.pointer.update(repeating: 0, count: bg.count) }
                }
                for (k, cap) in caps.enumerated() {
                    let scaled = cap.outputGradient * rowScale
                    Kernels.gemm(scaled, transposeA: true, cap.input, transposeB: false, into: wg.pointer,
                                 beta: k == 0 ? 0 : 1)
                    if let bg {
                        Kernels.columnSums(scaled.pointer, rows: scaled.rows, cols: scaled.cols, into: bg.pointer,
                                           accumulate: k > 0)
                    }
                }
                for g in [wg] + (bg.map { [$0] } ?? []) {
                    let p = g.pointer
                    let noise = Tensor.normal(g.shape, std: noiseStd, rng: &rng)
                    Vectorized.map(p, noise.pointer, p, g.count) { ($0 + $1) / divisor }
                }
            }
        }
        recorder.clear()
        return StepReport(batchSize: batch, perSampleNorms: norms, clipFactors: factors)
    }
}
