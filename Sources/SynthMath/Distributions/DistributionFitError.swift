/// A univariate fit failed. It names the family and says why, so that a Gaussian copula can record the reason
/// when it falls back to another family (Copulas falls back to `norm` on any fit exception).
public struct DistributionFitError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Reason: Equatable, Sendable {
        /// No values to fit.
        case emptyData
        /// The value at this (0-based) index is NaN or infinite (scipy: "The data contains non-finite values").
        case nonFiniteValue(index: Int)
        /// Every value equals this one. A family's own `fit` cannot represent this; `DistributionFamily.fit`
        /// returns a ``ConstantDistribution`` instead, as Copulas does.
        case constantData(value: Double)
        /// The optimiser ended outside the parameter domain (scipy `FitError`: "Optimization converged to
        /// parameters that are outside the range allowed by the distribution").
        case parametersOutsideDomain(parameters: [String: Double])
        /// Copulas' beta check: the fitted support [loc, loc + scale] lies entirely beside the data.
        case supportOutsideDataRange(loc: Double, scale: Double, dataMin: Double, dataMax: Double)
        /// Copulas' beta check: the fitted scale is below float32 epsilon.
        case nearZeroRange(scale: Double)
        /// A fixed-location fit needs every value strictly inside (lower, upper) (scipy `FitDataError`).
        case valueOutsideSupport(index: Int, value: Double, lower: Double, upper: Double)
        /// An iterative solver did not converge.
        case solverDidNotConverge(String)
    }

    public let family: DistributionFamily
    public let reason: Reason

    public init(family: DistributionFamily, reason: Reason) {
        self.family = family
        self.reason = reason
    }

    public var description: String {
        let why: String
        switch reason {
        case .emptyData:
            why = "the data is empty"
        case .nonFiniteValue(let i):
            why = "the data contains a non-finite value at index \(i)"
        case .constantData(let v):
            why = "every value equals \(v); use DistributionFamily.fit for the degenerate (constant) distribution"
        case .parametersOutsideDomain(let p):
            let list = p.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
            why = "the optimiser converged to parameters outside the distribution's domain (\(list))"
        case .supportOutsideDataRange(let loc, let scale, let lo, let hi):
            why = "converged parameters (loc \(loc), scale \(scale)) are outside the min/max range [\(lo), \(hi)] of the data"
        case .nearZeroRange(let scale):
            why = "converged parameters have a near-zero range (scale \(scale) < float32 epsilon)"
        case .valueOutsideSupport(let i, let v, let lo, let hi):
            why = "value \(v) at index \(i) is not strictly inside the fixed support (\(lo), \(hi))"
        case .solverDidNotConverge(let what):
            why = "the solver did not converge: \(what)"
        }
        return "cannot fit a \(family.rawValue) distribution: \(why)"
    }
}

/// A distribution was constructed with a parameter outside its domain (for example a negative scale read from
/// a hand-written parameter file).
public struct DistributionParameterError: Error, Equatable, Sendable, CustomStringConvertible {
    public let family: DistributionFamily
    public let parameter: String
    public let value: Double
    /// The condition the value breaks, e.g. "> 0".
    public let requirement: String

    public init(family: DistributionFamily, parameter: String, value: Double, requirement: String) {
        self.family = family
        self.parameter = parameter
        self.value = value
        self.requirement = requirement
    }

    public var description: String {
        "invalid \(family.rawValue) parameter \(parameter) = \(value): must be \(requirement)"
    }

    /// Throws unless `value` is finite and `condition` holds.
    static func check(_ family: DistributionFamily, _ parameter: String, _ value: Double, _ requirement: String,
                      _ condition: Bool) throws(DistributionParameterError) {
        guard value.isFinite, condition else {
            throw DistributionParameterError(family: family, parameter: parameter, value: value,
                                             requirement: requirement)
        }
    }
}
