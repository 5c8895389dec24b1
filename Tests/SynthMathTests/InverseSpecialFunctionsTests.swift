import Foundation
import PropertyBased
import Testing
@testable import SynthMath
import SynthTestSupport

@Suite struct InverseSpecialFunctionsTests {
    @Test(arguments: ScipyValues.inverseBeta.indices)
    func inverseBetaMatchesScipy(i: Int) {
        let (a, b, p, expected) = ScipyValues.inverseBeta[i]
        #expect(isClose(Special.inverseRegularizedBeta(a, b, p), expected, rel: 1e-12, abs: 1e-300),
                "betaincinv(\(a), \(b), \(p))")
    }

    @Test(arguments: ScipyValues.inverseGamma.indices)
    func inverseGammaMatchesScipy(i: Int) {
        let (a, p, expected) = ScipyValues.inverseGamma[i]
        #expect(isClose(Special.inverseRegularizedGammaP(a, p), expected, rel: 1e-12, abs: 1e-300),
                "gammaincinv(\(a), \(p))")
    }

    @Test(arguments: ScipyValues.trigamma.indices)
    func trigammaMatchesScipy(i: Int) {
        let (x, expected) = ScipyValues.trigamma[i]
        #expect(isClose(Special.trigamma(x), expected, rel: 1e-13), "trigamma(\(x))")
    }

    static let shape = Gen.double(in: -3.0...3.0).map { pow(10, $0) }  // 0.001 ... 1000, log-uniform
    static let probability = Gen.double(in: -12.0...0.0).map { pow(10, $0) }

    @Test(arguments: [UInt64(1), 2, 3, 4])
    func inverseBetaRoundTrip(seed: UInt64) {
        var rng = Xoshiro(seed: (seed, 11, 12, 13))
        for _ in 0..<200 {
            let a = Self.shape.run(using: &rng), b = Self.shape.run(using: &rng)
            let p = Self.probability.run(using: &rng)
            for q in [p, 1 - p] where q > 0 && q < 1 {
                let x = Special.inverseRegularizedBeta(a, b, q)
                #expect(x >= 0 && x <= 1)
                // Residual on the small tail, allowing for the rounding of x itself (density × ulp).
                let tail = min(q, 1 - q)
                let backTail = q <= 0.5 ? Special.regularizedBeta(a, b, x) : Special.regularizedBeta(b, a, 1 - x)
                let density = exp((a - 1) * log(x) + (b - 1) * log1p(-x) - Special.logBeta(a, b))
                let allowed = 1e-10 * tail + 4 * density * max(x.ulp, (1 - x).ulp)
                // x == 0 (or 1) is right only when the smallest positive double (or its complement) already
                // carries more than the target probability.
                let tiny = Double.leastNonzeroMagnitude
                let roundedToEdge = (x == 0 && Special.regularizedBeta(a, b, tiny) >= q * (1 - 1e-9))
                    || (x == 1 && Special.regularizedBeta(b, a, tiny) >= (1 - q) * (1 - 1e-9))
                #expect(abs(backTail - tail) <= allowed || roundedToEdge, "a \(a) b \(b) q \(q) x \(x)")
            }
        }
    }

    @Test(arguments: [UInt64(5), 6, 7, 8])
    func inverseGammaRoundTrip(seed: UInt64) {
        var rng = Xoshiro(seed: (seed, 21, 22, 23))
        for _ in 0..<200 {
            let a = Self.shape.run(using: &rng)
            let p = Self.probability.run(using: &rng)
            for q in [p, 1 - p] where q > 0 && q < 1 {
                let x = Special.inverseRegularizedGammaP(a, q)
                #expect(x >= 0 && x.isFinite)
                let tail = min(q, 1 - q)
                let back = q <= 0.5 ? Special.regularizedGammaP(a, x) : Special.regularizedGammaQ(a, x)
                let density = exp((a - 1) * log(x) - x - Special.logGamma(a))
                let allowed = 1e-10 * tail + 4 * density * x.ulp
                // Subnormal solutions carry fewer than 53 bits; 0 is right when P(a, 5e-324) already exceeds q.
                let roundedToZero = x == 0 && Special.regularizedGammaP(a, .leastNonzeroMagnitude) >= q * (1 - 1e-9)
                #expect(abs(back - tail) <= allowed || roundedToZero || (x > 0 && x < .leastNormalMagnitude),
                        "a \(a) q \(q) x \(x)")
            }
        }
    }

    @Test func edgesAndDomain() {
        #expect(Special.inverseRegularizedBeta(2, 3, 0) == 0)
        #expect(Special.inverseRegularizedBeta(2, 3, 1) == 1)
        #expect(Special.inverseRegularizedBeta(-1, 3, 0.5).isNaN)
        #expect(Special.inverseRegularizedBeta(2, 3, 1.5).isNaN)
        #expect(Special.inverseRegularizedGammaP(2, 0) == 0)
        #expect(Special.inverseRegularizedGammaP(2, 1) == .infinity)
        #expect(Special.inverseRegularizedGammaP(0, 0.5).isNaN)
        #expect(Special.trigamma(0).isNaN && Special.trigamma(-3).isNaN)
    }
}

