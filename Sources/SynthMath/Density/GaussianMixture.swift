import CBLAS
import CSynthKernels
import Foundation

/// A full-covariance Gaussian mixture fitted by EM, with scikit-learn `GaussianMixture`'s defaults
/// (`covariance_type="full"`, `tol=1e-3` on the mean log-likelihood, `reg_covar=1e-6` added to every
/// covariance diagonal, `max_iter=100`, initial responsibilities from k-means). The k-means start is
/// scikit-learn's `KMeans(n_components, n_init=1, random_state)` (``KMeans``: greedy k-means++, Lloyd to
/// its centre-shift tolerance) with draws from an explicit seed.
///
/// Each EM iteration computes what scikit-learn's does, in fewer passes (the cost of `detection_gmm`, where
/// one fit sees about 52,000 rows): the E step whitens every row for all components with one dgemm per block
/// of rows (x · [W₁ … W_k]ᵀ, the block kept in cache), takes each row's log-sum-exp with the vector
/// exponential of `CSynthKernels` and keeps the exponentials as the responsibilities (e^(w − m) / Σ e^(w − m),
/// not e^(w − logsumexp) a second time); the M step takes all means from one dgemm (Rᵀ X) and each covariance
/// from Dᵀ D on blocks of √r-scaled centred rows; the buffers live for the whole fit. Values differ from a
/// per-component loop by rounding only; responsibilities below e^−708 count 0 (the exponential's floor).
public struct GaussianMixture: Sendable {
    public let weights: [Double]
    public let means: [[Double]]
    /// Per component, L⁻¹ for the covariance's Cholesky factor L.
    let whitening: [Matrix]
    let logNormalisers: [Double]
    public let iterations: Int
    public let converged: Bool
    /// The fitted rows' mean log-likelihood at the last E step (scikit-learn's `lower_bound_`).
    public let meanLogLikelihood: Double

    public struct Options: Sendable {
        public var components: Int
        public var maxIterations = 100
        public var tolerance = 1e-3
        public var regularisation = 1e-6
        public init(components: Int) { self.components = components }
    }

    /// Fits on the rows of `data`; `components` is capped at the number of rows.
    public init(data: Matrix, options: Options, seed: UInt64) throws(DensityError) {
        let n = data.rows
        guard n >= 2 else { throw .tooFewPoints(needed: 2, got: n) }
        guard data.cols >= 1 else { throw .noDimensions }
        var rng = RandomStream(seed: seed)
        let labels = KMeans(data, clusters: max(1, min(options.components, n)), rng: &rng).labels
        try self.init(data: data, initialLabels: labels, options: options)
    }

    /// EM from hard initial labels (0..<components, one per row): scikit-learn's fit after its k-means start,
    /// so a test can start both from the same clusters.
    init(data: Matrix, initialLabels: [Int], options: Options) throws(DensityError) {
        let n = data.rows, d = data.cols, k = max(1, min(options.components, n))
        guard n >= 2 else { throw .tooFewPoints(needed: 2, got: n) }
        guard d >= 1 else { throw .noDimensions }
        precondition(initialLabels.count == n && initialLabels.allSatisfy { (0..<k).contains($0) }, "one label in 0..<k per row")
        var resp = [Double](repeating: 0, count: n * k)
        for i in 0..<n { resp[i * k + initialLabels[i]] = 1 }
        var scratch = Scratch(d: d, k: k)
        var state = try Self.mStep(data, &resp, k: k, reg: options.regularisation, &scratch)
        var previous = -Double.infinity, current = -Double.infinity, iterations = 0, converged = false
        for it in 1...max(1, options.maxIterations) {
            iterations = it
            current = Self.eStep(data, state, into: &resp, &scratch)
            state = try Self.mStep(data, &resp, k: k, reg: options.regularisation, &scratch)
            if abs(current - previous) < options.tolerance { converged = true; break }
            previous = current
        }
        weights = state.weights; means = state.means; whitening = state.whitening
        logNormalisers = state.logNormalisers; self.iterations = iterations; self.converged = converged
        meanLogLikelihood = current
    }

    /// log p(x) for every row of `points`.
    public func logDensity(_ points: Matrix) -> [Double] {
        var w = [Double](repeating: 0, count: points.rows * weights.count), scratch = Scratch(d: points.cols, k: weights.count)
        Self.weightedLogProbabilities(points, state, into: &w, &scratch)
        var out = [Double](repeating: 0, count: points.rows)
        _ = Self.normaliseRows(&w, k: weights.count, keepExponentials: false, logSums: &out)
        return out
    }

    /// Posterior component probabilities, row-major `points.rows x weights.count` (scikit-learn's
    /// `predict_proba`).
    public func responsibilities(_ points: Matrix) -> [Double] {
        var r = [Double](repeating: 0, count: points.rows * weights.count), scratch = Scratch(d: points.cols, k: weights.count)
        _ = Self.eStep(points, state, into: &r, &scratch)
        return r
    }

    var state: State { State(weights: weights, means: means, whitening: whitening, logNormalisers: logNormalisers) }

    // MARK: EM

    struct State {
        var weights: [Double]
        var means: [[Double]]
        var whitening: [Matrix]
        var logNormalisers: [Double]
    }

    /// Rows per block of the E and M steps: a block's whitened rows for all components (rows x k·d) stay in cache.
    static let blockRows = 256

    /// Buffers reused by every step of a fit.
    struct Scratch {
        /// A block's whitened rows, blockRows x k·d.
        var whitened: [Double]
        /// A block's √r-scaled centred rows, blockRows x d.
        var centred: [Double]
        init(d: Int, k: Int) {
            whitened = [Double](repeating: 0, count: GaussianMixture.blockRows * k * d)
            centred = [Double](repeating: 0, count: GaussianMixture.blockRows * d)
        }
    }

    /// The widest build of the `CSynthKernels` exponential this CPU runs; all give the same bits.
    static let expBuild: Int32 = [2, 1, 0].first { synth_kde_supports($0) != 0 }!

    /// Row-major n x k into `out`: log πₖ + log N(xᵢ | μₖ, Σₖ) = log πₖ + log normₖ − ½‖Wₖxᵢ − Wₖμₖ‖².
    static func weightedLogProbabilities(_ x: Matrix, _ s: State, into out: inout [Double], _ scratch: inout Scratch) {
        let n = x.rows, d = x.cols, k = s.weights.count, kd = k * d
        precondition(out.count == n * k, "the output holds n x k values")
        // [W₁ … W_k] stacked (k·d x d), the whitened means Wₖμₖ, and log πₖ + log normₖ.
        var stacked = [Double](repeating: 0, count: kd * d), shift = [Double](repeating: 0, count: kd)
        var base = [Double](repeating: 0, count: k)
        for c in 0..<k {
            stacked.replaceSubrange((c * d * d)..<((c + 1) * d * d), with: s.whitening[c].storage)
            for a in 0..<d { for b in 0..<d { shift[c * d + a] += s.whitening[c][a, b] * s.means[c][b] } }
            base[c] = log(s.weights[c]) + s.logNormalisers[c]
        }
        x.storage.withUnsafeBufferPointer { px in
            stacked.withUnsafeBufferPointer { pw in
                scratch.whitened.withUnsafeMutableBufferPointer { pz in
                    out.withUnsafeMutableBufferPointer { po in
                        for start in stride(from: 0, to: n, by: blockRows) {
                            let rows = min(blockRows, n - start)
                            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(kd), Int32(d), 1,
                                        px.baseAddress! + start * d, Int32(d), pw.baseAddress, Int32(d), 0,
                                        pz.baseAddress, Int32(kd))
                            halfSquaredNorms(pz.baseAddress!, rows: rows, k: k, d: d, shift: shift, base: base,
                                             into: po.baseAddress! + start * k)
                        }
                    }
                }
            }
        }
    }

    /// The builds of the `CSynthKernels` Gaussian-mixture passes this CPU runs, widest first; all give the same bits.
    static let passBuilds: [Int32] = [2, 1, 0].filter { synth_gmm_supports($0) != 0 }

    /// o[i·k + c] = base[c] − ½‖z[i, c·d ..< (c+1)·d] − shift[c·d ..< (c+1)·d]‖² for a block of whitened rows
    /// (`synth_gmm_half_norms`: the squares summed unfused in order, eight rows a vector).
    static func halfSquaredNorms(_ z: UnsafePointer<Double>, rows: Int, k: Int, d: Int, shift: [Double], base: [Double],
                                 into o: UnsafeMutablePointer<Double>, build: Int32 = passBuilds[0]) {
        _ = synth_gmm_half_norms(build, z, Int64(rows), Int64(k), Int64(d), shift, base, o)
    }

    /// o[i·d + j] = (x[i·d + j] − mean[j]) · √resp[i·k + c] for a block of rows (`synth_gmm_centre`).
    static func centre(_ x: UnsafePointer<Double>, rows: Int, d: Int, mean: UnsafePointer<Double>, resp: UnsafePointer<Double>,
                       k: Int, component c: Int, into o: UnsafeMutablePointer<Double>, build: Int32 = passBuilds[0]) {
        _ = synth_gmm_centre(build, x, Int64(rows), Int64(d), mean, resp, Int64(k), Int64(c), o)
    }

    /// Per row of `v` (row-major, `k` values a row): its log-sum-exp into `logSums` (when given); with
    /// `keepExponentials` the row becomes its softmax, e^(vⱼ − m) / Σ e^(v − m) with m the row's maximum. A row
    /// of −∞ gives −∞ (and zeros). Returns the sum of the log-sum-exps. One vector-exponential pass for all rows.
    static func normaliseRows(_ v: inout [Double], k: Int, keepExponentials: Bool, logSums: UnsafeMutablePointer<Double>?) -> Double {
        let n = v.count / k
        var maxima = [Double](repeating: -.infinity, count: n), total = 0.0
        v.withUnsafeMutableBufferPointer { p in
            for i in 0..<n {
                var m = -Double.infinity
                for j in 0..<k { m = max(m, p[i * k + j]) }
                maxima[i] = m
                // A row without a finite maximum gets −∞ throughout (e^−∞ = 0) instead of ∞ − ∞.
                for j in 0..<k { p[i * k + j] = m.isFinite ? p[i * k + j] - m : -.infinity }
            }
            _ = synth_kde_exp(expBuild, p.baseAddress, Int64(p.count), p.baseAddress)
            for i in 0..<n {
                var s = 0.0
                for j in 0..<k { s += p[i * k + j] }
                let logSum = maxima[i] + log(s)
                logSums?[i] = logSum
                total += logSum
                if keepExponentials { for j in 0..<k { p[i * k + j] = s > 0 ? p[i * k + j] / s : 0 } }
            }
        }
        return total
    }

    /// Writes the responsibilities (row-major n x k) into `resp` and returns the rows' mean log-likelihood.
    static func eStep(_ x: Matrix, _ s: State, into resp: inout [Double], _ scratch: inout Scratch) -> Double {
        weightedLogProbabilities(x, s, into: &resp, &scratch)
        return normaliseRows(&resp, k: s.weights.count, keepExponentials: true, logSums: nil) / Double(x.rows)
    }

    /// Weights, means and covariances from the responsibilities (scikit-learn's `_estimate_gaussian_parameters`:
    /// nₖ = Σᵢ rᵢₖ + 10ε, μₖ = Σᵢ rᵢₖxᵢ / nₖ, Σₖ = Σᵢ rᵢₖ(xᵢ − μₖ)(xᵢ − μₖ)ᵀ / nₖ + reg · I). A component with
    /// no responsibility is kept harmless: its column of `resp` becomes 1/n (centred on the data).
    static func mStep(_ x: Matrix, _ resp: inout [Double], k: Int, reg: Double, _ scratch: inout Scratch) throws(DensityError) -> State {
        let n = x.rows, d = x.cols
        var sums = [Double](repeating: 0, count: k)
        resp.withUnsafeBufferPointer { p in for i in 0..<n { for c in 0..<k { sums[c] += p[i * k + c] } } }
        var nk = sums.map { $0 + 10 * Double.ulpOfOne }
        for c in 0..<k where sums[c] <= 0 {
            for i in 0..<n { resp[i * k + c] = 1 / Double(n) }
            nk[c] = 1
        }
        // Means: Rᵀ X in one dgemm.
        var meanRows = [Double](repeating: 0, count: k * d)
        resp.withUnsafeBufferPointer { pr in
            x.storage.withUnsafeBufferPointer { px in
                meanRows.withUnsafeMutableBufferPointer { pm in
                    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(k), Int32(d), Int32(n), 1, pr.baseAddress, Int32(k),
                                px.baseAddress, Int32(d), 0, pm.baseAddress, Int32(d))
                }
            }
        }
        for c in 0..<k { for j in 0..<d { meanRows[c * d + j] /= nk[c] } }
        // Covariances: per block of rows and component, the √r-scaled centred rows' Dᵀ D, accumulated.
        var covariances = [Double](repeating: 0, count: k * d * d)
        resp.withUnsafeBufferPointer { pr in
            x.storage.withUnsafeBufferPointer { px in
                scratch.centred.withUnsafeMutableBufferPointer { pd in
                    meanRows.withUnsafeBufferPointer { pm in
                        covariances.withUnsafeMutableBufferPointer { pc in
                            for start in stride(from: 0, to: n, by: blockRows) {
                                let rows = min(blockRows, n - start)
                                for c in 0..<k {
                                    centre(px.baseAddress! + start * d, rows: rows, d: d, mean: pm.baseAddress! + c * d,
                                           resp: pr.baseAddress! + start * k, k: k, component: c, into: pd.baseAddress!)
                                    // dgemm rather than dsyrk: for d x d products of a few hundred rows OpenBLAS's small
                                    // dgemm kernel is faster than dsyrk (1.3x per fit in scripts/bench/gaussian_mixture_fit.swift).
                                    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(d), Int32(d), Int32(rows), 1,
                                                pd.baseAddress, Int32(d), pd.baseAddress, Int32(d), 1, pc.baseAddress! + c * d * d, Int32(d))
                                }
                            }
                        }
                    }
                }
            }
        }
        var weights: [Double] = [], means: [[Double]] = [], whitening: [Matrix] = [], norms: [Double] = []
        for c in 0..<k {
            var cov = Matrix(rows: d, cols: d)
            for a in 0..<d {
                for b in 0..<d { cov[a, b] = covariances[c * d * d + a * d + b] / nk[c] }
                cov[a, a] += reg
            }
            let (l, _) = try Covariance.choleskyWithRidge(cov)
            var logDet = 0.0
            for i in 0..<d { logDet += log(l[i, i]) }
            weights.append(nk[c] / Double(n))
            means.append(Array(meanRows[(c * d)..<((c + 1) * d)]))
            whitening.append(try Covariance.lowerInverse(l))
            norms.append(-0.5 * Double(d) * log(2 * Double.pi) - logDet)
        }
        let total = weights.reduce(0, +)
        return State(weights: weights.map { $0 / total }, means: means, whitening: whitening, logNormalisers: norms)
    }
}
