import Foundation
import SynthMath
import Testing
@testable import SynthNN

/// The WGAN-GP path: the norm of dD/dx on interpolates, then its gradient with respect to the
/// discriminator's parameters (double backward), as CTGAN's `calc_gradient_penalty` computes it.
@Suite("Gradient penalty (double backward)")
struct GradientPenaltyTests {
    static let inputWidth = 6, pac = 2, hidden = 5, rows = 8

    /// Deterministic parameters from a formula, so PyTorch and SynthNN start identical.
    static func matrix(_ o: Int, _ i: Int, _ a: Double, _ s: Double, _ f: (Double) -> Double) -> Tensor {
        Tensor((0..<o).flatMap { r in (0..<i).map { c in Float(a * f(s + Double(r * i + c))) } }, shape: .matrix(o, i))
    }
    static func vector(_ n: Int, _ a: Double, _ s: Double, _ f: (Double) -> Double) -> Tensor {
        Tensor(vector: (0..<n).map { Float(a * f(s + Double($0))) })
    }

    static func parameters() -> [Tensor] {
        [matrix(hidden, inputWidth * pac, 0.3, 1, sin), vector(hidden, 0.1, 0.5, cos),
         matrix(hidden, hidden, 0.4, 2, cos), vector(hidden, 0.1, 1.5, sin),
         matrix(1, hidden, 0.5, 3, sin), vector(1, 0.1, 2.5, cos)]
    }

    static func interpolates() -> Tensor {
        let real = Tensor((0..<rows).map { r in (0..<inputWidth).map { c in Float(sin(0.7 * Double(r) + 1.3 * Double(c))) } })
        let fake = Tensor((0..<rows).map { r in (0..<inputWidth).map { c in Float(cos(0.5 * Double(r) - 0.9 * Double(c))) } })
        let groupAlpha: [Float] = [0.2, 0.5, 0.7, 0.9]
        let alpha = Tensor((0..<rows).map { [groupAlpha[$0 / pac]] })
        return noGrad { alpha * real + (1 - alpha) * fake }
    }

    /// `10 * mean((||dD/dx|| - 1)^2)` over pac groups; `dropoutSeed` adds CTGAN's Dropout(0.5) layers.
    static func penalty(_ p: [Tensor], interpolates: Tensor, dropoutSeed: UInt64? = nil) -> Tensor {
        enableGrad {
            let x = interpolates.detached()
            x.requiresGrad = true
            var rng = RandomStream(seed: dropoutSeed ?? 0)
            var h = linear(x.reshaped(.matrix(rows / pac, inputWidth * pac)), weight: p[0], bias: p[1],
                           activation: .leakyReLU(slope: 0.2))
            if dropoutSeed != nil { h = dropout(h, probability: 0.5, rng: &rng) }
            h = linear(h, weight: p[2], bias: p[3], activation: .leakyReLU(slope: 0.2))
            if dropoutSeed != nil { h = dropout(h, probability: 0.5, rng: &rng) }
            let d = linear(h, weight: p[4], bias: p[5])
            let g = gradients(of: d, withRespectTo: [x], createGraph: true)[0]
            return (g.reshaped(.matrix(rows / pac, inputWidth * pac)).rowNorms() - 1).square().mean() * 10
        }
    }

    /// Reference values from PyTorch 2.15 (CPU, float32): the same network, inputs and penalty with
    /// `torch.autograd.grad(create_graph=True)` and `penalty.backward()`; per parameter the sum and sum of
    /// squares of its gradient and its first element (b1, b2, b3 get none: D is piecewise linear).
    @Test func matchesPyTorch() {
        let p = Self.parameters()
        for t in p { t.requiresGrad = true }
        let pen = Self.penalty(p, interpolates: Self.interpolates())
        #expect(Swift.abs(pen.item - 4.824679374694824) <= 1e-5 * 4.82)
        pen.backward()
        let expected: [(Double, Double, Double)] = [
            (-0.18520480766892433, 13.115928316413644, -0.8101470470428467), (0, 0, 0),
            (-9.311955232173204, 24.42830238166081, 0.1206628680229187), (0, 0, 0),
            (-1.1478376388549805, 49.812117792820004, -3.4714884757995605), (0, 0, 0),
        ]
        for (t, e) in zip(p, expected) {
            let g: [Double] = (t.grad?.toArray() ?? [0]).map { Double($0) }
            let sum = g.reduce(0, +), squares = g.reduce(0) { $0 + $1 * $1 }
            #expect(Swift.abs(sum - e.0) <= 1e-4 * Swift.max(1, Swift.abs(e.0)), "gradient sum \(sum) vs \(e.0)")
            #expect(Swift.abs(squares - e.1) <= 1e-4 * Swift.max(1, e.1), "gradient sum of squares \(squares) vs \(e.1)")
            #expect(Swift.abs(g[0] - e.2) <= 1e-4 * Swift.max(1, Swift.abs(e.2)), "first element \(g[0]) vs \(e.2)")
        }
    }

    /// The penalty's parameter gradient against central differences of the penalty, with dropout. D is
    /// piecewise linear, so the step is small enough (1e-3) not to carry a pre-activation across a kink.
    @Test(arguments: [UInt64(1), 2])
    func parameterGradientMatchesFiniteDifferences(dropoutSeed: UInt64) {
        let x = Self.interpolates()
        GradientCheck.firstOrder("gradient penalty", Self.parameters(), tolerance: 3e-2, step: 1e-3) { p in
            Self.penalty(p, interpolates: x, dropoutSeed: dropoutSeed)
        }
    }

    /// A smooth discriminator (tanh) has non-zero second derivatives everywhere: double backward through
    /// the activation's own derivative is exercised, not just the matrix products.
    @Test func smoothDiscriminatorSecondOrder() {
        var rng = RandomStream(seed: 3)
        let w1 = GradientCheck.values(.matrix(4, 3), rng: &rng), w2 = GradientCheck.values(.matrix(1, 4), rng: &rng)
        let xs = GradientCheck.values(.matrix(5, 3), rng: &rng)
        GradientCheck.firstOrder("tanh penalty", [w1, w2], tolerance: 3e-2, step: 5e-3) { p in
            enableGrad {
                let x = xs.detached()
                x.requiresGrad = true
                let d = linear(linear(x, weight: p[0], bias: nil, activation: .tanh), weight: p[1], bias: nil,
                               activation: .sigmoid)
                let g = gradients(of: d, withRespectTo: [x], createGraph: true)[0]
                return (g.rowNorms() - 1).square().mean()
            }
        }
    }
}
