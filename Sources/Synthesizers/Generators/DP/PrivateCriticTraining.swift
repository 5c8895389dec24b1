import SynthMath
import SynthNN

/// DP-SGD state of one GAN training run: the critic's per-sample clipping and noise (``DPSGD``), Poisson
/// batches of the training rows (``DPBatchSampler``, what the RDP accountant assumes; SynthCity passes
/// `poisson_sampling=False`, so its accountant's assumption does not hold), and the accountant that every
/// privatised critic step is recorded in.
final class PrivateCriticTraining {
    let settings: DiscriminatorPrivacy
    let dpsgd: DPSGD
    let batches: DPBatchSampler
    let noiseMultiplier: Double
    let delta: Double
    private(set) var accountant = RDPAccountant()
    private var pending: [[Int]] = []
    /// Epsilon spent at the end of each epoch.
    private(set) var epsilonByEpoch: [Double] = []

    /// Sets DP-SGD on `critic` for `rows` training rows and `batchSize` expected rows per step; a calibrated
    /// noise multiplier covers `epochs` epochs of `floor(1 / q)` steps with `updatesPerStep` critic updates.
    /// `deltaRows` resolves a row-count delta (default: `rows`). `resuming` continues an earlier run on the
    /// same rows (a federated client's next round): its noise multiplier, and its accountant, to which this
    /// run's steps are added (RDP composition).
    init(settings: DiscriminatorPrivacy, critic: Module, rows: Int, batchSize: Int, epochs: Int,
         updatesPerStep: Int, deltaRows: Int? = nil, resuming previous: PrivateCriticTraining? = nil) throws {
        self.settings = settings
        delta = settings.delta.resolve(rows: deltaRows ?? rows)
        batches = try DPBatchSampler(datasetSize: rows,
                                     sampling: .poisson(rate: Swift.min(Double(batchSize) / Double(rows), 1)))
        switch (settings.noise, previous) {
        case (_, let previous?):
            noiseMultiplier = previous.noiseMultiplier
            accountant = previous.accountant
            epsilonByEpoch = previous.epsilonByEpoch
        case (.calibrated(let target), nil):
            noiseMultiplier = try RDPAccountant.noiseMultiplier(targetEpsilon: target, targetDelta: delta,
                                                                sampleRate: batches.sampleRate,
                                                                steps: epochs * batches.batchesPerEpoch * updatesPerStep)
        case (.fixed(let sigma, _), nil):
            noiseMultiplier = sigma
        }
        dpsgd = try DPSGD(module: critic, noiseMultiplier: noiseMultiplier, maxGradientNorm: settings.maxGradientNorm,
                          expectedBatchSize: batches.expectedBatchSize)
    }

    /// Steps per epoch: `floor(1 / q)` Poisson batches.
    var stepsPerEpoch: Int { batches.batchesPerEpoch }

    /// The next Poisson batch (indices into the training rows), drawing a new epoch when one runs out.
    func nextBatch(rng: inout RandomStream) -> [Int] {
        if pending.isEmpty { pending = batches.epoch(rng: &rng).reversed() }
        return pending.removeLast()
    }

    /// Records one privatised step.
    func recordStep() { accountant.step(noiseMultiplier: noiseMultiplier, sampleRate: batches.sampleRate) }

    /// Whether any private step has been recorded (in this run or the runs it resumes).
    var hasSpent: Bool { !accountant.history.isEmpty }

    /// Epsilon spent so far.
    var epsilonSpent: Double { accountant.epsilon(delta: delta) }

    func endEpoch() { epsilonByEpoch.append(epsilonSpent) }

    /// Whether `steps` more steps keep a fixed-noise run within its budget (always true when calibrated).
    func fitsBudget(afterMoreSteps steps: Int) -> Bool {
        guard case .fixed(_, let budget) = settings.noise else { return true }
        var a = accountant
        for _ in 0..<steps { a.step(noiseMultiplier: noiseMultiplier, sampleRate: batches.sampleRate) }
        return a.epsilon(delta: delta) <= budget
    }

    /// The report once training is over.
    func report(nonPrivateInputs: [String]) -> PrivacyReport {
        let spent = accountant.privacySpent(delta: delta)
        let steps = accountant.history.reduce(0) { $0 + $1.steps }
        return PrivacyReport(
            mechanism: "DP-SGD on the critic's real-data term (Poisson sampling, RDP accountant as Opacus 1.4.1)",
            epsilon: spent.epsilon, delta: delta, targetEpsilon: settings.noise.targetEpsilon,
            details: ["noise_multiplier": .number(noiseMultiplier), "sample_rate": .number(batches.sampleRate),
                      "steps": .number(Double(steps)), "best_order": .number(spent.order),
                      "max_grad_norm": .number(Double(settings.maxGradientNorm)),
                      "epsilon_by_epoch": .numbers(epsilonByEpoch)],
            nonPrivateInputs: nonPrivateInputs)
    }
}
