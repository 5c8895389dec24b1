import Foundation
import SynthMath

/// Binary L2-penalised logistic regression with scikit-learn `LogisticRegression()`'s objective:
/// minimise `C Σᵢ log(1 + exp(−ỹᵢ(wᵀxᵢ + b))) + ½‖w‖²` with C = 1, the intercept b unpenalised, on the
/// features as given (SynthCity's `detection_linear` does not scale them).
///
/// The objective is strictly convex, so its minimiser is unique and any solver that converges finds it;
/// this one uses damped Newton steps (scikit-learn uses L-BFGS with `tol=1e-4`, so its coefficients agree
/// to that tolerance). For conditioning, Newton works on centred and standardised columns with the penalty
/// rewritten for them (`½ Σ vⱼ²/sⱼ²` for vⱼ = sⱼwⱼ), which leaves the minimiser unchanged.
public struct LogisticRegression: Sendable {
    public let coefficients: [Double]
    public let intercept: Double
    public let iterations: Int

    /// Fits on `features` (column-major, `features[j][i]`, no missing values) and 0/1 `labels`.
    public init(features: [[Double]], labels: [Int], c: Double = 1, maxIterations: Int = 100) throws {
        let n = labels.count, d = features.count
        precondition(features.allSatisfy { $0.count == n }, "every feature needs one value per label")
        var mean = [Double](repeating: 0, count: d), scale = [Double](repeating: 1, count: d)
        for j in 0..<d {
            let col = features[j]
            guard col.allSatisfy(\.isFinite) else { throw EvaluationError.unsupported(metric: "logistic regression", reason: "feature \(j) has a missing or non-finite value") }
            mean[j] = col.reduce(0, +) / Double(max(n, 1))
            let v = col.reduce(0) { $0 + ($1 - mean[j]) * ($1 - mean[j]) } / Double(max(n, 1))
            scale[j] = v > 0 ? v.squareRoot() : 1
        }
        // Row-major design [z | 1], z standardised.
        let p = d + 1
        var x = [Double](repeating: 1, count: n * p)
        for j in 0..<d { for i in 0..<n { x[i * p + j] = (features[j][i] - mean[j]) / scale[j] } }
        let y = labels.map { Double($0) }
        let penalty = (0..<p).map { $0 < d ? 1 / (scale[$0] * scale[$0]) : 0 }

        // The two passes over the rows read the design through buffer pointers: with array subscripts and the
        // Hessian's storage written in place, bounds and uniqueness checks cost more than the arithmetic.
        func objective(_ v: [Double]) -> Double {
            var total = 0.0
            x.withUnsafeBufferPointer { x in
                for i in 0..<n {
                    var m = 0.0
                    for j in 0..<p { m += x[i * p + j] * v[j] }
                    // log(1 + exp(−s m)) with s = ±1, stable.
                    let t = y[i] > 0.5 ? -m : m
                    total += t > 0 ? t + log1p(exp(-t)) : log1p(exp(t))
                }
            }
            var pen = 0.0
            for j in 0..<d { pen += penalty[j] * v[j] * v[j] }
            return c * total + 0.5 * pen
        }

        var v = [Double](repeating: 0, count: p)
        var current = objective(v), iterations = 0
        for it in 1...maxIterations {
            iterations = it
            var grad = [Double](repeating: 0, count: p)
            var hess = Matrix(rows: p, cols: p)
            x.withUnsafeBufferPointer { x in
                grad.withUnsafeMutableBufferPointer { grad in
                    hess.storage.withUnsafeMutableBufferPointer { h in
                        for i in 0..<n {
                            let row = x.baseAddress! + i * p
                            var m = 0.0
                            for j in 0..<p { m += row[j] * v[j] }
                            let prob = 1 / (1 + exp(-m))
                            let r = c * (prob - y[i]), w = c * max(prob * (1 - prob), 1e-12)
                            for a in 0..<p {
                                let xa = row[a], wxa = w * xa, hRow = h.baseAddress! + a &* p
                                grad[a] += r * xa
                                for b in a..<p { hRow[b] += wxa * row[b] }
                            }
                        }
                    }
                }
            }
            for a in 0..<p {
                grad[a] += penalty[a] * v[a]
                hess.storage[a * p + a] += penalty[a]
                for b in 0..<a { hess.storage[a * p + b] = hess.storage[b * p + a] }
            }
            let step = try hess.solve(Matrix(rows: p, cols: 1, storage: grad)).storage
            let next = DampedNewton.step(from: v, direction: step, value: current, objective: objective)
            v = next.point
            current = next.value
            if next.converged { break }
        }
        self.iterations = iterations
        coefficients = (0..<d).map { v[$0] / scale[$0] }
        intercept = v[d] - (0..<d).reduce(0) { $0 + v[$1] * mean[$1] / scale[$1] }
    }

    /// P(label = 1) for each row of `features` (column-major).
    public func predictProbability(_ features: [[Double]]) -> [Double] {
        let n = features.first?.count ?? 0
        return (0..<n).map { i in
            var m = intercept
            for j in 0..<coefficients.count { m += coefficients[j] * features[j][i] }
            return 1 / (1 + exp(-m))
        }
    }
}
