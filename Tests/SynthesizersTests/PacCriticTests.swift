import Foundation
import Testing
import SynthMath
import SynthNN
@testable import Synthesizers

/// ``PacCritic``'s hand-derived critic step and input gradient against the tape: the same network, inputs
/// and random stream through three recorded forward passes, ``gradientPenalty(_:real:fake:pac:lambda:rng:)``
/// (double backward) and `backward()`, as ``ConditionalGAN`` computed the critic step before.
@Suite struct PacCriticTests {
    /// A small critic of either flavour: CTGAN's (Linear, LeakyReLU, Dropout) chain, or SynthCity's MLP
    /// (dropout before every hidden Linear but the first).
    struct Case: CustomStringConvertible, Sendable {
        let flavour: Backend
        let rowWidth: Int
        let pac: Int
        let groups: Int
        let hidden: [Int]
        let slope: Float
        let dropout: Float
        let seed: UInt64

        var description: String { "\(flavour) pac \(pac) hidden \(hidden) dropout \(dropout) seed \(seed)" }

        func network(rng: inout RandomStream) -> Sequential {
            let input = rowWidth * pac
            switch flavour {
            case .sdv:
                return NetworkFactory.ctganDiscriminator(input: input, hidden: hidden, slope: slope, dropout: dropout,
                                                         rng: &rng)
            default:
                return NetworkFactory.synthcityMLP(input: input, output: 1, layers: hidden.count, units: hidden.first ?? 1,
                                                   activation: .leakyReLU(slope: slope), dropout: dropout, residual: false,
                                                   rng: &rng)
            }
        }
    }

    static let cases: [Case] = [
        Case(flavour: .sdv, rowWidth: 7, pac: 1, groups: 6, hidden: [9, 8], slope: 0.2, dropout: 0.5, seed: 1),
        Case(flavour: .sdv, rowWidth: 5, pac: 4, groups: 5, hidden: [16, 12], slope: 0.2, dropout: 0.5, seed: 2),
        Case(flavour: .sdv, rowWidth: 6, pac: 3, groups: 4, hidden: [10, 11, 9], slope: 0.2, dropout: 0.3, seed: 3),
        Case(flavour: .sdv, rowWidth: 4, pac: 2, groups: 3, hidden: [], slope: 0.2, dropout: 0.5, seed: 4),
        Case(flavour: .synthcity, rowWidth: 9, pac: 1, groups: 8, hidden: [20, 20], slope: 0.01, dropout: 0.1, seed: 5),
        Case(flavour: .synthcity, rowWidth: 6, pac: 2, groups: 7, hidden: [13, 13], slope: 0.01, dropout: 0.4, seed: 6),
        Case(flavour: .synthcity, rowWidth: 8, pac: 1, groups: 5, hidden: [12], slope: 0.01, dropout: 0.1, seed: 7),
    ]

    /// Fake and real rows (`groups · pac × rowWidth`): dense values in [-1, 1] with a one-hot block, as the
    /// critic sees them.
    static func rows(_ c: Case, rng: inout RandomStream) -> Tensor {
        let n = c.groups * c.pac
        var v = [Float](repeating: 0, count: n * c.rowWidth)
        for r in 0..<n {
            for k in 0..<(c.rowWidth - 2) { v[r * c.rowWidth + k] = 2 * rng.nextFloat() - 1 }
            v[r * c.rowWidth + c.rowWidth - 2 + rng.nextInt(below: 2)] = 1
        }
        return Tensor(v, shape: .matrix(n, c.rowWidth))
    }

    /// `‖a - e‖ ≤ relative · ‖e‖` over a whole gradient, and every element within `4 · relative · max|e|`.
    static func expectClose(_ a: [Float], _ e: [Float], relative: Double, _ what: String) {
        #expect(a.count == e.count, "\(what): \(a.count) vs \(e.count) values")
        var diff = 0.0, norm = 0.0, largest = 0.0, worst = 0.0
        for (x, y) in zip(a, e) {
            diff += Double(x - y) * Double(x - y); norm += Double(y) * Double(y)
            largest = max(largest, Double(abs(y))); worst = max(worst, Double(abs(x - y)))
        }
        #expect(diff.squareRoot() <= relative * norm.squareRoot() + 1e-12, "\(what): ‖Δ‖ \(diff.squareRoot()) vs ‖e‖ \(norm.squareRoot())")
        #expect(worst <= 4 * relative * largest + 1e-12, "\(what): largest |Δ| \(worst), largest |e| \(largest)")
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

        // The tape, as ConditionalGAN's critic step was written.
        var tapeRNG = RandomStream(seed: c.seed &+ 100)
        let shape = TensorShape.matrix(c.groups, c.rowWidth * c.pac)
        let yFake = network(fake.reshaped(shape), rng: &tapeRNG)
        let yReal = network(real.reshaped(shape), rng: &tapeRNG)
        let penalty = gradientPenalty(network, real: real, fake: fake, pac: c.pac, lambda: lambda, rng: &tapeRNG)
        let loss = -(yReal.mean() - yFake.mean())
        network.zeroGrad()
        penalty.backward()
        loss.backward()
        let expected = network.parameters().map { $0.grad?.toArray() ?? [Float](repeating: 0, count: $0.count) }

        let critic = try #require(PacCritic(network))
        var fusedRNG = RandomStream(seed: c.seed &+ 100)
        network.zeroGrad()
        critic.withTrainingInputs(groups: c.groups) { f, r in
            fake.withUnsafeBufferPointer { f.update(from: $0.baseAddress!, count: $0.count) }
            real.withUnsafeBufferPointer { r.update(from: $0.baseAddress!, count: $0.count) }
        }
        let fused = critic.trainingStep(groups: c.groups, lambda: lambda, rng: &fusedRNG)

        #expect(abs(fused.loss - loss.item) <= 1e-5 * max(1, abs(loss.item)), "loss \(fused.loss) vs \(loss.item)")
        #expect(abs(fused.penalty - penalty.item) <= 1e-5 * max(1, penalty.item), "penalty \(fused.penalty) vs \(penalty.item)")
        #expect(penalty.item > 0)
        for (k, (p, e)) in zip(network.parameters(), expected).enumerated() {
            let g = try #require(p.grad, "parameter \(k) got no gradient")
            Self.expectClose(g.toArray(), e, relative: Self.tolerance, "parameter \(k) \(p.shape)")
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
        let critic = try #require(PacCritic(network))
        func step(_ seed: UInt64) -> [Float] {
            critic.withTrainingInputs(groups: c.groups) { f, r in
                fake.withUnsafeBufferPointer { f.update(from: $0.baseAddress!, count: $0.count) }
                real.withUnsafeBufferPointer { r.update(from: $0.baseAddress!, count: $0.count) }
            }
            var rng = RandomStream(seed: seed)
            _ = critic.trainingStep(groups: c.groups, lambda: 10, rng: &rng)
            return network.parameters()[0].grad!.toArray()
        }
        #expect(step(1) == step(1))
        #expect(step(1) != step(2))
    }

    /// The generator's pass: `D(x)` and the input gradient of a row-weighted objective equal the tape's,
    /// and the critic's parameters receive nothing.
    @Test(arguments: cases)
    func inputGradientMatchesAutodiff(c: Case) throws {
        var setup = RandomStream(seed: c.seed &+ 7)
        let network = c.network(rng: &setup)
        let rows = Self.rows(c, rng: &setup)
        let weights = Tensor((0..<c.groups).map { _ in [2 * setup.nextFloat() - 1] })
        let shape = TensorShape.matrix(c.groups, c.rowWidth * c.pac)

        let xTape = rows.copy()
        xTape.requiresGrad = true
        var tapeRNG = RandomStream(seed: c.seed &+ 200)
        let yTape = network(xTape.reshaped(shape), rng: &tapeRNG)
        network.zeroGrad()
        (yTape * weights).sum().backward()

        let critic = try #require(PacCritic(network))
        network.zeroGrad()
        let xFused = rows.copy()
        xFused.requiresGrad = true
        var fusedRNG = RandomStream(seed: c.seed &+ 200)
        let yFused = critic(xFused.reshaped(shape), rng: &fusedRNG)
        (yFused * weights).sum().backward()

        Self.expectClose(yFused.toArray(), yTape.toArray(), relative: Self.tolerance, "D(x)")
        Self.expectClose(try #require(xFused.grad).toArray(), try #require(xTape.grad).toArray(),
                         relative: Self.tolerance, "input gradient")
        #expect(network.parameters().allSatisfy { $0.grad == nil })
        #expect(fusedRNG.next() == tapeRNG.next())
    }

    /// Networks that are not such a chain are refused.
    @Test func rejectsOtherNetworks() {
        var rng = RandomStream(seed: 1)
        #expect(PacCritic(Sequential([Linear(4, 3, rng: &rng), Tanh(), Linear(3, 1, rng: &rng)])) == nil)
        #expect(PacCritic(Sequential([Linear(4, 3, rng: &rng), LeakyReLU(), Linear(3, 2, rng: &rng)])) == nil)
        #expect(PacCritic(Sequential([Dropout(0.5), Linear(4, 3, rng: &rng), ReLU(), Linear(3, 1, rng: &rng)])) == nil)
        #expect(PacCritic(NetworkFactory.synthcityMLP(input: 4, output: 1, layers: 2, units: 5, activation: .relu,
                                                      dropout: 0, residual: true, rng: &rng)) == nil)
        #expect(PacCritic(Sequential([Linear(4, 3, rng: &rng), ReLU(), Dropout(0.1), Linear(3, 1, rng: &rng)])) != nil)
    }
}
