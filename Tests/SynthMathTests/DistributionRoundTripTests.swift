import Foundation
import PropertyBased
import Testing
@testable import SynthMath
import SynthTestSupport

/// Deterministic property tests: random parameters from seeded generators, cdf/ppf inverse pairs, and
/// sample → fit → compare distribution functions.
@Suite struct DistributionRoundTripTests {
    static let logUniformShape = Gen.double(in: -1.0...1.7).map { pow(10, $0) }  // 0.1 ... 50
    static let location = Gen.double(in: -100.0...100.0)
    static let scale = Gen.double(in: -2.0...2.0).map { pow(10, $0) }

    /// A random parametric distribution of each family from the generator stream.
    static func randomDistributions(_ rng: inout Xoshiro) throws -> [any UnivariateDistribution] {
        let loc = location.run(using: &rng), s = scale.run(using: &rng)
        let a = logUniformShape.run(using: &rng), b = logUniformShape.run(using: &rng)
        let lowerZ = Gen.double(in: -3.0...1.0).run(using: &rng)
        let width = Gen.double(in: 0.2...5.0).run(using: &rng)
        return [
            try NormalDistribution(loc: loc, scale: s),
            try BetaDistribution(a: a, b: b, loc: loc, scale: s),
            try GammaDistribution(a: a, loc: loc, scale: s),
            try UniformDistribution(loc: loc, scale: s),
            try TruncatedNormalDistribution(a: lowerZ, b: lowerZ + width, loc: loc, scale: s),
        ]
    }

    @Test(arguments: [UInt64(11), 12, 13, 14, 15])
    func cdfInvertsPPF(seed: UInt64) throws {
        var rng = Xoshiro(seed: (seed, 1, 2, 3))
        for _ in 0..<25 {
            for d in try Self.randomDistributions(&rng) {
                for p in [1e-9, 1e-4, 0.01, 0.2, 0.5, 0.8, 0.99, 1 - 1e-6] {
                    let x = d.ppf(p)
                    #expect(x.isFinite, "\(d.name) \(d.parameters) ppf(\(p))")
                    // x is the quantile up to its own resolution: p lies between the cdf a few ulps either side
                    // (this allows for mass packed within an ulp of a support edge).
                    let tolerance = 1e-11 * min(p, 1 - p) + 1e-15
                    // The cdf sees x through z = (x − loc)/scale, so the resolution is that of the largest of
                    // |x|, |loc| and scale.
                    let params = d.parameters
                    let delta = 4 * max(abs(x), abs(params["loc"]!), params["scale"]!).ulp
                    let below = d.cdf(x - delta), above = d.cdf(x + delta)
                    #expect(below - tolerance <= p && p <= above + tolerance,
                            "\(d.name) \(d.parameters) ppf(\(p)) = \(x): cdf \(below) ... \(above)")
                }
            }
        }
    }

    @Test(arguments: [UInt64(21), 22, 23, 24, 25])
    func ppfInvertsCDF(seed: UInt64) throws {
        var rng = Xoshiro(seed: (seed, 4, 5, 6))
        for _ in 0..<25 {
            for d in try Self.randomDistributions(&rng) {
                // Interior points of the support, as the quantiles of moderate probabilities.
                for p in [0.05, 0.3, 0.6, 0.95] {
                    let x = d.ppf(p)
                    let back = d.ppf(d.cdf(x))
                    let slope = 1 / max(d.pdf(x), 1e-300)
                    #expect(abs(back - x) <= 1e-10 * (abs(x) + slope), "\(d.name) \(d.parameters) x \(x) back \(back)")
                }
            }
        }
    }

    /// Draw from a known distribution, fit the same family (as Copulas would) and compare the fitted and
    /// true distribution functions on a quantile grid: the gap must stay within a Kolmogorov–Smirnov-sized
    /// bound for 2,000 draws.
    @Test(arguments: [UInt64(31), 32, 33])
    func fitRecoversSampledDistribution(seed: UInt64) throws {
        var rng = Xoshiro(seed: (seed, 7, 8, 9))
        var stream = RandomStream(seed: seed)
        let truths: [(DistributionFamily, any UnivariateDistribution)] = [
            (.norm, try NormalDistribution(loc: Self.location.run(using: &rng), scale: Self.scale.run(using: &rng))),
            (.beta, try BetaDistribution(a: Gen.double(in: 1.5...6).run(using: &rng), b: Gen.double(in: 1.5...6).run(using: &rng),
                                         loc: Self.location.run(using: &rng), scale: Self.scale.run(using: &rng))),
            (.gamma, try GammaDistribution(a: Gen.double(in: 1.5...8).run(using: &rng), loc: Self.location.run(using: &rng),
                                           scale: Self.scale.run(using: &rng))),
            (.uniform, try UniformDistribution(loc: Self.location.run(using: &rng), scale: Self.scale.run(using: &rng))),
            // Scale ≥ 1: Copulas caps the fitted scale at (max − min)², which binds for narrow data (tested in
            // `truncnormScaleCapIsCopulas`).
            (.truncnorm, try TruncatedNormalDistribution(a: -1, b: 1.5, loc: Self.location.run(using: &rng),
                                                         scale: Gen.double(in: 1...20).run(using: &rng))),
            (.gaussianKDE, try NormalDistribution(loc: 3, scale: 2)),
        ]
        for (family, truth) in truths {
            let data = truth.sample(count: 2000, using: &stream)
            let fitted = try family.fit(data)
            var gap = 0.0
            for p in stride(from: 0.02, through: 0.98, by: 0.04) {
                gap = max(gap, abs(fitted.cdf(truth.ppf(p)) - p))
            }
            // KS 99.9 % critical value for n = 2000 is 1.95/√n ≈ 0.044.
            #expect(gap < 0.05, "\(family): max |F̂ − F| = \(gap) with \(fitted.parameters)")
        }
    }

    /// Copulas bounds the truncnorm scale by (max − min)²: for data narrower than 1 the cap can sit below the
    /// true scale, and the fit (like Copulas') stops on it.
    @Test func truncnormScaleCapIsCopulas() throws {
        var stream = RandomStream(seed: 41)
        let truth = try TruncatedNormalDistribution(a: -1, b: 1.5, loc: 0, scale: 0.05)
        let data = truth.sample(count: 500, using: &stream)
        let fitted = try TruncatedNormalDistribution.fit(data)
        let eps = Double(Float.ulpOfOne)
        let width = (data.max()! + eps) - (data.min()! - eps)
        #expect(isClose(fitted.scale, width * width, rel: 1e-12))
        #expect(fitted.scale < 0.05)
    }
}
