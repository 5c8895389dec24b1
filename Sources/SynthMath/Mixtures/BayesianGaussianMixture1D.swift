import Foundation

/// A variational Bayesian Gaussian mixture for one-dimensional data, as scikit-learn's
/// `BayesianGaussianMixture` fits it with the settings CTGAN, RDT and SynthCity use:
/// `weight_concentration_prior_type='dirichlet_process'`, `weight_concentration_prior=0.001`,
/// `covariance_type='full'` (one variance per component in 1-D), `mean_precision_prior=1`,
/// `mean_prior = mean(x)`, `degrees_of_freedom_prior = 1` (the feature count),
/// `covariance_prior = var(x)` (ddof 1, `np.cov`), `reg_covar=1e-6`, `tol=1e-3`, `max_iter=100`, `n_init=1`,
/// `init_params='kmeans'`.
///
/// With K components, responsibilities r_ik and sufficient statistics
/// Nk = Σ_i r_ik + 10ε, x̄k = Σ_i r_ik x_i / Nk, Sk = Σ_i r_ik (x_i − x̄k)² / Nk + reg_covar:
/// - M step: stick-breaking Beta parameters ak = 1 + Nk, bk = α0 + Σ_{j>k} Nj; βk = β0 + Nk;
///   mk = (β0 m0 + Nk x̄k) / βk; νk = ν0 + Nk; σ²k = (W0 + Nk Sk + Nk β0 / βk (x̄k − m0)²) / νk.
/// - E step: log ρ_ik = log πk + log N(x_i | mk, σ²k) − ½ log νk + ½ (log 2 + ψ(νk / 2) − 1 / βk) with
///   log πk = ψ(ak) − ψ(ak + bk) + Σ_{j<k} (ψ(bj) − ψ(aj + bj)); r_ik = softmax_k(log ρ_ik).
/// - Lower bound (after each M step, with the E step's responsibilities):
///   L = −Σ r log r − Σk log Wishart-norm_k + Σk log B(ak, bk) − ½ Σk log βk, where
///   log Wishart-norm_k = −(νk (log σk⁻¹ − ½ log νk) + νk ½ log 2 + log Γ(νk / 2)).
///   The loop stops when |ΔL| < tol (converged) or after `maxIterations`.
/// - Reported: weights πk = ak/(ak+bk) Π_{j<k} bj/(aj+bj) renormalised, means mk, variances σ²k.
///
/// Initialisation: ``WeightedKMeans1D`` (k-means++ seeding, Lloyd) labels the data and the one-hot
/// responsibilities give the first M step, as sklearn's `_initialize_parameters` does. Its draws come from
/// a ``RandomStream``, which cannot reproduce numpy's stream: same algorithm, different numbers. Started
/// from the same labels (the internal `fit(_:initialLabels:options:)`), the fit agrees with sklearn's to
/// rounding (see the tests).
///
/// Speed: the E and M steps run over the distinct values with their multiplicities (an exact regrouping
/// of the row sums), in flat buffers allocated once: O(distinct × K) per iteration, with K exponentials
/// per distinct value.
public struct BayesianGaussianMixture1D: Sendable, Equatable {
    /// Hyperparameters; the defaults are scikit-learn's as CTGAN / RDT / SynthCity set them.
    public struct Options: Sendable, Equatable {
        /// `n_components`.
        public var components = 10
        /// `weight_concentration_prior` (α0 of the Dirichlet process).
        public var weightConcentrationPrior = 0.001
        /// `mean_precision_prior` (β0).
        public var meanPrecisionPrior = 1.0
        /// `mean_prior` (m0); nil: the data mean.
        public var meanPrior: Double?
        /// `degrees_of_freedom_prior` (ν0); nil: the feature count, 1.
        public var degreesOfFreedomPrior: Double?
        /// `covariance_prior` (W0); nil: the data variance with ddof 1.
        public var covariancePrior: Double?
        /// `reg_covar`, added to every component variance.
        public var regularization = 1e-6
        /// `tol` on the change of the lower bound.
        public var tolerance = 1e-3
        /// `max_iter`.
        public var maxIterations = 100

        public init(components: Int = 10) { self.components = components }
    }

    public enum FitError: Error, Equatable, CustomStringConvertible {
        /// Fewer values than components, or fewer than two values (the variance prior needs two).
        case tooFewValues(count: Int, components: Int)
        case nonFiniteValue(index: Int)
        case invalidOption(name: String, value: Double, requirement: String)
        /// Initial labels of the wrong count or outside 0..<components (internal test entry point).
        case invalidInitialLabels(String)

        public var description: String {
            switch self {
            case .tooFewValues(let n, let k):
                "cannot fit a Bayesian Gaussian mixture of \(k) components to \(n) value(s): it needs at least max(2, \(k))"
            case .nonFiniteValue(let i): "cannot fit a Bayesian Gaussian mixture: value \(i) is not finite"
            case .invalidOption(let name, let value, let requirement):
                "Bayesian Gaussian mixture option \(name)=\(value) is invalid: \(requirement)"
            case .invalidInitialLabels(let why): "invalid initial labels: \(why)"
            }
        }
    }

    /// The options the mixture was fitted with.
    public let options: Options
    /// Mixture weights πk (`weights_`), summing to 1.
    public let weights: [Double]
    /// Posterior means mk (`means_`).
    public let means: [Double]
    /// Component variances σ²k (`covariances_`).
    public let variances: [Double]
    /// Stick-breaking Beta parameters (`weight_concentration_[0]`, `weight_concentration_[1]`).
    public let concentrationA: [Double]
    public let concentrationB: [Double]
    /// βk (`mean_precision_`).
    public let meanPrecision: [Double]
    /// νk (`degrees_of_freedom_`).
    public let degreesOfFreedom: [Double]
    /// Iterations run (`n_iter_`), whether |ΔL| fell below the tolerance (`converged_`), and the final
    /// lower bound (`lower_bound_`).
    public let iterations: Int
    public let converged: Bool
    public let lowerBound: Double

    public var componentCount: Int { weights.count }
    /// σk = √σ²k, as RDT and SynthCity take them (`np.sqrt(covariances_)`).
    public var standardDeviations: [Double] { variances.map { $0.squareRoot() } }

    // MARK: Fitting

    /// Fits the mixture to `data`, drawing the k-means initialisation from `stream`.
    public static func fit(_ data: UnsafeBufferPointer<Double>, options: Options = Options(),
                           stream: inout RandomStream) throws(FitError) -> BayesianGaussianMixture1D {
        let problem = try Problem(data, options: options)
        let labels = problem.distinct.withUnsafeBufferPointer { v in
            problem.counts.withUnsafeBufferPointer { w in
                WeightedKMeans1D.fit(values: v, weights: w, clusters: options.components, stream: &stream).labels
            }
        }
        let start = problem.statistics(values: problem.distinct, counts: problem.counts, labels: labels)
        return problem.run(from: start)
    }

    public static func fit(_ data: [Double], options: Options = Options(),
                           stream: inout RandomStream) throws(FitError) -> BayesianGaussianMixture1D {
        try data.withUnsafeBufferPointer { x throws(FitError) in try fit(x, options: options, stream: &stream) }
    }

    /// Fits from given initial labels (one per value, in 0..<components) instead of k-means: the entry
    /// point for checking the variational updates against scikit-learn started from the labels its own
    /// k-means produced.
    static func fit(_ data: [Double], initialLabels: [Int], options: Options = Options()) throws(FitError)
        -> BayesianGaussianMixture1D {
        guard initialLabels.count == data.count else {
            throw .invalidInitialLabels("\(initialLabels.count) labels for \(data.count) values")
        }
        if let bad = initialLabels.first(where: { $0 < 0 || $0 >= options.components }) {
            throw .invalidInitialLabels("label \(bad) outside 0..<\(options.components)")
        }
        let problem: Problem = try data.withUnsafeBufferPointer { x throws(FitError) in try Problem(x, options: options) }
        let ones = [Double](repeating: 1, count: data.count)
        return problem.run(from: problem.statistics(values: data, counts: ones, labels: initialLabels))
    }

    // MARK: Posterior

    /// `predict_proba`: the responsibilities of every component for every value, row-major
    /// (`out[i * K + k]`), each row summing to 1.
    public func predictProba(_ x: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
        let k = componentCount
        precondition(out.count >= x.count * k, "predictProba needs \(x.count) x \(k) outputs")
        let e = EStepConstants(self)
        e.packed.withUnsafeBufferPointer { c in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: k) { logits in
                for i in 0..<x.count {
                    _ = EStepConstants.posterior(x[i], componentCount: k, constants: c.baseAddress!,
                                                 row: out.baseAddress! + i * k, logits: logits.baseAddress!)
                }
            }
        }
    }

    public func predictProba(_ x: [Double]) -> [Double] {
        [Double](unsafeUninitializedCapacity: x.count * componentCount) { out, count in
            x.withUnsafeBufferPointer { predictProba($0, into: out) }
            count = x.count * componentCount
        }
    }
}

// MARK: - Internals

extension BayesianGaussianMixture1D {
    /// Sufficient statistics of responsibilities: Nk (with sklearn's +10ε), x̄k, Sk (with reg_covar).
    struct Statistics {
        var nk: [Double]
        var mean: [Double]
        var variance: [Double]
    }

    /// The variational parameters after an M step.
    struct Parameters {
        var a: [Double], b: [Double]
        var meanPrecision: [Double], means: [Double]
        var degreesOfFreedom: [Double], covariances: [Double]
    }

    /// The per-component constants of the E step, packed as [c | p | m·p] (3K values):
    /// log ρ_ik = c_k − ½ (x_i·p_k − m_k·p_k)², where p_k = 1/σk is the precision Cholesky factor (sklearn
    /// computes `X @ prec_chol − mu @ prec_chol`) and c_k gathers log πk, the Gaussian normaliser and the
    /// Wishart terms.
    struct EStepConstants {
        let componentCount: Int
        var packed: [Double]

        init(a: [Double], b: [Double], meanPrecision: [Double], means: [Double], degreesOfFreedom: [Double],
             covariances: [Double]) {
            let k = a.count
            componentCount = k
            packed = [Double](repeating: 0, count: 3 * k)
            var stick = 0.0  // Σ_{j<k} (ψ(bj) − ψ(aj + bj))
            let halfLog2Pi = 0.5 * log(2 * Double.pi)
            for j in 0..<k {
                let digammaSum = Special.digamma(a[j] + b[j])
                let logWeight = Special.digamma(a[j]) - digammaSum + stick
                stick += Special.digamma(b[j]) - digammaSum
                let p = 1 / covariances[j].squareRoot()
                let logLambda = log(2.0) + Special.digamma(0.5 * degreesOfFreedom[j])
                packed[j] = logWeight - halfLog2Pi + log(p) - 0.5 * log(degreesOfFreedom[j])
                    + 0.5 * (logLambda - 1 / meanPrecision[j])
                packed[k + j] = p
                packed[2 * k + j] = means[j] * p
            }
        }

        init(_ m: BayesianGaussianMixture1D) {
            self.init(a: m.concentrationA, b: m.concentrationB, meanPrecision: m.meanPrecision, means: m.means,
                      degreesOfFreedom: m.degreesOfFreedom, covariances: m.variances)
        }

        init(_ p: Parameters) {
            self.init(a: p.a, b: p.b, meanPrecision: p.meanPrecision, means: p.means,
                      degreesOfFreedom: p.degreesOfFreedom, covariances: p.covariances)
        }

        /// Writes the responsibilities of `x` to `row[0..<K]` and returns Σ_k r_k log r_k (terms with
        /// r_k = 0 add 0, as numpy's 0 · finite does). `constants` is ``packed``; `logits` is scratch space
        /// for K values.
        @inline(__always)
        static func posterior(_ x: Double, componentCount k: Int, constants: UnsafePointer<Double>,
                              row: UnsafeMutablePointer<Double>, logits: UnsafeMutablePointer<Double>) -> Double {
            let c = constants, p = constants + k, mp = constants + 2 * k
            var top = -Double.infinity
            for j in 0..<k {
                let y = x * p[j] - mp[j]
                let l = c[j] - 0.5 * y * y
                logits[j] = l
                if l > top { top = l }
            }
            var sum = 0.0
            for j in 0..<k {
                let e = exp(logits[j] - top)
                row[j] = e
                sum += e
            }
            let logNorm = top + log(sum)
            let inverse = 1 / sum
            var entropy = 0.0
            for j in 0..<k {
                let r = row[j] * inverse
                row[j] = r
                if r > 0 { entropy += r * (logits[j] - logNorm) }
            }
            return entropy
        }
    }

    /// The data as distinct values with multiplicities, the priors, and the options.
    struct Problem {
        let options: Options
        let distinct: [Double]
        let counts: [Double]
        let meanPrior: Double
        let covariancePrior: Double
        let degreesOfFreedomPrior: Double

        init(_ data: UnsafeBufferPointer<Double>, options: Options) throws(FitError) {
            try Self.validate(options)
            let n = data.count
            guard n >= max(2, options.components) else { throw .tooFewValues(count: n, components: options.components) }
            var sum = 0.0
            for i in 0..<n {
                guard data[i].isFinite else { throw .nonFiniteValue(index: i) }
                sum += data[i]
            }
            let mean = sum / Double(n)
            let sorted = SortedSample(data).values
            var distinct: [Double] = [], counts: [Double] = []
            var squares = 0.0
            for x in sorted {
                squares += (x - mean) * (x - mean)
                if let last = distinct.last, last == x { counts[counts.count - 1] += 1 } else {
                    distinct.append(x); counts.append(1)
                }
            }
            self.options = options
            self.distinct = distinct
            self.counts = counts
            meanPrior = options.meanPrior ?? mean
            covariancePrior = options.covariancePrior ?? squares / Double(n - 1)
            degreesOfFreedomPrior = options.degreesOfFreedomPrior ?? 1
        }

        static func validate(_ o: Options) throws(FitError) {
            if o.components < 1 {
                throw .invalidOption(name: "components", value: Double(o.components), requirement: "at least 1")
            }
            if !(o.weightConcentrationPrior > 0) {
                throw .invalidOption(name: "weightConcentrationPrior", value: o.weightConcentrationPrior, requirement: "positive")
            }
            if !(o.meanPrecisionPrior > 0) {
                throw .invalidOption(name: "meanPrecisionPrior", value: o.meanPrecisionPrior, requirement: "positive")
            }
            if let m = o.meanPrior, !m.isFinite {
                throw .invalidOption(name: "meanPrior", value: m, requirement: "finite")
            }
            if let nu = o.degreesOfFreedomPrior, !(nu > 0) {
                throw .invalidOption(name: "degreesOfFreedomPrior", value: nu, requirement: "greater than 0 (the feature count minus 1)")
            }
            if let w = o.covariancePrior, !(w > 0 && w.isFinite) {
                throw .invalidOption(name: "covariancePrior", value: w, requirement: "positive and finite")
            }
            if !(o.regularization >= 0) {
                throw .invalidOption(name: "regularization", value: o.regularization, requirement: "non-negative")
            }
            if !(o.tolerance >= 0) {
                throw .invalidOption(name: "tolerance", value: o.tolerance, requirement: "non-negative")
            }
            if o.maxIterations < 0 {
                throw .invalidOption(name: "maxIterations", value: Double(o.maxIterations), requirement: "non-negative")
            }
        }

        /// sklearn `_estimate_gaussian_parameters` for hard labels (each value weighted by its count).
        func statistics(values: [Double], counts: [Double], labels: [Int]) -> Statistics {
            let k = options.components
            var nk = [Double](repeating: 0, count: k), sx = nk, ss = nk
            for i in values.indices { nk[labels[i]] += counts[i]; sx[labels[i]] += counts[i] * values[i] }
            for j in 0..<k { nk[j] += 10 * Double.ulpOfOne; sx[j] /= nk[j] }
            for i in values.indices {
                let d = values[i] - sx[labels[i]]
                ss[labels[i]] += counts[i] * d * d
            }
            for j in 0..<k { ss[j] = ss[j] / nk[j] + options.regularization }
            return Statistics(nk: nk, mean: sx, variance: ss)
        }

        /// The M step: the variational parameters from sufficient statistics.
        func parameters(_ s: Statistics) -> Parameters {
            let k = options.components
            let alpha = options.weightConcentrationPrior, beta0 = options.meanPrecisionPrior
            var a = [Double](repeating: 0, count: k), b = a
            var tail = 0.0  // Σ_{j>k} Nj, summed from the last component down as np.cumsum(nk[::-1]) does
            for j in stride(from: k - 1, through: 0, by: -1) {
                a[j] = 1 + s.nk[j]
                b[j] = alpha + tail
                tail += s.nk[j]
            }
            var precision = a, means = a, dof = a, covariances = a
            for j in 0..<k {
                precision[j] = beta0 + s.nk[j]
                means[j] = (beta0 * meanPrior + s.nk[j] * s.mean[j]) / precision[j]
                dof[j] = degreesOfFreedomPrior + s.nk[j]
                let diff = s.mean[j] - meanPrior
                covariances[j] = (covariancePrior + s.nk[j] * s.variance[j]
                                  + s.nk[j] * beta0 / precision[j] * (diff * diff)) / dof[j]
            }
            return Parameters(a: a, b: b, meanPrecision: precision, means: means, degreesOfFreedom: dof,
                              covariances: covariances)
        }

        /// `_compute_lower_bound` given Σ r log r of the E step that preceded the M step giving `p`.
        func lowerBound(_ p: Parameters, entropy: Double) -> Double {
            var logWishart = 0.0, logNormWeight = 0.0, logPrecision = 0.0
            let halfLog2 = 0.5 * log(2.0)
            for j in p.a.indices {
                let nu = p.degreesOfFreedom[j]
                let logDetCholesky = log(1 / p.covariances[j].squareRoot()) - 0.5 * log(nu)
                logWishart += -(nu * logDetCholesky + nu * halfLog2 + Special.logGamma(0.5 * nu))
                logNormWeight -= Special.logBeta(p.a[j], p.b[j])
                logPrecision += log(p.meanPrecision[j])
            }
            return -entropy - logWishart - logNormWeight - 0.5 * logPrecision
        }

        /// The variational loop from the first sufficient statistics.
        func run(from start: Statistics) -> BayesianGaussianMixture1D {
            let k = options.components, m = distinct.count
            var params = parameters(start)
            var lower = -Double.infinity
            var converged = false, iterations = 0
            var stats = start
            var responsibilities = [Double](repeating: 0, count: m * k)
            var logits = [Double](repeating: 0, count: k)
            var sumX = [Double](repeating: 0, count: k)
            for iteration in 0..<options.maxIterations {
                iterations = iteration + 1
                let previous = lower
                let e = EStepConstants(params)
                var entropy = 0.0
                for j in 0..<k { stats.nk[j] = 0; sumX[j] = 0; stats.variance[j] = 0 }
                distinct.withUnsafeBufferPointer { x in
                    counts.withUnsafeBufferPointer { c in
                        responsibilities.withUnsafeMutableBufferPointer { r in
                            logits.withUnsafeMutableBufferPointer { l in
                                stats.nk.withUnsafeMutableBufferPointer { nk in
                                    sumX.withUnsafeMutableBufferPointer { sx in
                                        // E step, accumulating Nk and Σ r x on the way.
                                        e.packed.withUnsafeBufferPointer { constants in
                                            for i in 0..<m {
                                                let row = r.baseAddress! + i * k
                                                entropy += c[i] * EStepConstants.posterior(
                                                    x[i], componentCount: k, constants: constants.baseAddress!,
                                                    row: row, logits: l.baseAddress!)
                                                for j in 0..<k {
                                                    let w = c[i] * row[j]
                                                    nk[j] += w
                                                    sx[j] += w * x[i]
                                                }
                                            }
                                        }
                                        for j in 0..<k { nk[j] += 10 * Double.ulpOfOne; sx[j] /= nk[j] }
                                    }
                                }
                                stats.variance.withUnsafeMutableBufferPointer { ss in
                                    sumX.withUnsafeBufferPointer { mean in
                                        for i in 0..<m {
                                            let row = r.baseAddress! + i * k
                                            for j in 0..<k {
                                                let d = x[i] - mean[j]
                                                ss[j] += c[i] * row[j] * (d * d)
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                for j in 0..<k {
                    stats.mean[j] = sumX[j]
                    stats.variance[j] = stats.variance[j] / stats.nk[j] + options.regularization
                }
                params = parameters(stats)
                lower = lowerBound(params, entropy: entropy)
                if abs(lower - previous) < options.tolerance { converged = true; break }
            }
            // Weights from the stick-breaking parameters (`_set_parameters`).
            var weights = [Double](repeating: 0, count: k)
            var remaining = 1.0, total = 0.0
            for j in 0..<k {
                let sum = params.a[j] + params.b[j]
                weights[j] = params.a[j] / sum * remaining
                remaining *= params.b[j] / sum
                total += weights[j]
            }
            for j in 0..<k { weights[j] /= total }
            return BayesianGaussianMixture1D(
                options: options, weights: weights, means: params.means, variances: params.covariances,
                concentrationA: params.a, concentrationB: params.b, meanPrecision: params.meanPrecision,
                degreesOfFreedom: params.degreesOfFreedom, iterations: iterations, converged: converged,
                lowerBound: lower)
        }
    }
}
