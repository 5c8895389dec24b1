import SynthMath
import Testing
@testable import SynthNN

/// Finite-difference checks (first and second order) of the elementwise operations over random shapes.
@Suite("Elementwise gradients")
struct ElementwiseGradientTests {
    static let seeds: [UInt64] = [1, 2, 3, 4]

    /// The shapes `b` may take to broadcast against `a`: same, row vector, column vector, scalar, rank 1.
    static func partnerShapes(_ a: TensorShape) -> [TensorShape] {
        [a, .matrix(1, a.cols), .matrix(a.rows, 1), .scalar, .vector(a.cols)]
    }

    @Test(arguments: seeds)
    func binaryOperationsWithBroadcasting(seed: UInt64) {
        var rng = RandomStream(seed: seed)
        let shape = randomMatrixShape(&rng)
        for bShape in Self.partnerShapes(shape) {
            let a = GradientCheck.values(shape, rng: &rng)
            let b = GradientCheck.values(bShape, rng: &rng)
            let bPositive = GradientCheck.positive(bShape, rng: &rng)
            GradientCheck.both("add \(shape)+\(bShape)", [a, b]) { $0[0] + $0[1] }
            GradientCheck.both("sub \(bShape)-\(shape)", [b, a]) { $0[0] - $0[1] }
            GradientCheck.both("mul \(shape)*\(bShape)", [a, b]) { $0[0] * $0[1] }
            GradientCheck.both("div \(shape)/\(bShape)", [a, bPositive]) { $0[0] / $0[1] }
            GradientCheck.both("logAddExp \(shape),\(bShape)", [a, b]) { Tensor.logAddExp($0[0], $0[1]) }
        }
    }

    @Test(arguments: seeds)
    func unaryOperations(seed: UInt64) {
        var rng = RandomStream(seed: seed)
        let shape = randomMatrixShape(&rng)
        let x = GradientCheck.values(shape, rng: &rng)
        let away = GradientCheck.values(shape, gap: 0.1, rng: &rng)
        let pos = GradientCheck.positive(shape, rng: &rng)
        GradientCheck.both("affine", [x]) { $0[0].affine(scale: -1.5, shift: 0.25) }
        GradientCheck.both("scalar ops", [x]) { 2 - (3 * $0[0] + 1) / 4 }
        GradientCheck.both("exp", [x]) { $0[0].exp() }
        GradientCheck.both("log", [pos]) { $0[0].log() }
        GradientCheck.both("log1p", [pos]) { $0[0].log1p() }
        GradientCheck.both("sqrt", [pos]) { $0[0].sqrt() }
        GradientCheck.both("square", [x]) { $0[0].square() }
        GradientCheck.both("pow 3", [x]) { $0[0].pow(3) }
        GradientCheck.both("pow -0.5", [pos]) { $0[0].pow(-0.5) }
        GradientCheck.both("abs", [away]) { $0[0].abs() }
        GradientCheck.both("sin", [x]) { $0[0].sin() }
        GradientCheck.both("cos", [x]) { $0[0].cos() }
        GradientCheck.both("erf", [x]) { $0[0].erf() }
        // Keep the clamp's inputs away from its bounds, where it has kinks.
        let clampInput = away.copy()
        clampInput.withUnsafeMutableBufferPointer { b in
            for i in b.indices where Swift.abs(Swift.abs(b[i]) - 0.5) < 0.05 { b[i] *= 1.2 }
        }
        GradientCheck.both("clamp", [clampInput]) { $0[0].clamped(min: -0.5, max: 0.5) }
    }

    @Test(arguments: seeds)
    func activations(seed: UInt64) {
        var rng = RandomStream(seed: seed)
        let shape = randomMatrixShape(&rng)
        let x = GradientCheck.values(shape, range: 2, gap: 0.05, rng: &rng)
        let all: [Activation] = [.relu, .leakyReLU(slope: 0.2), .elu(alpha: 1), .selu, .tanh, .sigmoid]
        for act in all {
            GradientCheck.both("\(act)", [x]) { $0[0].activated(act) }
        }
        GradientCheck.both("silu", [x]) { silu($0[0]) }
        GradientCheck.both("gelu", [x]) { gelu($0[0]) }
    }
}
