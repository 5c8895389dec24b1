import Foundation
import SynthMath
import SynthNN

/// Rows as the diffusion sees them: quantile-normal numerical columns, category codes, and the class label
/// it conditions on (when conditional).
public struct DiffusionData: Sendable, Equatable {
    public var rows: Int
    /// `rows x numericalWidth`, row-major.
    public var numerical: [Float]
    /// `rows x categoricalColumns`, row-major; each code in `0..<K` of its column.
    public var codes: [Int32]
    /// One class per row, or nil when unconditional.
    public var labels: [Int32]?

    public init(rows: Int, numerical: [Float], codes: [Int32], labels: [Int32]?) {
        self.rows = rows; self.numerical = numerical; self.codes = codes; self.labels = labels
    }
}

/// TabDDPM (Kotelnikov et al. 2023): a Gaussian diffusion (ε-parametrisation, MSE loss) on the numerical
/// columns and a multinomial diffusion (x0-parametrisation, `vb_stochastic` loss) on the categorical ones,
/// one ``Denoiser`` for both, as SynthCity's `GaussianMultinomialDiffusion` and the official code build it.
///
/// Training step on a batch of `m` rows: `t ~ U{0..T−1}` per row; `x_num_t = √ᾱ_t x_num + √(1−ᾱ_t) ε`;
/// `x_cat_t ~ q(x_t | x_0)` (Gumbel-max in log space); the denoiser sees `[x_num_t, log onehot(x_cat_t)]`
/// and the loss is ``DiffusionLoss``; AdamW, the learning rate decaying linearly to 0 (see
/// ``DiffusionConfiguration/Training``).
///
/// Sampling runs the reverse chain for a whole batch of rows at once (``DiffusionConfiguration/sampleBatchSize``
/// rows; one timestep embedding per step, broadcast): `x_num ← μ(x_num, ε̂) + √β_t z` (no noise at t = 0),
/// `x_cat ~ q(x_{t−1} | x_t, x̂_0 = softmax(logits))`. With ``DiffusionConfiguration/sampleSteps`` the chain
/// visits only that many evenly spaced timesteps of a respaced schedule (``DiffusionSchedule/respaced(_:)``),
/// which the model was not trained for: an approximation that trades quality for speed.
///
/// With ``DiffusionConfiguration/clipDenoised`` the predicted `x̂_0 = x_t/√ᾱ_t − √(1/ᾱ_t − 1) ε̂` is clamped to
/// the range the quantile transform gives the data (±5.2). Without it (SynthCity, the official code) the first
/// reverse steps of the cosine schedule, where `1/√ᾱ_t` reaches about 10⁴, amplify any error of ε̂ into
/// values far outside the data's range, which the inverse transform maps to the column's min or max: the
/// pile-up of SynthCity issue #345.
///
/// SynthCity also keeps an exponential moving average of the weights (rate 0.999) that it never samples
/// from; SynthBench does not keep it (the samples are the same).
public final class TabularDiffusion {
    public let configuration: DiffusionConfiguration
    public let numericalWidth: Int
    public let classCounts: [Int]
    /// Class labels conditioned on (0 when unconditional).
    public let labelClasses: Int
    public let schedule: DiffusionSchedule
    public let denoiser: Denoiser
    let multinomial: MultinomialDiffusion?
    public private(set) var history = TrainingHistory()
    /// The training thread's CPU seconds per epoch of the last ``train(on:context:rng:)``.
    public private(set) var epochCPU = EpochCPUTimes()

    public var inputWidth: Int { numericalWidth + classCounts.reduce(0, +) }

    public init(configuration: DiffusionConfiguration, numericalWidth: Int, classCounts: [Int], labelClasses: Int,
                rng: inout RandomStream) {
        precondition(numericalWidth + classCounts.count > 0, "nothing to model")
        self.configuration = configuration
        self.numericalWidth = numericalWidth
        self.classCounts = classCounts
        self.labelClasses = labelClasses
        schedule = DiffusionSchedule(configuration.schedule, steps: configuration.timesteps)
        multinomial = classCounts.isEmpty ? nil : MultinomialDiffusion(classCounts: classCounts, schedule: schedule)
        denoiser = Denoiser(inputWidth: numericalWidth + classCounts.reduce(0, +),
                            embeddingWidth: configuration.embeddingWidth, hidden: configuration.hidden,
                            classes: labelClasses, rng: &rng)
    }

    // MARK: Training

    /// Trains on `data`, checking for cancellation every step and reporting each epoch's (pass's) mean
    /// losses (`total`, `multinomial`, `gaussian`), under flush-to-zero and denormals-are-zero
    /// (``SubnormalFlush``). Why: the weights of ReLU units that die in training get no gradient, and
    /// their AdamW first moments decay by β₁ = 0.9 a step; after about 700-800 steps they are subnormal,
    /// and they stay there for good (at 5.6e-45 the step's tenth of it rounds to zero). On adult at SynthCity's
    /// defaults 42 % of the first moments were subnormal at epoch 71. Every update of such a moment cost a microcode
    /// assist: from epoch 22 of the default run the AdamW pass grew from 2 % to 19 % of the step's CPU time
    /// (docs/ddpm.md, "Why the full run's steps were slower"). With the two bits those moments become zeros; the
    /// updates they fed were far below the weights' last bit, and the flushed and unflushed runs compared
    /// gave the same bytes. A run in which no subnormal occurs is unchanged in any case. Sampling is not flushed: its weights and
    /// activations hold no subnormals.
    ///
    /// With a `checkpointer`, training starts from the checkpoint it found (or skips training when that one
    /// is finished) and saves at pass boundaries (``TrainingCheckpointer``); the result is the same bytes as an
    /// uninterrupted run.
    public func train(on data: DiffusionData, context: SynthesisContext, rng: inout RandomStream,
                      checkpointer: TrainingCheckpointer? = nil) throws {
        try SubnormalFlush.run { try trainFlushed(on: data, context: context, rng: &rng, checkpointer: checkpointer) }
    }

    private func trainFlushed(on data: DiffusionData, context: SynthesisContext, rng: inout RandomStream,
                              checkpointer: TrainingCheckpointer?) throws {
        let cfg = configuration, n = data.rows, nw = numericalWidth, nc = classCounts.count
        precondition(n > 0 && data.numerical.count == n * nw && data.codes.count == n * nc, "data shapes disagree")
        precondition((data.labels != nil) == (labelClasses > 0), "labels must be given exactly when conditional")
        let b = min(cfg.batchSize, n)
        let stepsPerPass = (n + b - 1) / b
        let (passes, totalSteps, shuffled): (Int, Int, Bool) = switch cfg.training {
        case .epochs(let e): (e, e * stepsPerPass, false)
        case .steps(let s): ((s + stepsPerPass - 1) / stepsPerPass, s, true)
        }
        let parameters = denoiser.parameters()
        let optimizer = AdamW(parameters, learningRate: cfg.learningRate, weightDecay: cfg.weightDecay)
        let loss = DiffusionLoss(numericalWidth: nw, multinomial: multinomial, gaussianLoss: cfg.gaussianLoss,
                                 schedule: schedule)
        let keepNumbers = cfg.gaussianLoss == .kl
        let w = multinomial?.width ?? 0, d = nw + w
        var start = [Float](repeating: 0, count: keepNumbers ? b * nw : 0), noisy = start
        var batchCodes = [Int32](repeating: 0, count: b * nc), noisedCodes = [Int32](repeating: 0, count: b * nc)
        var timesteps = [Int](repeating: 0, count: b)
        var order = Array(0..<n)
        var stream = rng
        defer { rng = stream }
        denoiser.train()
        // A pass over the rows is an epoch; with a step budget the last pass is cut short.
        let loop = EpochLoop(rowCount: n, epochs: passes, earlyStopping: nil, lossNames: ["total", "multinomial", "gaussian"],
                             rng: rng)
        var cpu = EpochCPUTimes()
        defer { epochCPU = cpu }
        var resuming: EpochLoop.Position? = nil
        if let checkpointer, let saved = checkpointer.takeResumed() {
            try restore(saved, file: checkpointer.file, passes: passes, rows: n, optimizer: optimizer, order: &order,
                        stream: &stream)
            cpu = EpochCPUTimes(resuming: saved.cpuSecondsPerEpoch)
            resuming = EpochLoop.Position(history: saved.history, trainingSeconds: saved.trainingSeconds,
                                          finished: saved.finished)
            context.logger.notice("resuming from pass \(saved.passesDone) of \(passes)\(saved.finished ? ": training finished, sampling" : "")",
                                  metadata: ["checkpoint": "\(checkpointer.file.path)"])
            if saved.finished { history = saved.history; return }
        }
        let save: ((EpochLoop.Position) throws -> Void)? = checkpointer.map { checkpointer in
            { position in
                try checkpointer.passEnded(finished: position.finished) {
                    TrainingCheckpoint(
                        fingerprint: checkpointer.fingerprint, synthbenchVersion: checkpointer.synthbenchVersion,
                        passesDone: position.history.epochsRun, passesPlanned: passes, finished: position.finished,
                        streams: ["training": stream.state], parameterShapes: parameters.map(\.shape.dimensions),
                        parameters: parameters.map { $0.toArray() }, optimizer: optimizer.state, rowOrder: order,
                        history: position.history, trainingSeconds: position.trainingSeconds,
                        cpuSecondsPerEpoch: cpu.seconds)
                }
            }
        }
        history = try loop.run(
            stepsPerEpoch: stepsPerPass, totalSteps: totalSteps, context: context, resuming: resuming, atEpochEnd: save,
            beginEpoch: { _ in
                if shuffled { stream.shuffle(&order) }
                return true
            },
            step: { pass, batch in
                let step = pass * stepsPerPass + batch
                let first = batch * b, m = min(b, n - first)
                if m < b { timesteps.removeLast(timesteps.count - m) }
                for i in 0..<m { timesteps[i] = stream.nextInt(below: schedule.steps) }
                let noise = Tensor.normal(.matrix(m, nw), rng: &stream)
                let x = Tensor.uninitialized(.matrix(m, d))
                x.withUnsafeMutableBufferPointer { xp in
                    noise.withUnsafeBufferPointer { e in
                        data.numerical.withUnsafeBufferPointer { src in
                            for i in 0..<m {
                                let t = timesteps[i], row = order[first + i]
                                let a = schedule.sqrtAlphasCumprod[t], s = schedule.sqrtOneMinusAlphasCumprod[t]
                                for c in 0..<nw {
                                    let value = a * src[row * nw + c] + s * e[i * nw + c]
                                    xp[i * d + c] = value
                                    if keepNumbers { start[i * nw + c] = src[row * nw + c]; noisy[i * nw + c] = value }
                                }
                            }
                        }
                    }
                    if let md = multinomial {
                        for i in 0..<m {
                            let row = order[first + i]
                            for j in 0..<nc { batchCodes[i * nc + j] = data.codes[row * nc + j] }
                        }
                        timesteps.withUnsafeBufferPointer { ts in
                            md.noise(batchCodes, timesteps: ts.baseAddress!, rows: m, into: &noisedCodes, rng: &stream)
                        }
                        md.logOneHot(noisedCodes, rows: m, into: xp.baseAddress! + nw, stride: d)
                    }
                }
                let labels = data.labels.map { l in (0..<m).map { Int(l[order[first + $0]]) } }
                let output = denoiser(x, timesteps: timesteps, labels: labels, rng: &stream)
                let value = noise.withUnsafeBufferPointer { e in
                    loss(output: output, noise: e.baseAddress, start: start, noisy: noisy, x0: batchCodes, xt: noisedCodes,
                         timesteps: timesteps)
                }
                optimizer.zeroGrad()
                value.loss.backward()
                optimizer.step()
                let total = value.multinomial + value.gaussian
                guard total.isFinite else {
                    throw SynthesisError.numerical("ddpm loss became non-finite at step \(step + 1)")
                }
                switch cfg.training {
                case .epochs(let e): optimizer.learningRate = cfg.learningRate * (1 - Double(pass + 1) / Double(e))
                case .steps(let s): optimizer.learningRate = cfg.learningRate * (1 - Double(step) / Double(s))
                }
                if m < b { timesteps.append(contentsOf: repeatElement(0, count: b - m)) }
                return [total, value.multinomial, value.gaussian]
            },
            endEpoch: { _, _ in cpu.endEpoch() })
    }

    /// Puts a checkpoint's state back: the parameters, the optimiser, the row order and the training stream.
    /// The fingerprint was checked already; a checkpoint that still does not fit the model is corrupt.
    private func restore(_ saved: TrainingCheckpoint, file: URL, passes: Int, rows: Int, optimizer: AdamW,
                         order: inout [Int], stream: inout RandomStream) throws {
        func corrupt(_ reason: String) -> CheckpointError { .corrupt(file: file.path, reason: reason) }
        let parameters = denoiser.parameters()
        guard saved.parameterShapes == parameters.map(\.shape.dimensions) else {
            throw corrupt("its parameter shapes do not fit the model")
        }
        guard saved.passesPlanned == passes, saved.passesDone <= passes, saved.history.epochsRun == saved.passesDone else {
            throw corrupt("pass \(saved.passesDone) of \(saved.passesPlanned), the run plans \(passes)")
        }
        guard saved.rowOrder.count == rows, Set(saved.rowOrder) == Set(0..<rows) else {
            throw corrupt("its row order is not a permutation of the \(rows) rows")
        }
        guard let savedStream = saved.streams["training"], let restored = RandomStream(state: savedStream) else {
            throw corrupt("no valid training stream")
        }
        for (p, values) in zip(parameters, saved.parameters) {
            p.withUnsafeMutableBufferPointer { $0.update(fromContentsOf: values) }
        }
        optimizer.restore(saved.optimizer)
        order = saved.rowOrder
        stream = restored
    }

    // MARK: Sampling

    /// The timesteps the reverse chain visits: all `T`, or `sampleSteps` evenly spaced ones (0 and T−1
    /// included).
    public var samplingTimesteps: [Int] {
        let T = schedule.steps
        guard let s = configuration.sampleSteps, s >= 2, s < T else { return Array(0..<T) }
        var out: [Int] = []
        for i in 0..<s {
            let t = Int((Double(i) * Double(T - 1) / Double(s - 1)).rounded())
            if out.last != t { out.append(t) }
        }
        return out
    }

    /// `count` rows from the reverse chain, in batches of `sampleBatchSize`; `labels` (one per row) when
    /// conditional. Cancellation is checked and progress (`sample:<step>/<steps>`) reported at every step
    /// of the first batch.
    public func generate(count: Int, labels: [Int]?, context: SynthesisContext, rng: inout RandomStream) throws -> DiffusionData {
        precondition((labels != nil) == (labelClasses > 0) && (labels?.count ?? count) == count, "labels per row when conditional")
        let nw = numericalWidth, nc = classCounts.count, w = multinomial?.width ?? 0, d = nw + w
        let visit = samplingTimesteps
        let sched = visit.count == schedule.steps ? schedule : schedule.respaced(visit)
        let md = multinomial.map { MultinomialDiffusion(classCounts: $0.classCounts, schedule: sched) }
        var numerical = [Float](repeating: 0, count: count * nw)
        var codes = [Int32](repeating: 0, count: count * nc)
        denoiser.eval()
        defer { denoiser.train() }
        // Buffers for one batch, reused at every step.
        let capacity = min(configuration.sampleBatchSize, count)
        var batchCodes = [Int32](repeating: 0, count: capacity * nc)
        var uniforms = [Float](repeating: 0, count: capacity * nc)
        var first = 0
        while first < count {
            let m = min(configuration.sampleBatchSize, count - first)
            let z = Tensor.normal(.matrix(m, nw), rng: &rng)
            if let md { md.uniformCategories(rows: m, into: &batchCodes, rng: &rng) }
            let batchLabels = labels.map { Array($0[first..<(first + m)]) }
            let x = Tensor.uninitialized(.matrix(m, d))  // the denoiser's input, rewritten at every step
            for i in stride(from: visit.count - 1, through: 0, by: -1) {
                try context.checkCancellation()
                if first == 0 { context.progress(.stage("sample:\(visit.count - i)/\(visit.count)")) }
                x.withUnsafeMutableBufferPointer { xp in
                    z.withUnsafeBufferPointer { zp in
                        for r in 0..<m {
                            for c in 0..<nw { xp[r * d + c] = zp[r * nw + c] }
                        }
                    }
                    md?.logOneHot(batchCodes, rows: m, into: xp.baseAddress! + nw, stride: d)
                }
                let out = noGrad { denoiser(x, timesteps: [visit[i]], labels: batchLabels, rng: &rng) }
                let noise = i > 0 ? Tensor.normal(.matrix(m, nw), rng: &rng) : nil
                let c1 = sched.posteriorMeanCoef1[i], c2 = sched.posteriorMeanCoef2[i]
                let ra = sched.sqrtRecipAlphasCumprod[i], rm1 = sched.sqrtRecipm1AlphasCumprod[i]
                let sigma = sched.modelVariance[i].squareRoot()
                let bound = configuration.clipDenoised ?? .infinity
                out.withUnsafeBufferPointer { op in
                    z.withUnsafeMutableBufferPointer { zp in
                        for r in 0..<m {
                            for c in 0..<nw {
                                let xt = zp[r * nw + c]
                                let x0 = min(max(ra * xt - rm1 * op[r * d + c], -bound), bound)
                                zp[r * nw + c] = c1 * x0 + c2 * xt
                            }
                        }
                        if let noise {
                            noise.withUnsafeBufferPointer { e in
                                for k in 0..<(m * nw) { zp[k] += sigma * e[k] }
                            }
                        }
                    }
                    if let md {
                        // x_{t−1} ~ q(x_{t−1} | x_t, x̂_0 = softmax(logits)), one uniform per row and column.
                        for u in 0..<(m * nc) { uniforms[u] = rng.nextFloat() }
                        batchCodes.withUnsafeMutableBufferPointer { codes in
                            md.drawPosterior(logits: op.baseAddress! + nw, stride: d, rows: m, t: i, xt: UnsafePointer(codes.baseAddress!),
                                             uniforms: uniforms, codes: codes.baseAddress!)
                        }
                    }
                }
            }
            z.withUnsafeBufferPointer { zp in
                for k in 0..<(m * nw) { numerical[first * nw + k] = zp[k] }
            }
            for k in 0..<(m * nc) { codes[first * nc + k] = batchCodes[k] }
            first += m
        }
        if let bad = numerical.firstIndex(where: { !$0.isFinite }) {
            throw SynthesisError.numerical("ddpm sampled a non-finite value at row \(bad / max(nw, 1) + 1)")
        }
        return DiffusionData(rows: count, numerical: numerical, codes: codes, labels: labels.map { $0.map(Int32.init) })
    }
}
