import SynthMath
import Testing
@testable import SynthNN
import SynthTestSupport

/// Values of the basic tensor operations against direct computation.
@Suite("Tensor basics")
struct TensorTests {
    @Test(arguments: [UInt64(31), 32, 33])
    func matmulMatchesNaiveProduct(seed: UInt64) {
        var rng = RandomStream(seed: seed)
        let m = 1 + rng.nextInt(below: 7), k = 1 + rng.nextInt(below: 7), n = 1 + rng.nextInt(below: 7)
        let a = Tensor.uniform(.matrix(m, k), low: -1, high: 1, rng: &rng)
        let b = Tensor.uniform(.matrix(k, n), low: -1, high: 1, rng: &rng)
        var naive = [Float](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n { for l in 0..<k { naive[i * n + j] += a[i, l] * b[l, j] } } }
        expectClose(matmul(a, b).toArray(), naive, relative: 1e-5, "A B")
        // The transposed forms read the same data through BLAS flags.
        let at = Tensor((0..<k).map { l in (0..<m).map { a[$0, l] } })
        let bt = Tensor((0..<n).map { j in (0..<k).map { b[$0, j] } })
        expectClose(matmul(at, b, transposeA: true).toArray(), naive, relative: 1e-5, "Aᵀ B")
        expectClose(matmul(a, bt, transposeB: true).toArray(), naive, relative: 1e-5, "A Bᵀ")
        expectClose(matmul(at, bt, transposeA: true, transposeB: true).toArray(), naive, relative: 1e-5, "Aᵀ Bᵀ")
    }

    @Test func broadcastingFollowsNumPy() {
        let a = Tensor([[1, 2, 3], [4, 5, 6]])
        #expect((a + Tensor(vector: [10, 20, 30])).toArray() == [11, 22, 33, 14, 25, 36])
        #expect((a * Tensor([[2], [3]])).toArray() == [2, 4, 6, 12, 15, 18])
        #expect((a - Tensor(scalar: 1)).toArray() == [0, 1, 2, 3, 4, 5])
        #expect((Tensor(vector: [1, 2]) + Tensor(vector: [3, 4])).shape == .vector(2))
        #expect(a.sum(axis: 0).toArray() == [5, 7, 9] && a.sum(axis: 0).shape == .vector(3))
        #expect(a.sum(axis: 1, keepDims: true).toArray() == [6, 15] && a.sum(axis: 1, keepDims: true).shape == .matrix(2, 1))
        #expect(a.mean().item == 3.5)
        #expect(a.gatherColumns([2..<3, 0..<2]).toArray() == [3, 1, 2, 6, 4, 5])
        #expect(concatColumns([a, a.columns(0..<1)]).toArray() == [1, 2, 3, 1, 4, 5, 6, 4])
        #expect(a.gatherRows([1, 1, 0]).toArray() == [4, 5, 6, 4, 5, 6, 1, 2, 3])
        #expect(a.argmax(columns: 1..<3) == [1, 1])
        #expect(a.pick(spans: [0..<2, 2..<3], indices: [1, 0, 0, 0]).toArray() == [2, 3, 4, 6])
    }

    @Test func gradientsAccumulateUntilZeroed() {
        let w = Tensor(vector: [1, 2])
        w.requiresGrad = true
        (w * 3).sum().backward()
        (w * w).sum().backward()
        #expect(w.grad!.toArray() == [5, 7])
        w.zeroGrad()
        #expect(w.grad == nil)
        (w * 5).sum().backward()
        #expect(w.grad!.toArray() == [5, 5])
    }

    @Test func noGradRecordsNothing() {
        let w = Tensor(vector: [1, 2])
        w.requiresGrad = true
        let y = noGrad { (w * w).sum() }
        #expect(!y.requiresGrad && y.isLeaf)
        #expect(gradients(of: (w * 2).sum(), withRespectTo: [w, Tensor(vector: [0])])[1].toArray() == [0])
    }

    /// A tensor used twice sums both gradient paths, also when the engine reuses one path's buffer.
    @Test func sharedInputsSumTheirGradients() {
        let x = Tensor([[1, -2], [3, 4]])
        x.requiresGrad = true
        let y = x + x
        let z = (relu(y) + y * x).sum()
        let g = gradients(of: z, withRespectTo: [x])[0].toArray()
        // d/dx [relu(2x) + 2x^2] = 2 [x > 0] + 4x
        let expected: [Float] = [6, -8, 14, 18]
        #expect(g == expected)
    }
}
