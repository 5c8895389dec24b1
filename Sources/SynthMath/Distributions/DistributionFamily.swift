/// The univariate families SDV's Gaussian copula chooses from; raw values are SDV's names
/// (`GaussianCopulaSynthesizer(numerical_distributions=...)`, `default_distribution`).
public enum DistributionFamily: String, CaseIterable, Sendable, Codable {
    case norm
    case beta
    case truncnorm
    case gamma
    case uniform
    case gaussianKDE = "gaussian_kde"

    /// The Copulas class that fits this family (`copulas.univariate.<name>`).
    public var copulasClassName: String {
        switch self {
        case .norm: "GaussianUnivariate"
        case .beta: "BetaUnivariate"
        case .truncnorm: "TruncatedGaussian"
        case .gamma: "GammaUnivariate"
        case .uniform: "UniformUnivariate"
        case .gaussianKDE: "GaussianKDE"
        }
    }

    /// The family for an SDV name, or nil.
    public init?(sdvName: String) { self.init(rawValue: sdvName) }

    /// Fits this family to `data` as Copulas' `Univariate.fit` does: when every value is equal the result is a
    /// ``ConstantDistribution`` (Copulas' `_constant_value` mode), otherwise the family's own fit.
    public func fit(_ data: [Double]) throws(DistributionFitError) -> any UnivariateDistribution {
        let summary = try SampleSummary(data, family: self)
        if summary.isConstant {
            return ConstantDistribution(value: summary.min, family: self, count: summary.count)
        }
        switch self {
        case .norm: return try NormalDistribution.fit(data, summary: summary)
        case .beta: return try BetaDistribution.fit(data, summary: summary)
        case .truncnorm: return try TruncatedNormalDistribution.fit(data, summary: summary)
        case .gamma: return try GammaDistribution.fit(data, summary: summary)
        case .uniform: return try UniformDistribution.fit(data, summary: summary)
        case .gaussianKDE: return try GaussianKDE.fit(data, summary: summary)
        }
    }
}
