import Foundation
import SynthMath
import SynthNN

/// The conditional Wasserstein GAN of CTGAN (Xu et al. 2019) that both flavours train, differing only in
/// their ``ConditionalGANConfiguration``.
///
/// Per step: `discriminatorSteps` critic updates, then one generator update.
/// - Critic: noise `z ~ N(0, I)` and a training condition `c` (``ConditionSampler``: column uniformly,
///   category by frequency, a real row carrying it) give `fake = head(G([z, c]))`; the critic sees
///   `[fake, c]` and `[real, c']` grouped `pac` rows at a time (one critic row per group: the group's data
///   rows side by side, then their conditions); loss `-(mean D(real) - mean D(fake))` plus the WGAN-GP
///   penalty `lambda * mean((||grad D(x~)|| - 1)^2)` on interpolates (one alpha per group), with
///   hand-derived gradients (``PiecewiseLinearCritic``) for a piecewise-linear critic, on the tape otherwise.
/// - Generator: new `z`, `c`; loss `-mean D([head(G([z, c])), c]) + conditional loss` (the generated
///   discrete column of each row's selected column against the conditioned category).
/// Sampling draws conditions by the configured rule and keeps `head(G([z, c]))`, batch by batch.
public final class ConditionalGAN {
    public let configuration: ConditionalGANConfiguration
    public let layout: TabularLayout
    public let head: OutputHead
    let generator: Sequential
    let discriminator: Sequential
    /// The discriminator's passes with hand-derived gradients (its parameters stay in `discriminator`) when
    /// it is piecewise linear (both flavours' defaults); nil for a smooth activation (SynthCity's
    /// `discriminator_nonlin` elu, selu, tanh, sigmoid), whose passes run on the tape (double backward).
    var critic: PiecewiseLinearCritic?
    /// Built by ``train(on:context:rng:)``.
    public private(set) var sampler: ConditionSampler?
    public private(set) var history = TrainingHistory()
    /// What DP-SGD spent, after training with ``ConditionalGANConfiguration/privacy``; nil otherwise.
    public private(set) var privacyReport: PrivacyReport?
    /// Set for a federated client (``FederatedAveraging``): each training run is one round; the calibrated
    /// noise covers all rounds and each round resumes the last round's accountant. Nil: centralised.
    public var federationPlan: FederationPlan?
    /// The last training run's DP-SGD state, resumed by the next round of a federated client.
    private var lastPrivateTraining: PrivateCriticTraining?

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
        // The hand-derived critic covers the plain Wasserstein loss; DP-SGD needs the taped Linear passes
        // (their per-sample captures), and the cross-entropy critic runs on the tape too.
        if configuration.privacy == nil && configuration.discriminatorLoss == .wasserstein {
            critic = Self.pacCritic(discriminator, pac: configuration.pac, conditionWidth: layout.conditionWidth)
        }
    }

    /// Trainable scalars of the generator and the discriminator.
    public var parameterCounts: (generator: Int, discriminator: Int) {
        (generator.parameterCount, discriminator.parameterCount)
    }

    // MARK: Training

    /// Trains on an encoded table. Checks for cancellation every step and reports every epoch's mean
    /// generator and discriminator losses to the context's progress sink.
    ///
    /// Runs under flush-to-zero and denormals-are-zero (``SubnormalFlush``), as pategan does: under the L2
    /// term the generator's weights on the condition inputs of categories that are almost never drawn decay
    /// into the subnormals (dpgan on adult: within two epochs), and late in dp-ctgan's run the Gumbel-softmax
    /// outputs and the gradients through them fall there, where its epochs slowed from 2.0 to 3.6 CPU s in
    /// microcode assists. Paired runs found no systematic quality cost (docs/privacy.md §4, "Subnormals in
    /// the conditional GANs"). A run in which no subnormal occurs is bit-for-bit unchanged.
    public func train(on data: EncodedTable, context: SynthesisContext, rng: inout RandomStream) throws {
        try SubnormalFlush.run { try trainFlushed(on: data, context: context, rng: &rng) }
    }

    private func trainFlushed(on data: EncodedTable, context: SynthesisContext, rng: inout RandomStream) throws {
        let cfg = configuration
        precondition(data.width == dataWidth, "encoded width \(data.width) vs layout \(dataWidth)")
        let epochs = federationPlan?.localEpochs(cfg.epochs) ?? cfg.epochs
        let loop = EpochLoop(rowCount: data.rowCount, epochs: epochs, earlyStopping: cfg.earlyStopping,
                             lossNames: ["generator", "discriminator"], rng: rng)
        let trainingRows = loop.trainingRows
        try prepareSampler(on: data, trainingRows: loop.split?.training)
        let batch = cfg.batchSize
        var steps = cfg.epochLength == .floorOfRowsPerBatch
            ? max(trainingRows.count / batch, 1) : max((trainingRows.count + batch - 1) / batch, 1)
        var privacy: PrivateCriticTraining? = nil
        if let settings = cfg.privacy {
            // Poisson batches: floor(1 / q) steps per epoch, each with `discriminatorSteps` private updates.
            privacy = try PrivateCriticTraining(settings: settings, critic: discriminator, rows: trainingRows.count,
                                                batchSize: batch, epochs: epochs * (federationPlan?.rounds ?? 1),
                                                updatesPerStep: cfg.discriminatorSteps,
                                                deltaRows: federationPlan?.totalRows,
                                                resuming: federationPlan == nil ? nil : lastPrivateTraining)
            steps = privacy!.stepsPerEpoch
        }
        defer { privacy?.dpsgd.detach() }
        let optimizerG = Adam(generator.parameters(), learningRate: cfg.generatorLearningRate,
                              betas: (cfg.generatorBetas[0], cfg.generatorBetas[1]), weightDecay: cfg.generatorWeightDecay)
        let optimizerD = Adam(discriminator.parameters(), learningRate: cfg.discriminatorLearningRate,
                              betas: (cfg.discriminatorBetas[0], cfg.discriminatorBetas[1]),
                              weightDecay: cfg.discriminatorWeightDecay)
        var state = StepState(batch: batch, spans: sampler?.columnCount ?? 0, trainingRows: trainingRows,
                              loss: cfg.conditionalLoss)
        var trainRNG = rng.derived("train")
        var checkRNG = rng.derived("early-stopping")
        let stepsPerEpoch = steps
        history = TrainingHistory()
        generator.train(); discriminator.train()
        history = try data.values.withUnsafeBufferPointer { values in
            try loop.run(
                stepsPerEpoch: stepsPerEpoch, context: context,
                beginEpoch: { epoch in
                    guard let privacy, !privacy.fitsBudget(afterMoreSteps: stepsPerEpoch * cfg.discriminatorSteps) else {
                        return true
                    }
                    guard privacy.hasSpent else {
                        throw SynthesisError.invalidParameter(
                            method: Self.methodName, name: "epsilon", value: "\(cfg.privacy!.noise.targetEpsilon)",
                            requirement: "one epoch at noise multiplier \(privacy.noiseMultiplier) already spends more; "
                                + "raise epsilon or sigma")
                    }
                    return false
                },
                step: { epoch, _ in
                    var lossD = 0.0
                    for _ in 0..<cfg.discriminatorSteps {
                        lossD = privacy.map { privateDiscriminatorStep(values, &state, optimizerD, $0, &trainRNG) }
                            ?? discriminatorStep(values, &state, optimizerD, &trainRNG)
                    }
                    let lossG = generatorStep(values, &state, optimizerG, &trainRNG)
                    guard lossG.isFinite, lossD.isFinite else {
                        throw SynthesisError.numerical("CTGAN losses became non-finite at epoch \(epoch + 1) (generator \(lossG), discriminator \(lossD))")
                    }
                    return [lossG, lossD]
                },
                endEpoch: { _, _ in privacy?.endEpoch() },
                score: { detectionScore(values: values, validation: $0, rng: &checkRNG) },
                snapshot: { generator.snapshot() },
                restore: { generator.restore($0) })
        }
        privacyReport = privacy?.report(nonPrivateInputs: nonPrivateInputs)
        lastPrivateTraining = privacy
    }

    /// The condition sampler over `data`'s category frequencies (restricted to `trainingRows` when given).
    public func prepareSampler(on data: EncodedTable, trainingRows: [Int]?) throws {
        guard conditionWidth > 0 else { return }
        let s = ConditionSampler(encoded: data, frequency: configuration.frequency,
                                 generationRule: configuration.generationRule, trainingRows: trainingRows)
        guard s.isUsable else {
            throw SynthesisError.invalidData("a discrete column has no category with a training row; cannot condition on it")
        }
        sampler = s
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

        init(batch: Int, spans: Int, trainingRows: [Int], loss: ConditionalLoss.Kind) {
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
            sampler.drawTraining(batch: b, columns: &s.columns, categories: &s.categories, realRows: &s.realRows, rng: &rng)
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
        let groups = b / cfg.pac, lambda = cfg.gradientPenaltyLambda
        let loss: Float
        if let critic {
            critic.withTrainingInputs(groups: groups) { fake, real in
                fillCriticInputs(values, &s, fake: fake.values, fakeHot: fake.hot, real: real.values, realHot: real.hot,
                                 rng: &rng)
            }
            loss = critic.trainingStep(groups: groups, lambda: lambda, rng: &rng).loss
        } else {
            let shape = TensorShape.matrix(groups, rowWidth * cfg.pac)
            let fake = Tensor.zeros(shape), real = Tensor.zeros(shape)
            var hot = [Int32](repeating: 0, count: 2 * b)
            fake.withUnsafeMutableBufferPointer { f in
                real.withUnsafeMutableBufferPointer { r in
                    hot.withUnsafeMutableBufferPointer { h in
                        fillCriticInputs(values, &s, fake: f.baseAddress!, fakeHot: h.baseAddress!, real: r.baseAddress!,
                                         realHot: h.baseAddress! + b, rng: &rng)
                    }
                }
            }
            let yFake = discriminator(fake, rng: &rng)
            let yReal = discriminator(real, rng: &rng)
            let penalty = gradientPenalty(discriminator, real: real, fake: fake, lambda: lambda, rng: &rng)
            let wasserstein = -(yReal.mean() - yFake.mean())
            optimizer.zeroGrad()
            penalty.backward()
            wasserstein.backward()
            loss = wasserstein.item
        }
        if let clip = cfg.gradientClipNorm { clipGradientNorm(optimizer.parameters, maxNorm: clip) }
        optimizer.step()
        return Double(loss)
    }

    func generatorStep(_ values: UnsafeBufferPointer<Float>, _ s: inout StepState, _ optimizer: Adam,
                       _ rng: inout RandomStream) -> Double {
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
        // The critic's rows: each pac group's generated rows side by side, then their conditions (constants).
        // Its parameters take no part in this update: only its input gradient reaches the generator.
        let groups = b / cfg.pac
        let dense = activated.reshaped(.matrix(groups, dataWidth * cfg.pac))
        let yFake: Tensor
        var frozen: [Tensor] = []
        if let critic {
            yFake = s.categories.withUnsafeBufferPointer { critic(dense, hot: cw > 0 ? $0.baseAddress! : nil, rng: &rng) }
        } else {
            let input = cw > 0
                ? concatColumns([dense, s.categories.withUnsafeBufferPointer {
                    conditionMatrix($0.baseAddress!, rows: b).reshaped(.matrix(groups, cw * cfg.pac))
                }])
                : dense
            frozen = discriminator.parameters()
            for p in frozen { p.requiresGrad = false }
            yFake = discriminator(input, rng: &rng)
        }
        var loss = cfg.discriminatorLoss == .wasserstein
            ? -yFake.mean() : binaryCrossEntropyWithLogits(yFake, Tensor.ones(yFake.shape))
        if let lambda = cfg.identifiabilityPenalty {
            loss = loss - lambda * (activated - pairedRealRows(values, &s, rng: &rng)).rowNorms().mean()
        }
        if let sampler, cw > 0 {
            loss = loss + s.conditionalLoss(logits: logits, activated: activated, sampler: sampler, columns: s.columns,
                                            categories: s.categories)
        }
        optimizer.zeroGrad()
        loss.backward()
        for p in frozen { p.requiresGrad = true }
        if let clip = cfg.gradientClipNorm { clipGradientNorm(optimizer.parameters, maxNorm: clip) }
        optimizer.step()
        return Double(loss.item)
    }

    // MARK: Sampling

    /// `count` activated rows (row-major, ``TabularLayout/width`` wide): `count / batch + 1` batches of
    /// `batchSize` with conditions drawn by the configured rule, truncated to `count` (CTGAN's `sample`).
    /// The networks stay in training mode, as CTGAN's `sample` leaves them (batch statistics in BatchNorm).
    /// Runs under ``SubnormalFlush`` like the training: the trained generator keeps its near-subnormal
    /// weights, whose products underflow here too (a process flushed as a whole gives the same bytes).
    public func generate(count: Int, rng: inout RandomStream) -> [Float] {
        SubnormalFlush.run { sampleBatches(count: count, rng: &rng) }
    }

    /// The sampling itself, in whatever floating-point mode the caller runs.
    func sampleBatches(count: Int, rng: inout RandomStream) -> [Float] {
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
