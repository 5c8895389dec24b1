import Foundation
import Testing
@testable import SynthMath
import SynthTestSupport

/// Fitted parameters against Copulas 0.14.1 / scipy 1.17.1 on the committed datasets (`CopulasFixtures`).
@Suite struct DistributionFitTests {
    static func parameters(_ d: any UnivariateDistribution) -> [String: Double] { d.parameters }

    @Test(arguments: CopulasFixtures.cases.indices)
    func closedFormFitsMatchCopulas(i: Int) throws {
        let c = CopulasFixtures.cases[i]
        for family in [DistributionFamily.norm, .uniform] {
            let fitted = try family.fit(c.data)
            for (key, expected) in c.copulas[family.rawValue]! {
                #expect(isClose(fitted.parameters[key]!, expected, rel: 1e-14, abs: 1e-15), "\(c.name) \(family) \(key)")
            }
        }
    }

    /// Beta and gamma reproduce scipy's generic fit (moment start + Nelder–Mead) step for step.
    @Test(arguments: CopulasFixtures.cases.indices)
    func betaAndGammaMatchCopulas(i: Int) throws {
        let c = CopulasFixtures.cases[i]
        for family in [DistributionFamily.beta, .gamma] {
            let fitted = try family.fit(c.data)
            #expect(fitted.name == family.rawValue)
            for (key, expected) in c.copulas[family.rawValue]! {
                #expect(isClose(fitted.parameters[key]!, expected, rel: 1e-9, abs: 1e-12),
                        "\(c.name) \(family) \(key) = \(fitted.parameters[key]!), Copulas \(expected)")
            }
        }
    }

    /// Truncnorm solves the same box-constrained likelihood as Copulas' SLSQP, to full precision: it agrees
    /// with a tight L-BFGS-B optimum to 1e-6 and with Copulas' looser SLSQP result to 1e-3, never with a
    /// worse likelihood.
    @Test(arguments: CopulasFixtures.cases.indices)
    func truncnormMatchesOptimumAndCopulas(i: Int) throws {
        let c = CopulasFixtures.cases[i]
        let fitted = try TruncatedNormalDistribution.fit(c.data)
        #expect(isClose(fitted.loc, c.truncnormOptimum[0], rel: 1e-6, abs: 1e-9), "\(c.name) loc")
        #expect(isClose(fitted.scale, c.truncnormOptimum[1], rel: 1e-6), "\(c.name) scale")
        let copulas = c.copulas["truncnorm"]!
        for key in ["loc", "scale"] {
            #expect(isClose(fitted.parameters[key]!, copulas[key]!, rel: 1e-3), "\(c.name) \(key) vs Copulas")
        }
        func negativeLogLikelihood(_ d: TruncatedNormalDistribution) -> Double { -c.data.reduce(0) { $0 + d.logPDF($1) } }
        let copulasFit = try TruncatedNormalDistribution(a: copulas["a"]!, b: copulas["b"]!, loc: copulas["loc"]!,
                                                          scale: copulas["scale"]!)
        #expect(negativeLogLikelihood(fitted) <= negativeLogLikelihood(copulasFit) + 1e-9)
        // Copulas' bounds: data min/max widened by float32 epsilon.
        let eps = Double(Float.ulpOfOne)
        #expect(isClose(fitted.lower, c.data.min()! - eps, rel: 1e-14))
        #expect(isClose(fitted.upper, c.data.max()! + eps, rel: 1e-14))
    }

    @Test func fixedLocationFitsMatchScipy() throws {
        let betaData = CopulasFixtures.cases[0].data
        let beta = try BetaDistribution.fit(betaData, loc: 3, scale: 7)
        #expect(isClose(beta.a, CopulasFixtures.betaFixed.a, rel: 1e-10))
        #expect(isClose(beta.b, CopulasFixtures.betaFixed.b, rel: 1e-10))
        let gammaData = CopulasFixtures.cases[1].data
        let gamma = try GammaDistribution.fit(gammaData, loc: 0.9)
        #expect(isClose(gamma.a, CopulasFixtures.gammaFixed.a, rel: 1e-10))
        #expect(isClose(gamma.scale, CopulasFixtures.gammaFixed.scale, rel: 1e-10))
        #expect(throws: DistributionFitError(family: .beta, reason: .valueOutsideSupport(
            index: betaData.firstIndex(of: betaData.min()!)!, value: betaData.min()!, lower: betaData.min()!, upper: 10))) {
            try BetaDistribution.fit(betaData, loc: betaData.min()!, scale: 10 - betaData.min()!)
        }
        #expect(throws: DistributionFitError.self) { try GammaDistribution.fit(gammaData, loc: 5) }
    }

    @Test func kdeMatchesCopulas() throws {
        let data = CopulasFixtures.cases.first { $0.name == "bimodal" }!.data
        let kde = try GaussianKDE.fit(data)
        #expect(isClose(kde.bandwidth, CopulasFixtures.kdeBandwidth, rel: 1e-14))
        for (x, (cdf, pdf)) in zip(CopulasFixtures.kdePoints, zip(CopulasFixtures.kdeCDF, CopulasFixtures.kdePDF)) {
            #expect(isClose(kde.cdf(x), cdf, rel: 1e-13, abs: 1e-16), "cdf(\(x))")
            #expect(isClose(kde.pdf(x), pdf, rel: 1e-13), "pdf(\(x))")
        }
        let batch = kde.ppf(CopulasFixtures.kdeProbabilities)
        for (i, (p, expected)) in zip(CopulasFixtures.kdeProbabilities, CopulasFixtures.kdePPF).enumerated() {
            #expect(isClose(kde.ppf(p), expected, rel: 1e-11, abs: 1e-12), "ppf(\(p))")
            #expect(isClose(batch[i], expected, rel: 1e-11, abs: 1e-12), "batch ppf(\(p))")
        }
        // Copulas' tails: infinite beyond float32 epsilon of 0 and 1; NaN outside [0, 1].
        #expect(kde.ppf(1e-8) == -.infinity && kde.ppf(1 - 1e-8) == .infinity && kde.ppf(1.5).isNaN)
        #expect(abs(kde.cdf(kde.lowerBound)) < 1e-15)
    }

    /// The tabulated batch `ppf` agrees with the one-at-a-time solve (and so with Copulas) on 2,000
    /// probabilities that include the edge cases and the fixture probabilities.
    @Test func kdeBatchQuantilesMatchScalar() throws {
        let kde = try GaussianKDE.fit(CopulasFixtures.cases.first { $0.name == "bimodal" }!.data)
        var stream = RandomStream(seed: 3)
        var ps = (0..<2000).map { _ in stream.nextDouble() }
        ps += CopulasFixtures.kdeProbabilities + [0, 1, 1e-8, 1 - 1e-8, 0.999999, 2]
        let batch = kde.ppf(ps)
        for (p, x) in zip(ps, batch) {
            let single = kde.ppf(p)
            // Both are roots of the same F; they may differ by F's rounding (≈ 1e-15) over the density.
            let resolution = 1e-15 / kde.pdf(single) + 1e-12 * kde.bandwidth
            #expect(x == single || isClose(x, single, rel: 1e-12, abs: resolution) || (x.isNaN && single.isNaN),
                    "p \(p): batch \(x), single \(single)")
        }
        for (i, expected) in CopulasFixtures.kdePPF.enumerated() {
            #expect(isClose(batch[2000 + i], expected, rel: 1e-11, abs: 1e-12))
        }
    }

    @Test func constantColumnsBecomeCopulasConstants() throws {
        let data = [Double](repeating: 4.25, count: 7)
        let expected: [DistributionFamily: [String: Double]] = [
            .norm: ["loc": 4.25, "scale": 0], .beta: ["a": 1, "b": 1, "loc": 4.25, "scale": 0],
            .truncnorm: ["a": 4.25, "b": 4.25, "loc": 4.25, "scale": 0], .gamma: ["a": 0, "loc": 4.25, "scale": 0],
            .uniform: ["loc": 4.25, "scale": 0],
        ]
        for family in DistributionFamily.allCases {
            let d = try family.fit(data)
            let constant = try #require(d as? ConstantDistribution)
            #expect(constant.value == 4.25 && d.name == family.rawValue)
            if let params = expected[family] { #expect(d.parameters == params) }
            #expect(d.cdf(4.2) == 0 && d.cdf(4.25) == 1 && d.pdf(4.25) == 1 && d.pdf(4) == 0)
            #expect(d.ppf(0.3) == 4.25 && d.ppf([0.1, 0.9]) == [4.25, 4.25])
            var stream = RandomStream(seed: 1)
            #expect(d.sample(count: 3, using: &stream) == [4.25, 4.25, 4.25])
        }
        #expect(throws: DistributionFitError(family: .beta, reason: .constantData(value: 4.25))) {
            try BetaDistribution.fit(data)
        }
    }

    @Test func badDataThrowsTypedErrors() {
        for family in DistributionFamily.allCases {
            #expect(throws: DistributionFitError(family: family, reason: .emptyData)) { try family.fit([]) }
            #expect(throws: DistributionFitError(family: family, reason: .nonFiniteValue(index: 2))) {
                try family.fit([1, 2, .nan, 4])
            }
        }
        let e = DistributionFitError(family: .gamma, reason: .nonFiniteValue(index: 3))
        #expect(e.description == "cannot fit a gamma distribution: the data contains a non-finite value at index 3")
    }

    /// Copulas' post-fit checks on beta, in its order (scipy's domain check first).
    @Test func betaRangeChecks() {
        func check(_ a: Double, _ b: Double, _ loc: Double, _ scale: Double) throws(DistributionFitError) {
            try BetaDistribution.checkCopulasResult(a: a, b: b, loc: loc, scale: scale, dataMin: 0, dataMax: 10)
        }
        #expect(throws: DistributionFitError(family: .beta, reason: .supportOutsideDataRange(
            loc: 10.5, scale: 2, dataMin: 0, dataMax: 10))) { try check(1, 1, 10.5, 2) }
        #expect(throws: DistributionFitError(family: .beta, reason: .supportOutsideDataRange(
            loc: -5, scale: 4, dataMin: 0, dataMax: 10))) { try check(1, 1, -5, 4) }
        #expect(throws: DistributionFitError(family: .beta, reason: .nearZeroRange(scale: 1e-8))) {
            try check(1, 1, 5, 1e-8)
        }
        #expect(throws: DistributionFitError(family: .beta, reason: .parametersOutsideDomain(
            parameters: ["a": -1, "b": 1, "loc": 0, "scale": 1]))) { try check(-1, 1, 0, 1) }
        #expect((try? check(2, 3, -1, 12)) != nil)
        let text = DistributionFitError(family: .beta, reason: .nearZeroRange(scale: 1e-8)).description
        #expect(text.contains("beta") && text.contains("near-zero range"))
    }

    /// scipy's `beta._fitstart` moment solution (MINPACK `hybrd` from (1, 1)): the exact shapes when a beta
    /// has the moments, and scipy's own stall point when none has (the last four cases: adult's fnlwgt,
    /// capital-gain and education-num moments, and a skewed case above 1.5 skew²), from
    /// `optimize.fsolve` in scipy 1.17.1.
    @Test func betaMomentStart() {
        for (a, b) in [(2.0, 5.0), (0.5, 0.7), (30.0, 3.0), (4.0, 4.0)] {
            let m = BetaDistribution.shapeMoments(a, b)
            let start = BetaDistribution.momentStart(skewness: m.skewness, excessKurtosis: m.excessKurtosis)
            #expect(isClose(start.a, a, rel: 1e-10) && isClose(start.b, b, rel: 1e-10), "\(a), \(b) -> \(start)")
        }
        let scipy: [(g1: Double, g2: Double, a: Double, b: Double)] = [
            (0.2, 1.0, 35.32824763204303, 2444.1674614612302),
            (1.4469134351423287, 6.21767180755924, 5.394894824853596, 91.23526894981427),
            (11.953296998194338, 154.7754839300256, 21.129220943388724, 250.69658535289352),
            (-0.31166150963546757, 0.6231640802270029, 811.1489888313672, 81.54205681119413),
            (0.0, -1.9, 0.07894736842042455, 0.0789473684216804),
            (3.0, 2.0, 0.6639471218122683, 4.536947580131021),
        ]
        for c in scipy {
            let start = BetaDistribution.momentStart(skewness: c.g1, excessKurtosis: c.g2)
            #expect(isClose(start.a, c.a, rel: 1e-12) && isClose(start.b, c.b, rel: 1e-12),
                    "(\(c.g1), \(c.g2)) -> \(start), scipy (\(c.a), \(c.b))")
        }
    }
}
