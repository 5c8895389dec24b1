import Foundation

/// The normal distribution N(loc, scale²) (scipy `norm`, Copulas `GaussianUnivariate`).
public struct NormalDistribution: FittableDistribution, Equatable {
    public let loc: Double
    public let scale: Double

    public init(loc: Double, scale: Double) throws(DistributionParameterError) {
        try DistributionParameterError.check(.norm, "loc", loc, "finite", true)
        try DistributionParameterError.check(.norm, "scale", scale, "> 0", scale > 0)
        self.loc = loc
        self.scale = scale
    }

    public var family: DistributionFamily { .norm }
    public var parameters: [String: Double] { ["loc": loc, "scale": scale] }

    public func pdf(_ x: Double) -> Double { Special.normalPDF((x - loc) / scale) / scale }

    public func logPDF(_ x: Double) -> Double {
        let z = (x - loc) / scale
        return -0.5 * z * z - 0.9189385332046727418 - log(scale)
    }

    public func cdf(_ x: Double) -> Double { Special.normalCDF((x - loc) / scale) }

    public func ppf(_ p: Double) -> Double { loc + scale * Special.normalQuantile(p) }

    public func sample(using stream: inout RandomStream) -> Double { loc + scale * stream.nextNormal() }

    /// Copulas' fit: loc = mean, scale = population standard deviation (`np.std`, ddof 0).
    public static func fit(_ data: [Double]) throws(DistributionFitError) -> NormalDistribution {
        try fit(data, summary: SampleSummary(data, family: .norm))
    }

    /// `fit(_:)` with the data's summary already made (``DistributionFamily/fit(_:)`` has it: one pass fewer).
    static func fit(_ data: [Double], summary s: SampleSummary) throws(DistributionFitError) -> NormalDistribution {
        try s.requireNonConstant(.norm)
        return NormalDistribution(unchecked: s.mean, s.variance.squareRoot())
    }

    init(unchecked loc: Double, _ scale: Double) {
        self.loc = loc
        self.scale = scale
    }
}
