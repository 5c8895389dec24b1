import CSynthKernels
import Foundation
import Testing
@testable import SynthMath
import SynthTestSupport

/// The fast beta likelihood (sorted data, products of 16 factors, weighted distinct values) against the
/// per-point penalised likelihood, and the whole beta fit against scipy on four adult columns.
@Suite struct BetaFitSpeedPathTests {
    /// The per-point reference: ``PenalizedLikelihood`` with the beta log-density.
    static func reference(_ data: [Double], _ a: Double, _ b: Double, _ loc: Double, _ scale: Double) -> Double {
        let lb = BetaLikelihood.cephesLogBeta(a, b)
        return data.withUnsafeBufferPointer { p in
            PenalizedLikelihood.value(p, loc: loc, scale: scale, support: 0...1) {
                BetaDistribution.standardLogPDF($0, a, b, lb)
            }
        }
    }

    /// Seeded data sets above the exact-order limit (so the product and distinct-value paths run), with
    /// parameters that put points outside the support, exactly on either end (a = 1 or b = 1 make those
    /// finite), and very close to loc.
    @Test(arguments: [UInt64(1), 2, 3, 4])
    func fastPathsMatchPerPointValue(seed: UInt64) {
        var rng = RandomStream(seed: seed)
        let n = 6000
        let continuous = (0..<n).map { _ in rng.nextBeta(2, 3) * 10 + 1 }
        let discrete = (0..<n).map { _ in Double(rng.nextInt(below: 12)) }
        for data in [continuous, discrete] {
            let likelihood = BetaLikelihood(data)
            let lo = data.min()!, hi = data.max()!
            let cases: [(Double, Double, Double, Double)] = [
                (2.1, 3.3, lo - 0.5, hi - lo + 1),          // all inside
                (0.7, 1.4, lo + 0.3, (hi - lo) * 0.8),        // some outside on both sides
                (1, 2.5, lo, hi - lo + 0.2),                  // z = 0 points with a = 1 (finite)
                (1.5, 1, lo - 0.2, hi - lo + 0.2),            // z = 1 points with b = 1 (finite)
                (1.5, 2, lo, hi - lo),                        // both ends, infinite densities: penalised
                (3, 4, lo - 1e-15, hi - lo + 1),              // z tiny just above loc
            ]
            for (a, b, loc, scale) in cases {
                let fast = likelihood.value(a: a, b: b, loc: loc, scale: scale)
                let slow = Self.reference(data, a, b, loc, scale)
                #expect(isClose(fast, slow, rel: 1e-11), "a \(a) b \(b) loc \(loc) scale \(scale): \(fast) vs \(slow)")
            }
            #expect(likelihood.value(a: -1, b: 1, loc: 0, scale: 1) == .infinity)
            #expect(likelihood.value(a: 1, b: 1, loc: 0, scale: 0) == .infinity)
        }
    }

    /// Every build of the likelihood's product sums (`synth_beta_log_sums`: AVX-512 and AVX2 quotients from the
    /// reciprocal, corrected and verified; the portable build divides) gives the portable build's bits, on
    /// data where the uncorrected reciprocal product is not the quotient (the negative control: a kernel that
    /// skipped the correction would differ), with scales of every size, a power of two, and z up to just below 1.
    @Test func everySumsBuildGivesThePortableBits() {
        let builds: [Int32] = [2, 1].filter { synth_beta_log_sums_supports($0) != 0 }
        var rng = RandomStream(seed: 21)
        var naiveDiffers = 0
        for trial in 0..<60 {
            let n = [0, 1, 7, 8, 9, 127, 128, 129, 1_000, 20_011][trial % 10]
            let width = pow(10, rng.nextDouble() * 16 - 8)
            let lo = (rng.nextDouble() - 0.5) * 1e3
            var data = (0..<n).map { _ in lo + width * rng.nextDouble() }
            if trial % 2 == 0 { data.sort() }
            let loc = lo - width * 1e-3 * rng.nextDouble()
            let scale = trial % 7 == 0 ? 0x1p-3 * width.binade : (data.max() ?? lo) - loc + width * 1e-9 * Double(trial % 3)
            let inside = data.filter { let z = ($0 - loc) / scale; return z >= 0x1p-60 && z < 1 }
            let reciprocal = 1 / scale
            naiveDiffers += inside.filter { ($0 - loc) * reciprocal != ($0 - loc) / scale }.count
            let portable = inside.withUnsafeBufferPointer { BetaLikelihood.logSums($0, loc: loc, scale: scale, build: 0) }
            for build in builds {
                let wide = inside.withUnsafeBufferPointer { BetaLikelihood.logSums($0, loc: loc, scale: scale, build: build) }
                #expect(wide.logZ.bitPattern == portable.logZ.bitPattern && wide.logOneMinusZ.bitPattern == portable.logOneMinusZ.bitPattern,
                        "build \(build), trial \(trial): \(wide) vs \(portable)")
            }
        }
        #expect(naiveDiffers > 1000, "the data never separate the reciprocal product from the quotient")
    }

    /// cephes' betaln order agrees with lgamma sums to rounding.
    @Test func cephesLogBetaAgreesWithLogGamma() {
        for (a, b) in [(0.5, 0.5), (2.0, 3.0), (30.0, 1e-3), (200.0, 5.0), (1e4, 2e4)] {
            #expect(isClose(BetaLikelihood.cephesLogBeta(a, b), Special.logBeta(a, b), rel: 1e-12, abs: 1e-12))
        }
    }

    /// n = 32,561: the weighted distinct-value path and the hybrd moment start give scipy's fit.
    @Test(arguments: AdultBetaFixtures.cases.indices)
    func adultColumnsMatchScipy(i: Int) throws {
        let c = AdultBetaFixtures.cases[i]
        let data = c.valueCounts.flatMap { [Double](repeating: $0.0, count: $0.1) }
        let fitted = try BetaDistribution.fit(data)
        let got = [fitted.a, fitted.b, fitted.loc, fitted.scale]
        for k in 0..<4 {
            #expect(isClose(got[k], c.beta[k], rel: 1e-9, abs: 1e-20), "\(c.name) parameter \(k): \(got[k]) vs scipy \(c.beta[k])")
        }
    }
}
