import Foundation
import Testing
import SynthMath
import SynthNN
import SynthTable
@testable import Synthesizers

/// The DP generators' accounting against Opacus 1.4.1 (`scripts/reference/opacus_dp_generators.py`), on
/// 600 rows with Poisson batches of expected size 100 (q = 1/6, 6 steps per epoch), small networks.
@Suite("DP generators")
struct DPGeneratorTests {
    static let table = NeuralFixtures.table(rows: 600)

    static func fit(_ method: String, _ parameters: [String: ParameterValue], seed: UInt64 = 3) throws -> any PrivacyAccounted {
        let d = try #require(MethodCatalog.descriptor(method, backend: .synthcity))
        let s = try #require(try d.make(parameters) as? any PrivacyAccounted)
        try s.fit(table, metadata: NeuralFixtures.metadata(table), context: SynthesisContext(seed: seed))
        return s
    }

    static let smallGAN: [String: ParameterValue] = [
        "batch_size": .int(100), "generator_n_units_hidden": .int(24), "discriminator_n_units_hidden": .int(24),
    ]

    /// dpgan: the noise multiplier Opacus's `get_noise_multiplier` finds for epsilon 1, delta 1/n over
    /// 3 epochs, and the epsilon Opacus's accountant gives for it after the 18 steps taken.
    @Test func dpganSpendsWhatOpacusComputes() throws {
        var p = Self.smallGAN
        p["n_iter"] = .int(3)
        let s = try Self.fit("dpgan", p)
        let report = try #require(s.privacyReport)
        guard case .number(let sigma) = report.details["noise_multiplier"],
              case .number(let steps) = report.details["steps"] else { Issue.record("no accountant details"); return }
        #expect(steps == 18)
        #expect(sigma == OpacusReference.dpganSigma)
        #expect(abs(report.epsilon - OpacusReference.dpganEpsilon) <= 1e-9 * OpacusReference.dpganEpsilon)
        #expect(report.epsilon <= 1)
        #expect(report.delta == 1.0 / 600)
        #expect(report.nonPrivateInputs.contains { $0.hasPrefix("encoder fit") })
        #expect(report.nonPrivateInputs.contains { $0.hasPrefix("condition-vector") })
    }

    /// dp-ctgan: sigma 5 fixed, budget 0.5: training stops after the last whole epoch within the budget,
    /// and reports Opacus's epsilon for it.
    @Test func dpctganStopsWithinTheBudget() throws {
        let s = try Self.fit("dp-ctgan", [
            "epochs": .int(400), "batch_size": .int(100), "epsilon": .double(0.5),
            "generator_dim": .ints([24]), "discriminator_dim": .ints([24]), "embedding_dim": .int(16),
        ])
        let report = try #require(s.privacyReport)
        guard case .number(let steps) = report.details["steps"] else { Issue.record("no steps"); return }
        #expect(Int(steps) == OpacusReference.dpctganEpochs * 6)
        #expect(abs(report.epsilon - OpacusReference.dpctganEpsilon) <= 1e-9 * OpacusReference.dpctganEpsilon)
        #expect(report.epsilon <= 0.5)
        #expect(abs(report.delta - 1 / (600 * 600.0.squareRoot())) < 1e-18)
    }

    /// pategan: every noisy query is charged, the spent epsilon stays within the target, and a larger
    /// budget buys more queries (negative control for a run that ignores the budget).
    @Test func pateganStaysWithinItsBudget() throws {
        func queries(_ epsilon: Double) throws -> (Double, Double) {
            let s = try Self.fit("pategan", [
                "n_iter": .int(50), "generator_n_iter": .int(2), "batch_size": .int(50), "lamda": .double(0.005),
                "epsilon": .double(epsilon), "teacher_steps": .int(5), "generator_n_units_hidden": .int(16),
                "discriminator_n_units_hidden": .int(16), "n_teachers": .int(5),
            ])
            let report = try #require(s.privacyReport)
            guard case .number(let q) = report.details["queries"] else { return (0, 0) }
            #expect(report.epsilon <= epsilon)
            #expect(q.truncatingRemainder(dividingBy: 50) == 0)
            return (q, report.epsilon)
        }
        let (small, eSmall) = try queries(1)
        let (large, eLarge) = try queries(4)
        #expect(small > 0)
        #expect(large > small)
        #expect(eLarge > eSmall)
    }

    /// adsgan is not DP: the catalog says so, and its synthesizer reports no accounting.
    @Test func adsganIsNotPrivate() throws {
        let d = try #require(MethodCatalog.descriptor("adsgan", backend: .synthcity))
        #expect(!d.differentiallyPrivate)
        let s = try d.make(Self.smallGAN.merging(["n_iter": .int(2), "early_stopping": .bool(false)]) { a, _ in a })
        let synthetic = try NeuralFixtures.fitAndSample(s, table: Self.table)
        #expect(synthetic.rowCount == 600)
        #expect((s as? any PrivacyAccounted)?.privacyReport == nil)
    }

    /// The identifiability penalty takes part in training: the same seed with weight 0 and 50 gives
    /// different generated means.
    @Test func identifiabilityPenaltyTakesEffect() throws {
        func meanAmount(_ lambda: Double) throws -> Double {
            let d = try #require(MethodCatalog.descriptor("adsgan", backend: .synthcity))
            let s = try d.make(Self.smallGAN.merging(["n_iter": .int(4), "early_stopping": .bool(false),
                                                      "lambda_identifiability_penalty": .double(lambda)]) { a, _ in a })
            let synthetic = try NeuralFixtures.fitAndSample(s, table: Self.table)
            return synthetic["amount"]!.doubles().reduce(0, +) / 600
        }
        #expect(try meanAmount(0) != meanAmount(50))
    }
}

/// Figures printed by `scripts/reference/opacus_dp_generators.py` with Opacus 1.4.1.
enum OpacusReference {
    static let dpganSigma = 2.3046875
    static let dpganEpsilon = 0.9917929640785087
    static let dpctganEpochs = 2
    static let dpctganEpsilon = 0.42025153774559476
}
