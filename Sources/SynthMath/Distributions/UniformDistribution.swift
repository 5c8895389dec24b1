import Foundation

/// The continuous uniform distribution on [loc, loc + scale] (scipy `uniform`, Copulas `UniformUnivariate`).
public struct UniformDistribution: FittableDistribution, Equatable {
    public let loc: Double
    public let scale: Double

    public init(loc: Double, scale: Double) throws(DistributionParameterError) {
        try DistributionParameterError.check(.uniform, "loc", loc, "finite", true)
        try DistributionParameterError.check(.uniform, "scale", scale, "> 0", scale > 0)
        self.loc = loc
        self.scale = scale
    }

    public var family: DistributionFamily { .uniform }
    public var parameters: [String: Double] { ["loc": loc, "scale": scale] }

    public func pdf(_ x: Double) -> Double { x >= loc && x <= loc + scale ? 1 / scale : 0 }

    public func logPDF(_ x: Double) -> Double { x >= loc && x <= loc + scale ? -log(scale) : -.infinity }

    public func cdf(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        return min(1, max(0, (x - loc) / scale))
    }

    public func ppf(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        return loc + p * scale
    }

    public func sample(using stream: inout RandomStream) -> Double { loc + scale * stream.nextDouble() }

    /// Copulas' fit: loc = min, scale = max − min.
    public static func fit(_ data: [Double]) throws(DistributionFitError) -> UniformDistribution {
        try fit(data, summary: SampleSummary(data, family: .uniform))
    }

    /// `fit(_:)` with the data's summary already made (``DistributionFamily/fit(_:)`` has it: one pass fewer).
    static func fit(_ data: [Double], summary s: SampleSummary) throws(DistributionFitError) -> UniformDistribution {
        try s.requireNonConstant(.uniform)
        return UniformDistribution(unchecked: s.min, s.max - s.min)
    }

    init(unchecked loc: Double, _ scale: Double) {
        self.loc = loc
        self.scale = scale
    }
}
