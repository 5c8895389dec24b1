/// A fitted univariate distribution: a small immutable value that a Gaussian copula keeps per column.
///
/// Conventions follow scipy.stats (and so Copulas and SDV): `cdf` and `ppf` are the distribution function and
/// its inverse, `ppf(0)` and `ppf(1)` are the ends of the support, `ppf` of a value outside [0, 1] is NaN, and
/// `parameters` has the keys of Copulas' `_params` (what SDV's `get_learned_distributions()` reports as
/// `learned_parameters`).
public protocol UnivariateDistribution: Sendable {
    /// The family, whose raw value is the name SDV uses (`norm`, `beta`, `truncnorm`, ...).
    var family: DistributionFamily { get }
    /// The SDV / Copulas name of the distribution (defaults to `family.rawValue`).
    var name: String { get }
    /// The learned parameters under Copulas' keys, e.g. beta: `a`, `b`, `loc`, `scale`.
    var parameters: [String: Double] { get }

    func pdf(_ x: Double) -> Double
    func logPDF(_ x: Double) -> Double
    func cdf(_ x: Double) -> Double
    /// The quantile function (percent point function).
    func ppf(_ p: Double) -> Double
    /// One draw.
    func sample(using stream: inout RandomStream) -> Double

    /// `cdf` of many points (a family may do this faster than one at a time).
    func cdf(_ xs: [Double]) -> [Double]
    /// `ppf` of many probabilities (a family may do this faster than one at a time).
    func ppf(_ ps: [Double]) -> [Double]
    /// `ppf` of each probability, bit for bit (a family may run several inversions together), where the
    /// many-value `ppf` may trade that for speed (the KDE's does).
    func exactPPF(_ ps: [Double]) -> [Double]
    /// `count` independent draws.
    func sample(count: Int, using stream: inout RandomStream) -> [Double]
}

extension UnivariateDistribution {
    public var name: String { family.rawValue }

    public func cdf(_ xs: [Double]) -> [Double] { xs.map { cdf($0) } }

    public func ppf(_ ps: [Double]) -> [Double] { ps.map { ppf($0) } }
    public func exactPPF(_ ps: [Double]) -> [Double] { ps.map { ppf($0) } }

    public func sample(count: Int, using stream: inout RandomStream) -> [Double] {
        precondition(count >= 0, "sample count must be non-negative")
        var out = [Double]()
        out.reserveCapacity(count)
        for _ in 0..<count { out.append(sample(using: &stream)) }
        return out
    }
}

/// A distribution with a maximum-likelihood (or Copulas-defined) fit from data.
public protocol FittableDistribution: UnivariateDistribution {
    /// Fits the distribution to `data` the way Copulas' univariate of the same family does.
    /// Throws for empty, non-finite or constant data, and for the fit failures Copulas raises.
    static func fit(_ data: [Double]) throws(DistributionFitError) -> Self
}
