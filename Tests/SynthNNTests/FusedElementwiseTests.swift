import Foundation
import SynthMath
import Testing
@testable import SynthNN
import SynthTestSupport

/// The fused elementwise passes TabDDPM's step runs (the linear layer's ReLU backward with its bias
/// gradient, SiLU as one operation) give the same bytes as the compositions they replace, which stay in the
/// code as the oracle: the Float operations and their order are unchanged, only passes and tensors go.
@Suite("Fused elementwise passes")
struct FusedElementwiseTests {
    static func bits(_ t: Tensor) -> [UInt32] { t.toArray().map(\.bitPattern) }

    /// `linear(x, W, b, .relu)` against `linear(x, W, b)` followed by a separate ReLU: the same output, and
    /// the same weight, bias and input gradients, bit for bit. The layer is applied twice so the bias
    /// gradient is also accumulated into a sum that already holds a value; `.grad` (the leaf path) and
    /// `gradients(of:)` are both checked.
    @Test func reluLinearBackwardWithBiasSumsIsBitIdentical() {
        var rng = RandomStream(seed: 21)
        let layer = Linear(37, 70, rng: &rng)
        let x1 = Tensor.normal(.matrix(300, 37), rng: &rng), x2 = Tensor.normal(.matrix(300, 37), rng: &rng)
        x1.requiresGrad = true
        let r1 = Tensor.normal(.matrix(300, 70), rng: &rng), r2 = Tensor.normal(.matrix(300, 70), rng: &rng)
        func loss(fused: Bool) -> (Tensor, Tensor) {
            func f(_ x: Tensor) -> Tensor {
                fused ? layer(x, activation: .relu) : layer(x, activation: .identity).activated(.relu)
            }
            let y1 = f(x1)
            return ((y1 * r1).sum() + (f(x2) * r2).sum(), y1)
        }
        let parameters = [layer.weight, layer.bias!, x1]
        let (lf, yf) = loss(fused: true), (lu, yu) = loss(fused: false)
        #expect(Self.bits(yf) == Self.bits(yu), "forward")
        let gf = gradients(of: lf, withRespectTo: parameters), gu = gradients(of: lu, withRespectTo: parameters)
        for (k, name) in ["weight", "bias", "input"].enumerated() {
            #expect(Self.bits(gf[k]) == Self.bits(gu[k]), "\(name) gradient")
        }
        for p in parameters { p.zeroGrad() }
        loss(fused: true).0.backward()
        let leafFused = parameters.map { Self.bits($0.grad!) }
        for p in parameters { p.zeroGrad() }
        loss(fused: false).0.backward()
        for (k, p) in parameters.enumerated() { #expect(leafFused[k] == Self.bits(p.grad!), "leaf \(k)") }
        // Negative control: the bytes do see the summation order (the bias gradient summed last row first).
        let y = yu.toArray(), r = r1.toArray()
        let gz = y.indices.map { y[$0] > 0 ? r[$0] : 0 }
        var reversed = [Float](repeating: 0, count: 70)
        for row in stride(from: 299, through: 0, by: -1) { for c in 0..<70 { reversed[c] += gz[row * 70 + c] } }
        let single = gradients(of: (yf * r1).sum(), withRespectTo: [layer.bias!])[0]
        #expect(single.toArray().map(\.bitPattern) != reversed.map(\.bitPattern))
        #expect(zip(single.toArray(), reversed).allSatisfy { Swift.abs($0 - $1) <= 1e-4 * max(1, Swift.abs($0)) })
    }

    /// `silu(x)` (one operation) against `x * sigmoid(x)` composed on the tape: forward and gradient bit for bit;
    /// a recorded pass (double backward) still differentiates correctly (checked by finite differences in
    /// ElementwiseGradientTests). Negative control: an algebraically equal form, `x / (1 + e^-x)`, differs in
    /// some bits, so equality is not an accident of the comparison.
    @Test func siluIsBitIdenticalToTheComposition() {
        var rng = RandomStream(seed: 22)
        let x = Tensor.normal(.matrix(64, 128), std: 4, rng: &rng)
        x.requiresGrad = true
        let r = Tensor.normal(.matrix(64, 128), rng: &rng)
        let fused = silu(x), composed = x * sigmoid(x)
        #expect(Self.bits(fused) == Self.bits(composed))
        let gf = gradients(of: (fused * r).sum(), withRespectTo: [x])[0]
        let gc = gradients(of: (composed * r).sum(), withRespectTo: [x])[0]
        #expect(Self.bits(gf) == Self.bits(gc))
        let other = noGrad { x / ((-x).exp() + 1) }
        #expect(Self.bits(other) != Self.bits(fused))
        expectClose(other.toArray(), fused.toArray(), relative: 1e-5, "same function")
    }
}
