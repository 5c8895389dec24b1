import SynthMath
import Testing
@testable import SynthNN
import SynthTestSupport

/// Finite-difference checks of first- and second-order gradients, with tolerances suited to Float32:
/// central differences with step `h`, compared as `|analytic - numeric| <= tolerance * max(1, |analytic|,
/// |numeric|)`. The objective is `L = sum(w * f(inputs))` with fixed random weights `w`, accumulated in
/// Double, so every output element matters.
enum GradientCheck {
    static let step: Float = 1e-2
    static let tolerance: Float = 2e-2

    /// Random values in `[-range, range]`, optionally kept at least `gap` away from 0 (away from kinks).
    static func values(_ shape: TensorShape, range: Float = 1, gap: Float = 0, rng: inout RandomStream) -> Tensor {
        let t = Tensor.uniform(shape, low: -range, high: range, rng: &rng)
        if gap > 0 {
            t.withUnsafeMutableBufferPointer { b in
                for i in b.indices where Swift.abs(b[i]) < gap { b[i] = b[i] < 0 ? b[i] - gap : b[i] + gap }
            }
        }
        return t
    }

    static func positive(_ shape: TensorShape, low: Float = 0.5, high: Float = 2, rng: inout RandomStream) -> Tensor {
        Tensor.uniform(shape, low: low, high: high, rng: &rng)
    }

    private static func weightedSum(_ y: Tensor, _ w: [Float]) -> Double {
        let v = y.toArray()
        precondition(v.count == w.count)
        var s: Double = 0
        for i in v.indices { s += Double(v[i]) * Double(w[i]) }
        return s
    }

    private static func weights(count: Int, seed: UInt64) -> [Float] {
        var r = RandomStream(seed: seed)
        return (0..<count).map { _ in Float(r.uniform(-1, 1)) }
    }


    /// Checks `d L / d inputs` from `backward()` against central differences.
    static func firstOrder(_ name: String, _ inputs: [Tensor], tolerance tol: Float = tolerance, step h: Float = step,
                           sourceLocation: SourceLocation = #_sourceLocation, _ f: ([Tensor]) -> Tensor) {
        for x in inputs { x.requiresGrad = true; x.zeroGrad() }
        let y = f(inputs)
        let w = weights(count: y.count, seed: 99)
        let loss = (y * Tensor(w, shape: y.shape)).sum()
        loss.backward()
        for (k, x) in inputs.enumerated() {
            let analytic = x.grad?.toArray() ?? [Float](repeating: 0, count: x.count)
            for j in 0..<x.count {
                let original = x.pointer[j]
                x.pointer[j] = original + h
                let plus = noGrad { weightedSum(f(inputs), w) }
                x.pointer[j] = original - h
                let minus = noGrad { weightedSum(f(inputs), w) }
                x.pointer[j] = original
                let numeric = Float((plus - minus) / Double(2 * h))
                #expect(isClose(analytic[j], numeric, rel: tol, abs: tol),
                        "\(name): d/d input\(k)[\(j)] analytic \(analytic[j]) vs numeric \(numeric)",
                        sourceLocation: sourceLocation)
            }
        }
    }

    /// The first-order gradients `dL/dinputs` as arrays (no graph).
    private static func firstGradients(_ inputs: [Tensor], _ w: [Float], _ f: ([Tensor]) -> Tensor) -> [[Float]] {
        let y = f(inputs)
        guard y.requiresGrad else { return inputs.map { [Float](repeating: 0, count: $0.count) } }
        let loss = (y * Tensor(w, shape: y.shape)).sum()
        return gradients(of: loss, withRespectTo: inputs).map { $0.toArray() }
    }

    /// Checks the gradient of `L2 = sum_k v_k * dL/dinput_k` (built with `createGraph`) against central
    /// differences of the first-order gradients: a check of double backward.
    static func secondOrder(_ name: String, _ inputs: [Tensor], tolerance tol: Float = tolerance, step h: Float = step,
                            sourceLocation: SourceLocation = #_sourceLocation, _ f: ([Tensor]) -> Tensor) {
        for x in inputs { x.requiresGrad = true; x.zeroGrad() }
        let y = f(inputs)
        let w = weights(count: y.count, seed: 99)
        let v = inputs.enumerated().map { k, x in weights(count: x.count, seed: 1000 + UInt64(k)) }
        let loss = (y * Tensor(w, shape: y.shape)).sum()
        let grads = gradients(of: loss, withRespectTo: inputs, createGraph: true)
        var l2 = Tensor(scalar: 0)
        for (k, g) in grads.enumerated() { l2 = l2 + (g * Tensor(v[k], shape: g.shape)).sum() }
        if l2.requiresGrad { l2.backward() }
        func l2Value() -> Double {
            let gs = firstGradients(inputs, w, f)
            var s: Double = 0
            for k in gs.indices { for j in gs[k].indices { s += Double(gs[k][j]) * Double(v[k][j]) } }
            return s
        }
        for (k, x) in inputs.enumerated() {
            let analytic = x.grad?.toArray() ?? [Float](repeating: 0, count: x.count)
            for j in 0..<x.count {
                let original = x.pointer[j]
                x.pointer[j] = original + h
                let plus = l2Value()
                x.pointer[j] = original - h
                let minus = l2Value()
                x.pointer[j] = original
                let numeric = Float((plus - minus) / Double(2 * h))
                #expect(isClose(analytic[j], numeric, rel: tol, abs: tol),
                        "\(name): second order d/d input\(k)[\(j)] analytic \(analytic[j]) vs numeric \(numeric)",
                        sourceLocation: sourceLocation)
            }
        }
    }

    /// Both checks.
    static func both(_ name: String, _ inputs: [Tensor], tolerance tol: Float = tolerance,
                     sourceLocation: SourceLocation = #_sourceLocation, _ f: ([Tensor]) -> Tensor) {
        firstOrder(name, inputs, tolerance: tol, sourceLocation: sourceLocation, f)
        secondOrder(name, inputs, tolerance: tol, sourceLocation: sourceLocation, f)
    }
}

/// A random shape: rows in 1...maxRows, cols in 1...maxCols.
func randomMatrixShape(_ rng: inout RandomStream, maxRows: Int = 4, maxCols: Int = 5) -> TensorShape {
    .matrix(1 + rng.nextInt(below: maxRows), 1 + rng.nextInt(below: maxCols))
}
