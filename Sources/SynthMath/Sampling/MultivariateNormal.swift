import Foundation

/// The multivariate normal N(mean, covariance), sampled through the Cholesky factor L (covariance = L Lᵀ).
public struct MultivariateNormal: Sendable {
    public let mean: [Double]
    public let covariance: Matrix
    /// Lower Cholesky factor of the covariance.
    public let choleskyFactor: Matrix
    /// log det(covariance) = 2 Σ log Lᵢᵢ.
    public let logDeterminant: Double

    /// Factorises the covariance; throws ``LinearAlgebraError/notPositiveDefinite(order:)`` when it is not
    /// positive definite (a Gaussian copula adds ε·I first when the correlation is ill-conditioned).
    public init(mean: [Double], covariance: Matrix) throws {
        precondition(covariance.rows == covariance.cols, "covariance must be square")
        precondition(covariance.rows == mean.count, "mean has \(mean.count) entries, covariance is \(covariance.rows)x\(covariance.cols)")
        self.mean = mean
        self.covariance = covariance
        choleskyFactor = try covariance.cholesky()
        var logDet = 0.0
        for i in 0..<mean.count { logDet += log(choleskyFactor[i, i]) }
        logDeterminant = 2 * logDet
    }

    public var dimension: Int { mean.count }

    /// One draw: mean + L z.
    public func sample(using stream: inout RandomStream) -> [Double] {
        let d = dimension
        let z = (0..<d).map { _ in stream.nextNormal() }
        var x = mean
        for i in 0..<d {
            var s = 0.0
            for j in 0...i { s += choleskyFactor[i, j] * z[j] }
            x[i] += s
        }
        return x
    }

    /// `count` draws as the rows of a count × dimension matrix: X = Z Lᵀ + 1 meanᵀ with Z of standard normals
    /// (filled row by row from the stream) and one dgemm.
    public func sample(count: Int, using stream: inout RandomStream) -> Matrix {
        precondition(count >= 0, "sample count must be non-negative")
        let d = dimension
        var z = Matrix(rows: count, cols: d)
        z.storage.withUnsafeMutableBufferPointer { stream.fillNormal($0) }
        var x = Matrix.multiply(z, choleskyFactor, transposeB: true)
        x.storage.withUnsafeMutableBufferPointer { p in
            mean.withUnsafeBufferPointer { m in
                for r in 0..<count { for c in 0..<d { p[r * d + c] += m[c] } }
            }
        }
        return x
    }

    /// The log-density at x: −½(d log 2π + log det Σ + ‖L⁻¹(x − mean)‖²).
    public func logPDF(_ x: [Double]) -> Double {
        precondition(x.count == dimension, "point has \(x.count) coordinates, distribution has \(dimension)")
        var y = [Double](repeating: 0, count: dimension)
        var quad = 0.0
        for i in 0..<dimension {
            var s = x[i] - mean[i]
            for j in 0..<i { s -= choleskyFactor[i, j] * y[j] }
            y[i] = s / choleskyFactor[i, i]
            quad += y[i] * y[i]
        }
        return -0.5 * (Double(dimension) * log(2 * Double.pi) + logDeterminant + quad)
    }
}
