import Foundation
import Testing
import SynthMath
import SynthNN
import SynthTable
@testable import Synthesizers
import SynthTestSupport

/// TVAE's loss as it was written before the fused operations, from recorded elementary SynthNN operations:
/// the reference the fused ``ReconstructionLoss`` and ``Reparameterization`` must reproduce.
enum ComposedTVAELoss {
    /// Learned sigma (CTGAN's `tvae.py`): `Σ (x - tanh o)² / (2σ²) + m Σ log σ` on the scalars,
    /// cross-entropy on the spans, times `lossFactor / m`.
    static func learnedSigma(head: OutputHead, logits out: Tensor, sigma: Tensor, real: Tensor, targets: [Int32],
                             lossFactor: Float) -> Tensor {
        let m = out.rows, w = head.width
        let real = real.cols == w ? real : real.gatherColumns([0..<w])
        var parts: [Tensor] = []
        if !head.scalarSpans.isEmpty {
            let s = sigma.gatherColumns(head.scalarSpans)
            let residual = real.gatherColumns(head.scalarSpans) - tanh(out.gatherColumns(head.scalarSpans))
            parts.append((residual.square() / (s.square() * 2)).sum())
            parts.append(s.log().sum() * Float(m))
        }
        if !head.oneHotSpans.isEmpty {
            parts.append(crossEntropy(logits: out, spans: head.oneHotSpans,
                                      targets: Array(targets[0..<(m * head.oneHotSpans.count)]).map(Int.init),
                                      reduction: .sum))
        }
        return parts.dropFirst().reduce(parts[0], +) * (lossFactor / Float(m))
    }

    /// Fixed sigma (SynthCity): through the output head, `50 Σ (a - x)²` on the scalars, `Σ -log(a + 1e-8)`
    /// at the true classes, times `lossFactor / m`; and the head's output.
    static func fixedSigma(head: OutputHead, logits out: Tensor, real: Tensor, targets: [Int32], lossFactor: Float,
                           rng: inout RandomStream) -> (loss: Tensor, activated: Tensor) {
        let m = out.rows, w = head.width
        let real = real.cols == w ? real : real.gatherColumns([0..<w])
        let activated = head(out, rng: &rng)
        var parts: [Tensor] = []
        if !head.scalarSpans.isEmpty {
            parts.append((activated.gatherColumns(head.scalarSpans) - real.gatherColumns(head.scalarSpans)).square().sum() * 50)
        }
        if !head.oneHotSpans.isEmpty {
            let p = activated.gatherColumns(head.oneHotSpans)
            parts.append(nllLoss(logProbabilities: (p + 1e-8).log(), spans: head.packedOneHotSpans,
                                 targets: Array(targets[0..<(m * head.oneHotSpans.count)]).map(Int.init),
                                 reduction: .sum))
        }
        return (parts.dropFirst().reduce(parts[0], +) * (lossFactor / Float(m)), activated)
    }

    /// `z = ε exp(log σ² / 2) + μ` (ε from `Tensor.normal`), the decoder input `[z, c]`, and `KL / m`.
    static func reparameterize(mu: Tensor, logVariance: Tensor, conditions: Tensor?, conditionOffset: Int,
                               conditionWidth: Int, rng: inout RandomStream) -> (decoderInput: Tensor, kl: Tensor) {
        let eps = Tensor.normal(mu.shape, rng: &rng)
        let z = eps * (logVariance * 0.5).exp() + mu
        let input = conditionWidth > 0
            ? concatColumns([z, conditions!.gatherColumns([conditionOffset..<(conditionOffset + conditionWidth)])]) : z
        return (input, gaussianKL(mean: mu, logVariance: logVariance) * (1 / Float(mu.rows)))
    }

    /// The whole batch loss of ``TabularVAE/loss(_:_:rows:_:klWeight:rng:)`` from the composed parts.
    static func step(_ model: TabularVAE, _ values: UnsafeBufferPointer<Float>, _ classTargets: [Int32], rows m: Int,
                     _ batch: inout TabularVAE.Batch, klWeight: Float, rng: inout RandomStream) -> Tensor {
        let w = model.layout.width, cw = model.sampler == nil ? 0 : model.conditionWidth
        let x = model.encoderInput(values, rows: m, batch)
        model.gatherTargets(classTargets, rows: m, &batch)
        let h = model.encoderBody(x, rng: &rng)
        let mu = model.muLayer(h), logVar = model.logVarLayer(h)
        let (input, kl) = reparameterize(mu: mu, logVariance: logVar, conditions: x, conditionOffset: w,
                                         conditionWidth: cw, rng: &rng)
        let out = model.decoder(input, rng: &rng)
        let factor = Float(model.configuration.lossFactor)
        var loss: Tensor
        switch model.configuration.reconstruction {
        case .learnedSigma:
            loss = learnedSigma(head: model.head, logits: out, sigma: model.sigma!, real: x, targets: batch.targets,
                                lossFactor: factor)
        case .fixedSigma:
            let (r, activated) = fixedSigma(head: model.head, logits: out, real: x, targets: batch.targets,
                                            lossFactor: factor, rng: &rng)
            loss = r
            if let sampler = model.sampler, cw > 0 {
                loss = loss + batch.conditionalLoss(logits: out, activated: activated, sampler: sampler,
                                                    columns: batch.columns, categories: batch.categories)
            }
        }
        return loss + kl * klWeight
    }
}

@Suite struct TVAELossTests {
    /// Float32 kernels against the same formula in other operation orders: a few units in the last place
    /// per step, compared with the larger of the value and the tensor's typical size.
    static let tolerance: Float = 2e-5

    /// A layout with every kind of span: scalars, mode one-hots, discrete one-hots (one of width 1).
    static let layout = TabularLayout(columnNames: ["a", "b", "c", "d"], spans: [
        .init(start: 0, width: 1, kind: .continuousValue, column: 0), .init(start: 1, width: 3, kind: .mode, column: 0),
        .init(start: 4, width: 5, kind: .discrete, column: 1),
        .init(start: 9, width: 1, kind: .continuousValue, column: 2), .init(start: 10, width: 2, kind: .mode, column: 2),
        .init(start: 12, width: 1, kind: .discrete, column: 3)])

    /// Random inputs: logits, real rows (scalars in (-1, 1), exact one-hots at the targets) with `extra`
    /// condition columns after them, and the targets.
    static func inputs(rows m: Int, extra: Int, seed: UInt64) -> (logits: Tensor, real: Tensor, targets: [Int32]) {
        var rng = RandomStream(seed: seed)
        let head = OutputHead(layout: layout, scalarActivation: .tanh)
        let w = head.width, stride = w + extra
        let logits = Tensor.uniform(.matrix(m, w), low: -3, high: 3, rng: &rng)
        var real = [Float](repeating: 0, count: m * stride), targets: [Int32] = []
        for r in 0..<m {
            for s in head.scalarSpans { real[r * stride + s.lowerBound] = Float(rng.uniform(-0.99, 0.99)) }
            for s in head.oneHotSpans {
                let t = rng.nextInt(below: s.count)
                targets.append(Int32(t))
                real[r * stride + s.lowerBound + t] = 1
            }
            for c in 0..<extra { real[r * stride + w + c] = Float(rng.nextDouble()) }
        }
        return (logits, Tensor(real, shape: .matrix(m, stride)), targets)
    }

    /// Expects `a` and `b` elementwise within `tolerance * max(|b|, rms(b))` (``expectClose`` with the
    /// root mean square of `b` as the floor).
    static func expectClose(_ a: Tensor?, _ b: Tensor?, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let a, let b else { Issue.record("\(what): missing gradient", sourceLocation: sourceLocation); return }
        let y = b.toArray()
        let rms = (y.reduce(Float(0)) { $0 + $1 * $1 } / Float(max(y.count, 1))).squareRoot()
        SynthTestSupport.expectClose(a.toArray(), y, relative: tolerance, floor: max(rms, 1e-30), what,
                                     sourceLocation: sourceLocation)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func learnedSigmaMatchesComposed(seed: UInt64) {
        let head = OutputHead(layout: Self.layout, scalarActivation: .tanh)
        let loss = ReconstructionLoss(head: head)
        let (logits, real, targets) = Self.inputs(rows: 37, extra: 4, seed: seed)
        var rng = RandomStream(seed: seed &+ 100)
        let sigma = Tensor.uniform(.matrix(1, head.width), low: 0.01, high: 1, rng: &rng)
        logits.requiresGrad = true; sigma.requiresGrad = true
        // Seed 3 through a factor, so the fused gradient is scaled rather than passed on as kept.
        let factor: Float = seed == 3 ? 0.37 : 1
        let fused = loss.learnedSigma(logits: logits, sigma: sigma, real: real, targets: targets, lossFactor: 2)
        let composed = ComposedTVAELoss.learnedSigma(head: head, logits: logits, sigma: sigma, real: real,
                                                     targets: targets, lossFactor: 2)
        #expect(abs(fused.item - composed.item) <= Self.tolerance * abs(composed.item), "\(fused.item) vs \(composed.item)")
        let g = gradients(of: fused * factor, withRespectTo: [logits, sigma])
        let e = gradients(of: composed * factor, withRespectTo: [logits, sigma])
        Self.expectClose(g[0], e[0], "d/dlogits")
        Self.expectClose(g[1], e[1], "d/dsigma")
        // A second pass through the same graph gives the same gradients (the kept buffer is not consumed).
        let again = gradients(of: fused * factor, withRespectTo: [logits, sigma])
        #expect(again[0].toArray() == g[0].toArray() && again[1].toArray() == g[1].toArray())
        // Without recording, the same value and no graph.
        let plain = noGrad { loss.learnedSigma(logits: logits, sigma: sigma, real: real, targets: targets, lossFactor: 2) }
        #expect(plain.item == fused.item && !plain.requiresGrad)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func fixedSigmaMatchesComposed(seed: UInt64) {
        let head = OutputHead(layout: Self.layout, scalarActivation: .tanh)
        let loss = ReconstructionLoss(head: head)
        let (logits, real, targets) = Self.inputs(rows: 41, extra: seed == 2 ? 0 : 3, seed: seed)
        logits.requiresGrad = true
        var rngA = RandomStream(seed: seed &+ 200), rngB = rngA
        let fused = loss.fixedSigma(logits: logits, real: real, targets: targets, lossFactor: 1, rng: &rngA)
        let composed = ComposedTVAELoss.fixedSigma(head: head, logits: logits, real: real, targets: targets,
                                                   lossFactor: 1, rng: &rngB)
        // The same Gumbel draws in the same order: the head outputs agree and the streams end in step.
        #expect(rngA.next() == rngB.next())
        Self.expectClose(fused.activated, composed.activated, "activated")
        #expect(abs(fused.loss.item - composed.loss.item) <= Self.tolerance * abs(composed.loss.item),
                "\(fused.loss.item) vs \(composed.loss.item)")
        // Gradients of the loss alone, and of the loss plus a weighted sum of the head's output (the path the
        // conditional loss takes).
        let weights = Tensor.uniform(logits.shape, low: -1, high: 1, rng: &rngA)
        let g = gradients(of: fused.loss, withRespectTo: [logits])[0]
        let e = gradients(of: composed.loss, withRespectTo: [logits])[0]
        Self.expectClose(g, e, "d loss/dlogits")
        let gh = gradients(of: fused.loss * 0.5 + (fused.activated * weights).sum(), withRespectTo: [logits])[0]
        let eh = gradients(of: composed.loss * 0.5 + (composed.activated * weights).sum(), withRespectTo: [logits])[0]
        Self.expectClose(gh, eh, "d (loss + head)/dlogits")
    }

    @Test(arguments: [1, 2] as [UInt64])
    func reparameterizationMatchesComposed(seed: UInt64) {
        var rng = RandomStream(seed: seed)
        let m = 23, e = 6, offset = 4, cw = seed == 1 ? 5 : 0
        let mu = Tensor.uniform(.matrix(m, e), low: -2, high: 2, rng: &rng)
        let logVariance = Tensor.uniform(.matrix(m, e), low: -3, high: 1.5, rng: &rng)
        let conditions = Tensor.uniform(.matrix(m, offset + cw + 2), low: 0, high: 1, rng: &rng)
        mu.requiresGrad = true; logVariance.requiresGrad = true
        let weights = Tensor.uniform(.matrix(m, e + cw), low: -1, high: 1, rng: &rng)
        var rngA = RandomStream(seed: seed &+ 300), rngB = rngA
        let fused = Reparameterization.sample(mu: mu, logVariance: logVariance, conditions: conditions,
                                              conditionOffset: offset, conditionWidth: cw, rng: &rngA)
        let composed = ComposedTVAELoss.reparameterize(mu: mu, logVariance: logVariance, conditions: conditions,
                                                       conditionOffset: offset, conditionWidth: cw, rng: &rngB)
        #expect(rngA.next() == rngB.next())
        #expect(fused.decoderInput.toArray() == composed.decoderInput.toArray())
        #expect(abs(fused.kl.item - composed.kl.item) <= Self.tolerance * abs(composed.kl.item),
                "\(fused.kl.item) vs \(composed.kl.item)")
        // Each output's gradients on their own (the KL's are small beside the decoder input's), then together.
        let objectives: [(String, ((decoderInput: Tensor, kl: Tensor)) -> Tensor)] = [
            ("z", { ($0.decoderInput * weights).sum() }), ("KL", { $0.kl * 0.7 }),
            ("z + KL", { ($0.decoderInput * weights).sum() + $0.kl }),
        ]
        for (name, objective) in objectives {
            let g = gradients(of: objective(fused), withRespectTo: [mu, logVariance])
            let r = gradients(of: objective(composed), withRespectTo: [mu, logVariance])
            Self.expectClose(g[0], r[0], "d \(name)/dmu")
            Self.expectClose(g[1], r[1], "d \(name)/dlogvar")
        }
    }

    /// The fused operations' outputs (and so their graphs) are freed once the caller lets go of them: no
    /// backward closure holds its own output.
    @Test func fusedGraphsAreReleased() {
        let head = OutputHead(layout: Self.layout, scalarActivation: .tanh)
        let loss = ReconstructionLoss(head: head)
        weak var learned: Tensor?, fixed: Tensor?, activated: Tensor?, decoderInput: Tensor?, kl: Tensor?
        do {
            let (logits, real, targets) = Self.inputs(rows: 9, extra: 2, seed: 4)
            logits.requiresGrad = true
            let sigma = Tensor(repeating: 0.5, shape: .matrix(1, head.width))
            sigma.requiresGrad = true
            var rng = RandomStream(seed: 5)
            let l = loss.learnedSigma(logits: logits, sigma: sigma, real: real, targets: targets, lossFactor: 2)
            let f = loss.fixedSigma(logits: logits, real: real, targets: targets, lossFactor: 1, rng: &rng)
            let r = Reparameterization.sample(mu: logits, logVariance: logits * 0.1, conditions: real, conditionOffset: 13,
                                              conditionWidth: 2, rng: &rng)
            (l + f.loss + f.activated.sum() + r.decoderInput.sum() + r.kl).backward()
            learned = l; fixed = f.loss; activated = f.activated; decoderInput = r.decoderInput; kl = r.kl
            #expect(learned != nil && activated != nil)
        }
        #expect(learned == nil && fixed == nil && activated == nil && decoderInput == nil && kl == nil)
    }

    /// A whole training step, fused against composed: the same loss and the same gradient for every
    /// parameter, in both flavours (SynthCity's with dropout, conditions and the conditional loss).
    @Test(arguments: [Backend.sdv, .synthcity])
    func stepMatchesComposed(backend: Backend) throws {
        let table = NeuralFixtures.table(rows: 300)
        let c = NeuralFixtures.smallTVAE(backend, epochs: 0)
        let encoding = try NeuralEncoding(table: table, metadata: NeuralFixtures.metadata(table), backend: backend,
                                          maxClusters: 10, stream: RandomStream(seed: 1))
        var rng = RandomStream(seed: 2)
        let model = TabularVAE(configuration: c, layout: encoding.transformer.layout, rng: &rng)
        try model.train(on: encoding.encoded, context: SynthesisContext(seed: 3), rng: &rng)
        #expect((model.sampler != nil) == (backend == .synthcity))
        #expect(model.oneHotInput, "the fused step reads the encoder input as one-hot blocks; the composed one densely")
        let data = encoding.encoded, w = model.layout.width, m = c.batchSize - 7
        let classTargets = TabularVAE.classTargets(data.values, rows: data.rowCount, width: w, spans: model.oneHotSpans)
        var batch = TabularVAE.Batch(size: m, oneHotSpans: model.oneHotSpans.count,
                                     discreteColumns: model.sampler?.columnCount ?? 0)
        var draw = RandomStream(seed: 4)
        if let sampler = model.sampler {
            sampler.drawTraining(batch: m, columns: &batch.columns, categories: &batch.categories, realRows: &batch.rows,
                                 rng: &draw)
        } else {
            for i in 0..<m { batch.rows[i] = Int32(draw.nextInt(below: data.rowCount)) }
        }
        let parameters = model.parameters
        func gradientsAfter(_ loss: Tensor) -> [[Float]] {
            for p in parameters { p.zeroGrad() }
            loss.backward()
            return parameters.map { $0.grad?.toArray() ?? [] }
        }
        let (fusedLoss, composedLoss, fused, composed) = data.values.withUnsafeBufferPointer { values in
            var rngA = RandomStream(seed: 5), rngB = rngA
            let f = model.loss(values, classTargets, rows: m, &batch, klWeight: 0.8, rng: &rngA).0
            let fg = gradientsAfter(f)
            let r = ComposedTVAELoss.step(model, values, classTargets, rows: m, &batch, klWeight: 0.8, rng: &rngB)
            let rg = gradientsAfter(r)
            #expect(rngA.next() == rngB.next())
            return (f.item, r.item, fg, rg)
        }
        #expect(abs(fusedLoss - composedLoss) <= Self.tolerance * abs(composedLoss), "\(fusedLoss) vs \(composedLoss)")
        #expect(fused.count == composed.count)
        for (k, (a, b)) in zip(fused, composed).enumerated() {
            Self.expectClose(Tensor(a, shape: .vector(a.count)), Tensor(b, shape: .vector(b.count)), "parameter \(k)")
        }
    }

    /// Only exact one-hots are read as one-hot blocks; anything else keeps the dense product.
    @Test func oneHotInputNeedsExactOneHots() {
        let spans = [1..<4, 4..<6]
        let exact: [Float] = [0.3, 0, 1, 0, 1, 0, -0.2, 1, 0, 0, 0, 1]
        let targets: [Int32] = [1, 0, 0, 1]
        #expect(TabularVAE.spansAreOneHot(exact, targets, rows: 2, width: 6, spans: spans))
        var soft = exact; soft[3] = 0.5
        #expect(!TabularVAE.spansAreOneHot(soft, targets, rows: 2, width: 6, spans: spans))
        #expect(!TabularVAE.spansAreOneHot(exact, [1, 1, 0, 1], rows: 2, width: 6, spans: spans))
    }
}
