import Foundation
import SynthMath
import SynthNN

/// The tabular variational autoencoder of TVAE (Xu et al. 2019) that both flavours train, differing only
/// in their ``TVAEConfiguration``.
///
/// Per step on a batch of `m` encoded rows `x` (and, when conditional, their aligned conditions `c`):
/// `(mu, logvar) = E([x, c])`, `z = mu + eps * exp(logvar / 2)`, `x̂ = D([z, c])`, loss = reconstruction
/// (see ``TVAEConfiguration/Reconstruction``) + `KL(N(mu, exp logvar) || N(0, I)) / m` (times the
/// annealed weight) + the conditional loss when conditional.
/// Sampling decodes `z ~ N(0, I)` batch by batch: `tanh` of every output with the learned sigmas handed to
/// the transformer's inverse (TVAE), or the output head (SynthCity).
public final class TabularVAE {
    public let configuration: TVAEConfiguration
    public let layout: TabularLayout
    let encoderBody: Sequential
    let muLayer: Linear
    let logVarLayer: Linear
    let decoder: Sequential
    /// TVAE's learned per-column sigma, `1 x width` (only the continuous scalars' entries are used); nil for
    /// the fixed-sigma reconstruction.
    let sigma: Tensor?
    let head: OutputHead
    let oneHotSpans: [Range<Int>]
    let reconstructionLoss: ReconstructionLoss
    public private(set) var sampler: ConditionSampler?
    public private(set) var history = TrainingHistory()
    /// Set for a federated client (``FederatedAveraging``): each training run is one round. Nil: centralised.
    public var federationPlan: FederationPlan?
    /// Whether every one-hot span of the training rows holds exactly one 1 (checked by `train`): the encoder
    /// then reads those spans as one-hot column blocks (a gather of weight columns) instead of multiplying
    /// their zeros, which is about 90 % of the first layer's work on adult.
    private(set) var oneHotInput = false

    var conditionWidth: Int { configuration.conditional ? layout.conditionWidth : 0 }

    /// Builds the encoder and decoder for `layout`; weights draw from `rng` (encoder first).
    public init(configuration: TVAEConfiguration, layout: TabularLayout, rng: inout RandomStream) {
        self.configuration = configuration
        self.layout = layout
        let cw = configuration.conditional ? layout.conditionWidth : 0
        let e = configuration.embeddingDimension, w = layout.width
        switch configuration.architecture {
        case .ctgan(let compress, let decompress):
            encoderBody = NetworkFactory.plainMLP(input: w + cw, hidden: compress, output: nil, activation: .relu, rng: &rng)
            let top = compress.last ?? (w + cw)
            muLayer = Linear(top, e, rng: &rng)
            logVarLayer = Linear(top, e, rng: &rng)
            decoder = NetworkFactory.plainMLP(input: e + cw, hidden: decompress, output: w, activation: .relu, rng: &rng)
        case .synthcity(let eLayers, let eUnits, let eAct, let eDrop, let dLayers, let dUnits, let dAct, let dDrop):
            encoderBody = NetworkFactory.synthcityMLP(input: w + cw, output: eUnits, layers: eLayers - 1, units: eUnits,
                                                      activation: eAct, dropout: eDrop, residual: false, rng: &rng)
            muLayer = Linear(eUnits, e, rng: &rng)
            logVarLayer = Linear(eUnits, e, rng: &rng)
            decoder = NetworkFactory.synthcityMLP(input: e + cw, output: w, layers: dLayers, units: dUnits,
                                                  activation: dAct, dropout: dDrop, residual: true, rng: &rng)
        }
        head = OutputHead(layout: layout, scalarActivation: .tanh)
        oneHotSpans = head.oneHotSpans
        reconstructionLoss = ReconstructionLoss(head: head)
        if configuration.reconstruction == .learnedSigma {
            let s = Tensor(repeating: 0.1, shape: .matrix(1, w))
            s.requiresGrad = true
            sigma = s
        } else {
            sigma = nil
        }
    }

    var parameters: [Tensor] {
        encoderBody.parameters() + muLayer.parameters() + logVarLayer.parameters() + decoder.parameters()
            + (sigma.map { [$0] } ?? [])
    }

    var modules: [Module] { [encoderBody, muLayer, logVarLayer, decoder] }

    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    // MARK: Training

    /// Reusable per-step buffers.
    struct Batch {
        var rows: [Int32]
        var columns: [Int32]
        var categories: [Int32]
        var targets: [Int32]
        var conditionalLoss: ConditionalLoss

        init(size: Int, oneHotSpans: Int, discreteColumns: Int) {
            rows = Array(repeating: 0, count: size)
            columns = Array(repeating: 0, count: size)
            categories = Array(repeating: 0, count: size)
            targets = Array(repeating: 0, count: size * oneHotSpans)
            conditionalLoss = ConditionalLoss(kind: .negativeLogLikelihoodOfActivated, batch: size, spans: discreteColumns)
        }
    }

    /// Trains on an encoded table, checking for cancellation every step and reporting every epoch's mean
    /// losses (`total`, `reconstruction`, `kl`) to the progress sink.
    ///
    /// Runs under flush-to-zero and denormals-are-zero (``SubnormalFlush``), as the GANs do: encoder weights
    /// that get no gradient (a dead unit's, or between an input and a unit never active on the same row) park
    /// at about 1e-38 under the L2 term, and their products with values below 1 are subnormals (assists). SDV's
    /// default 300 epochs on adult slowed from 0.30 to 3.5 CPU s an epoch unflushed (492 CPU s against 96 for
    /// the run; docs/privacy.md §4, "Subnormals in tvae"). A run in which no subnormal occurs is unchanged.
    public func train(on data: EncodedTable, context: SynthesisContext, rng: inout RandomStream) throws {
        try SubnormalFlush.run { try trainFlushed(on: data, context: context, rng: &rng) }
    }

    /// The training itself, in whatever floating-point mode the caller runs.
    func trainFlushed(on data: EncodedTable, context: SynthesisContext, rng: inout RandomStream) throws {
        let cfg = configuration, n = data.rowCount, w = layout.width
        precondition(data.width == w, "encoded width \(data.width) vs layout \(w)")
        let loop = EpochLoop(rowCount: n, epochs: federationPlan?.localEpochs(cfg.epochs) ?? cfg.epochs,
                             earlyStopping: cfg.earlyStopping,
                             lossNames: ["total", "reconstruction", "kl"], rng: rng)
        try prepareSampler(on: data, trainingRows: loop.split?.training)
        let classTargets = Self.classTargets(data.values, rows: n, width: w, spans: oneHotSpans)
        oneHotInput = Self.spansAreOneHot(data.values, classTargets, rows: n, width: w, spans: oneHotSpans)
        let parameters = self.parameters
        let optimizer: Adam = cfg.optimizer == .adamw
            ? AdamW(parameters, learningRate: cfg.learningRate, weightDecay: cfg.weightDecay)
            : Adam(parameters, learningRate: cfg.learningRate, weightDecay: cfg.weightDecay)
        let plateau = cfg.reduceLROnPlateauPatience.map { ReduceLROnPlateau(optimizer, patience: $0) }
        let annealing = cfg.klAnnealingEpochs > 0 ? KLAnnealing(start: 0, end: 1, warmupSteps: cfg.klAnnealingEpochs) : .constant
        let b = cfg.batchSize
        // SynthCity's sampler-driven DataLoader and TVAE's shuffled DataLoader both make ceil(rows / batch)
        // batches per epoch; TVAE's last batch is the remainder (drop_last=False).
        let steps = max((loop.trainingRows.count + b - 1) / b, 1)
        var batch = Batch(size: b, oneHotSpans: oneHotSpans.count, discreteColumns: sampler?.columnCount ?? 0)
        var order = loop.trainingRows
        var trainRNG = rng.derived("train")
        var checkRNG = rng.derived("early-stopping")
        var klWeight: Float = 0
        history = TrainingHistory()
        for m in modules { m.train() }
        history = try data.values.withUnsafeBufferPointer { values in
            try loop.run(
                stepsPerEpoch: steps, context: context,
                beginEpoch: { epoch in
                    klWeight = Float(annealing.weight(atStep: epoch))
                    if sampler == nil { trainRNG.shuffle(&order) }
                    return true
                },
                step: { epoch, step in
                    let m: Int
                    if let sampler {
                        m = b
                        sampler.drawTraining(batch: b, columns: &batch.columns, categories: &batch.categories,
                                             realRows: &batch.rows, rng: &trainRNG)
                    } else {
                        m = min(b, order.count - step * b)
                        for i in 0..<m { batch.rows[i] = Int32(order[step * b + i]) }
                    }
                    let (loss, reconstruction, kl) = self.loss(values, classTargets, rows: m, &batch, klWeight: klWeight,
                                                               rng: &trainRNG)
                    optimizer.zeroGrad()
                    loss.backward()
                    if let clip = cfg.gradientClipNorm { clipGradientNorm(parameters, maxNorm: clip) }
                    optimizer.step()
                    if let sigma {
                        sigma.withUnsafeMutableBufferPointer { p in for j in p.indices { p[j] = min(max(p[j], 0.01), 1) } }
                    }
                    let l = Double(loss.item)
                    guard l.isFinite else {
                        throw SynthesisError.numerical("TVAE loss became non-finite at epoch \(epoch + 1)")
                    }
                    return [l, reconstruction, kl]
                },
                endEpoch: { _, means in plateau?.step(means["total"]!) },
                score: { validationLoss(values, classTargets, rows: $0, rng: &checkRNG) },
                snapshot: { (modules: modules.map { $0.snapshot() }, sigma: sigma?.toArray()) },
                restore: { best in
                    for (m, s) in zip(modules, best.modules) { m.restore(s) }
                    if let bestSigma = best.sigma, let sigma { sigma.assign(bestSigma) }
                })
        }
    }

    /// The condition sampler over `data`'s category frequencies (restricted to `trainingRows` when given),
    /// when the model is conditional.
    public func prepareSampler(on data: EncodedTable, trainingRows: [Int]?) throws {
        guard configuration.conditional && layout.conditionWidth > 0 else { return }
        let s = ConditionSampler(encoded: data, frequency: .raw, generationRule: .columnThenCategory,
                                 trainingRows: trainingRows)
        guard s.isUsable else {
            throw SynthesisError.invalidData("a discrete column has no category with a training row; cannot condition on it")
        }
        sampler = s
    }

    /// The class index of every one-hot span in every row (`rows x spans`, row-major), first maximum on ties
    /// (`torch.argmax`; rows hold exact one-hots).
    static func classTargets(_ values: [Float], rows n: Int, width w: Int, spans: [Range<Int>]) -> [Int32] {
        var out = [Int32](repeating: 0, count: n * spans.count)
        values.withUnsafeBufferPointer { v in
            for r in 0..<n {
                let row = v.baseAddress! + r * w
                for (j, s) in spans.enumerated() {
                    var best = s.lowerBound
                    for c in s where row[c] > row[best] { best = c }
                    out[r * spans.count + j] = Int32(best - s.lowerBound)
                }
            }
        }
        return out
    }

    /// The batch loss for the rows in `batch.rows[0..<m]` (with their conditions when conditional), and its
    /// reconstruction and KL parts. The reparameterisation with the KL term and the reconstruction term are
    /// fused recorded operations (``Reparameterization``, ``ReconstructionLoss``).
    func loss(_ values: UnsafeBufferPointer<Float>, _ classTargets: [Int32], rows m: Int, _ batch: inout Batch,
              klWeight: Float, rng: inout RandomStream) -> (Tensor, Double, Double) {
        let w = layout.width, cw = sampler == nil ? 0 : conditionWidth
        let x = encoderInput(values, rows: m, batch)
        gatherTargets(classTargets, rows: m, &batch)
        let h = oneHotInput ? encoderBody(encoderBlocks(x, rows: m, batch), rng: &rng) : encoderBody(x, rng: &rng)
        let mu = muLayer(h), logVar = logVarLayer(h)
        let (decoderInput, kl) = Reparameterization.sample(mu: mu, logVariance: logVar, conditions: cw > 0 ? x : nil,
                                                           conditionOffset: w, conditionWidth: cw, rng: &rng)
        let out = decoder(decoderInput, rng: &rng)
        let factor = Float(configuration.lossFactor)
        let reconstruction: Tensor
        var conditional: Tensor? = nil
        switch configuration.reconstruction {
        case .learnedSigma:
            reconstruction = reconstructionLoss.learnedSigma(logits: out, sigma: sigma!, real: x, targets: batch.targets,
                                                             lossFactor: factor)
        case .fixedSigma:
            let (r, activated) = reconstructionLoss.fixedSigma(logits: out, real: x, targets: batch.targets,
                                                               lossFactor: factor, rng: &rng)
            reconstruction = r
            if let sampler, cw > 0 {
                conditional = batch.conditionalLoss(logits: out, activated: activated, sampler: sampler,
                                                    columns: batch.columns, categories: batch.categories)
            }
        }
        var loss = reconstruction + kl * klWeight
        if let conditional { loss = loss + conditional }
        return (loss, Double(reconstruction.item), Double(kl.item))
    }

    /// The encoder input `m x (width + conditionWidth)`: the batch's encoded rows, then (when conditional)
    /// the one-hot of each row's condition.
    func encoderInput(_ values: UnsafeBufferPointer<Float>, rows m: Int, _ batch: Batch) -> Tensor {
        let w = layout.width, cw = sampler == nil ? 0 : conditionWidth, stride = w + cw
        let x = Tensor.uninitialized(.matrix(m, stride))
        x.withUnsafeMutableBufferPointer { p in
            for i in 0..<m {
                let row = p.baseAddress! + i * stride
                row.update(from: values.baseAddress! + Int(batch.rows[i]) * w, count: w)
                if cw > 0 {
                    (row + w).update(repeating: 0, count: cw)
                    row[w + Int(batch.categories[i])] = 1
                }
            }
        }
        return x
    }

    /// The encoder input as column blocks in column order: each continuous scalar a dense `m x 1` block, each
    /// one-hot span (mode indicators, discrete columns) and the condition a ``OneHotColumns`` block. The
    /// product equals the dense one on `x` (the spans are exact one-hots, see `spansAreOneHot`).
    func encoderBlocks(_ x: Tensor, rows m: Int, _ batch: Batch) -> [ColumnBlock] {
        let stride = x.cols, w = layout.width, j = oneHotSpans.count
        var pieces: [(start: Int, block: ColumnBlock)] = []
        x.withUnsafeBufferPointer { src in
            for s in head.scalarSpans {
                let column = Tensor.uninitialized(.matrix(m, s.count))
                column.withUnsafeMutableBufferPointer { dst in
                    for i in 0..<m {
                        for c in s { dst[i * s.count + c - s.lowerBound] = src[i * stride + c] }
                    }
                }
                pieces.append((s.lowerBound, .dense(column)))
            }
        }
        for (k, s) in oneHotSpans.enumerated() {
            let indices = (0..<m).map { batch.targets[$0 * j + k] }
            pieces.append((s.lowerBound, .oneHot(OneHotColumns(indices: indices, width: s.count))))
        }
        pieces.sort { $0.start < $1.start }
        precondition(pieces.reduce(0) { $0 + $1.block.width } == w, "scalar and one-hot spans must cover the layout")
        var blocks = pieces.map(\.block)
        if stride > w {
            blocks.append(.oneHot(OneHotColumns(indices: Array(batch.categories[0..<m]), width: stride - w)))
        }
        return blocks
    }

    /// True when every span of every row holds its target class's 1 and zeros elsewhere.
    static func spansAreOneHot(_ values: [Float], _ targets: [Int32], rows n: Int, width w: Int,
                               spans: [Range<Int>]) -> Bool {
        guard !spans.isEmpty else { return false }
        return values.withUnsafeBufferPointer { v in
            for r in 0..<n {
                let row = v.baseAddress! + r * w
                for (k, s) in spans.enumerated() {
                    let hot = s.lowerBound + Int(targets[r * spans.count + k])
                    for c in s where row[c] != (c == hot ? 1 : 0) { return false }
                }
            }
            return true
        }
    }

    /// Copies the batch rows' class targets into `batch.targets[0..<(m * spans)]`.
    func gatherTargets(_ classTargets: [Int32], rows m: Int, _ batch: inout Batch) {
        let j = oneHotSpans.count
        guard j > 0 else { return }
        classTargets.withUnsafeBufferPointer { src in
            batch.targets.withUnsafeMutableBufferPointer { dst in
                for i in 0..<m {
                    (dst.baseAddress! + i * j).update(from: src.baseAddress! + Int(batch.rows[i]) * j, count: j)
                }
            }
        }
    }

    /// The mean per-row loss on held-out rows (evaluation mode, no gradients), in batches; each row's
    /// condition is its own category in a uniformly chosen discrete column.
    func validationLoss(_ values: UnsafeBufferPointer<Float>, _ classTargets: [Int32], rows: [Int],
                        rng: inout RandomStream) -> Double {
        let b = configuration.batchSize, w = layout.width
        for m in modules { m.eval() }
        defer { for m in modules { m.train() } }
        var batch = Batch(size: b, oneHotSpans: oneHotSpans.count, discreteColumns: sampler?.columnCount ?? 0)
        var total = 0.0
        var start = 0
        noGrad {
            while start < rows.count {
                let m = min(b, rows.count - start)
                if m < b { batch = Batch(size: m, oneHotSpans: oneHotSpans.count, discreteColumns: sampler?.columnCount ?? 0) }
                for i in 0..<m {
                    let r = rows[start + i]
                    batch.rows[i] = Int32(r)
                    if let sampler {
                        let k = rng.nextInt(below: sampler.columnCount)
                        let span = sampler.dataSpans[k]
                        var best = span.lowerBound
                        for c in span where values[r * w + c] > values[r * w + best] { best = c }
                        batch.columns[i] = Int32(k)
                        batch.categories[i] = Int32(sampler.conditionSpans[k].lowerBound + best - span.lowerBound)
                    }
                }
                let (loss, _, _) = self.loss(values, classTargets, rows: m, &batch, klWeight: 1, rng: &rng)
                total += Double(loss.item) * Double(m)
                start += m
            }
        }
        return total / Double(max(rows.count, 1))
    }

    // MARK: Sampling

    /// `count` decoded rows (row-major, layout width) from `count / batch + 1` batches of `batchSize`
    /// latent draws, and the sigmas TVAE hands to the transformer's inverse (nil for SynthCity).
    /// Runs under ``SubnormalFlush`` like the training: SynthCity's trained decoder keeps weights below 1e-30
    /// in its output layer.
    public func generate(count: Int, rng: inout RandomStream) -> (values: [Float], sigmas: [Float]?) {
        SubnormalFlush.run { sampleBatches(count: count, rng: &rng) }
    }

    /// The sampling itself, in whatever floating-point mode the caller runs.
    func sampleBatches(count: Int, rng: inout RandomStream) -> (values: [Float], sigmas: [Float]?) {
        let b = configuration.batchSize, w = layout.width, e = configuration.embeddingDimension
        let cw = sampler == nil ? 0 : conditionWidth
        var out = [Float](repeating: 0, count: count * w)
        var categories = [Int32](repeating: 0, count: b)
        var written = 0
        decoder.eval()
        defer { decoder.train() }
        noGrad {
            for _ in 0..<(count / b + 1) where written < count {
                let z = Tensor.normal(.matrix(b, e), rng: &rng)
                var input = z
                if let sampler, cw > 0 {
                    categories.withUnsafeMutableBufferPointer {
                        sampler.drawGeneration(batch: b, categories: $0.baseAddress!, rng: &rng)
                    }
                    let c = Tensor.zeros(.matrix(b, cw))
                    c.withUnsafeMutableBufferPointer { p in for r in 0..<b { p[r * cw + Int(categories[r])] = 1 } }
                    input = concatColumns([z, c])
                }
                let decoded = decoder(input, rng: &rng)
                let rows = configuration.reconstruction == .learnedSigma ? tanh(decoded) : head(decoded, rng: &rng)
                let take = min(b, count - written)
                rows.withUnsafeBufferPointer { src in
                    out.withUnsafeMutableBufferPointer { dst in
                        (dst.baseAddress! + written * w).update(from: src.baseAddress!, count: take * w)
                    }
                }
                written += take
            }
        }
        return (out, sigma?.toArray())
    }
}
