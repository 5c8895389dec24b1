import Foundation

/// A full-covariance Gaussian mixture fitted by EM, with scikit-learn `GaussianMixture`'s defaults
/// (`covariance_type="full"`, `tol=1e-3` on the mean log-likelihood, `reg_covar=1e-6` added to every
/// covariance diagonal, `max_iter=100`, initial responsibilities from k-means). The k-means start is
/// scikit-learn's `KMeans(n_components, n_init=1, random_state)` (``KMeans``: greedy k-means++, Lloyd to
/// its centre-shift tolerance) with draws from an explicit seed.
public struct GaussianMixture: Sendable {
    public let weights: [Double]
    public let means: [[Double]]
    /// Per component, L⁻¹ for the covariance's Cholesky factor L.
    let whitening: [Matrix]
    let logNormalisers: [Double]
    public let iterations: Int
    public let converged: Bool

    public struct Options: Sendable {
        public var components: Int
        public var maxIterations = 100
        public var tolerance = 1e-3
        public var regularisation = 1e-6
        public init(components: Int) { self.components = components }
    }

    /// Fits on the rows of `data`; `components` is capped at the number of rows.
    public init(data: Matrix, options: Options, seed: UInt64) throws(DensityError) {
        let n = data.rows, d = data.cols
        guard n >= 2 else { throw .tooFewPoints(needed: 2, got: n) }
        guard d >= 1 else { throw .noDimensions }
        let k = max(1, min(options.components, n))
        var rng = RandomStream(seed: seed)
        var resp = Self.kMeansResponsibilities(data, k: k, rng: &rng)
        var state = try Self.mStep(data, resp, k: k, reg: options.regularisation)
        var previous = -Double.infinity, iterations = 0, converged = false
        for it in 1...options.maxIterations {
            iterations = it
            let (logResp, meanLogLikelihood) = Self.eStep(data, state)
            for i in 0..<(n * k) { resp[i] = exp(logResp[i]) }
            state = try Self.mStep(data, resp, k: k, reg: options.regularisation)
            if abs(meanLogLikelihood - previous) < options.tolerance { converged = true; break }
            previous = meanLogLikelihood
        }
        weights = state.weights; means = state.means; whitening = state.whitening
        logNormalisers = state.logNormalisers; self.iterations = iterations; self.converged = converged
    }

    /// log p(x) for every row of `points`.
    public func logDensity(_ points: Matrix) -> [Double] {
        let state = State(weights: weights, means: means, whitening: whitening, logNormalisers: logNormalisers)
        let (weighted, k) = (Self.weightedLogProbabilities(points, state), weights.count)
        return (0..<points.rows).map { i in Self.logSumExp(weighted, from: i * k, count: k) }
    }

    /// Posterior component probabilities, row-major `points.rows x weights.count` (scikit-learn's
    /// `predict_proba`).
    public func responsibilities(_ points: Matrix) -> [Double] {
        let state = State(weights: weights, means: means, whitening: whitening, logNormalisers: logNormalisers)
        return Self.eStep(points, state).logResp.map { exp($0) }
    }

    // MARK: EM

    struct State {
        var weights: [Double]
        var means: [[Double]]
        var whitening: [Matrix]
        var logNormalisers: [Double]
    }

    /// Row-major n x k: log πₖ + log N(xᵢ | μₖ, Σₖ).
    static func weightedLogProbabilities(_ x: Matrix, _ s: State) -> [Double] {
        let n = x.rows, d = x.cols, k = s.weights.count
        var out = [Double](repeating: 0, count: n * k)
        for c in 0..<k {
            let z = Matrix.multiply(x, s.whitening[c], transposeB: true)
            var shift = [Double](repeating: 0, count: d)
            for a in 0..<d { for b in 0..<d { shift[a] += s.whitening[c][a, b] * s.means[c][b] } }
            let base = log(s.weights[c]) + s.logNormalisers[c]
            // Through buffer pointers: element accessors on the n x d product cost more than the dgemm.
            z.storage.withUnsafeBufferPointer { pz in
                out.withUnsafeMutableBufferPointer { po in
                    for i in 0..<n {
                        var q = 0.0
                        for a in 0..<d { let v = pz[i * d + a] - shift[a]; q += v * v }
                        po[i * k + c] = base - 0.5 * q
                    }
                }
            }
        }
        return out
    }

    static func logSumExp(_ v: [Double], from start: Int, count: Int) -> Double {
        var m = -Double.infinity
        for j in start..<(start + count) { m = max(m, v[j]) }
        guard m.isFinite else { return m }
        var s = 0.0
        for j in start..<(start + count) { s += exp(v[j] - m) }
        return m + log(s)
    }

    static func eStep(_ x: Matrix, _ s: State) -> (logResp: [Double], meanLogLikelihood: Double) {
        let n = x.rows, k = s.weights.count
        var w = weightedLogProbabilities(x, s)
        var total = 0.0
        for i in 0..<n {
            let norm = logSumExp(w, from: i * k, count: k)
            total += norm
            for c in 0..<k { w[i * k + c] -= norm }
        }
        return (w, total / Double(n))
    }

    static func mStep(_ x: Matrix, _ resp: [Double], k: Int, reg: Double) throws(DensityError) -> State {
        let n = x.rows, d = x.cols
        var weights: [Double] = [], means: [[Double]] = [], whitening: [Matrix] = [], norms: [Double] = []
        for c in 0..<k {
            var r = [Double](repeating: 0, count: n)
            r.withUnsafeMutableBufferPointer { pr in resp.withUnsafeBufferPointer { p in for i in 0..<n { pr[i] = p[i * k + c] } } }
            var nk = r.reduce(0, +) + 10 * Double.ulpOfOne
            if nk <= 10 * Double.ulpOfOne {  // an empty component: keep it harmless, centred on the data
                r = [Double](repeating: 1 / Double(n), count: n); nk = 1
            }
            var mean = [Double](repeating: 0, count: d)
            mean.withUnsafeMutableBufferPointer { pm in
                x.storage.withUnsafeBufferPointer { px in
                    for i in 0..<n where r[i] != 0 { for j in 0..<d { pm[j] += r[i] * px[i * d + j] } }
                }
            }
            for j in 0..<d { mean[j] /= nk }
            var cov = Covariance.sample(x, weights: r, mean: mean)
            for j in 0..<d { cov[j, j] += reg }
            let (l, _) = try Covariance.choleskyWithRidge(cov)
            var logDet = 0.0
            for i in 0..<d { logDet += log(l[i, i]) }
            weights.append(nk / Double(n))
            means.append(mean)
            whitening.append(try Covariance.lowerInverse(l))
            norms.append(-0.5 * Double(d) * log(2 * Double.pi) - logDet)
        }
        let total = weights.reduce(0, +)
        return State(weights: weights.map { $0 / total }, means: means, whitening: whitening, logNormalisers: norms)
    }

    /// Hard k-means labels (``KMeans`` with scikit-learn's defaults) as 0/1 responsibilities.
    static func kMeansResponsibilities(_ x: Matrix, k: Int, rng: inout RandomStream) -> [Double] {
        let n = x.rows, labels = KMeans(x, clusters: k, rng: &rng).labels
        var resp = [Double](repeating: 0, count: n * k)
        for i in 0..<n { resp[i * k + labels[i]] = 1 }
        return resp
    }
}
