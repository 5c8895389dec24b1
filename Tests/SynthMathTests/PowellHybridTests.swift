import Testing
@testable import SynthMath
import SynthTestSupport

/// MINPACK `hybrd` as scipy's `fsolve` runs it, on the beta moment equations of 48 samples (29 converged,
/// 19 stalled with info 5): the same end point and the same outcome.
@Suite struct PowellHybridTests {
    @Test(arguments: HybridFixtures.betaMomentStarts.indices)
    func matchesScipyFsolve(i: Int) {
        // scipy's reported nfev is 2 above MINPACK's own count in every case; only the end point and the outcome
        // are compared.
        let (g1, g2, a, b, info, _) = HybridFixtures.betaMomentStarts[i]
        let result = BetaDistribution.momentStartSolve(skewness: g1, excessKurtosis: g2)
        #expect(result.info == info, "case \(i): info \(result.info), scipy \(info)")
        #expect(isClose(result.x[0], a, rel: 1e-9) && isClose(result.x[1], b, rel: 1e-9),
                "case \(i): (\(result.x[0]), \(result.x[1])), scipy (\(a), \(b))")
    }

    /// Where a root exists and hybrd converges, it is the closed-form moment solution
    /// ν = a + b = 3(κ − γ² + 2)/(1.5γ² − κ).
    @Test func convergesToTheMomentSolution() {
        for (a, b) in [(2.0, 5.0), (0.5, 0.7), (30.0, 3.0), (4.0, 4.0)] {
            let m = BetaDistribution.shapeMoments(a, b)
            let start = BetaDistribution.momentStart(skewness: m.skewness, excessKurtosis: m.excessKurtosis)
            #expect(isClose(start.a, a, rel: 1e-6) && isClose(start.b, b, rel: 1e-6), "\(a), \(b) -> \(start)")
        }
    }

    @Test func euclideanNormHandlesExtremes() {
        #expect(PowellHybrid.enorm([3, 4]) == 5)
        #expect(isClose(PowellHybrid.enorm([3e200, 4e200]), 5e200, rel: 1e-15))
        #expect(isClose(PowellHybrid.enorm([3e-200, 4e-200]), 5e-200, rel: 1e-15))
        #expect(PowellHybrid.enorm([0, 0]) == 0)
    }
}
