import Foundation
import Testing
import SynthTestSupport
import Synthesizers
@testable import Harness

/// `generate --checkpoint` through the pipeline: the fingerprint carries the run's method, backend,
/// parameters and seed, and a method without checkpoints is refused rather than run without them.
@Suite("Pipeline training checkpoints")
struct CheckpointPipelineTests {
    static func config(_ method: String, parameters: [String: ParameterValue] = [:]) -> RunConfig {
        RunConfig(data: .dataset("wine"), method: method, backend: .synthcity, seed: 4, parameters: parameters,
                  fetchIfMissing: false, datasetsDirectory: RepositoryPaths.datasets.path)
    }

    static func request(_ file: URL) -> TrainingCheckpointRequest {
        TrainingCheckpointRequest(file: file, interval: .passes(1), fingerprint: [:], synthbenchVersion: SynthBenchVersion.string)
    }

    @Test("ddpm saves a checkpoint whose fingerprint names the run; a rerun resumes the finished training")
    func ddpmCheckpoint() throws {
        let dir = try SynthBenchBinary.temporaryDirectory("ckpt-pipeline")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("run.ckpt")
        let config = Self.config("ddpm", parameters: ["n_iter": .int(2), "num_timesteps": .int(10), "d_layers": .ints([16, 16]),
                                                      "dim_embed": .int(8)])
        var pipeline = Pipeline(config: config)
        pipeline.checkpoint = Self.request(file)
        let first = try pipeline.run(evaluate: false)
        let saved = try TrainingCheckpoint.read(from: file)
        #expect(saved.finished && saved.passesDone == 2)
        #expect(saved.fingerprint["method"] == "ddpm" && saved.fingerprint["seed"] == "4")
        #expect(saved.fingerprint["backend"] == "synthcity")
        #expect(saved.fingerprint["parameter.n_iter"] == "2" && saved.fingerprint["parameter.num_timesteps"] == "10")
        #expect(saved.fingerprint["training_data_sha256"]?.count == 64 && saved.fingerprint["blas_kernel"] != nil)
        let again = try pipeline.run(evaluate: false)
        #expect(again.synthetic == first.synthetic)
        // Another seed is another run: refused, naming the field.
        var other = Pipeline(config: { var c = config; c.seed = 5; return c }())
        other.checkpoint = Self.request(file)
        do {
            _ = try other.run(evaluate: false)
            Issue.record("another run's checkpoint was accepted")
        } catch {
            #expect("\(error.underlying)".contains("fit_seed is"))
        }
    }

    @Test("a method without checkpoints is refused: 'checkpoints are implemented for ddpm only'")
    func otherMethodsRefused() throws {
        let dir = try SynthBenchBinary.temporaryDirectory("ckpt-refused")
        defer { try? FileManager.default.removeItem(at: dir) }
        var pipeline = Pipeline(config: Self.config("gc"))
        pipeline.checkpoint = Self.request(dir.appendingPathComponent("run.ckpt"))
        do {
            _ = try pipeline.run(evaluate: false)
            Issue.record("checkpoints were ignored for gc")
        } catch {
            #expect(error.underlying as? CheckpointError == .unsupportedMethod("gc"))
            #expect("\(error.underlying)".contains("checkpoints are implemented for ddpm only"))
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("run.ckpt").path))
    }
}
