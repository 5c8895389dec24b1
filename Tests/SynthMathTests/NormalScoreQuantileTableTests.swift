import Foundation
import Testing
@testable import SynthMath

/// The copula's tabulated F⁻¹(Φ(z)) against the exact evaluation.
@Suite struct NormalScoreQuantileTableTests {
    static let distributions: [any UnivariateDistribution] = [
        try! BetaDistribution(a: 2.5, b: 7, loc: -3, scale: 12),
        try! BetaDistribution(a: 0.4, b: 0.8, loc: 0, scale: 1),
        try! BetaDistribution(a: 3.98, b: 16320.5, loc: -19122.7, scale: 855931953.1),  // adult fnlwgt
        try! GammaDistribution(a: 0.7, loc: 1, scale: 2),
        try! NormalDistribution(loc: 10, scale: 3),
        try! TruncatedNormalDistribution(mean: 0, std: 1, lower: -0.5, upper: 2),
        try! UniformDistribution(loc: 5, scale: 2),
    ]

    /// Random normal scores (and the tails beyond the table) stay within the tolerance the table verified,
    /// plus the exact evaluation's own rounding noise.
    @Test(arguments: distributions.indices)
    func tableAgreesWithExactQuantiles(i: Int) {
        let d = Self.distributions[i]
        let table = NormalScoreQuantileTable(d)
        #expect(table.isTabulated, "\(d.name) \(d.parameters) was not tabulated (error \(table.maximumError))")
        var rng = RandomStream(seed: UInt64(100 + i))
        var zs = (0..<4000).map { _ in rng.nextNormal() * 1.6 }
        zs += [-7, -4.5, 4.5, 6.2, 0, -1e-300]
        let exact = d.ppf(zs.map { Special.normalCDF($0) })
        var out = [Double](repeating: 0, count: zs.count)
        zs.withUnsafeBufferPointer { z in
            out.withUnsafeMutableBufferPointer { o in table.values(z.baseAddress!, stride: 1, count: zs.count, into: o) }
        }
        for (k, z) in zs.enumerated() {
            let u = Special.normalCDF(z)
            let slope = abs((table.value(z + 1e-6) - table.value(z - 1e-6)) / 2e-6)
            let noise = 8 * slope / Special.normalPDF(z) * u.ulp + 1e-12 * abs(exact[k])
            #expect(abs(out[k] - exact[k]) <= table.tolerance + noise, "\(d.name) z \(z): \(out[k]) vs \(exact[k])")
            #expect(out[k] == table.value(z))
        }
        // Outside the tabulated range the value is the exact one.
        #expect(table.value(-6) == d.ppf(Special.normalCDF(-6)))
    }

    /// Uniform on [0, 1] with 99.9 % of the mass, then on [1, 11]: F⁻¹(Φ(z)) has a kink at
    /// z = Φ⁻¹(0.999) ≈ 3.09 that no cubic interpolant follows to 1e-10, however fine the grid.
    struct KinkedUniform: UnivariateDistribution {
        var family: DistributionFamily { .uniform }
        var parameters: [String: Double] { [:] }
        func pdf(_ x: Double) -> Double { x < 0 || x > 11 ? 0 : (x <= 1 ? 0.999 : 0.0001) }
        func logPDF(_ x: Double) -> Double { log(pdf(x)) }
        func cdf(_ x: Double) -> Double { x <= 0 ? 0 : x <= 1 ? 0.999 * x : x >= 11 ? 1 : 0.999 + 0.0001 * (x - 1) }
        func ppf(_ p: Double) -> Double {
            guard p >= 0, p <= 1 else { return .nan }
            return p <= 0.999 ? p / 0.999 : 1 + (p - 0.999) / 0.0001
        }
        func sample(using stream: inout RandomStream) -> Double { ppf(stream.nextDouble()) }
    }

    /// Where the finest grid still fails in some intervals, the longest verified run is tabulated and the
    /// z beyond it are exact (negative control: the kinked interval itself is never served by the table).
    @Test func aKinkLeavesOnlyTheZBeyondItExact() {
        let d = KinkedUniform()
        let table = NormalScoreQuantileTable(d)
        let kink = Special.normalQuantile(0.999)
        #expect(table.isTabulated)
        #expect(table.zLow == -NormalScoreQuantileTable.gridBound && table.zHigh <= kink && table.zHigh > kink - 0.01,
                "[\(table.zLow), \(table.zHigh)]")
        #expect(table.maximumError <= table.tolerance + 1e-12)
        var rng = RandomStream(seed: 9)
        for _ in 0..<4000 {
            let z = rng.nextNormal() * 1.8
            let exact = d.ppf(Special.normalCDF(z))
            if z > table.zHigh || z < table.zLow {
                #expect(table.value(z) == exact, "z \(z)")
            } else {
                #expect(abs(table.value(z) - exact) <= table.tolerance + 1e-12, "z \(z)")
            }
        }
    }

    /// fnlwgt's beta fitted to the 1,000,000-row adult (`BetaPPFBitIdentityTests`' first shape) verifies only up
    /// to z ≈ 0.638; above it a coarse stretch decides rounded values, and every value it settles rounds as the
    /// exact inversion does (20,000 z, denser next to the verified run, where the exact inversion's continued
    /// fraction changes sides). Negative control: a caller that takes every interpolant, whatever its interval,
    /// gets other values at four decimal places, which the same comparison catches.
    @Test func aCoarseStretchSettlesRoundedValuesAsTheExactOnes() throws {
        let d = try BetaDistribution(a: 3.8440550157326898, b: 1605894.7189225056, loc: -16512.510697977486,
                                     scale: 86244062435.713577)
        let table = NormalScoreQuantileTable(d)
        #expect(table.zHigh > 0.6 && table.zHigh < 0.64, "verified up to \(table.zHigh)")
        let upper = try #require(table.coarseStretches.first { $0.zLow == table.zHigh })
        #expect(upper.zHigh == NormalScoreQuantileTable.gridBound)
        var rng = RandomStream(seed: 21)
        let zs = (0..<20_000).map { _ in upper.zLow + (upper.zHigh - upper.zLow) * pow(rng.nextDouble(), 3) }
        let exact = d.exactPPF(zs.map { Special.normalCDF($0) })
        for (z, e) in zip(zs, exact) {
            // The bound keeps its safety factor: the interpolant is well inside it.
            #expect(abs(upper.value(z) - e) <= upper.bound / 2, "z \(z): \(upper.value(z)) vs \(e)")
        }
        func quantiles(_ settles: @escaping (Double, Double) -> Bool) -> [Double] {
            var out = [Double](repeating: 0, count: zs.count)
            zs.withUnsafeBufferPointer { z in
                out.withUnsafeMutableBufferPointer { table.values(z.baseAddress!, stride: 1, count: zs.count, into: $0, settles: settles) }
            }
            return out
        }
        for digits in [0, 1, 4] {
            let scale = pow(10, Double(digits))
            func rounded(_ x: Double) -> Double { (x * scale).rounded(.toNearestOrEven) / scale }
            let out = quantiles { rounded($0) == rounded($1) }
            #expect(out.map(rounded) == exact.map(rounded), "\(digits) digits")
            let settled = zip(out, exact).filter { $0.bitPattern != $1.bitPattern }.count
            if digits == 0 { #expect(settled >= zs.count * 9 / 10, "\(settled) of \(zs.count) settled") }
        }
        func fourDigits(_ x: Double) -> Double { (x * 1e4).rounded(.toNearestOrEven) / 1e4 }
        let careless = quantiles { _, _ in true }
        #expect(zip(careless, exact).contains { fourDigits($0) != fourDigits($1) })
    }

    @Test func constantDistributionIsFlat() {
        let table = NormalScoreQuantileTable(ConstantDistribution(value: 4.25, family: .beta))
        for z in [-3.0, 0, 0.3, 2.9] { #expect(table.value(z) == 4.25) }
    }
}
