import Foundation

/// A one-dimensional Gaussian mixture fitted by expectation–maximisation the way scikit-learn's
/// `GaussianMixture(n_components)` does with its defaults (`covariance_type='full'`, `tol=1e-3`,
/// `reg_covar=1e-6`, `max_iter=100`, `n_init=1`, `init_params='kmeans'`), seeded.
///
/// Initialisation: k-means (``KMeans1D``: greedy k-means++ seeding, Lloyd iterations) labels each point;
/// the one-hot responsibilities give the first weights, means and variances. EM then alternates
/// E (log responsibilities, mean log-likelihood) and M (n_k = Σ r + 10ε, μ_k = Σ r x / n_k,
/// σ²_k = Σ r (x − μ_k)² / n_k + reg_covar, w_k = n_k / Σ n) until the mean log-likelihood changes by
/// less than `tol`, as sklearn's `_fit` does.
public struct GaussianMixture1D: Sendable, Equatable {
    public let weights: [Double]
    public let means: [Double]
    public let variances: [Double]
    /// EM iterations run and whether the change fell below the tolerance.
    public let iterations: Int
    public let converged: Bool
    /// The final mean log-likelihood per point.
    public let meanLogLikelihood: Double

    public struct Options: Sendable, Equatable {
        public var tolerance = 1e-3
        public var regularization = 1e-6
        public var maxIterations = 100
        public init() {}
    }

    public enum FitError: Error, Equatable, CustomStringConvertible {
        case emptyData
        case nonFiniteValue(index: Int)
        case invalidComponentCount(Int, points: Int)

        public var description: String {
            switch self {
            case .emptyData: "cannot fit a Gaussian mixture to no data"
            case .nonFiniteValue(let i): "cannot fit a Gaussian mixture: the value at index \(i) is not finite"
            case .invalidComponentCount(let k, let n): "cannot fit \(k) mixture components to \(n) points"
            }
        }
    }

    public init(weights: [Double], means: [Double], variances: [Double]) {
        precondition(weights.count == means.count && means.count == variances.count && !weights.isEmpty,
                     "a mixture needs as many weights, means and variances, at least one")
        self.weights = weights; self.means = means; self.variances = variances
        iterations = 0; converged = true; meanLogLikelihood = .nan
    }

    init(weights: [Double], means: [Double], variances: [Double], iterations: Int, converged: Bool,
         meanLogLikelihood: Double) {
        self.weights = weights; self.means = means; self.variances = variances
        self.iterations = iterations; self.converged = converged; self.meanLogLikelihood = meanLogLikelihood
    }

    public var componentCount: Int { weights.count }

    /// Fits `components` Gaussians to `data` (k-means draws from `stream`).
    public static func fit(_ data: [Double], components k: Int, options: Options = Options(),
                           stream: inout RandomStream) throws(FitError) -> GaussianMixture1D {
        let n = data.count
        guard n > 0 else { throw .emptyData }
        if let bad = data.firstIndex(where: { !$0.isFinite }) { throw .nonFiniteValue(index: bad) }
        guard k >= 1, k <= n else { throw .invalidComponentCount(k, points: n) }
        let labels = KMeans1D.fit(data, clusters: k, stream: &stream).labels
        // One-hot responsibilities -> first parameters (sklearn `_initialize`: weights = n_k / n).
        var nk = [Double](repeating: 0, count: k), sums = nk
        for i in 0..<n { nk[labels[i]] += 1; sums[labels[i]] += data[i] }
        let tiny = 10 * Double.ulpOfOne
        for j in 0..<k { nk[j] += tiny }
        var means = (0..<k).map { sums[$0] / nk[$0] }
        var variances = [Double](repeating: 0, count: k)
        for i in 0..<n { let d = data[i] - means[labels[i]]; variances[labels[i]] += d * d }
        for j in 0..<k { variances[j] = variances[j] / nk[j] + options.regularization }
        var weights = nk.map { $0 / Double(n) }

        var resp = [Double](repeating: 0, count: n * k)
        var lowerBound = -Double.infinity
        var converged = false
        var iterations = 0
        for iteration in 1...max(1, options.maxIterations) {
            iterations = iteration
            let previous = lowerBound
            // E step: log responsibilities and the mean log-likelihood.
            let logWeights = weights.map { log($0) }
            let logNorm = variances.map { -0.5 * (log(2 * Double.pi) + log($0)) }
            var total = 0.0
            data.withUnsafeBufferPointer { x in
                resp.withUnsafeMutableBufferPointer { r in
                    for i in 0..<n {
                        var top = -Double.infinity
                        for j in 0..<k {
                            let d = x[i] - means[j]
                            let l = logWeights[j] + logNorm[j] - 0.5 * d * d / variances[j]
                            r[i * k + j] = l
                            top = max(top, l)
                        }
                        var s = 0.0
                        for j in 0..<k { s += exp(r[i * k + j] - top) }
                        let logProb = top + log(s)
                        total += logProb
                        for j in 0..<k { r[i * k + j] = exp(r[i * k + j] - logProb) }
                    }
                }
            }
            lowerBound = total / Double(n)
            // M step.
            nk = [Double](repeating: 0, count: k); sums = nk
            for i in 0..<n { for j in 0..<k { nk[j] += resp[i * k + j]; sums[j] += resp[i * k + j] * data[i] } }
            for j in 0..<k { nk[j] += tiny }
            means = (0..<k).map { sums[$0] / nk[$0] }
            variances = [Double](repeating: 0, count: k)
            for i in 0..<n { for j in 0..<k { let d = data[i] - means[j]; variances[j] += resp[i * k + j] * d * d } }
            for j in 0..<k { variances[j] = variances[j] / nk[j] + options.regularization }
            let nkSum = nk.reduce(0, +)
            weights = nk.map { $0 / nkSum }
            if abs(lowerBound - previous) < options.tolerance { converged = true; break }
        }
        return GaussianMixture1D(weights: weights, means: means, variances: variances, iterations: iterations,
                                 converged: converged, meanLogLikelihood: lowerBound)
    }

    /// `count` independent draws: a component by its weight (alias method), then a normal draw from it.
    /// (sklearn's `sample` draws multinomial component counts and returns the draws grouped by component;
    /// these are the same values in random order.)
    public func sample(count: Int, stream: inout RandomStream) -> [Double] {
        precondition(count >= 0, "sample count must be non-negative")
        // Weights are positive and finite by construction.
        let table = try! AliasTable(weights: weights)
        let sds = variances.map { $0.squareRoot() }
        return (0..<count).map { _ in
            let j = table.sample(using: &stream)
            return means[j] + sds[j] * stream.nextNormal()
        }
    }
}
