import Foundation
import Testing
import SynthMath
import SynthNN
import SynthTable
@testable import Synthesizers

/// TabDDPM's training checkpoints: a run stopped after k passes and resumed gives the bytes of a run that
/// was never stopped (both training kinds), perturbed state gives other bytes (negative controls), and a
/// foreign or damaged file is refused with its error. Saves are every pass (no clock involved).
@Suite("TabDDPM training checkpoints")
struct TrainingCheckpointTests {
    static let table = NeuralFixtures.table(rows: 300)

    /// 300 rows in batches of 128: 3 steps a pass. `.epochs(5)`: 5 passes in table order; `.steps(13)`:
    /// 5 shuffled passes, the last cut to one step.
    static func options(_ training: DiffusionConfiguration.Training) -> DiffusionSynthesizer.Options {
        var o = DiffusionSynthesizerTests.options(epochs: 1)
        o.configuration.training = training
        return o
    }

    static func request(_ file: URL, fingerprint: [String: String] = ["method": "ddpm"]) -> TrainingCheckpointRequest {
        TrainingCheckpointRequest(file: file, interval: .passes(1), fingerprint: fingerprint, synthbenchVersion: "test")
    }

    static func scratch() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("ckpt-\(UUID().uuidString)/run.ckpt")
    }

    /// Fits with `request`; with `stopAfter` the context is cancelled once that pass has ended (its checkpoint
    /// is saved before the next pass's first step sees the cancellation, as a SIGTERM would).
    static func fit(_ options: DiffusionSynthesizer.Options, request: TrainingCheckpointRequest?, stopAfter: Int? = nil,
                    seed: UInt64 = 1) throws -> DiffusionSynthesizer {
        let flag = CancellationFlag()
        let context = SynthesisContext(cancellation: flag, progress: { event in
            if case .epoch(let index, _, _) = event, index == stopAfter { flag.cancel() }
        }, seed: seed, checkpoint: request)
        let s = DiffusionSynthesizer(options: options)
        try s.fit(table, metadata: NeuralFixtures.metadata(table), context: context)
        return s
    }

    /// What must be equal: the sampled table, the history, and the parameters' bits.
    struct Outcome: Equatable {
        let sample: Table
        let history: TrainingHistory
        let bits: [[UInt32]]
        let cpuEpochs: Int

        init(_ s: DiffusionSynthesizer) throws {
            sample = try s.sample(count: 200, seed: 7, context: SynthesisContext())
            history = s.model!.history
            bits = s.model!.denoiser.parameters().map { $0.toArray().map(\.bitPattern) }
            cpuEpochs = s.model!.epochCPU.seconds.count
        }
    }

    /// Stops after `k` passes, then resumes; returns the resumed outcome and the stopped run's file.
    static func stopAndResume(_ options: DiffusionSynthesizer.Options, k: Int,
                              alter: ((inout TrainingCheckpoint) -> Void)? = nil) throws -> (Outcome, DiffusionSynthesizer) {
        let file = scratch()
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        #expect(throws: SynthesisError.cancelled) { try fit(options, request: request(file), stopAfter: k) }
        var saved = try TrainingCheckpoint.read(from: file)
        #expect(saved.passesDone == k && !saved.finished)
        if let alter { alter(&saved); try saved.write(to: file) }
        let resumed = try fit(options, request: request(file))
        return (try Outcome(resumed), resumed)
    }

    /// A 5-pass run stopped after its first pass: its checkpoint file (in a scratch directory the caller
    /// removes) and options.
    static func stoppedAfterOnePass() throws -> (URL, DiffusionSynthesizer.Options) {
        let file = scratch(), options = options(.epochs(5))
        #expect(throws: SynthesisError.cancelled) { try fit(options, request: request(file), stopAfter: 1) }
        return (file, options)
    }

    @Test("stopped after 2 of 5 passes and resumed: the bytes of an uninterrupted run (epochs and shuffled steps)",
          arguments: [DiffusionConfiguration.Training.epochs(5), .steps(13)])
    func resumeGivesTheSameBytes(training: DiffusionConfiguration.Training) throws {
        let options = Self.options(training)
        let uninterrupted = try Outcome(Self.fit(options, request: nil))
        let (resumed, synthesizer) = try Self.stopAndResume(options, k: 2)
        let same = resumed == uninterrupted
        #expect(same)
        #expect(resumed.history.epochsRun == 5 && resumed.cpuEpochs == 5)
        guard case .object(let notes)? = synthesizer.fitNotes["checkpoint"] else { Issue.record("no checkpoint notes"); return }
        #expect(notes["resumed_from_pass"] == .number(2) && notes["saves"] == .number(3))
        // Negative control: a run with one pass fewer differs (the comparison can fail).
        var shorter = options
        shorter.configuration.training = training == .epochs(5) ? .epochs(4) : .steps(12)
        let shorterDiffers = try Outcome(Self.fit(shorter, request: nil)).bits != uninterrupted.bits
        #expect(shorterDiffers)
    }

    @Test("negative controls: a perturbed training stream or one perturbed moment gives other bytes")
    func perturbedStateDiffers() throws {
        let options = Self.options(.steps(13))
        let uninterrupted = try Outcome(Self.fit(options, request: nil))
        let (stream, _) = try Self.stopAndResume(options, k: 2) { c in c.streams["training"]!.words[0] ^= 1 }
        let streamDiffers = stream.sample != uninterrupted.sample && stream.bits != uninterrupted.bits
        #expect(streamDiffers)
        // One element of one first moment, moved by 1e-3 (an ulp of a zero moment would be a subnormal, which
        // training's denormals-are-zero reads as zero).
        let (moment, _) = try Self.stopAndResume(options, k: 2) { c in c.optimizer.firstMoments[0]![0] += 1e-3 }
        let momentDiffers = moment.bits != uninterrupted.bits
        #expect(momentDiffers)
    }

    @Test("a finished checkpoint skips training: no save, the same bytes; stale temporaries removed; another version noted")
    func finishedCheckpointSkipsTraining() throws {
        let file = Self.scratch()
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let options = Self.options(.epochs(3))
        let first = try Self.fit(options, request: Self.request(file))
        #expect(try TrainingCheckpoint.read(from: file).finished)
        // A temporary file a killed save left behind is removed; another version may resume, and is noted.
        let stale = file.deletingLastPathComponent().appendingPathComponent(".run.ckpt.tmp-999999")
        try Data([1, 2, 3]).write(to: stale)
        var later = Self.request(file)
        later.synthbenchVersion = "later"
        let second = try Self.fit(options, request: later)
        #expect(!FileManager.default.fileExists(atPath: stale.path))
        guard case .object(let notes)? = second.fitNotes["checkpoint"] else { Issue.record("no checkpoint notes"); return }
        #expect(notes["resumed_from_pass"] == .number(3) && notes["saves"] == .number(0))
        #expect(notes["resumed_from_version"] == .string("test"))
        #expect(try Outcome(second) == Outcome(first))
    }

    @Test("another run's checkpoint is refused, naming the field and both values")
    func fingerprintMismatch() throws {
        let (file, options) = try Self.stoppedAfterOnePass()
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let before = try Data(contentsOf: file)
        #expect(throws: CheckpointError.fingerprintMismatch(field: "method", checkpoint: "ddpm", run: "other")) {
            try Self.fit(options, request: Self.request(file, fingerprint: ["method": "other"]))
        }
        #expect(throws: CheckpointError.fingerprintMismatch(field: "fit_seed", checkpoint: "1", run: "2")) {
            try Self.fit(options, request: Self.request(file), seed: 2)
        }
        #expect(try Data(contentsOf: file) == before)   // nothing overwritten
    }

    @Test("a corrupted byte or a truncated file is a clear error naming the file, and the file is kept")
    func corruptFile() throws {
        let (file, options) = try Self.stoppedAfterOnePass()
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let good = try Data(contentsOf: file)
        for damaged in [{ var d = good; d[d.count / 2] ^= 0x10; return d }(), good.prefix(good.count - 100)] {
            try damaged.write(to: file)
            do {
                _ = try Self.fit(options, request: Self.request(file))
                Issue.record("a damaged checkpoint was accepted")
            } catch let error as CheckpointError {
                guard case .corrupt(let name, _) = error else { Issue.record("\(error)"); continue }
                #expect(name == file.path)
            }
            #expect(try Data(contentsOf: file) == damaged)
        }
        // Control: the undamaged file resumes.
        try good.write(to: file)
        #expect(try Self.fit(options, request: Self.request(file)).model!.history.epochsRun == 5)
    }

    @Test("file format round trip: every field, absent moments included; the digest covers every byte")
    func roundTrip() throws {
        var rng = RandomStream(seed: 3)
        _ = rng.nextNormal()
        var history = TrainingHistory()
        history.losses = ["total": [0.1, 1.0 / 3], "gaussian": [2e-300, -0.0]]
        history.epochsPlanned = 9; history.epochsRun = 2
        let c = TrainingCheckpoint(
            fingerprint: ["method": "ddpm", "seed": "18446744073709551615"], synthbenchVersion: "0.1.0",
            passesDone: 2, passesPlanned: 9, finished: false, streams: ["training": rng.state],
            parameterShapes: [[2, 3], [3], []], parameters: [[1, -2, .pi, 0, .leastNonzeroMagnitude, 6], [7, 8, 9], [1]],
            optimizer: Adam.State(learningRate: 0.00201 * (1 - 7.0 / 13), steps: [4, 4, 0],
                                  firstMoments: [[0.5, 0, 0, 0, 0, -1], [1, 2, 3], nil],
                                  secondMoments: [[1, 1, 1, 1, 1, 1e-30], [4, 5, 6], nil]),
            rowOrder: [2, 0, 1], history: history, trainingSeconds: 1.25, cpuSecondsPerEpoch: [0.5, 0.75])
        let bytes = try c.encoded()
        let back = try TrainingCheckpoint.decode(bytes, file: "x")
        #expect(back == c)
        #expect(back.trainingSeconds == 1.25 && back.cpuSecondsPerEpoch == [0.5, 0.75])
        #expect(back.history.losses["gaussian"]![1].sign == .minus)
        #expect(try back.encoded() == bytes)
        // Decoding reads the Data in place, so a slice that does not start at index 0 decodes the same.
        let shifted = (Data([9, 9, 9]) + bytes).dropFirst(3)
        #expect(shifted.startIndex == 3)
        #expect(try TrainingCheckpoint.decode(shifted, file: "x") == c)
        // The checkpointer hands the resumed checkpoint over once (its arrays are then the training's to free) and
        // keeps what its notes say.
        let file = Self.scratch()
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try c.write(to: file)
        let checkpointer = try TrainingCheckpointer(request: Self.request(file, fingerprint: c.fingerprint), fingerprint: c.fingerprint)
        #expect(checkpointer.takeResumed() == c)
        #expect(checkpointer.resumedFrom == nil && checkpointer.takeResumed() == nil)
        guard case .object(let notes) = checkpointer.notes else { Issue.record("no notes"); return }
        #expect(notes["resumed_from_pass"] == .number(2) && notes["passes_planned"] == .number(9))
        #expect(notes["resumed_from_version"] == .string("0.1.0"))
        // Every byte counts: flipping any one of a sample of positions is caught.
        for position in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 50)) {
            var d = bytes
            d[position] ^= 1
            #expect(throws: CheckpointError.self) { try TrainingCheckpoint.decode(d, file: "x") }
        }
    }
}
