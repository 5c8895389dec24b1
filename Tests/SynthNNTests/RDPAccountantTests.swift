import Testing
@testable import SynthNN

/// The RDP accountant against Opacus 1.4.1 (`opacus.accountants.RDPAccountant`,
/// `analysis.rdp.compute_rdp`, `utils.get_noise_multiplier`), figures computed with the real package.
@Suite("RDP accountant against Opacus")
struct RDPAccountantTests {
    /// (sigma, sample rate, steps, delta) -> (epsilon, best order), from `get_privacy_spent`.
    static let epsilonCases: [(Double, Double, Int, Double, Double, Double)] = [
        (1.0, 0.01, 1000, 1e-5, 2.1013652716430564, 7.8),
        (1.1, 256.0 / 60000, 14062, 1e-5, 2.5965558689607486, 8.1),  // 60 MNIST epochs at batch 256
        (4.0, 0.1, 100, 1e-6, 1.2282987301348232, 18),
        (0.5, 0.001, 10000, 1e-5, 6.418367323134741, 3),
        (2.0, 1.0, 10, 1e-5, 8.079406222420491, 3.9),  // q = 1: RDP = alpha / (2 sigma^2)
        (0.7, 0.05, 250, 1e-3, 9.526801275127646, 2.2),
    ]

    @Test(arguments: epsilonCases.indices)
    func epsilonMatchesOpacus(index: Int) {
        let (sigma, q, steps, delta, epsilon, order) = Self.epsilonCases[index]
        var accountant = RDPAccountant()
        for _ in 0..<3 { accountant.step(noiseMultiplier: sigma, sampleRate: q) }
        #expect(accountant.history == [RDPAccountant.Entry(noiseMultiplier: sigma, sampleRate: q, steps: 3)])
        let spent = RDPAccountant.privacySpent(
            orders: RDPAccountant.defaultOrders,
            rdp: RDPAccountant.rdp(sampleRate: q, noiseMultiplier: sigma, steps: steps, orders: RDPAccountant.defaultOrders),
            delta: delta)
        #expect(Swift.abs(spent.epsilon - epsilon) <= 1e-9 * epsilon, "epsilon \(spent.epsilon) vs Opacus \(epsilon)")
        #expect(spent.order == order)
    }

    /// Per-step RDP at integer and fractional orders (`compute_rdp(steps=1)`).
    @Test func rdpAtIntegerAndFractionalOrders() {
        let orders = [1.5, 2.0, 2.5, 10.5, 12.0, 32.0, 63.0]
        let cases: [(Double, Double, [Double])] = [
            (1.0, 0.01, [0.00012725374351154145, 0.00017181342207453428, 0.00021757533233085147, 0.18833969137955273,
                         0.9780117180253621, 11.246275937048072, 26.820552875528232]),
            (0.5, 0.001, [3.517005925811697e-05, 5.359671370362145e-05, 8.365779783262867e-05, 13.365112586388197,
                          16.464266968383125, 56.86941390556682, 118.98082931329235]),
            (4.0, 0.1, [0.00048213448231138164, 0.000644736701796227, 0.0008083025497261557, 0.0035662673239444612,
                        0.00411545143001713, 0.012720223446929801, 0.03660863333654102]),
        ]
        for (sigma, q, expected) in cases {
            let r = RDPAccountant.rdp(sampleRate: q, noiseMultiplier: sigma, steps: 1, orders: orders)
            for (a, e) in zip(r, expected) {
                #expect(Swift.abs(a - e) <= 1e-9 * e, "sigma \(sigma) q \(q): \(a) vs \(e)")
            }
        }
    }

    /// `get_noise_multiplier(target_epsilon, target_delta, sample_rate, epochs, accountant="rdp")`.
    @Test func noiseMultiplierMatchesOpacus() throws {
        let cases: [(Double, Double, Double, Int, Double)] = [
            (1.0, 1e-5, 0.004, 10, 1.142578125),
            (1.0, 1.0 / 30000, 1.0 / 150, 2000, 13.90625),  // synthcity DP-GAN's shape: epsilon 1, delta 1/n
            (8.0, 1e-5, 0.01, 5, 0.57281494140625),
            (0.5, 1e-6, 0.02, 3, 2.421875),
        ]
        for (eps, delta, q, epochs, sigma) in cases {
            let found = try RDPAccountant.noiseMultiplier(targetEpsilon: eps, targetDelta: delta, sampleRate: q, epochs: epochs)
            #expect(found == sigma, "target epsilon \(eps): sigma \(found) vs Opacus \(sigma)")
        }
    }

    @Test func invalidSettingsThrow() {
        #expect(throws: PrivacyError.self) {
            try RDPAccountant.noiseMultiplier(targetEpsilon: 0, targetDelta: 1e-5, sampleRate: 0.01, steps: 10)
        }
        #expect(throws: PrivacyError.self) {
            try RDPAccountant.noiseMultiplier(targetEpsilon: 1, targetDelta: 1e-5, sampleRate: 1.5, steps: 10)
        }
        // A budget no sigma up to 1e6 can meet: full-batch steps with a vanishing epsilon.
        #expect(throws: PrivacyError.self) {
            try RDPAccountant.noiseMultiplier(targetEpsilon: 1e-9, targetDelta: 1e-12, sampleRate: 1, steps: 100_000)
        }
        #expect(RDPAccountant().epsilon(delta: 1e-5) == 0)
    }

    @Test func logErfcIsAccurateInTheTail() {
        // log(erfc(x)) computed with mpmath at 40 digits.
        #expect(Swift.abs(RDPAccountant.logErfc(5) - (-27.200889545537434)) < 1e-12)
        #expect(Swift.abs(RDPAccountant.logErfc(30) - (-903.97411711064388)) < 1e-9)
        #expect(Swift.abs(RDPAccountant.logErfc(-2) - 0.6908055736465877) < 1e-14)
    }
}
