import SynthMath
import Testing
@testable import SynthNN

/// Finite-difference checks of reductions, reshapes, column and row operations, matrix products and the
/// fused linear layer.
@Suite("Structural gradients")
struct StructureGradientTests {
    static let seeds: [UInt64] = [11, 12, 13, 14]

    @Test(arguments: seeds)
    func reductionsAndShapes(seed: UInt64) {
        var rng = RandomStream(seed: seed)
        let shape = randomMatrixShape(&rng)
        let x = GradientCheck.values(shape, rng: &rng)
        let v = GradientCheck.values(.vector(shape.cols), rng: &rng)
        GradientCheck.both("sum", [x]) { $0[0].sum() }
        GradientCheck.both("mean", [x]) { $0[0].mean() }
        for axis in [0, 1] {
            for keep in [false, true] {
                GradientCheck.both("sum axis \(axis) keep \(keep)", [x]) { $0[0].sum(axis: axis, keepDims: keep).square() }
                GradientCheck.both("mean axis \(axis) keep \(keep)", [x]) { $0[0].mean(axis: axis, keepDims: keep).square() }
            }
        }
        GradientCheck.both("vector sum axis 0", [v]) { $0[0].sum(axis: 0).square() }
        GradientCheck.both("rowNorms", [x]) { $0[0].rowNorms() }
        GradientCheck.both("broadcast row", [v]) { $0[0].broadcast(to: shape).square() }
        GradientCheck.both("reshape", [x]) { $0[0].reshaped([shape.count]).square() }
        GradientCheck.both("sum toShape", [x]) { $0[0].sum(toShape: .matrix(1, shape.cols)).square() }
    }

    @Test(arguments: seeds)
    func columnsAndRows(seed: UInt64) {
        var rng = RandomStream(seed: seed)
        let rows = 1 + rng.nextInt(below: 4), cols = 3 + rng.nextInt(below: 4)
        let x = GradientCheck.values(.matrix(rows, cols), rng: &rng)
        let y = GradientCheck.values(.matrix(rows, 2), rng: &rng)
        let spans = [0..<1, (cols - 2)..<cols, 1..<3]  // overlapping spans are allowed
        GradientCheck.both("columns", [x]) { $0[0].columns(1..<3).square() }
        GradientCheck.both("gatherColumns", [x]) { $0[0].gatherColumns(spans).square() }
        GradientCheck.both("scatterColumns", [y]) { $0[0].scatterColumns([0..<1, (cols - 1)..<cols], width: cols).square() }
        GradientCheck.both("concatColumns", [x, y]) { concatColumns([$0[0], $0[1].square(), $0[0]]).square() }
        let indices = (0..<(rows + 2)).map { _ in rng.nextInt(below: rows) }
        GradientCheck.both("gatherRows", [x]) { $0[0].gatherRows(indices).square() }
        GradientCheck.both("scatterRows", [x]) { $0[0].scatterRows(Array(0..<rows).reversed(), rowCount: rows + 1).square() }
        GradientCheck.both("concatRows", [x, x.copy()]) { concatRows([$0[0], $0[1].square()]).square() }
        let targets = (0..<(rows * 2)).map { i in rng.nextInt(below: i % 2 == 0 ? 2 : cols - 2) }
        GradientCheck.both("pick", [x]) { $0[0].pick(spans: [0..<2, 2..<cols], indices: targets).square() }
    }

    @Test(arguments: seeds)
    func matrixProducts(seed: UInt64) {
        var rng = RandomStream(seed: seed)
        let m = 1 + rng.nextInt(below: 4), k = 1 + rng.nextInt(below: 4), n = 1 + rng.nextInt(below: 4)
        for ta in [false, true] {
            for tb in [false, true] {
                let a = GradientCheck.values(ta ? .matrix(k, m) : .matrix(m, k), rng: &rng)
                let b = GradientCheck.values(tb ? .matrix(n, k) : .matrix(k, n), rng: &rng)
                GradientCheck.both("matmul ta \(ta) tb \(tb)", [a, b]) {
                    matmul($0[0], $0[1], transposeA: ta, transposeB: tb).square()
                }
            }
        }
    }

    @Test(arguments: seeds)
    func fusedLinear(seed: UInt64) {
        var rng = RandomStream(seed: seed)
        let batch = 1 + rng.nextInt(below: 4), inDim = 1 + rng.nextInt(below: 4), outDim = 1 + rng.nextInt(below: 4)
        let acts: [Activation] = [.identity, .relu, .leakyReLU(slope: 0.2), .elu(alpha: 0.7), .selu, .tanh, .sigmoid]
        for act in acts {
            let x = GradientCheck.values(.matrix(batch, inDim), rng: &rng)
            let w = GradientCheck.values(.matrix(outDim, inDim), rng: &rng)
            let b = GradientCheck.values(.vector(outDim), rng: &rng)
            // Keep pre-activations away from the kinks at 0.
            let z = noGrad { matmul(x, w, transposeB: true) + b }
            if z.toArray().contains(where: { Swift.abs($0) < 0.05 }) { b.assign(b.toArray().map { $0 + 0.137 }) }
            let zCheck = noGrad { matmul(x, w, transposeB: true) + b }
            if zCheck.toArray().contains(where: { Swift.abs($0) < 0.05 }) { continue }
            GradientCheck.both("linear \(act)", [x, w, b]) { linear($0[0], weight: $0[1], bias: $0[2], activation: act) }
            GradientCheck.both("linear no bias \(act)", [x, w]) { linear($0[0], weight: $0[1], bias: nil, activation: act) }
        }
        let v = GradientCheck.values(.vector(inDim), rng: &rng)
        let w = GradientCheck.values(.matrix(outDim, inDim), rng: &rng)
        GradientCheck.both("linear on a vector", [v, w]) { linear($0[0], weight: $0[1], bias: nil).square() }
    }
}
