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

    @Test func constantDistributionIsFlat() {
        let table = NormalScoreQuantileTable(ConstantDistribution(value: 4.25, family: .beta))
        for z in [-3.0, 0, 0.3, 2.9] { #expect(table.value(z) == 4.25) }
    }
}
