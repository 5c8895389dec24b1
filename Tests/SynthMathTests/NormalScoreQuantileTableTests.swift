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

    @Test func constantDistributionIsFlat() {
        let table = NormalScoreQuantileTable(ConstantDistribution(value: 4.25, family: .beta))
        for z in [-3.0, 0, 0.3, 2.9] { #expect(table.value(z) == 4.25) }
    }
}
