import CSynthKernels
import Foundation

/// A d-dimensional Gaussian kernel density estimate with scipy's `gaussian_kde` defaults (what DOMIAS and
/// SynthCity's `DomiasMIA_KDE` call): kernel covariance = Σ̂ · f², with Σ̂ the sample covariance (ddof 1)
/// and Scott's factor f = n^(−1/(d+4)); log p(x) = logsumexp_i(−½‖L⁻¹(x − xᵢ)‖²) − log n − ½ log det(2π Σ̂f²).
///
/// Evaluation whitens both sides with the Cholesky factor and takes the squared distances from
/// ``SquaredDistanceBlocks`` (dgemm), summing the exponentials per block with a running maximum, so memory
/// stays O(block) for any number of points. Distances and sums are `CSynthKernels`' `synth_kde_fold`: the
/// distance formula of ``SquaredDistanceBlocks/distance(_:_:_:)`` fused into the scan, and a vector
/// exponential (within 2 ulp of libm's; terms below e^−708 count 0, which never changes a sum holding a 1) in
/// 8 partial sums, the same bits on every CPU (AVX-512, AVX2 or portable C). The scalar libm `exp` per pair
/// it replaced was most of DOMIAS' cost; log p changes by rounding only (`KernelDensityFoldTests`).
///
/// Deviation: scipy raises on a singular covariance (a constant column, or fewer points than dimensions);
/// here a ridge of 1e-10 · trace(Σ̂)/d, grown tenfold up to 1e-2 · trace/d, is added until the Cholesky
/// factorisation succeeds, and ``ridge`` records it.
public struct MultivariateGaussianKDE: Sendable {
    public let dimension: Int
    public let count: Int
    /// Scott's factor n^(−1/(d+4)).
    public let factor: Double
    /// The ridge added to the data covariance's diagonal (0 when none was needed).
    public let ridge: Double
    let whitenedData: Matrix
    let whitening: Matrix
    let logNormaliser: Double

    /// Fits on the rows of `data` (n x d, n ≥ 2).
    public init(data: Matrix) throws(DensityError) {
        let n = data.rows, d = data.cols
        guard n >= 2 else { throw .tooFewPoints(needed: 2, got: n) }
        guard d >= 1 else { throw .noDimensions }
        let covariance = Covariance.sample(data)
        factor = pow(Double(n), -1 / Double(d + 4))
        var kernel = covariance
        for k in 0..<(d * d) { kernel.storage[k] *= factor * factor }
        let (l, ridge) = try Covariance.choleskyWithRidge(kernel)
        let w = try Covariance.lowerInverse(l)
        dimension = d; count = n; self.ridge = ridge
        whitening = w
        whitenedData = Matrix.multiply(data, w, transposeB: true)
        var logDet = 0.0
        for i in 0..<d { logDet += 2 * log(l[i, i]) }
        logNormaliser = -log(Double(n)) - 0.5 * (Double(d) * log(2 * Double.pi) + logDet)
    }

    /// The widest build of `synth_kde_fold` this CPU runs (2: AVX-512, 1: AVX2, 0: portable); all give the same bits.
    static let foldBuild: Int32 = [2, 1, 0].first { synth_kde_supports($0) != 0 }!

    /// log p(x) for every row of `points` (m x d).
    public func logDensity(_ points: Matrix) -> [Double] {
        precondition(points.cols == dimension, "points have \(points.cols) columns, the KDE \(dimension)")
        let z = Matrix.multiply(points, whitening, transposeB: true)
        var maxima = [Double](repeating: -.infinity, count: points.rows)
        var sums = [Double](repeating: 0, count: points.rows)
        let build = Self.foldBuild
        maxima.withUnsafeMutableBufferPointer { maxima in
            sums.withUnsafeMutableBufferPointer { sums in
                SquaredDistanceBlocks.forEachCross(query: z, reference: whitenedData) { rows, columns, cross, qNorm, rNorm in
                    let status = synth_kde_fold(build, cross, Int64(rows.count), Int64(columns.count), qNorm + rows.lowerBound,
                                                rNorm + columns.lowerBound, maxima.baseAddress! + rows.lowerBound,
                                                sums.baseAddress! + rows.lowerBound)
                    precondition(status == 0, "kernel-density build \(build) does not run on this CPU")
                }
            }
        }
        return (0..<points.rows).map { maxima[$0] + log(sums[$0]) + logNormaliser }
    }
}

/// Why a density could not be fitted.
public enum DensityError: Error, Equatable, Sendable, CustomStringConvertible {
    case tooFewPoints(needed: Int, got: Int)
    case noDimensions
    /// The covariance stays singular even with the largest ridge.
    case singularCovariance

    public var description: String {
        switch self {
        case .tooFewPoints(let n, let g): "a density estimate needs at least \(n) points, got \(g)"
        case .noDimensions: "a density estimate needs at least one column"
        case .singularCovariance: "the covariance is singular even after adding a ridge of 1e-2 · trace/d"
        }
    }
}

/// Covariance helpers shared by the density estimators.
enum Covariance {
    /// The sample covariance (ddof 1) of the rows of `x`.
    static func sample(_ x: Matrix, weights: [Double]? = nil, mean given: [Double]? = nil) -> Matrix {
        let n = x.rows, d = x.cols
        var mean = given ?? [Double](repeating: 0, count: d)
        if given == nil {
            for i in 0..<n { for j in 0..<d { mean[j] += x[i, j] } }
            for j in 0..<d { mean[j] /= Double(n) }
        }
        // Through buffer pointers: element accessors cost more than the dgemm (GaussianMixture's M-step).
        var centred = x
        centred.storage.withUnsafeMutableBufferPointer { pc in
            x.storage.withUnsafeBufferPointer { px in
                for i in 0..<n {
                    let s = weights.map { $0[i].squareRoot() } ?? 1
                    for j in 0..<d { pc[i * d + j] = (px[i * d + j] - mean[j]) * s }
                }
            }
        }
        var c = Matrix.multiply(centred, centred, transposeA: true)
        let denominator = weights.map { $0.reduce(0, +) } ?? Double(n - 1)
        for k in 0..<(d * d) { c.storage[k] /= denominator }
        return c
    }

    /// The Cholesky factor of `c`, adding a growing ridge to the diagonal when `c` is not positive definite.
    static func choleskyWithRidge(_ c: Matrix, start: Double = 1e-10) throws(DensityError) -> (Matrix, Double) {
        if let l = try? c.cholesky() { return (l, 0) }
        var trace = 0.0
        for i in 0..<c.rows { trace += c[i, i] }
        let unit = trace > 0 && trace.isFinite ? trace / Double(c.rows) : 1
        var scale = start
        while scale <= 1e-2 {
            var r = c
            for i in 0..<c.rows { r[i, i] += scale * unit }
            if let l = try? r.cholesky() { return (l, scale * unit) }
            scale *= 10
        }
        throw .singularCovariance
    }

    /// L⁻¹ for a lower-triangular L (forward substitution).
    static func lowerInverse(_ l: Matrix) throws(DensityError) -> Matrix {
        let d = l.rows
        var inv = Matrix(rows: d, cols: d)
        for col in 0..<d {
            for i in col..<d {
                var s = i == col ? 1.0 : 0.0
                for k in col..<i { s -= l[i, k] * inv[k, col] }
                guard l[i, i] != 0 else { throw .singularCovariance }
                inv[i, col] = s / l[i, i]
            }
        }
        return inv
    }
}
