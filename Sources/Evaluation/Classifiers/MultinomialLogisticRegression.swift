import Foundation
import SynthMath

/// Multinomial L2-penalised logistic regression, scikit-learn's `LogisticRegression()` on more than two
/// classes (SynthCity's `performance.linear_model` for a multiclass target): minimise
/// `C Σᵢ −log softmax(Wxᵢ + b)_{yᵢ} + ½ Σ_k ‖w_k‖²` with C = 1, one weight vector per class (the symmetric
/// parametrisation scikit-learn uses), intercepts unpenalised, features as given.
///
/// The probabilities at the minimiser are unique (the penalty fixes W; the intercepts are fixed up to a
/// common shift, which softmax ignores), so any solver that converges agrees with scikit-learn's L-BFGS to
/// its tolerance. Damped Newton steps on standardised columns (the penalty rewritten so the minimiser is
/// unchanged, as ``LogisticRegression``); a ridge of 1e-8 on the intercepts removes the common shift from
/// the Hessian's null space.
struct MultinomialLogisticRegression {
    let classes: Int
    /// `weights[k][j]` for class k, feature j, on the original scale.
    let weights: [[Double]]
    let intercepts: [Double]

    /// Fits on `features` (column-major, finite) and `labels` in 0..<classes.
    init(features: [[Double]], labels: [Int], classes k: Int, c: Double = 1, maxIterations: Int = 100) throws {
        let n = labels.count, d = features.count, p = d + 1, q = k * p
        precondition(k >= 2 && labels.allSatisfy { (0..<k).contains($0) }, "labels must lie in 0..<classes")
        var mean = [Double](repeating: 0, count: d), scale = [Double](repeating: 1, count: d)
        for j in 0..<d {
            guard features[j].allSatisfy(\.isFinite) else {
                throw EvaluationError.unsupported(metric: "multinomial logistic regression", reason: "feature \(j) has a missing or non-finite value")
            }
            mean[j] = features[j].reduce(0, +) / Double(max(n, 1))
            let v = features[j].reduce(0) { $0 + ($1 - mean[j]) * ($1 - mean[j]) } / Double(max(n, 1))
            scale[j] = v > 0 ? v.squareRoot() : 1
        }
        var x = [Double](repeating: 1, count: n * p)
        for j in 0..<d { for i in 0..<n { x[i * p + j] = (features[j][i] - mean[j]) / scale[j] } }
        let penalty = (0..<p).map { $0 < d ? 1 / (scale[$0] * scale[$0]) : 1e-8 }

        /// Row i's class probabilities under parameters v (class-major, k blocks of p).
        func probabilities(_ v: [Double], _ i: Int, into out: inout [Double]) {
            var top = -Double.infinity
            for a in 0..<k {
                var m = 0.0
                for j in 0..<p { m += x[i * p + j] * v[a * p + j] }
                out[a] = m; top = max(top, m)
            }
            var total = 0.0
            for a in 0..<k { out[a] = exp(out[a] - top); total += out[a] }
            for a in 0..<k { out[a] /= total }
        }
        func objective(_ v: [Double]) -> Double {
            var total = 0.0, prob = [Double](repeating: 0, count: k)
            for i in 0..<n { probabilities(v, i, into: &prob); total -= log(max(prob[labels[i]], 1e-300)) }
            var pen = 0.0
            for a in 0..<k { for j in 0..<p { pen += penalty[j] * v[a * p + j] * v[a * p + j] } }
            return c * total + 0.5 * pen
        }

        var v = [Double](repeating: 0, count: q)
        var current = objective(v)
        var prob = [Double](repeating: 0, count: k)
        for _ in 0..<maxIterations {
            var grad = [Double](repeating: 0, count: q)
            var hess = Matrix(rows: q, cols: q)
            for i in 0..<n {
                probabilities(v, i, into: &prob)
                for a in 0..<k {
                    let r = c * (prob[a] - (labels[i] == a ? 1 : 0))
                    for j in 0..<p { grad[a * p + j] += r * x[i * p + j] }
                    for b in a..<k {
                        let w = c * ((a == b ? prob[a] : 0) - prob[a] * prob[b])
                        for j in 0..<p {
                            let wx = w * x[i * p + j]
                            for l in 0..<p { hess.storage[(a * p + j) * q + b * p + l] += wx * x[i * p + l] }
                        }
                    }
                }
            }
            for a in 0..<k {
                for j in 0..<p {
                    grad[a * p + j] += penalty[j] * v[a * p + j]
                    hess.storage[(a * p + j) * q + a * p + j] += penalty[j]
                }
            }
            for r in 0..<q { for s in 0..<r { hess.storage[r * q + s] = hess.storage[s * q + r] } }
            let step = try hess.solve(Matrix(rows: q, cols: 1, storage: grad)).storage
            let next = DampedNewton.step(from: v, direction: step, value: current, objective: objective)
            v = next.point
            current = next.value
            if next.converged { break }
        }
        classes = k
        weights = (0..<k).map { a in (0..<d).map { v[a * p + $0] / scale[$0] } }
        intercepts = (0..<k).map { a in v[a * p + d] - (0..<d).reduce(0) { $0 + v[a * p + $1] * mean[$1] / scale[$1] } }
    }

    /// Class probabilities, row-major `rows x classes`.
    func predictProbabilities(_ features: [[Double]]) -> [Double] {
        let n = features.first?.count ?? 0
        var out = [Double](repeating: 0, count: n * classes)
        for i in 0..<n {
            var top = -Double.infinity
            for a in 0..<classes {
                var m = intercepts[a]
                for j in 0..<weights[a].count { m += weights[a][j] * features[j][i] }
                out[i * classes + a] = m; top = max(top, m)
            }
            var total = 0.0
            for a in 0..<classes { out[i * classes + a] = exp(out[i * classes + a] - top); total += out[i * classes + a] }
            for a in 0..<classes { out[i * classes + a] /= total }
        }
        return out
    }
}
