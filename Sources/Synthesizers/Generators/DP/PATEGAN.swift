import Foundation
import SynthMath
import SynthNN

/// PATE-GAN (Jordon, Yoon, van der Schaar, ICLR 2019) over the SynthCity encoding: teachers see disjoint
/// partitions of the real rows; a student critic sees only generated rows, labelled by the teachers' votes
/// with Laplace noise; the generator learns to make the student say "real". Only the noisy votes touch
/// the data, and each one is charged to ``PATEMomentsAccountant``; training stops before a query would take
/// the spent epsilon past the budget (SynthCity checks after a whole iteration, so it overshoots).
///
/// Per iteration:
/// 1. each teacher (a logistic regression, SynthCity's `teacher_template="linear"`) is refitted on its
///    partition (label 1) against as many fresh generated rows (label 0). The partitions are drawn once
///    (#275: SynthCity re-permutes every iteration, so over the run every teacher sees all the data);
/// 2. `generatorSteps` times: `studentSteps` student updates (binary cross-entropy on a generated batch
///    and its noisy labels `1[(n1 + Lap(1/λ)) / T > 1/2]`), then one generator update
///    (`BCE(student(G(z)), 1)`).
///
/// SynthCity's `pategan` differs in kind: its TabularGAN critic is trained on the real rows directly and
/// the teachers only relabel generated rows, so the real data reaches the model outside the mechanism.
/// There are no condition vectors here (their category frequencies would be a non-private read).
public final class PATEGAN {
    public let configuration: PATEGANConfiguration
    public let layout: TabularLayout
    let head: OutputHead
    let generator: Sequential
    let student: Sequential
    public private(set) var history = TrainingHistory()
    public private(set) var privacyReport: PrivacyReport?
    /// The teachers' votes, the noisy labels and the student's agreement, per completed iteration.
    public private(set) var voteStatistics: [PATEVoteStatistics] = []

    public init(configuration: PATEGANConfiguration, layout: TabularLayout, rng: inout RandomStream) {
        self.configuration = configuration
        self.layout = layout
        let c = configuration
        head = OutputHead(layout: layout, scalarActivation: .identity)
        generator = NetworkFactory.synthcityMLP(input: c.generatorUnits, output: layout.width, layers: c.generatorLayers,
                                                units: c.generatorUnits, activation: c.generatorActivation, dropout: 0,
                                                residual: true, rng: &rng)
        student = NetworkFactory.synthcityMLP(input: layout.width, output: 1, layers: c.studentLayers,
                                              units: c.studentUnits, activation: c.studentActivation,
                                              dropout: c.studentDropout, residual: false, rng: &rng)
    }

    /// `rows` generated, activated rows.
    func generated(_ rows: Int, rng: inout RandomStream) -> Tensor {
        let z = Tensor.normal(.matrix(rows, configuration.generatorUnits), rng: &rng)
        return head(generator(z, rng: &rng), rng: &rng)
    }

    /// Trains under flush-to-zero and denormals-are-zero (``SubnormalFlush``): late in a long run the
    /// generator's dead units leave weights, activations and gradients near the smallest normal float, and
    /// without the two bits the matrix products spent most of each iteration in microcode assists
    /// (docs/privacy.md §4, "Subnormal weights"). A run in which no subnormal occurs is bit-for-bit unchanged.
    public func train(on data: EncodedTable, context: SynthesisContext, rng: inout RandomStream) throws {
        try SubnormalFlush.run { try trainFlushed(on: data, context: context, rng: &rng) }
    }

    private func trainFlushed(on data: EncodedTable, context: SynthesisContext, rng: inout RandomStream) throws {
        let c = configuration, n = data.rowCount, w = data.width
        guard n >= c.teachers * 2 else {
            throw SynthesisError.invalidData("PATE-GAN needs at least 2 rows per teacher (\(c.teachers) teachers, \(n) rows)")
        }
        let delta = c.delta.resolve(rows: n)
        var accountant = PATEMomentsAccountant(lambda: c.lambda, orders: c.orders)
        var partitionRNG = rng.derived("partitions")
        var teacherRNG = rng.derived("teachers")
        var trainRNG = rng.derived("train")
        var noiseRNG = rng.derived("laplace")
        let permutation = partitionRNG.permutation(n)
        let perTeacher = n / c.teachers
        var teachers = (0..<c.teachers).map { t -> LogisticTeacher in
            let rows = Array(permutation[(t * perTeacher)..<((t + 1) * perTeacher)])
            return LogisticTeacher(width: w, rows: rows, data: data, rng: &teacherRNG)
        }
        let optimizerG = Adam(generator.parameters(), learningRate: c.learningRate, weightDecay: c.weightDecay)
        let optimizerS = Adam(student.parameters(), learningRate: c.learningRate, weightDecay: c.weightDecay)
        var epsilonByIteration: [Double] = []
        var iterationVotes = PATEVoteStatistics()
        voteStatistics = []
        var budgetReached = false
        generator.train(); student.train()
        // An iteration is an epoch of `generatorSteps` steps: the teachers are refitted before it, and a step
        // that would overspend the budget ends training at once (the iteration is not recorded).
        let loop = EpochLoop(rowCount: n, epochs: c.iterations, earlyStopping: nil, lossNames: ["generator", "student"],
                             rng: rng)
        history = try loop.run(
            stepsPerEpoch: c.generatorSteps, context: context,
            beginEpoch: { iteration in
                iterationVotes = PATEVoteStatistics()
                for t in teachers.indices {
                    let fake = noGrad { generated(teachers[t].rows.count, rng: &teacherRNG) }
                    teachers[t].fit(against: fake, steps: iteration == 0 ? 5 * c.teacherSteps : c.teacherSteps)
                }
                return true
            },
            step: { iteration, _ in
                var lossS = 0.0
                for _ in 0..<c.studentSteps {
                    let fake = noGrad { generated(c.batchSize, rng: &trainRNG) }
                    let ones = teachers.reduce(into: [Int](repeating: 0, count: c.batchSize)) { votes, teacher in
                        for (i, v) in teacher.votes(fake).enumerated() where v { votes[i] += 1 }
                    }
                    var trial = accountant
                    var gaps = [Int: Int]()
                    for n1 in ones { gaps[n1, default: 0] += 1 }
                    for (n1, times) in gaps.sorted(by: { $0.key < $1.key }) {
                        trial.record(n0: c.teachers - n1, n1: n1, times: times)
                    }
                    if trial.privacySpent(delta: delta).epsilon > c.epsilon { budgetReached = true; return nil }
                    accountant = trial
                    let labels = ones.map { n1 -> Float in
                        let noisy = (Double(n1) + noiseRNG.nextLaplace(scale: 1 / c.lambda)) / Double(c.teachers)
                        return noisy > 0.5 ? 1 : 0
                    }
                    let y = student(fake, rng: &trainRNG)
                    for (i, logit) in y.toArray().enumerated() {
                        iterationVotes.record(n1: ones[i], teachers: c.teachers, label: labels[i] == 1,
                                              studentSaysReal: logit > 0)
                    }
                    let loss = binaryCrossEntropyWithLogits(y, Tensor(labels, shape: y.shape))
                    optimizerS.zeroGrad()
                    loss.backward()
                    if let clip = c.gradientClipNorm { clipGradientNorm(optimizerS.parameters, maxNorm: clip) }
                    optimizerS.step()
                    lossS = Double(loss.item)
                }
                let frozen = student.parameters()
                for p in frozen { p.requiresGrad = false }
                let y = student(generated(c.batchSize, rng: &trainRNG), rng: &trainRNG)
                let loss = binaryCrossEntropyWithLogits(y, Tensor.ones(y.shape))
                optimizerG.zeroGrad()
                loss.backward()
                for p in frozen { p.requiresGrad = true }
                if let clip = c.gradientClipNorm { clipGradientNorm(optimizerG.parameters, maxNorm: clip) }
                optimizerG.step()
                let lossG = Double(loss.item)
                guard lossG.isFinite, lossS.isFinite else {
                    throw SynthesisError.numerical("PATE-GAN losses became non-finite at iteration \(iteration + 1)")
                }
                return [lossG, lossS]
            },
            endEpoch: { _, _ in
                epsilonByIteration.append(accountant.privacySpent(delta: delta).epsilon)
                voteStatistics.append(iterationVotes)
            })
        history.stoppedEarly = budgetReached
        let spent = accountant.privacySpent(delta: delta)
        privacyReport = PrivacyReport(
            mechanism: "PATE: Laplace-noised teacher votes (data-dependent moments accountant, PATE-GAN)",
            epsilon: accountant.queries == 0 ? 0 : spent.epsilon, delta: delta, targetEpsilon: c.epsilon,
            details: ["lambda": .number(c.lambda), "teachers": .number(Double(c.teachers)),
                      // How often a unanimous vote's noisy label is wrong: 1/2 means the labels carry nothing.
                      "unanimous_flip_share": .number(Foundation.exp(-c.lambda * Double(c.teachers) / 2) / 2),
                      "queries": .number(Double(accountant.queries)), "best_order": .number(Double(spent.order)),
                      "budget_reached": .string(budgetReached ? "yes" : "no"),
                      "epsilon_by_iteration": .numbers(epsilonByIteration)],
            nonPrivateReleases: c.diagnostics
                ? ["teacher vote statistics read without noise (diagnostics=true: fit_notes.pate_diagnostics)"] : [])
    }

    /// `count` activated rows, in batches of `batchSize`, under flush-to-zero and denormals-are-zero like the
    /// training: the trained generator keeps the weights that decayed towards zero, and without the two bits
    /// sampling 32,561 rows of adult after an epsilon-10 run took about 50 s instead of under one.
    public func generate(count: Int, rng: inout RandomStream) -> [Float] {
        var out: [Float] = []
        out.reserveCapacity(count * layout.width)
        SubnormalFlush.run {
            noGrad {
                while out.count < count * layout.width {
                    let rows = min(configuration.batchSize, count - out.count / layout.width)
                    out += generated(rows, rng: &rng).toArray()
                }
            }
        }
        return out
    }
}

/// One PATE teacher: a logistic regression (L2, `C = 1` as sklearn's default) on its fixed partition of the
/// real rows (label 1) against generated rows (label 0), fitted by full-batch Adam and warm-started.
struct LogisticTeacher {
    let rows: [Int]
    let layer: Linear
    let optimizer: Adam
    /// The partition's encoded rows.
    let real: Tensor

    init(width: Int, rows: [Int], data: EncodedTable, rng: inout RandomStream) {
        self.rows = rows
        layer = Linear(width, 1, rng: &rng)
        let real = Tensor.zeros(.matrix(rows.count, width))
        real.withUnsafeMutableBufferPointer { dst in
            data.values.withUnsafeBufferPointer { src in
                for (i, r) in rows.enumerated() {
                    (dst.baseAddress! + i * width).update(from: src.baseAddress! + r * width, count: width)
                }
            }
        }
        self.real = real
        // sklearn minimises sum(log-loss) + |w|²/2; per row that is mean log-loss + |w|²/(2N): decay 1/N.
        optimizer = Adam(layer.parameters(), learningRate: 0.05, weightDecay: 1 / Double(2 * rows.count))
    }

    mutating func fit(against fake: Tensor, steps: Int) {
        let x = concatRows([real, fake])
        let targets = Tensor([Float](repeating: 1, count: real.rows) + [Float](repeating: 0, count: fake.rows),
                             shape: .matrix(x.rows, 1))
        for _ in 0..<steps {
            let loss = binaryCrossEntropyWithLogits(layer(x), targets)
            optimizer.zeroGrad()
            loss.backward()
            optimizer.step()
        }
    }

    /// Whether each row of `x` is voted real.
    func votes(_ x: Tensor) -> [Bool] {
        noGrad { layer(x).toArray().map { $0 > 0 } }
    }
}

extension PATEGAN: EncodedTableModel {
    public static var methodName: String { "pategan" }

    public func generateEncoded(count: Int, rng: inout RandomStream) -> (values: [Float], sigmas: [Float]?) {
        (generate(count: count, rng: &rng), nil)
    }

    public var modelNotes: [String: NoteValue] {
        var notes = history.notes
        notes["parameters_generator"] = .number(Double(generator.parameterCount))
        notes["parameters_student"] = .number(Double(student.parameterCount))
        if configuration.diagnostics { notes["pate_diagnostics"] = PATEVoteStatistics.notes(voteStatistics) }
        return notes
    }
}

public typealias PATEGANSynthesizer = NeuralSynthesizer<PATEGAN>
