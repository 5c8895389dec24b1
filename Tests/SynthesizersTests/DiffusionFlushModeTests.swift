import Foundation
import SynthNN
import Testing
@testable import Synthesizers

/// ddpm trains under flush-to-zero and denormals-are-zero (docs/ddpm.md, "Why the full run's steps were
/// slower"): the progress callback, called inside the training loop on the training thread, sees the mode set
/// at every epoch. The negative controls are the same callback's observations outside the training loop on
/// the same thread: the `encode` and `train` stages before it and every reverse-chain step of sampling (not
/// flushed), and the register after the fit. The code before branch sub13 fails the epochs' half.
@Suite("ddpm trains flushing subnormals")
struct DiffusionFlushModeTests {
    @Test func modeIsOnWhileTrainingOnly() throws {
        #if arch(x86_64) && canImport(Glibc)
        let epochs = SubnormalFlushModeTests.Observations(), stages = SubnormalFlushModeTests.Observations()
        let context = SynthesisContext(progress: { event in
            switch event {
            case .epoch: epochs.record(SubnormalFlush.isActive)
            case .stage: stages.record(SubnormalFlush.isActive)
            }
        }, seed: 3)
        let table = NeuralFixtures.table(rows: 300)
        let s = DiffusionSynthesizer(options: DiffusionSynthesizerTests.options(epochs: 3, sampleSteps: 5, strict: false))
        try s.fit(table, metadata: NeuralFixtures.metadata(table), context: context)
        #expect(epochs.values == [true, true, true])
        #expect(!SubnormalFlush.isActive)
        let fitStages = stages.values
        #expect(fitStages == [false, false], "encode and train stages: \(fitStages)")
        _ = try s.sample(count: 50, seed: 1, context: context)
        let sampling = stages.values.dropFirst(fitStages.count)
        #expect(sampling.count == 5 && sampling.allSatisfy { !$0 }, "\(Array(sampling))")
        #expect(!SubnormalFlush.isActive)
        #endif
    }
}
