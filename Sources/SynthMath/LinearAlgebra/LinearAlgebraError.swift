/// A LAPACK routine reported failure (its `info` code, turned into a value a caller can act on).
public enum LinearAlgebraError: Error, Equatable, CustomStringConvertible {
    /// Cholesky found a non-positive pivot at this (1-based) order.
    case notPositiveDefinite(order: Int)
    /// The matrix is singular: zero pivot at this (1-based) index.
    case singular(index: Int)
    /// An eigen or SVD iteration failed to converge.
    case noConvergence(routine: String, info: Int)
    /// LAPACK rejected argument number `-info` (a programming error surfaced as a value).
    case illegalArgument(routine: String, argument: Int)

    public var description: String {
        switch self {
        case .notPositiveDefinite(let k): "matrix is not positive definite (leading minor \(k) is not positive)"
        case .singular(let i): "matrix is singular (zero pivot at \(i))"
        case .noConvergence(let r, let info): "\(r) did not converge (info \(info))"
        case .illegalArgument(let r, let a): "\(r): illegal value in argument \(a)"
        }
    }
}
