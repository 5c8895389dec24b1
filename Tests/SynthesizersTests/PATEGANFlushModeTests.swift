import Foundation
import SynthMath
import SynthNN
import Testing
@testable import Synthesizers

/// pategan trains under flush-to-zero and denormals-are-zero (docs/privacy.md §4, "Subnormal weights"): the
/// progress callback, called inside the training loop on the training thread, sees the mode set in every
/// epoch, and the mode is off again after the fit. dpgan, which is not wrapped, is the negative control: its
/// callback sees the mode off, so the observation can fail. The code before branch subnormal12 fails the
/// pategan half.
@Suite("pategan trains flushing subnormals")
struct PATEGANFlushModeTests {
    final class Observations: @unchecked Sendable {
        private let lock = NSLock()
        private var seen: [Bool] = []
        func record(_ active: Bool) { lock.lock(); seen.append(active); lock.unlock() }
        var values: [Bool] { lock.lock(); defer { lock.unlock() }; return seen }
    }

    static func modeDuringFit(_ method: String, _ parameters: [String: ParameterValue]) throws -> [Bool] {
        let observed = Observations()
        let context = SynthesisContext(progress: { event in
            if case .epoch = event { observed.record(SubnormalFlush.isActive) }
        }, seed: 3)
        let d = try #require(MethodCatalog.descriptor(method, backend: .synthcity))
        let s = try d.make(parameters)
        try s.fit(DPGeneratorTests.table, metadata: NeuralFixtures.metadata(DPGeneratorTests.table), context: context)
        return observed.values
    }

    @Test func modeIsOnWhilePATEGANTrainsAndOffAfterwards() throws {
        #if arch(x86_64) && canImport(Glibc)
        let pate = try Self.modeDuringFit("pategan", [
            "n_iter": .int(3), "generator_n_iter": .int(2), "batch_size": .int(50), "epsilon": .double(1e6),
            "teacher_steps": .int(2), "generator_n_units_hidden": .int(16), "discriminator_n_units_hidden": .int(16),
            "n_teachers": .int(5),
        ])
        #expect(pate.count == 3 && pate.allSatisfy { $0 }, "\(pate)")
        #expect(!SubnormalFlush.isActive)
        var gan = DPGeneratorTests.smallGAN
        gan["n_iter"] = .int(2)
        let control = try Self.modeDuringFit("dpgan", gan)
        #expect(!control.isEmpty && control.allSatisfy { !$0 }, "\(control)")
        #endif
    }

    /// Sampling flushes too: with every generator weight a subnormal (1e-39) and no bias, the outputs are
    /// subnormal without the mode (the numerical heads pass them through tanh) and exactly zero with it (the
    /// weights read as zero). The same forward pass outside the mode is the negative control.
    @Test func samplingFlushesSubnormals() throws {
        #if arch(x86_64) && canImport(Glibc)
        let d = try #require(MethodCatalog.descriptor("pategan", backend: .synthcity))
        let s = try d.make(["n_iter": .int(1), "generator_n_iter": .int(1), "batch_size": .int(50), "epsilon": .double(1e6),
                            "teacher_steps": .int(1), "generator_n_units_hidden": .int(16),
                            "discriminator_n_units_hidden": .int(16), "n_teachers": .int(5)])
        try s.fit(DPGeneratorTests.table, metadata: NeuralFixtures.metadata(DPGeneratorTests.table),
                  context: SynthesisContext(seed: 3))
        let model = try #require((s as? NeuralSynthesizer<PATEGAN>)?.model)
        for p in model.generator.parameters() { p.assign([Float](repeating: p.rows > 1 && p.cols > 1 ? 1e-39 : 0, count: p.count)) }
        func subnormals(_ values: [Float]) -> Int { values.filter { $0 != 0 && abs($0) < Float.leastNormalMagnitude }.count }
        var rng = RandomStream(seed: 1)
        let unflushed = noGrad { model.generated(64, rng: &rng).toArray() }
        #expect(subnormals(unflushed) > 0, "the control produced no subnormal")
        var rng2 = RandomStream(seed: 1)
        #expect(subnormals(model.generate(count: 64, rng: &rng2)) == 0)
        #expect(!SubnormalFlush.isActive)
        #endif
    }
}
