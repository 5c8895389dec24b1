import Foundation
import Testing
import SynthMath
import SynthNN
@testable import Synthesizers
import SynthTestSupport

/// ``PacCritic``'s hand-derived critic step and input gradient against the tape: the same network, inputs
/// and random stream through three recorded forward passes, ``gradientPenalty(_:real:fake:pac:lambda:rng:)``
/// (double backward) and `backward()`, as ``ConditionalGAN`` computed the critic step before.
@Suite struct PacCriticTests {
    /// A small critic of either flavour: CTGAN's (Linear, LeakyReLU, Dropout) chain, or SynthCity's MLP
    /// (dropout before every hidden Linear but the first). Its input rows are pac groups: `pac` data rows of
    /// `dataWidth`, then their one-hot conditions of `conditionWidth` (none when 0).
    struct Case: CustomStringConvertible, Sendable {
        let flavour: Backend
        let dataWidth: Int
        let conditionWidth: Int
        let pac: Int
        let groups: Int
        let hidden: [Int]
        let slope: Float
        let dropout: Float
        let seed: UInt64

        var description: String {
            "\(flavour) pac \(pac) conditions \(conditionWidth) hidden \(hidden) dropout \(dropout) seed \(seed)"
        }
        var inputWidth: Int { pac * (dataWidth + conditionWidth) }
        var denseWidth: Int { pac * dataWidth }

        func network(rng: inout RandomStream) -> Sequential {
            switch flavour {
            case .sdv:
                return NetworkFactory.ctganDiscriminator(input: inputWidth, hidden: hidden, slope: slope, dropout: dropout,
                                                         rng: &rng)
            default:
                return NetworkFactory.synthcityMLP(input: inputWidth, output: 1, layers: hidden.count,
                                                   units: hidden.first ?? 1, activation: .leakyReLU(slope: slope),
                                                   dropout: dropout, residual: false, rng: &rng)
            }
        }
    }

    static let cases: [Case] = [
        Case(flavour: .sdv, dataWidth: 7, conditionWidth: 3, pac: 1, groups: 6, hidden: [9, 8], slope: 0.2, dropout: 0.5, seed: 1),
        Case(flavour: .sdv, dataWidth: 5, conditionWidth: 4, pac: 4, groups: 5, hidden: [16, 12], slope: 0.2, dropout: 0.5, seed: 2),
        Case(flavour: .sdv, dataWidth: 6, conditionWidth: 0, pac: 3, groups: 4, hidden: [10, 11, 9], slope: 0.2, dropout: 0.3, seed: 3),
        Case(flavour: .sdv, dataWidth: 4, conditionWidth: 3, pac: 2, groups: 3, hidden: [], slope: 0.2, dropout: 0.5, seed: 4),
        Case(flavour: .sdv, dataWidth: 4, conditionWidth: 0, pac: 2, groups: 3, hidden: [], slope: 0.2, dropout: 0.5, seed: 8),
        Case(flavour: .synthcity, dataWidth: 9, conditionWidth: 5, pac: 1, groups: 8, hidden: [20, 20], slope: 0.01, dropout: 0.1, seed: 5),
        Case(flavour: .synthcity, dataWidth: 6, conditionWidth: 2, pac: 2, groups: 7, hidden: [13, 13], slope: 0.01, dropout: 0.4, seed: 6),
        Case(flavour: .synthcity, dataWidth: 8, conditionWidth: 0, pac: 1, groups: 5, hidden: [12], slope: 0.01, dropout: 0.1, seed: 7),
    ]

    /// One block of critic rows: the dense values (in [-1, 1]) and hot indices the fused critic reads, and
    /// the full rows (one-hot conditions written out) the tape reads.
    struct Rows {
        let dense: [Float]
        let hot: [Int32]
        let full: Tensor
    }

    static func rows(_ c: Case, rng: inout RandomStream) -> Rows {
        var dense = [Float](repeating: 0, count: c.groups * c.denseWidth)
        var hot = [Int32](repeating: 0, count: c.groups * c.pac)
        var full = [Float](repeating: 0, count: c.groups * c.inputWidth)
        for g in 0..<c.groups {
            for k in 0..<c.denseWidth {
                let v = 2 * rng.nextFloat() - 1
                dense[g * c.denseWidth + k] = v
                full[g * c.inputWidth + k] = v
            }
            guard c.conditionWidth > 0 else { continue }
            for b in 0..<c.pac {
                let h = rng.nextInt(below: c.conditionWidth)
                hot[g * c.pac + b] = Int32(h)
                full[g * c.inputWidth + c.denseWidth + b * c.conditionWidth + h] = 1
            }
        }
        return Rows(dense: dense, hot: hot, full: Tensor(full, shape: .matrix(c.groups, c.inputWidth)))
    }

    static func critic(_ network: Sequential, _ c: Case) -> PiecewiseLinearCritic? {
        PiecewiseLinearCritic(network, oneHotBlocks: c.pac, blockWidth: c.conditionWidth)
    }

    /// Fills a fused critic's training blocks with `fake` and `real`.
    static func fill(_ critic: PiecewiseLinearCritic, _ c: Case, fake: Rows, real: Rows) {
        critic.withTrainingInputs(groups: c.groups) { f, r in
            for (block, rows) in [(f, fake), (r, real)] {
                for g in 0..<c.groups {
                    for k in 0..<c.denseWidth { block.values[g * c.inputWidth + k] = rows.dense[g * c.denseWidth + k] }
                    for b in 0..<(c.conditionWidth > 0 ? c.pac : 0) { block.hot[g * c.pac + b] = rows.hot[g * c.pac + b] }
                }
            }
        }
    }

    /// Summation order differs (stacked sgemms, the interpolates' first layer by linearity); measured
    /// relative errors are below 1e-6.
    static let tolerance = 5e-6

    @Test(arguments: cases)
    func criticStepMatchesAutodiff(c: Case) throws {
        var setup = RandomStream(seed: c.seed)
        let network = c.network(rng: &setup)
        let fake = Self.rows(c, rng: &setup), real = Self.rows(c, rng: &setup)
        let lambda: Float = 10

        // The tape: three recorded forward passes, the double-backward penalty, backward.
        var tapeRNG = RandomStream(seed: c.seed &+ 100)
        let yFake = network(fake.full, rng: &tapeRNG)
        let yReal = network(real.full, rng: &tapeRNG)
        let penalty = gradientPenalty(network, real: real.full, fake: fake.full, lambda: lambda, rng: &tapeRNG)
        let loss = -(yReal.mean() - yFake.mean())
        network.zeroGrad()
        penalty.backward()
        loss.backward()
        let expected = network.parameters().map { $0.grad?.toArray() ?? [Float](repeating: 0, count: $0.count) }

        let critic = try #require(Self.critic(network, c))
        var fusedRNG = RandomStream(seed: c.seed &+ 100)
        network.zeroGrad()
        Self.fill(critic, c, fake: fake, real: real)
        let fused = critic.trainingStep(groups: c.groups, lambda: lambda, rng: &fusedRNG)

        #expect(abs(fused.loss - loss.item) <= 1e-5 * max(1, abs(loss.item)), "loss \(fused.loss) vs \(loss.item)")
        #expect(abs(fused.penalty - penalty.item) <= 1e-5 * max(1, penalty.item), "penalty \(fused.penalty) vs \(penalty.item)")
        #expect(penalty.item > 0)
        for (k, (p, e)) in zip(network.parameters(), expected).enumerated() {
            let g = try #require(p.grad, "parameter \(k) got no gradient")
            expectClose(g.toArray(), e, normRelative: Self.tolerance, "parameter \(k) \(p.shape)")
        }
        // The same draws in the same order.
        #expect(fusedRNG.next() == tapeRNG.next())
    }

    /// The masks matter: a step with other dropout draws gives other gradients (the comparison above is
    /// not blind to them).
    @Test func dropoutMasksChangeTheGradient() throws {
        let c = Self.cases[1]
        var setup = RandomStream(seed: c.seed)
        let network = c.network(rng: &setup)
        let fake = Self.rows(c, rng: &setup), real = Self.rows(c, rng: &setup)
        let critic = try #require(Self.critic(network, c))
        func step(_ seed: UInt64) -> [Float] {
            Self.fill(critic, c, fake: fake, real: real)
            var rng = RandomStream(seed: seed)
            _ = critic.trainingStep(groups: c.groups, lambda: 10, rng: &rng)
            return network.parameters()[0].grad!.toArray()
        }
        #expect(step(1) == step(1))
        #expect(step(1) != step(2))
    }

    /// The generator's pass: `D(x)` and the gradient of a row-weighted objective with respect to the dense
    /// columns equal the tape's (the conditions are constants), and the critic's parameters receive nothing.
    @Test(arguments: cases)
    func inputGradientMatchesAutodiff(c: Case) throws {
        var setup = RandomStream(seed: c.seed &+ 7)
        let network = c.network(rng: &setup)
        let rows = Self.rows(c, rng: &setup)
        let weights = Tensor((0..<c.groups).map { _ in [2 * setup.nextFloat() - 1] })

        let xTape = Tensor(rows.dense, shape: .matrix(c.groups, c.denseWidth))
        xTape.requiresGrad = true
        let conditions = Tensor(rows.full.toRows().map { Array($0[c.denseWidth...]) })
        var tapeRNG = RandomStream(seed: c.seed &+ 200)
        let yTape = network(c.conditionWidth > 0 ? concatColumns([xTape, conditions]) : xTape, rng: &tapeRNG)
        network.zeroGrad()
        (yTape * weights).sum().backward()

        let critic = try #require(Self.critic(network, c))
        network.zeroGrad()
        let xFused = Tensor(rows.dense, shape: .matrix(c.groups, c.denseWidth))
        xFused.requiresGrad = true
        var fusedRNG = RandomStream(seed: c.seed &+ 200)
        let yFused = rows.hot.withUnsafeBufferPointer {
            critic(xFused, hot: c.conditionWidth > 0 ? $0.baseAddress! : nil, rng: &fusedRNG)
        }
        (yFused * weights).sum().backward()

        expectClose(yFused.toArray(), yTape.toArray(), normRelative: Self.tolerance, "D(x)")
        expectClose(try #require(xFused.grad).toArray(), try #require(xTape.grad).toArray(), normRelative: Self.tolerance, "input gradient")
        #expect(network.parameters().allSatisfy { $0.grad == nil })
        #expect(fusedRNG.next() == tapeRNG.next())
    }

    /// In the training loop (both flavours, with their conditions and pac layout): the hand-derived critic
    /// and the tape (the same model with `critic` removed) give the same losses and the same gradients of
    /// both networks. The learning rates are 0 so every step sees the same parameters and the comparison
    /// stays one of gradients (Adam would turn rounding-level differences of near-zero gradients into
    /// full-size steps).
    @Test(arguments: [Backend.sdv, .synthcity])
    func trainingMatchesTheTape(backend: Backend) throws {
        let table = NeuralFixtures.table(rows: 200)
        var c = NeuralFixtures.smallCTGAN(backend, epochs: 1)
        if backend == .synthcity { c.earlyStopping = nil }
        c.batchSize = 50; c.generatorLearningRate = 0; c.discriminatorLearningRate = 0
        let encoding = try NeuralEncoding(table: table, metadata: NeuralFixtures.metadata(table), backend: backend,
                                          maxClusters: 10, stream: RandomStream(seed: 1))
        func train(hand: Bool) throws -> ConditionalGAN {
            var weights = RandomStream(seed: 2)
            let model = ConditionalGAN(configuration: c, layout: encoding.transformer.layout, rng: &weights)
            #expect(model.critic != nil)
            if !hand { model.critic = nil }
            var rng = RandomStream(seed: 3)
            try model.train(on: encoding.encoded, context: SynthesisContext(seed: 1), rng: &rng)
            return model
        }
        let hand = try train(hand: true), tape = try train(hand: false)
        for name in ["discriminator", "generator"] {
            let a = try #require(hand.history.losses[name]?.first), e = try #require(tape.history.losses[name]?.first)
            #expect(abs(a - e) <= 1e-5 * max(1, abs(e)), "\(name) loss \(a) vs \(e)")
        }
        // The last step's gradients, each network's as one vector: some parameters' gradients are zero up to
        // rounding (a Linear's bias before BatchNorm), so they are compared at the scale of the whole.
        for (network, a, e) in [("discriminator", hand.discriminator, tape.discriminator),
                                ("generator", hand.generator, tape.generator)] {
            let g = try a.parameters().flatMap { try #require($0.grad, "\(network) gradient").toArray() }
            let h = try e.parameters().flatMap { try #require($0.grad, "\(network) gradient").toArray() }
            expectClose(g, h, normRelative: Self.tolerance, "\(network) gradients")
        }
    }

    /// Networks that are not such a chain are refused (and ConditionalGAN keeps them on the tape).
    @Test func rejectsOtherNetworks() {
        var rng = RandomStream(seed: 1)
        #expect(PiecewiseLinearCritic(Sequential([Linear(4, 3, rng: &rng), Tanh(), Linear(3, 1, rng: &rng)])) == nil)
        #expect(PiecewiseLinearCritic(Sequential([Linear(4, 3, rng: &rng), LeakyReLU(), Linear(3, 2, rng: &rng)])) == nil)
        #expect(PiecewiseLinearCritic(Sequential([Dropout(0.5), Linear(4, 3, rng: &rng), ReLU(), Linear(3, 1, rng: &rng)])) == nil)
        #expect(PiecewiseLinearCritic(NetworkFactory.synthcityMLP(input: 4, output: 1, layers: 2, units: 5, activation: .relu,
                                                      dropout: 0, residual: true, rng: &rng)) == nil)
        #expect(PiecewiseLinearCritic(Sequential([Linear(4, 3, rng: &rng), ReLU(), Dropout(0.1), Linear(3, 1, rng: &rng)])) != nil)
    }
}
