import Foundation
import SynthMath
import SynthNN
import Testing
@testable import Synthesizers

/// pategan, the conditional GANs (ctgan, dpgan, dp-ctgan, adsgan) and tvae train and sample under flush-to-zero
/// and denormals-are-zero (docs/privacy.md §4, "Subnormal weights", "Subnormals in the conditional GANs" and
/// "Subnormals in tvae"): the progress callback, called inside the training loop on the training thread, sees
/// the mode set in every epoch, and the mode is off again after the fit. The negative control is the same
/// callback outside the loop on the same thread: the `encode` and `train` stages a neural synthesizer reports
/// before training see the mode off, so the observation can fail. The code before branch subnormal12 fails
/// the pategan half, the code before branch ghost12b the conditional-GAN half, the code before branch tvae12
/// the tvae half.
@Suite("neural generators train flushing subnormals")
struct SubnormalFlushModeTests {
    final class Observations: @unchecked Sendable {
        private let lock = NSLock()
        private var seen: [Bool] = []
        func record(_ active: Bool) { lock.lock(); seen.append(active); lock.unlock() }
        var values: [Bool] { lock.lock(); defer { lock.unlock() }; return seen }
    }

    /// The mode the progress callback sees at every epoch (inside the training loop) and at every stage
    /// (reported outside it).
    static func modeDuringFit(_ method: String, _ parameters: [String: ParameterValue],
                              backend: Backend = .synthcity) throws -> (epochs: [Bool], stages: [Bool]) {
        let epochs = Observations(), stages = Observations()
        let context = SynthesisContext(progress: { event in
            switch event {
            case .epoch: epochs.record(SubnormalFlush.isActive)
            case .stage: stages.record(SubnormalFlush.isActive)
            }
        }, seed: 3)
        let d = try #require(MethodCatalog.descriptor(method, backend: backend))
        let s = try d.make(parameters)
        try s.fit(DPGeneratorTests.table, metadata: NeuralFixtures.metadata(DPGeneratorTests.table), context: context)
        return (epochs.values, stages.values)
    }

    @Test func modeIsOnWhilePATEGANTrainsAndOffAfterwards() throws {
        #if arch(x86_64) && canImport(Glibc)
        let pate = try Self.modeDuringFit("pategan", [
            "n_iter": .int(3), "generator_n_iter": .int(2), "batch_size": .int(50), "epsilon": .double(1e6),
            "teacher_steps": .int(2), "generator_n_units_hidden": .int(16), "discriminator_n_units_hidden": .int(16),
            "n_teachers": .int(5),
        ])
        #expect(pate.epochs.count == 3 && pate.epochs.allSatisfy { $0 }, "\(pate.epochs)")
        #expect(pate.stages.allSatisfy { !$0 }, "\(pate.stages)")
        #expect(!SubnormalFlush.isActive)
        #endif
    }

    /// tvae's training loop runs in the mode in both flavours; the stages before it (the control) do not.
    @Test func modeIsOnWhileTVAETrains() throws {
        #if arch(x86_64) && canImport(Glibc)
        let sdv = try Self.modeDuringFit("tvae", Self.smallSDVTVAE, backend: .sdv)
        let synthcity = try Self.modeDuringFit("tvae", Self.smallSynthCityTVAE)
        for (name, seen) in [("sdv", sdv), ("synthcity", synthcity)] {
            #expect(seen.epochs == [true, true], "\(name) epochs: \(seen.epochs)")
            #expect(seen.stages == [false, false], "\(name) encode and train stages: \(seen.stages)")
        }
        #expect(!SubnormalFlush.isActive)
        #endif
    }

    static let smallSDVTVAE: [String: ParameterValue] = [
        "epochs": .int(2), "batch_size": .int(100), "embedding_dim": .int(8), "compress_dims": .ints([16]),
        "decompress_dims": .ints([16]),
    ]
    static let smallSynthCityTVAE: [String: ParameterValue] = [
        "n_iter": .int(2), "batch_size": .int(100), "n_units_embedding": .int(8), "decoder_n_units_hidden": .int(16),
        "encoder_n_units_hidden": .int(16),
    ]

    /// The conditional GAN's training loop (dpgan's and dp-ctgan's, with DP-SGD; adsgan's, without) runs in
    /// the mode in every epoch and leaves it off afterwards.
    @Test func modeIsOnWhileTheConditionalGANsTrain() throws {
        #if arch(x86_64) && canImport(Glibc)
        var gan = DPGeneratorTests.smallGAN
        gan["n_iter"] = .int(2)
        let dpgan = try Self.modeDuringFit("dpgan", gan)
        let dpctgan = try Self.modeDuringFit("dp-ctgan", [
            "epochs": .int(2), "batch_size": .int(100), "epsilon": .double(1e6),
            "generator_dim": .ints([24]), "discriminator_dim": .ints([24]), "embedding_dim": .int(16),
        ])
        gan["early_stopping"] = .bool(false)
        let adsgan = try Self.modeDuringFit("adsgan", gan)
        for (name, seen) in [("dpgan", dpgan), ("dp-ctgan", dpctgan), ("adsgan", adsgan)] {
            #expect(seen.epochs == [true, true], "\(name): \(seen.epochs)")
            #expect(seen.stages == [false, false], "\(name) encode and train stages: \(seen.stages)")
        }
        #expect(!SubnormalFlush.isActive)
        #endif
    }

    /// Sets every weight matrix of `generator` to a subnormal (2^-130, about 7e-40) and every vector (biases,
    /// norms) to 0, then expects the unflushed sampling (the negative control) to give subnormals and the
    /// flushed one none (its weights read as zero), with the same seed.
    static func expectSamplingFlushes(generator: Module, unflushed: (inout RandomStream) -> [Float],
                                      flushed: (inout RandomStream) -> [Float]) {
        for p in generator.parameters() {
            p.assign([Float](repeating: p.rows > 1 && p.cols > 1 ? Float.leastNormalMagnitude / 16 : 0, count: p.count))
        }
        func subnormals(_ values: [Float]) -> Int { values.filter { $0 != 0 && abs($0) < Float.leastNormalMagnitude }.count }
        var rng = RandomStream(seed: 1)
        #expect(subnormals(unflushed(&rng)) > 0, "the control produced no subnormal")
        var rng2 = RandomStream(seed: 1)
        #expect(subnormals(flushed(&rng2)) == 0)
        #expect(!SubnormalFlush.isActive)
    }

    /// The conditional GAN's sampling flushes (`generate` against `sampleBatches` outside the mode).
    @Test func conditionalGANSamplingFlushesSubnormals() throws {
        #if arch(x86_64) && canImport(Glibc)
        let d = try #require(MethodCatalog.descriptor("dp-ctgan", backend: .synthcity))
        let s = try d.make(["epochs": .int(1), "batch_size": .int(100), "epsilon": .double(1e6),
                            "generator_dim": .ints([24]), "discriminator_dim": .ints([24]), "embedding_dim": .int(16)])
        try s.fit(DPGeneratorTests.table, metadata: NeuralFixtures.metadata(DPGeneratorTests.table),
                  context: SynthesisContext(seed: 3))
        let model = try #require((s as? NeuralSynthesizer<ConditionalGAN>)?.model)
        Self.expectSamplingFlushes(generator: model.generator,
                                   unflushed: { model.sampleBatches(count: 64, rng: &$0) },
                                   flushed: { model.generate(count: 64, rng: &$0) })
        #endif
    }

    /// tvae's sampling flushes (`generate` against `sampleBatches` outside the mode). The SynthCity flavour's
    /// residual decoder passes the latent draws to its last layer, so subnormal weights give subnormal outputs
    /// there (SDV's plain decoder would multiply subnormals by subnormals into zeros, and the control could not
    /// fail); the wrap is the same for both flavours.
    @Test func tvaeSamplingFlushesSubnormals() throws {
        #if arch(x86_64) && canImport(Glibc)
        let d = try #require(MethodCatalog.descriptor("tvae", backend: .synthcity))
        let s = try d.make(Self.smallSynthCityTVAE)
        try s.fit(DPGeneratorTests.table, metadata: NeuralFixtures.metadata(DPGeneratorTests.table),
                  context: SynthesisContext(seed: 3))
        let model = try #require((s as? NeuralSynthesizer<TabularVAE>)?.model)
        Self.expectSamplingFlushes(generator: model.decoder,
                                   unflushed: { model.sampleBatches(count: 64, rng: &$0).values },
                                   flushed: { model.generate(count: 64, rng: &$0).values })
        #endif
    }

    /// pategan's sampling flushes: the numerical heads pass subnormal outputs through tanh unless the mode
    /// is on (`generate` against the same forward pass outside the mode).
    @Test func samplingFlushesSubnormals() throws {
        #if arch(x86_64) && canImport(Glibc)
        let d = try #require(MethodCatalog.descriptor("pategan", backend: .synthcity))
        let s = try d.make(["n_iter": .int(1), "generator_n_iter": .int(1), "batch_size": .int(50), "epsilon": .double(1e6),
                            "teacher_steps": .int(1), "generator_n_units_hidden": .int(16),
                            "discriminator_n_units_hidden": .int(16), "n_teachers": .int(5)])
        try s.fit(DPGeneratorTests.table, metadata: NeuralFixtures.metadata(DPGeneratorTests.table),
                  context: SynthesisContext(seed: 3))
        let model = try #require((s as? NeuralSynthesizer<PATEGAN>)?.model)
        Self.expectSamplingFlushes(generator: model.generator,
                                   unflushed: { rng in noGrad { model.generated(64, rng: &rng).toArray() } },
                                   flushed: { model.generate(count: 64, rng: &$0) })
        #endif
    }
}
