import Testing
@testable import SynthMath
import SynthTestSupport

/// pdf, logpdf, cdf and ppf against scipy.stats on fixed parameters (values in `ScipyValues`).
@Suite struct DistributionValueTests {
    static let cases: [(String, any UnivariateDistribution, [(Double, Double, Double, Double)], [(Double, Double)])] = {
        func make() throws -> [(String, any UnivariateDistribution, [(Double, Double, Double, Double)], [(Double, Double)])] {
            [
                ("beta", try BetaDistribution(a: 0.7, b: 2.3, loc: -1.5, scale: 4), ScipyValues.betaValues, ScipyValues.betaQuantiles),
                ("gamma", try GammaDistribution(a: 2.7, loc: 1, scale: 0.8), ScipyValues.gammaValues, ScipyValues.gammaQuantiles),
                ("gammaSmallShape", try GammaDistribution(a: 0.3, loc: 0, scale: 2), ScipyValues.gammaSmallShapeValues, ScipyValues.gammaSmallShapeQuantiles),
                ("truncnormInner", try TruncatedNormalDistribution(a: -1.2, b: 2.5, loc: 3, scale: 2), ScipyValues.truncnormInnerValues, ScipyValues.truncnormInnerQuantiles),
                ("truncnormUpperTail", try TruncatedNormalDistribution(a: 6, b: 9, loc: 0, scale: 1), ScipyValues.truncnormUpperTailValues, ScipyValues.truncnormUpperTailQuantiles),
                ("truncnormLowerTail", try TruncatedNormalDistribution(a: -40, b: -38.5, loc: 10, scale: 0.5), ScipyValues.truncnormLowerTailValues, ScipyValues.truncnormLowerTailQuantiles),
                ("norm", try NormalDistribution(loc: -2, scale: 3), ScipyValues.normValues, ScipyValues.normQuantiles),
            ]
        }
        return try! make()
    }()

    @Test(arguments: cases.indices)
    func valuesMatchScipy(i: Int) {
        let (name, d, values, quantiles) = Self.cases[i]
        for (x, pdf, logpdf, cdf) in values {
            #expect(isClose(d.pdf(x), pdf, rel: 1e-11, abs: 1e-300), "\(name) pdf(\(x))")
            #expect(isClose(d.logPDF(x), logpdf, rel: 1e-12, abs: 1e-12), "\(name) logpdf(\(x))")
            #expect(isClose(d.cdf(x), cdf, rel: 1e-11, abs: 1e-300), "\(name) cdf(\(x))")
        }
        for (q, x) in quantiles {
            #expect(isClose(d.ppf(q), x, rel: 1e-11, abs: 1e-14), "\(name) ppf(\(q)) = \(d.ppf(q)), scipy \(x)")
        }
    }

    @Test func supportEdgesAndDomain() throws {
        let beta = try BetaDistribution(a: 2, b: 3, loc: 1, scale: 2)
        #expect(beta.cdf(0) == 0 && beta.cdf(4) == 1 && beta.pdf(0.5) == 0)
        #expect(beta.ppf(0) == 1 && beta.ppf(1) == 3 && beta.ppf(-0.1).isNaN)
        let gamma = try GammaDistribution(a: 2, loc: -1, scale: 1)
        #expect(gamma.cdf(-2) == 0 && gamma.ppf(1) == .infinity && gamma.ppf(0) == -1)
        let uniform = try UniformDistribution(loc: 2, scale: 3)
        #expect(uniform.cdf(1) == 0 && uniform.cdf(6) == 1 && uniform.ppf(0.5) == 3.5 && uniform.pdf(3) == 1.0 / 3)
        let t = try TruncatedNormalDistribution(mean: 0, std: 1, lower: -1, upper: 2)
        #expect(t.ppf(0) == -1 && t.ppf(1) == 2 && t.cdf(-5) == 0 && t.cdf(5) == 1)
    }

    @Test func invalidParametersThrowTypedErrors() {
        #expect(throws: DistributionParameterError(family: .beta, parameter: "b", value: -1, requirement: "> 0")) {
            try BetaDistribution(a: 1, b: -1, loc: 0, scale: 1)
        }
        #expect(throws: DistributionParameterError.self) { try NormalDistribution(loc: 0, scale: 0) }
        #expect(throws: DistributionParameterError.self) { try GammaDistribution(a: 1, loc: .nan, scale: 1) }
        #expect(throws: DistributionParameterError.self) { try TruncatedNormalDistribution(a: 1, b: 1, loc: 0, scale: 1) }
        #expect(throws: DistributionParameterError.self) { try UniformDistribution(loc: 0, scale: .infinity) }
        #expect(throws: DistributionParameterError.self) { try GaussianKDE(data: [], bandwidth: 1) }
        let e = DistributionParameterError(family: .gamma, parameter: "a", value: 0, requirement: "> 0")
        #expect(e.description == "invalid gamma parameter a = 0.0: must be > 0")
    }
}
