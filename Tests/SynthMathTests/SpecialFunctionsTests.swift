import Testing
@testable import SynthMath
import SynthTestSupport

/// Reference values computed with scipy 1.17 (scipy.stats.norm, scipy.special) by
/// scripts/reference/special_functions.py; the inverse functions' values in `ScipyValues` (scripts/reference/scipy_values.py).
@Suite struct SpecialFunctionsTests {
    @Test(arguments: zip([-10, -1.5, 0, 0.3, 2.5, 8.0],
                         [7.61985302416047e-24, 0.06680720126885807, 0.5, 0.6179114221889526,
                          0.9937903346742238, 0.9999999999999993]))
    func normalCDF(x: Double, expected: Double) {
        #expect(isClose(Special.normalCDF(x), expected, rel: 1e-13, abs: 1e-300))
    }

    @Test(arguments: zip([1e-300, 1e-20, 1e-5, 0.02425, 0.1, 0.5, 0.8, 0.97575, 1 - 1e-10],
                         [-37.0470962993612, -9.262340089798409, -4.264890793922825, -1.972961051311885,
                          -1.2815515655446004, 0.0, 0.8416212335729143, 1.972961051311885, 6.361340889697422]))
    func normalQuantile(p: Double, expected: Double) {
        #expect(isClose(Special.normalQuantile(p), expected, rel: 1e-12, abs: 1e-15))
    }

    @Test func normalQuantileInvertsCDF() {
        var r = RandomStream(seed: 11)
        // Lower half only: for x > 0 the CDF rounds toward 1 and the round trip is ill-conditioned.
        for _ in 0..<2000 {
            let x = r.uniform(-30, 0)
            #expect(isClose(Special.normalQuantile(Special.normalCDF(x)), x, rel: 1e-12, abs: 1e-12))
        }
        // The upper tail through 1 − Φ(x), on every draw of the range where 1 − Φ(x) still carries the
        // digits (Φ(−5) ≈ 2.9e-7: 1 − Φ keeps about 9 of them, hence 1e-6).
        for _ in 0..<2000 {
            let x = r.uniform(-5, 0)
            #expect(isClose(Special.normalQuantile(1 - Special.normalCDF(x)), -x, rel: 1e-6, abs: 1e-6))
        }
        #expect(Special.normalQuantile(0) == -.infinity && Special.normalQuantile(1) == .infinity)
        #expect(Special.normalQuantile(1.5).isNaN)
    }

    @Test(arguments: zip([0.1, 0.5, 1, 2.5, 10, 171.5, 1e5],
                         [2.252712651734206, 0.5723649429247, 0.0, 0.2846828704729192, 12.801827480081469,
                          709.1431630309283, 1051287.7089736569]))
    func logGamma(x: Double, expected: Double) {
        #expect(isClose(Special.logGamma(x), expected, rel: 1e-13, abs: 1e-15))
    }

    @Test(arguments: zip([(0.5, 0.1), (1, 1), (3, 2.5), (10, 15), (50, 40), (0.01, 0.001), (100, 100)],
                         [0.34527915398142317, 0.6321205588285577, 0.45618688411667035, 0.9301463393005901,
                          0.07033506665939494, 0.9385706525261288, 0.5132987982791487]))
    func regularizedGammaP(ax: (Double, Double), expected: Double) {
        #expect(isClose(Special.regularizedGammaP(ax.0, ax.1), expected, rel: 1e-12, abs: 1e-300))
    }

    @Test(arguments: zip([(0.5, 30.0), (3, 40), (10, 15)],
                         [9.485737571073857e-15, 3.572865928700233e-15, 0.06985366069940986]))
    func regularizedGammaQ(ax: (Double, Double), expected: Double) {
        #expect(isClose(Special.regularizedGammaQ(ax.0, ax.1), expected, rel: 1e-11, abs: 1e-300))
    }

    @Test(arguments: zip([(0.5, 0.5, 0.3), (2, 3, 0.4), (10, 2, 0.9), (0.1, 50, 0.001), (100, 200, 0.33),
                          (1, 1, 0.7), (5, 0.5, 0.999)],
                         [0.36901011956554536, 0.5247999999999999, 0.6973568802000002, 0.7749071836095219,
                          0.45661816333399713, 0.7, 0.9222819921009667]))
    func regularizedBeta(abx: (Double, Double, Double), expected: Double) {
        #expect(isClose(Special.regularizedBeta(abx.0, abx.1, abx.2), expected, rel: 1e-12, abs: 1e-300))
    }

    @Test(arguments: zip([0.1, 1, 2.5, 10, -0.5],
                         [-10.423754940411076, -0.5772156649015329, 0.7031566406452432, 2.251752589066721,
                          0.03648997397857651]))
    func digamma(x: Double, expected: Double) {
        #expect(isClose(Special.digamma(x), expected, rel: 1e-12, abs: 1e-300))
    }

    @Test func domainErrorsAreNaN() {
        #expect(Special.regularizedBeta(-1, 1, 0.5).isNaN)
        #expect(Special.regularizedBeta(1, 1, 1.5).isNaN)
        #expect(Special.regularizedGammaP(0, 1).isNaN)
        #expect(Special.regularizedGammaP(1, -1).isNaN)
    }
}
