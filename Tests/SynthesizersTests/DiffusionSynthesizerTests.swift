import Foundation
import Testing
import SynthMath
import SynthTable
@testable import Synthesizers

/// `ddpm` end to end on small tables: seeding, learning, conditioning, the registry.
@Suite("TabDDPM synthesizer")
struct DiffusionSynthesizerTests {
    /// A small, fast configuration: 40 timesteps, a 2 x 64 denoiser.
    static func options(epochs: Int, learningRate: Double = 0.004, conditional: Bool = false,
                        sampleSteps: Int? = nil, strict: Bool = true) -> DiffusionSynthesizer.Options {
        var c = DiffusionConfiguration.synthcity
        c.training = .epochs(epochs); c.batchSize = 128; c.learningRate = learningRate; c.timesteps = 40
        c.embeddingWidth = 32; c.hidden = [64, 64]; c.sampleSteps = sampleSteps
        return DiffusionSynthesizer.Options(configuration: c, columnRule: .synthcity, bounds: .midrank,
                                            classConditional: conditional, samplingPatience: 500, strict: strict)
    }

    static func fitted(_ table: Table, _ options: DiffusionSynthesizer.Options, seed: UInt64 = 1) throws -> DiffusionSynthesizer {
        let s = DiffusionSynthesizer(options: options)
        try s.fit(table, metadata: NeuralFixtures.metadata(table), context: SynthesisContext(seed: seed))
        return s
    }

    @Test("same seeds, same bytes; another sampling seed, another table")
    func determinism() throws {
        let table = NeuralFixtures.table(rows: 300)
        let a = try Self.fitted(table, Self.options(epochs: 3)), b = try Self.fitted(table, Self.options(epochs: 3))
        let ctx = SynthesisContext()
        let x = try a.sample(count: 200, seed: 5, context: ctx), y = try b.sample(count: 200, seed: 5, context: ctx)
        #expect(x == y)
        #expect(try a.sample(count: 200, seed: 5, context: ctx) == x)
        #expect(try a.sample(count: 200, seed: 6, context: ctx) != x)
        #expect(x.columnNames == table.columnNames && x.rowCount == 200)
    }

    @Test("gaussian_loss_type=kl trains end to end: finite losses, the Gaussian part in bits, not the mse")
    func klLossTrains() throws {
        let table = NeuralFixtures.table(rows: 300)
        var kl = Self.options(epochs: 3)
        kl.configuration.gaussianLoss = .kl
        let a = try Self.fitted(table, kl), b = try Self.fitted(table, Self.options(epochs: 3))
        let ka = a.model!.history.losses["gaussian"]!, kb = b.model!.history.losses["gaussian"]!
        #expect(ka.allSatisfy(\.isFinite) && ka.count == 3)
        #expect(ka != kb)  // the same seed, another loss
        #expect(try a.sample(count: 50, seed: 1, context: SynthesisContext()).rowCount == 50)
    }

    /// Marginal error: mean KS over the numbers plus the total variation of `level`.
    static func marginalError(_ real: Table, _ synthetic: Table) throws -> Double {
        try NeuralFixtures.ksMean(real, synthetic) + NeuralFixtures.levelDistance(real, synthetic)
    }

    /// About a minute of debug-build CPU (1000 training steps), so opt-in.
    @Test("marginals improve with training; an untrained model (negative control) is far off",
          .enabled(if: ProcessInfo.processInfo.environment["SYNTHBENCH_SLOW_TESTS"] == "1"))
    func learnsMarginals() throws {
        let table = NeuralFixtures.table(rows: 600)
        let untrained = try Self.fitted(table, Self.options(epochs: 1, learningRate: 1e-9))
        let trained = try Self.fitted(table, Self.options(epochs: 200))
        let ctx = SynthesisContext()
        let before = try Self.marginalError(table, untrained.sample(count: 600, seed: 9, context: ctx))
        let after = try Self.marginalError(table, trained.sample(count: 600, seed: 9, context: ctx))
        #expect(before > 0.5, "untrained error \(before)")
        #expect(after < 0.3, "trained error \(after)")
        #expect(after < before / 2)
        // The loss went down over training.
        let losses = trained.model!.history.losses["total"]!
        #expect(losses.last! < losses.first!)
    }

    @Test("class conditioning keeps the target's frequencies and its column")
    func conditional() throws {
        let table = NeuralFixtures.table(rows: 400)
        var metadata = NeuralFixtures.metadata(table)
        metadata.target = "level"
        // Not strict: the duplicate filter would drop the near-identical rows of a barely trained model
        // unevenly across classes.
        let s = DiffusionSynthesizer(options: Self.options(epochs: 2, conditional: true, strict: false))
        try s.fit(table, metadata: metadata, context: SynthesisContext(seed: 2))
        #expect(s.encoding!.labelClasses == 4)
        #expect(!s.encoding!.classCounts.isEmpty)  // flag stays a modelled category
        let out = try s.sample(count: 2000, seed: 3, context: SynthesisContext())
        #expect(out.columnNames == table.columnNames)
        // Labels are drawn from the empirical frequencies (alpha 55 %), whatever the model learned.
        #expect(NeuralFixtures.levelDistance(table, out) < 0.05)
        #expect(s.fitNotes["conditioned_on"] == .string("level"))
    }

    @Test("the strided sampler visits sample_steps timesteps and still produces the fitted columns")
    func stridedSampling() throws {
        let table = NeuralFixtures.table(rows: 300)
        let s = try Self.fitted(table, Self.options(epochs: 2, sampleSteps: 10))
        #expect(s.model!.samplingTimesteps.count == 10 && s.model!.samplingTimesteps.first == 0
                && s.model!.samplingTimesteps.last == 39)
        let out = try s.sample(count: 100, seed: 1, context: SynthesisContext())
        #expect(out.rowCount == 100)
    }

    @Test("clip_denoised bounds the chain's output (t = 0 returns x̂_0); unclipped, an untrained chain overshoots")
    func clipDenoised() throws {
        var c = Self.options(epochs: 1).configuration
        c.timesteps = 200
        var rng = RandomStream(seed: 4)
        let model = TabularDiffusion(configuration: c, numericalWidth: 3, classCounts: [2], labelClasses: 0, rng: &rng)
        var r1 = RandomStream(seed: 5), r2 = RandomStream(seed: 5)
        let free = try model.generate(count: 200, labels: nil, context: SynthesisContext(), rng: &r1)
        #expect(free.numerical.contains { abs($0) > 6 })  // the #345 overshoot, beyond the data's ±5.2
        var clipped = c
        clipped.clipDenoised = 1
        var r3 = RandomStream(seed: 4)
        let bounded = TabularDiffusion(configuration: clipped, numericalWidth: 3, classCounts: [2], labelClasses: 0, rng: &r3)
        let out = try bounded.generate(count: 200, labels: nil, context: SynthesisContext(), rng: &r2)
        #expect(out.numerical.allSatisfy { abs($0) <= 1 })
    }

    @Test("cancellation stops training with .cancelled")
    func cancellation() throws {
        let flag = CancellationFlag()
        flag.cancel()
        let s = DiffusionSynthesizer(options: Self.options(epochs: 5))
        let table = NeuralFixtures.table(rows: 200)
        #expect(throws: SynthesisError.cancelled) {
            try s.fit(table, metadata: NeuralFixtures.metadata(table), context: SynthesisContext(cancellation: flag))
        }
    }

    @Test("registry: aliases, the sdv fallback, the paper preset, bad parameters")
    func registry() throws {
        for name in ["ddpm", "tabddpm", "diffusion", "TabDDPM"] {
            let r = try MethodFactory.resolve(method: name, backend: .synthcity)
            #expect(r.descriptor.name == "ddpm" && r.fallbackReason == nil)
        }
        let fallback = try MethodFactory.resolve(method: "ddpm", backend: .sdv)
        #expect(fallback.backendUsed == .synthcity && fallback.fallbackReason != nil)
        let d = MethodCatalog.synthcityDDPM
        let synthcity = try MethodCatalog.ddpmOptions(d.resolve([:]))
        var expected = DiffusionConfiguration.synthcity
        expected.clipDenoised = Float(QuantileNormalTransformer.clip)
        #expect(synthcity.configuration == expected && synthcity.columnRule == .synthcity && !synthcity.classConditional)
        let unclipped = try MethodCatalog.ddpmOptions(d.resolve(["clip_denoised": .bool(false)]))
        #expect(unclipped.configuration == .synthcity)
        let paper = try MethodCatalog.ddpmOptions(d.resolve(["preset": .string("paper")]))
        #expect(paper.configuration.training == .steps(30_000) && paper.configuration.batchSize == 4096
                && paper.configuration.timesteps == 100 && paper.configuration.learningRate == 0.00201
                && paper.configuration.weightDecay == 0 && paper.configuration.hidden == [256, 1024, 1024, 1024, 1024, 256]
                && paper.classConditional && paper.columnRule == .sdtype)
        let shortPaper = try MethodCatalog.ddpmOptions(d.resolve(["preset": .string("paper"), "steps": .int(50)]))
        #expect(shortPaper.configuration.training == .steps(50))
        #expect(try MethodCatalog.ddpmOptions(d.resolve(["gaussian_loss_type": .string("kl")])).configuration.gaussianLoss == .kl)
        #expect(throws: SynthesisError.self) { try MethodCatalog.ddpmOptions(d.resolve(["dim_embed": .int(33)])) }
        #expect(throws: SynthesisError.self) { try d.resolve(["scheduler": .string("sigmoid")]) }
    }
}
