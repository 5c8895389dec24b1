import Foundation
import SynthMath
import SynthNN

/// The conditional Wasserstein GAN of CTGAN (Xu et al. 2019) that both flavours train, differing only in
/// their ``ConditionalGANConfiguration``.
///
/// Per step: `discriminatorSteps` critic updates, then one generator update.
/// - Critic: noise `z ~ N(0, I)` and a training condition `c` (``ConditionSampler``: column uniformly,
///   category by frequency, a real row carrying it) give `fake = head(G([z, c]))`; the critic sees
///   `[fake, c]` and `[real, c']` grouped `pac` rows at a time; loss `-(mean D(real) - mean D(fake))` plus
///   the WGAN-GP penalty `lambda * mean((||grad D(x~)|| - 1)^2)` on interpolates (one alpha per group).
/// - Generator: new `z`, `c`; loss `-mean D([head(G([z, c])), c]) + conditional loss` (the generated
///   discrete column of each row's selected column against the conditioned category).
/// Sampling draws conditions by the configured rule and keeps `head(G([z, c]))`, batch by batch.
public final class ConditionalGAN {
    public let configuration: ConditionalGANConfiguration
    public let layout: TabularLayout
    public let head: OutputHead
    let generator: Sequential
    let discriminator: Sequential
    /// Built by ``train(on:context:rng:)``.
    public private(set) var sampler: ConditionSampler?
    public private(set) var history = TrainingHistory()

    var dataWidth: Int { layout.width }
    var conditionWidth: Int { layout.conditionWidth }

    /// Builds both networks for `layout`; weights draw from `rng` (generator first).
    public init(configuration: ConditionalGANConfiguration, layout: TabularLayout, rng: inout RandomStream) {
        self.configuration = configuration
        self.layout = layout
        head = OutputHead(layout: layout, scalarActivation: configuration.scalarActivation)
        let generatorInput = configuration.embeddingDimension + layout.conditionWidth
        switch configuration.generator {
        case .ctganResidual(let hidden):
            generator = NetworkFactory.ctganGenerator(input: generatorInput, hidden: hidden, output: layout.width, rng: &rng)
        case .synthcityResidual(let layers, let units, let activation):
            generator = NetworkFactory.synthcityMLP(input: generatorInput, output: layout.width, layers: layers,
                                                    units: units, activation: activation, dropout: 0, residual: true,
                                                    rng: &rng)
        }
        let criticInput = (layout.width + layout.conditionWidth) * configuration.pac
        switch configuration.discriminator {
        case .ctgan(let hidden):
            discriminator = NetworkFactory.ctganDiscriminator(input: criticInput, hidden: hidden, rng: &rng)
        case .synthcity(let layers, let units, let activation, let dropout):
            discriminator = NetworkFactory.synthcityMLP(input: criticInput, output: 1, layers: layers, units: units,
                                                        activation: activation, dropout: dropout, residual: false,
                                                        rng: &rng)
        }
    }

    /// Trainable scalars of the generator and the discriminator.
    public var parameterCounts: (generator: Int, discriminator: Int) {
        (generator.parameterCount, discriminator.parameterCount)
    }

    // MARK: Training

    /// Trains on an encoded table. Checks for cancellation every step and reports every epoch's mean
    /// generator and discriminator losses to the context's progress sink.
    public func train(on data: EncodedTable, context: SynthesisContext, rng: inout RandomStream) throws {
        let cfg = configuration
        precondition(data.width == dataWidth, "encoded width \(data.width) vs layout \(dataWidth)")
        var splitRNG = rng.derived("split")
        let split = cfg.earlyStopping.map {
            RowSplit(rowCount: data.rowCount, validationFraction: $0.validationFraction, rng: &splitRNG)
        }
        let trainingRows = split?.training ?? Array(0..<data.rowCount)
        if conditionWidth > 0 {
            let s = ConditionSampler(encoded: data, frequency: cfg.frequency, generationRule: cfg.generationRule,
                                     trainingRows: split?.training)
            guard s.isUsable else {
                throw SynthesisError.invalidData("a discrete column has no category with a training row; cannot condition on it")
            }
            sampler = s
        }
        let batch = cfg.batchSize
        let steps = cfg.epochLength == .floorOfRowsPerBatch
            ? max(trainingRows.count / batch, 1) : max((trainingRows.count + batch - 1) / batch, 1)
        let optimizerG = Adam(generator.parameters(), learningRate: cfg.generatorLearningRate,
                              betas: (cfg.generatorBetas[0], cfg.generatorBetas[1]), weightDecay: cfg.generatorWeightDecay)
        let optimizerD = Adam(discriminator.parameters(), learningRate: cfg.discriminatorLearningRate,
                              betas: (cfg.discriminatorBetas[0], cfg.discriminatorBetas[1]),
                              weightDecay: cfg.discriminatorWeightDecay)
        var state = StepState(batch: batch, spans: sampler?.columnCount ?? 0, trainingRows: trainingRows,
                              loss: cfg.conditionalLoss, criticParameters: discriminator.parameters())
        var trainRNG = rng.derived("train")
        var checkRNG = rng.derived("early-stopping")
        var stopper = cfg.earlyStopping.map { EarlyStopping(patience: $0.patience, direction: .minimize) }
        var best: ModuleSnapshot? = nil
        var epochLosses = EpochLosses(["generator", "discriminator"])
        history = TrainingHistory()
        history.epochsPlanned = cfg.epochs
        var trainingSeconds = 0.0
        let clock = ContinuousClock()
        generator.train(); discriminator.train()
        try data.values.withUnsafeBufferPointer { values in
            for epoch in 0..<cfg.epochs {
                let start = clock.now
                for _ in 0..<steps {
                    try context.checkCancellation()
                    var lossD = 0.0
                    for _ in 0..<cfg.discriminatorSteps {
                        lossD = discriminatorStep(values, &state, optimizerD, &trainRNG)
                    }
                    let lossG = generatorStep(&state, optimizerG, &trainRNG)
                    guard lossG.isFinite, lossD.isFinite else {
                        throw SynthesisError.numerical("CTGAN losses became non-finite at epoch \(epoch + 1) (generator \(lossG), discriminator \(lossD))")
                    }
                    epochLosses.add(lossG, lossD)
                }
                trainingSeconds += (clock.now - start).seconds
                let means = epochLosses.finish()
                for (k, v) in means { history.losses[k, default: []].append(v) }
                history.epochsRun = epoch + 1
                context.progress(.epoch(index: epoch + 1, of: cfg.epochs, losses: means))
                if let rule = cfg.earlyStopping, let split, (epoch + 1) % rule.interval == 0 {
                    let score = detectionScore(values: values, validation: split.validation, rng: &checkRNG)
                    history.checks.append((epoch + 1, score))
                    let decision = stopper!.update(score, progress: epoch + 1, minimumProgress: rule.minimumEpochs)
                    if decision.improved { best = generator.snapshot(); history.restoredEpoch = epoch + 1 }
                    if decision.shouldStop { history.stoppedEarly = true; break }
                }
            }
        }
        if let best { generator.restore(best) } else { history.restoredEpoch = nil }
        history.secondsPerEpoch = history.epochsRun > 0 ? trainingSeconds / Double(history.epochsRun) : 0
    }

    /// Buffers reused by every step.
    struct StepState {
        let batch: Int
        var columns: [Int32]
        var categories: [Int32]
        var realRows: [Int32]
        var permutation: [Int32]
        var conditionalLoss: ConditionalLoss
        let trainingRows: [Int]
        /// The critic's parameters, frozen during generator steps.
        let criticParameters: [Tensor]

        init(batch: Int, spans: Int, trainingRows: [Int], loss: ConditionalLoss.Kind, criticParameters: [Tensor]) {
            self.criticParameters = criticParameters
            self.batch = batch
            columns = Array(repeating: 0, count: batch)
            categories = Array(repeating: 0, count: batch)
            realRows = Array(repeating: 0, count: batch)
            permutation = (0..<Int32(batch)).map { $0 }
            conditionalLoss = ConditionalLoss(kind: loss, batch: batch, spans: spans)
            self.trainingRows = trainingRows
        }
    }

    /// `[z, c]` as column blocks for the generator: standard normals `z` (`embeddingDimension` wide, drawn
    /// row by row) and each row's condition `c` as a one-hot block (its category indices; rows of zeros
    /// without categories). The generator never forms the concatenation: its layers gather the weight
    /// columns of `c` and compute no gradient for `[z, c]` (``linear(_:weight:bias:activation:)`` over blocks).
    func generatorInput(categories: UnsafePointer<Int32>?, rows: Int, rng: inout RandomStream) -> [ColumnBlock] {
        let z = Tensor.normal(.matrix(rows, configuration.embeddingDimension), rng: &rng)
        guard conditionWidth > 0 else { return [.dense(z)] }
        let indices = categories.map { Array(UnsafeBufferPointer(start: $0, count: rows)) }
            ?? Array(repeating: -1, count: rows)
        return [.dense(z), .oneHot(OneHotColumns(indices: indices, width: conditionWidth))]
    }

    /// The one-hot condition matrix of `categories`.
    func conditionMatrix(_ categories: UnsafePointer<Int32>, rows: Int) -> Tensor {
        let cw = conditionWidth
        let t = Tensor.zeros(.matrix(rows, cw))
        t.withUnsafeMutableBufferPointer { p in
            for r in 0..<rows { p[r * cw + Int(categories[r])] = 1 }
        }
        return t
    }

    func discriminatorStep(_ values: UnsafeBufferPointer<Float>, _ s: inout StepState, _ optimizer: Adam,
                           _ rng: inout RandomStream) -> Double {
        let cfg = configuration, b = s.batch, w = dataWidth, cw = conditionWidth, rowWidth = w + cw
        if let sampler {
            s.columns.withUnsafeMutableBufferPointer { col in
                s.categories.withUnsafeMutableBufferPointer { cat in
                    s.realRows.withUnsafeMutableBufferPointer { rows in
                        sampler.drawTraining(batch: b, columns: col.baseAddress!, categories: cat.baseAddress!,
                                             realRows: rows.baseAddress!, rng: &rng)
                    }
                }
            }
        } else {
            for i in 0..<b { s.realRows[i] = Int32(s.trainingRows[rng.nextInt(below: s.trainingRows.count)]) }
        }
        if cfg.permuteRealRows {
            for i in 0..<b { s.permutation[i] = Int32(i) }
            for i in stride(from: b - 1, to: 0, by: -1) {
                let j = rng.nextInt(below: i + 1)
                s.permutation.swapAt(i, j)
            }
        }
        let fake: Tensor = s.categories.withUnsafeBufferPointer { cat in
            let z = generatorInput(categories: cw > 0 ? cat.baseAddress! : nil, rows: b, rng: &rng)
            return noGrad {
                let activated = head(generator(z, rng: &rng), rng: &rng)
                return cw > 0 ? concatColumns([activated, conditionMatrix(cat.baseAddress!, rows: b)]) : activated
            }
        }
        // Real rows, each with the condition it was drawn for (after CTGAN's permutation).
        let real = Tensor.zeros(.matrix(b, rowWidth))
        real.withUnsafeMutableBufferPointer { p in
            let dst = p.baseAddress!, src = values.baseAddress!
            for i in 0..<b {
                let j = cfg.permuteRealRows ? Int(s.permutation[i]) : i
                (dst + i * rowWidth).update(from: src + Int(s.realRows[j]) * w, count: w)
                if cw > 0 { dst[i * rowWidth + w + Int(s.categories[j])] = 1 }
            }
        }
        let groups = b / cfg.pac, groupWidth = rowWidth * cfg.pac
        let yFake = discriminator(fake.reshaped(.matrix(groups, groupWidth)), rng: &rng)
        let yReal = discriminator(real.reshaped(.matrix(groups, groupWidth)), rng: &rng)
        let penalty = gradientPenalty(discriminator, real: real, fake: fake, pac: cfg.pac,
                                      lambda: cfg.gradientPenaltyLambda, rng: &rng)
        let loss = -(yReal.mean() - yFake.mean())
        optimizer.zeroGrad()
        penalty.backward()
        loss.backward()
        if let clip = cfg.gradientClipNorm { clipGradientNorm(optimizer.parameters, maxNorm: clip) }
        optimizer.step()
        return Double(loss.item)
    }

    func generatorStep(_ s: inout StepState, _ optimizer: Adam, _ rng: inout RandomStream) -> Double {
        let cfg = configuration, b = s.batch, cw = conditionWidth
        if let sampler {
            s.columns.withUnsafeMutableBufferPointer { col in
                s.categories.withUnsafeMutableBufferPointer { cat in
                    sampler.drawConditions(batch: b, columns: col.baseAddress!, categories: cat.baseAddress!, rng: &rng)
                }
            }
        }
        let z = s.categories.withUnsafeBufferPointer {
            generatorInput(categories: cw > 0 ? $0.baseAddress! : nil, rows: b, rng: &rng)
        }
        let logits = generator(z, rng: &rng)
        let activated = head(logits, rng: &rng)
        let criticInput = cw > 0
            ? concatColumns([activated, s.categories.withUnsafeBufferPointer { conditionMatrix($0.baseAddress!, rows: b) }])
            : activated
        let criticParameters = s.criticParameters
        for p in criticParameters { p.requiresGrad = false }  // only the input gradient is needed
        let yFake = discriminator(criticInput.reshaped(.matrix(b / cfg.pac, (dataWidth + cw) * cfg.pac)), rng: &rng)
        var loss = -yFake.mean()
        if let sampler, cw > 0 {
            loss = loss + s.conditionalLoss(logits: logits, activated: activated, sampler: sampler, columns: s.columns,
                                            categories: s.categories)
        }
        optimizer.zeroGrad()
        loss.backward()
        for p in criticParameters { p.requiresGrad = true }
        if let clip = cfg.gradientClipNorm { clipGradientNorm(optimizer.parameters, maxNorm: clip) }
        optimizer.step()
        return Double(loss.item)
    }

    // MARK: Sampling

    /// `count` activated rows (row-major, ``TabularLayout/width`` wide): `count / batch + 1` batches of
    /// `batchSize` with conditions drawn by the configured rule, truncated to `count` (CTGAN's `sample`).
    /// The networks stay in training mode, as CTGAN's `sample` leaves them (batch statistics in BatchNorm).
    public func generate(count: Int, rng: inout RandomStream) -> [Float] {
        let b = configuration.batchSize, w = dataWidth, cw = conditionWidth
        // Training-mode BatchNorm moves its running statistics; put them back so sampling leaves the
        // fitted model as it was.
        let runningStatistics = generator.buffers().map { ($0, $0.toArray()) }
        defer { for (t, v) in runningStatistics { t.assign(v) } }
        var out = [Float](repeating: 0, count: count * w)
        var categories = [Int32](repeating: 0, count: b)
        var written = 0
        noGrad {
            for _ in 0..<(count / b + 1) where written < count {
                if let sampler, cw > 0 {
                    categories.withUnsafeMutableBufferPointer {
                        sampler.drawGeneration(batch: b, categories: $0.baseAddress!, rng: &rng)
                    }
                }
                let z = categories.withUnsafeBufferPointer {
                    generatorInput(categories: cw > 0 ? $0.baseAddress! : nil, rows: b, rng: &rng)
                }
                let rows = head(generator(z, rng: &rng), rng: &rng)
                let take = min(b, count - written)
                rows.withUnsafeBufferPointer { src in
                    out.withUnsafeMutableBufferPointer { dst in
                        (dst.baseAddress! + written * w).update(from: src.baseAddress!, count: take * w)
                    }
                }
                written += take
            }
        }
        return out
    }

    /// SynthCity's patience metric: detection AUC between the held-out encoded rows and as many generated
    /// ones (lower is better).
    func detectionScore(values: UnsafeBufferPointer<Float>, validation: [Int], rng: inout RandomStream) -> Double {
        let w = dataWidth
        var real = [Float](repeating: 0, count: validation.count * w)
        real.withUnsafeMutableBufferPointer { dst in
            for (i, r) in validation.enumerated() {
                (dst.baseAddress! + i * w).update(from: values.baseAddress! + r * w, count: w)
            }
        }
        let synthetic = generate(count: validation.count, rng: &rng)
        return DetectionScore.auc(real: real, synthetic: synthetic, width: w, rng: &rng)
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
