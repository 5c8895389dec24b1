import Foundation
import Testing
@testable import SynthMath

/// `BetaDistribution.ppf` computes log B(a, b) and I_½(a, b) once per distribution
/// (`Special.InverseRegularizedBeta`) instead of once per call; a copula's exact tail calls it per draw, and
/// the synthetic bytes must not move. Its values are checked bit for bit against the one-call inverse and
/// against digests of what the code before the change (1394c8c) computed on the same grid.
@Suite struct BetaPPFBitIdentityTests {
    /// fnlwgt's beta on a 1,000,001-row adult as scipy fits it (its copula table stops at z = 0.638), both
    /// shapes below 1, one of them, a tiny a with a large b, the uniform, a large a.
    static let shapes: [(a: Double, b: Double, loc: Double, scale: Double)] = [
        (3.947384868731781, 11376.894118046692, -18424.51455026283, 600168098.7443227),
        (0.3, 0.7, 0, 1), (2.5, 0.4, 10, 5), (0.05, 30, -1, 2), (1, 1, 0, 1), (450, 3.2, 0, 100),
    ]

    /// FNV-1a digests of loc + scale · I⁻¹_p(a, b) over `probabilities()`, printed by 1394c8c's
    /// `Special.inverseRegularizedBeta` compiled alone: `scripts/bench/beta_ppf_tail.sh 1394c8c HEAD`
    /// ("grid digests, old"; the bench's grid is this one).
    static let digestsBeforeTheChange: [UInt64] = [
        0x60c6_ec0b_ac00_fe81, 0x7577_7f06_0a64_b775, 0xdcf4_e0f1_4a29_dae6,
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
