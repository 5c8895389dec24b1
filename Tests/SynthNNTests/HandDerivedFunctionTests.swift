import SynthMath
import Testing
@testable import SynthNN

/// ``Tensor/recordingPullback(of:_:)``: a function computed off the tape joins the graph through its
/// pullback.
@Suite struct HandDerivedFunctionTests {
    /// `y = x²` computed by hand with pullback `g ↦ 2 x g`, inside `sum((y + x) · c)`: the gradient is
    /// `(2x + 1) · c`, the same as the tape's.
    @Test func pullbackJoinsTheGraph() {
        var rng = RandomStream(seed: 4)
        let x = Tensor.uniform(.matrix(3, 4), low: -1, high: 1, rng: &rng)
        let c = Tensor.uniform(.matrix(3, 4), low: -1, high: 1, rng: &rng)
        x.requiresGrad = true
        let squares = Tensor(x.toArray().map { $0 * $0 }, shape: x.shape)
        let y = squares.recordingPullback(of: x) { g in
            Tensor(zip(g.toArray(), x.toArray()).map { 2 * $1 * $0 }, shape: x.shape)
        }
        #expect(y.requiresGrad)
        ((y + x) * c).sum().backward()
        let expected = zip(x.toArray(), c.toArray()).map { (2 * $0 + 1) * $1 }
        expectClose(x.grad!.toArray(), expected, relative: Tolerance.float32, "dx")
    }

    /// Nothing is recorded without a tracked input or under `noGrad`.
    @Test func recordsOnlyWhenNeeded() {
        let x = Tensor.ones(.vector(3))
        let y = Tensor.ones(.vector(3)).recordingPullback(of: x) { $0.copy() }
        #expect(!y.requiresGrad)
        x.requiresGrad = true
        let z = noGrad { Tensor.ones(.vector(3)).recordingPullback(of: x) { $0.copy() } }
        #expect(!z.requiresGrad)
    }
}
