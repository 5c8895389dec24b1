import SynthMath

/// Ordinary least squares with an intercept, scikit-learn's `LinearRegression()` (SynthCity's
/// `performance.linear_model` for a regression target): minimise Σᵢ (yᵢ − wᵀxᵢ − b)², no penalty.
///
/// Solved by the normal equations on centred columns. A column constant over the training rows gets
/// coefficient 0, which is the minimum-norm solution scikit-learn's `lstsq` returns for it; when other
/// columns are exactly collinear the normal matrix is singular and a ridge of 1e-10 × its mean diagonal
/// picks a solution (the fitted values, and so R², are unaffected to that precision).
struct LinearRegression {
    let coefficients: [Double]
    let intercept: Double

    /// Fits on `features` (column-major, `features[j][i]`, finite values) and `targets`.
    init(features: [[Double]], targets y: [Double]) throws {
        let n = y.count, d = features.count
        precondition(features.allSatisfy { $0.count == n }, "every feature needs one value per target")
        guard n > 0 else { throw EvaluationError.unsupported(metric: "linear regression", reason: "no training rows") }
        for j in 0..<d where !features[j].allSatisfy(\.isFinite) {
            throw EvaluationError.unsupported(metric: "linear regression", reason: "feature \(j) has a missing or non-finite value")
        }
        let mean = features.map { $0.reduce(0, +) / Double(n) }, yMean = y.reduce(0, +) / Double(n)
        let used = (0..<d).filter { j in features[j].contains { $0 != mean[j] } }
        let p = used.count
        var coefficients = [Double](repeating: 0, count: d)
        if p > 0 {
            var gram = Matrix(rows: p, cols: p), rhs = Matrix(rows: p, cols: 1)
            for (a, ja) in used.enumerated() {
                let ca = features[ja]
                for i in 0..<n { rhs.storage[a] += (ca[i] - mean[ja]) * (y[i] - yMean) }
                for (b, jb) in used.enumerated() where b >= a {
                    let cb = features[jb]
                    var s = 0.0
                    for i in 0..<n { s += (ca[i] - mean[ja]) * (cb[i] - mean[jb]) }
                    gram.storage[a * p + b] = s; gram.storage[b * p + a] = s
                }
            }
            let w: [Double]
            do {
                w = try gram.solve(rhs).storage
            } catch {
                let ridge = 1e-10 * (0..<p).reduce(0) { $0 + gram.storage[$1 * p + $1] } / Double(p)
                for a in 0..<p { gram.storage[a * p + a] += max(ridge, 1e-300) }
                w = try gram.solve(rhs).storage
            }
            for (a, j) in used.enumerated() { coefficients[j] = w[a] }
        }
        self.coefficients = coefficients
        intercept = yMean - (0..<d).reduce(0) { $0 + coefficients[$1] * mean[$1] }
    }

    /// The fitted value for each row of `features` (column-major).
    func predict(_ features: [[Double]]) -> [Double] {
        let n = features.first?.count ?? 0
        return (0..<n).map { i in (0..<coefficients.count).reduce(intercept) { $0 + coefficients[$1] * features[$1][i] } }
    }
}
