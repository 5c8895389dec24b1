import Foundation
import Testing
@testable import SynthMath

/// `BetaDistribution.ppf` computes log B(a, b) and I_½(a, b) once per distribution
/// (`Special.InverseRegularizedBeta`) instead of once per call, and its many-value forms (`exactPPF`, `ppf` of
/// an array, `cdf` of an array) run four continued fractions at a time; a copula's exact tail and its normal
/// scores go through them, and the synthetic bytes must not move. The values are checked bit for bit against
/// the one-call functions and against digests of what the code before the change (1394c8c) computed on the
/// same grid.
@Suite struct BetaPPFBitIdentityTests {
    /// fnlwgt's beta as SynthBench fits it to the 1,000,000-row adult of `bench scale --point 1000001` (its
    /// copula table stops at z = 0.638) and as scipy fits it to that table (b 11,377 instead of 1.6 million),
    /// both shapes below 1, one of them, a tiny a with a large b, the uniform, a large a.
    static let shapes: [(a: Double, b: Double, loc: Double, scale: Double)] = [
        (3.8440550157326898, 1605894.7189225056, -16512.510697977486, 86244062435.713577),
        (3.947384868731781, 11376.894118046692, -18424.51455026283, 600168098.7443227),
        (0.3, 0.7, 0, 1), (2.5, 0.4, 10, 5), (0.05, 30, -1, 2), (1, 1, 0, 1), (450, 3.2, 0, 100),
    ]

    /// FNV-1a digests of loc + scale · I⁻¹_p(a, b) over `probabilities()`, printed by 1394c8c's
    /// `Special.inverseRegularizedBeta` compiled alone: `scripts/bench/beta_ppf_tail.sh 1394c8c HEAD`
    /// ("grid digests, old"; the bench's grid is this one).
    static let digestsBeforeTheChange: [UInt64] = [
        0x5e90_b9c5_efd4_fc7c, 0x60c6_ec0b_ac00_fe81, 0x7577_7f06_0a64_b775, 0xdcf4_e0f1_4a29_dae6,
        0xa94f_e92b_3ea5_8cc2, 0x543b_7184_2d10_62b5, 0x45f3_fded_5a34_f20a,
    ]

    /// Φ(z) on a dense grid of z in [−7.5, 7.5] (p from 3e-14 to 1 − 3e-14), then the ends and the far tails.
    static func probabilities() -> [Double] {
        let n = 4001
        var ps = (0..<n).map { Special.normalCDF(-7.5 + 15 * Double($0) / Double(n - 1)) }
        ps += [0, 1, Double.leastNonzeroMagnitude, 1e-300, 1e-12, 0.5, 1 - 1e-12, 1 - 1e-9, 1 - 0x1p-53, 0.5.nextUp]
        return ps
    }

    static func digest(_ values: [Double]) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for v in values {
            var bits = v.bitPattern
            for _ in 0..<8 { h = (h ^ (bits & 0xff)) &* 0x0000_0100_0000_01b3; bits >>= 8 }
        }
        return h
    }

    @Test(arguments: shapes.indices)
    func ppfIsBitForBitTheOneCallInverseAndTheOldValues(i: Int) throws {
        let s = Self.shapes[i]
        let d = try BetaDistribution(a: s.a, b: s.b, loc: s.loc, scale: s.scale)
        let ps = Self.probabilities()
        let values = ps.map { d.ppf($0) }
        var differing = 0
        for (p, v) in zip(ps, values) where v.bitPattern != (s.loc + s.scale * Special.inverseRegularizedBeta(s.a, s.b, p)).bitPattern {
            differing += 1
        }
        #expect(differing == 0, "\(differing) values differ from the one-call inverse for a \(s.a) b \(s.b)")
        #expect(values.allSatisfy { !$0.isNaN })
        #expect(Self.digest(values) == Self.digestsBeforeTheChange[i],
                "a \(s.a) b \(s.b): digest \(String(Self.digest(values), radix: 16))")
        // Four inversions at a time: the same bits, in any order of the probabilities (lanes refill as
        // inversions finish, so a shuffled order puts each p beside other neighbours).
        #expect(d.exactPPF(ps).map(\.bitPattern) == values.map(\.bitPattern))
        #expect(d.ppf(ps).map(\.bitPattern) == values.map(\.bitPattern))
        var rng = RandomStream(seed: UInt64(40 + i))
        let order = (0..<ps.count).map { _ in rng.nextDouble() }.enumerated().sorted { $0.element < $1.element }.map(\.offset)
        let shuffled = d.exactPPF(order.map { ps[$0] })
        #expect(zip(order, shuffled).allSatisfy { values[$0].bitPattern == $1.bitPattern })
    }

    /// `cdf` of an array (the copula's normal scores) is bit for bit `cdf` of each point, the support's
    /// ends, the outside and NaN included.
    @Test(arguments: shapes.indices)
    func cdfOfManyIsBitForBitCdfOfEach(i: Int) throws {
        let s = Self.shapes[i]
        let d = try BetaDistribution(a: s.a, b: s.b, loc: s.loc, scale: s.scale)
        var xs = (0...3000).map { s.loc + s.scale * Double($0) / 3000 }
        xs += (0...1000).map { s.loc + s.scale * 1e-6 * Double($0) / 1000 }  // the steep start of a small a
        xs += [s.loc - 1, s.loc + 2 * s.scale, .nan, -.infinity, .infinity, s.loc.nextDown, (s.loc + s.scale).nextUp]
        xs += Self.probabilities().map { d.ppf($0) }  // the quantiles of the grid: every part of the mass
        let many = d.cdf(xs)
        let each = xs.map { d.cdf($0) }
        #expect(many.count == each.count)
        let differing = zip(many, each).filter { $0.bitPattern != $1.bitPattern }.count
        #expect(differing == 0, "\(differing) of \(xs.count) values differ for a \(s.a) b \(s.b)")
    }

    /// The copula's table hands the z beyond its verified run to `exactPPF`, all at once: each value is
    /// `ppf(Φ(z))` bit for bit. fnlwgt's beta has such a run (its table stops below z = 4.5); a Gaussian
    /// KDE, whose many-value `ppf` starts each root elsewhere (other bits), must still get `ppf` of each.
    @Test func theTablesExactTailIsPpfOfEachZ() throws {
        let s = Self.shapes[0]
        let beta = try BetaDistribution(a: s.a, b: s.b, loc: s.loc, scale: s.scale)
        var rng = RandomStream(seed: 77)
        let kde = try GaussianKDE.fit((0..<300).map { _ in rng.nextNormal() * 2 + (rng.nextDouble() < 0.3 ? 5 : 0) })
        for (d, partial) in [(beta as any UnivariateDistribution, true), (kde, false)] {
            let table = NormalScoreQuantileTable(d)
            if partial { #expect(table.isTabulated && table.zHigh < 4.5, "zHigh \(table.zHigh)") }
            var zs = (0..<3000).map { _ in rng.nextNormal() * 2.5 }
            zs += [-9, -4.6, 4.6, 7.1, 8.3]
            var out = [Double](repeating: 0, count: zs.count)
            zs.withUnsafeBufferPointer { z in
                out.withUnsafeMutableBufferPointer { o in table.values(z.baseAddress!, stride: 1, count: zs.count, into: o) }
            }
            var exactCount = 0, differing = 0
            for (z, v) in zip(zs, out) where !(table.isTabulated && z >= table.zLow && z <= table.zHigh) {
                exactCount += 1
                if v.bitPattern != d.ppf(Special.normalCDF(z)).bitPattern { differing += 1 }
            }
            #expect(exactCount >= 5)
            #expect(differing == 0, "\(d.name): \(differing) of \(exactCount) exact values differ")
            // Negative control for the KDE: its many-value ppf is not bit for bit, so the table must not use it.
            if !partial {
                let tail = zs.filter { abs($0) > 2 }.map { Special.normalCDF($0) }
                #expect(d.ppf(tail).map(\.bitPattern) != tail.map { d.ppf($0).bitPattern })
            }
        }
    }

    /// Negative control: the digest sees one value one ulp off, and the grid's values are not all alike.
    @Test func theDigestSeesOneUlp() throws {
        let s = Self.shapes[0]
        let d = try BetaDistribution(a: s.a, b: s.b, loc: s.loc, scale: s.scale)
        var values = Self.probabilities().map { d.ppf($0) }
        #expect(Self.digest(values) == Self.digestsBeforeTheChange[0])
        values[2000] = values[2000].nextUp
        #expect(Self.digest(values) != Self.digestsBeforeTheChange[0])
        #expect(Set(values).count > 3000)
    }
}
