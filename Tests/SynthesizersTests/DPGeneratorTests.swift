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

    /// dp-ctgan with `noise = calibrated`: the noise multiplier Opacus's `get_noise_multiplier` finds for
    /// epsilon 0.5 over all 4 epochs, all of them trained, and Opacus's epsilon for them (the fixed sigma
    /// of the test above stops after 2 epochs at 0.42 instead).
    @Test func dpctganCalibratedSpendsTheBudgetOverAllEpochs() throws {
        let s = try Self.fit("dp-ctgan", [
            "epochs": .int(4), "batch_size": .int(100), "epsilon": .double(0.5), "noise": .string("calibrated"),
            "generator_dim": .ints([24]), "discriminator_dim": .ints([24]), "embedding_dim": .int(16),
        ])
        let report = try #require(s.privacyReport)
        guard case .number(let steps) = report.details["steps"],
              case .number(let sigma) = report.details["noise_multiplier"] else { Issue.record("no accountant details"); return }
        #expect(steps == 24)
        #expect(sigma == OpacusReference.dpctganCalibratedSigma)
        #expect(abs(report.epsilon - OpacusReference.dpctganCalibratedEpsilon) <= 1e-9 * OpacusReference.dpctganCalibratedEpsilon)
    }

    /// The private critic update clips each (real, generated) pair's gradient as one sample: with no noise
    /// and a tiny bound C, the update's gradient (both terms) is at most `C n / E` long (n rows in the
    /// Poisson batch, at most all 200; E = 50 expected), and not zero. Clipping only the real term, as the
    /// critic once did, leaves the generated rows' gradient unbounded and fails this.
    @Test(arguments: [ConditionalGANConfiguration.DiscriminatorLoss.wasserstein, .crossEntropy])
    func privateCriticClipsEachPair(loss: ConditionalGANConfiguration.DiscriminatorLoss) throws {
        let table = NeuralFixtures.table(rows: 200)
        var c = NeuralFixtures.smallCTGAN(.synthcity, epochs: 1)
        c.earlyStopping = nil; c.batchSize = 50; c.discriminatorLoss = loss; c.discriminatorWeightDecay = 0
        let bound: Float = 1e-4
        c.privacy = DiscriminatorPrivacy(noise: .fixed(noiseMultiplier: 0, epsilonBudget: 1), delta: .inverseRows,
                                         maxGradientNorm: bound)
        let encoding = try NeuralEncoding(table: table, metadata: NeuralFixtures.metadata(table), backend: .synthcity,
                                          maxClusters: 10, stream: RandomStream(seed: 1))
        var weights = RandomStream(seed: 2)
        let model = ConditionalGAN(configuration: c, layout: encoding.transformer.layout, rng: &weights)
        try model.prepareSampler(on: encoding.encoded, trainingRows: nil)
        let privacy = try PrivateCriticTraining(settings: c.privacy!, critic: model.discriminator, rows: 200,
                                                batchSize: 50, epochs: 1, updatesPerStep: 1)
        defer { privacy.dpsgd.detach() }
        let optimizer = Adam(model.discriminator.parameters(), learningRate: 0)
        var state = ConditionalGAN.StepState(batch: 50, spans: model.sampler?.columnCount ?? 0,
                                             trainingRows: Array(0..<200), loss: c.conditionalLoss)
        var rng = RandomStream(seed: 3)
        for step in 0..<4 {
            _ = encoding.encoded.values.withUnsafeBufferPointer {
                model.privateDiscriminatorStep($0, &state, optimizer, privacy, &rng)
            }
            let squares = try model.discriminator.parameters().reduce(0.0) { sum, p in
                try #require(p.grad).toArray().reduce(sum) { $0 + Double($1) * Double($1) }
            }
            #expect(squares > 0, "step \(step): no gradient")
            #expect(squares.squareRoot() <= Double(bound) * 200 / 50 * (1 + 1e-4),
                    "step \(step): gradient norm \(squares.squareRoot()) over the clipped bound")
        }
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
    static let dpctganCalibratedSigma = 5.859375
    static let dpctganCalibratedEpsilon = 0.49708294666799085
}
