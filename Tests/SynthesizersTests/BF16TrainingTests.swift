import Foundation
import Testing
import SynthMath
import SynthTable
@testable import SynthNN
@testable import Synthesizers

/// Training with bf16 matrix products (`precision=bf16`): the registry parameter, the recorded note, and
/// quality against fp32. The fits run on oneDNN directly (``MatrixPrecision/bf16Kernel``), whatever the
/// process's selection decided, so the bf16 numerics are what is tested on every CPU.
@Suite struct BF16TrainingTests {
    static func bf16<R>(_ body: () throws -> R) throws -> R {
        let kernel = try #require(OneDNNMatmul.shared, "oneDNN has no CPU engine")
        return try MatrixPrecision.$bf16Kernel.withValue(kernel, operation: body)
    }

    /// `precision` is a parameter of every neural method; `bf16` wraps the synthesizer and notes what ran,
    /// `fp32` (the default) builds it unwrapped; anything else is rejected naming the parameter.
    @Test func precisionIsANeuralParameter() throws {
        for (name, backend) in [("ctgan", Backend.sdv), ("ctgan", .synthcity), ("tvae", .sdv), ("tvae", .synthcity),
                                ("ddpm", .synthcity), ("dpgan", .synthcity), ("dp-ctgan", .synthcity),
                                ("adsgan", .synthcity), ("pategan", .synthcity)] {
            let d = try #require(MethodCatalog.descriptor(name, backend: backend))
            #expect(d.parameters.contains { $0.name == "precision" && $0.defaultValue == .string("fp32") }, "\(name)")
        }
        let d = MethodCatalog.descriptor("ctgan", backend: .sdv)!
        #expect(!(try d.make([:]) is PrecisionScopedSynthesizer))
        #expect(try d.make(["precision": .string("bf16")]) is PrecisionScopedSynthesizer)
        #expect(throws: SynthesisError.self) { _ = try d.parseAssignments(["precision=fp16"]) }
        #expect(MethodCatalog.descriptor("gc", backend: .sdv)!.parameters.allSatisfy { $0.name != "precision" })
    }

    /// A bf16 fit records what was asked and what ran (bf16 or the fp32 fallback, with the reason).
    @Test func bf16FitNotesThePrecision() throws {
        let table = NeuralFixtures.table(rows: 200)
        let s = try MethodCatalog.descriptor("ctgan", backend: .sdv)!
            .make(["precision": .string("bf16"), "epochs": .int(1), "batch_size": .int(100)])
        _ = try NeuralFixtures.fitAndSample(s, table: table)
        guard case .object(let note)? = s.fitNotes["matrix_precision"] else { Issue.record("no matrix_precision note"); return }
        #expect(note["requested"] == .string("bf16"))
        #expect(note["effective"] == .string(BF16Selection.current.kernel == nil ? "fp32" : "bf16"))
        #expect(note["reason"] == .string(BF16Selection.current.reason))
    }

    /// The same CTGAN fit as `categoryFrequenciesImproveWithTraining`, in bf16: the category distance
    /// after 30 epochs passes the same bar (below half the 1-epoch distance), and the bf16 fit is not
    /// the fp32 one (the products really changed).
    @Test func bf16CTGANPassesTheFP32Bar() throws {
        let table = NeuralFixtures.table()
        func run(_ epochs: Int) throws -> Table {
            var c = NeuralFixtures.smallCTGAN(epochs: epochs)
            c.batchSize = 50; c.frequency = .raw; c.generatorLearningRate = 1e-3; c.discriminatorLearningRate = 1e-3
            return try NeuralFixtures.fitAndSample(CTGANSynthesizer(configuration: c, backend: .sdv), table: table)
        }
        let early = try Self.bf16 { try run(1) }, late = try Self.bf16 { try run(30) }
        let tvEarly = NeuralFixtures.levelDistance(table, early), tvLate = NeuralFixtures.levelDistance(table, late)
        #expect(tvLate < tvEarly / 2, "bf16: category distance \(tvEarly) after 1 epoch, \(tvLate) after 30")
        #expect(try run(1) != early)
    }

    // Quality parity over 3 seeds (the slow tier) is `BF16QualityParityTests` in HarnessTests: it scores with
    // Evaluation's SDMetrics quality and TSTR AUROC.
}
