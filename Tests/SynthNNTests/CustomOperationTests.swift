import SynthMath
import Testing
import SynthNN

/// `x y²` elementwise as a custom operation written against the public API only (as another module
/// would), its gradient computed in the forward pass; with the recorded reference when `reference` is set.
private func fusedProduct(_ x: Tensor, _ y: Tensor, reference: Bool) -> Tensor {
    let out = Tensor.uninitialized(x.shape)
    let recorded = CustomOperation.isRecorded([x, y])
    let gx = Tensor.uninitialized(x.shape), gy = Tensor.uninitialized(y.shape)
    x.withUnsafeBufferPointer { a in
        y.withUnsafeBufferPointer { b in
            out.withUnsafeMutableBufferPointer { o in
                for i in o.indices { o[i] = a[i] * b[i] * b[i] }
            }
            gx.withUnsafeMutableBufferPointer { g in for i in g.indices { g[i] = b[i] * b[i] } }
            gy.withUnsafeMutableBufferPointer { g in for i in g.indices { g[i] = 2 * a[i] * b[i] } }
        }
    }
    guard recorded else { return out }
    return CustomOperation.record(out, name: "fusedProduct", inputs: [x, y],
                                  reference: reference ? { $0[0] * $0[1] * $0[1] } : nil) { ctx in
        if ctx.needsGradient(0) { ctx.accumulate(0, ctx.gradient * gx, exclusive: true) }
        if ctx.needsGradient(1) { ctx.accumulate(1, ctx.gradient * gy, exclusive: true) }
    }
}

@Suite struct CustomOperationTests {
    @Test(arguments: [21, 22, 23] as [UInt64])
    func gradientsMatchFiniteDifferences(seed: UInt64) {
        var rng = RandomStream(seed: seed)
        let shape = randomMatrixShape(&rng)
        let x = GradientCheck.values(shape, rng: &rng), y = GradientCheck.values(shape, rng: &rng)
        GradientCheck.firstOrder("custom, first order only", [x, y]) { fusedProduct($0[0], $0[1], reference: false) }
        GradientCheck.both("custom with reference", [x, y]) { fusedProduct($0[0], $0[1], reference: true).square() }
    }

    @Test func notRecordedWithoutGradients() {
        let x = Tensor([[1, 2]]), y = Tensor([[3, 4]])
        #expect(!CustomOperation.isRecorded([x, y]))
        y.requiresGrad = true
        #expect(CustomOperation.isRecorded([x, y]))
        #expect(fusedProduct(x, y, reference: false).requiresGrad)
        let plain = noGrad { fusedProduct(x, y, reference: false) }
        #expect(!plain.requiresGrad && plain.toArray() == [9, 32])
    }

    /// Double backward through an operation without a reference formulation stops with a precondition
    /// failure instead of returning wrong second-order gradients.
    @Test func doubleBackwardNeedsAReference() async {
        await #expect(processExitsWith: .failure) {
            let x = Tensor([[1, 2]]), y = Tensor([[3, 4]])
            x.requiresGrad = true; y.requiresGrad = true
            _ = gradients(of: fusedProduct(x, y, reference: false).sum(), withRespectTo: [x], createGraph: true)
        }
    }
}
