import ArgumentParser
import Benchmarks
import Foundation
import Harness
import Synthesizers
import SynthMath
import SynthTable
import SynthCore
import SynthNN

/// `synthbench bench ddpm`: ddpm training and sampling steps against the work they do and the sgemm rate.
struct BenchDDPMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ddpm",
        abstract: "Fit ddpm for a few epochs and sample the table: CPU and wall seconds and FLOPs per training and sampling step, fraction of the sgemm rate (CPU time, same process), projection, peak RSS.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var dataset: BenchDatasetOptions
    @Option(help: "Epochs to measure (steps with --preset paper). From 3 epochs on the early and late epochs' steps are reported apart; costs that grow with training (docs/ddpm.md) need about 40.") var epochs = 2
    @Option(help: "synthcity (the plugin's defaults) or paper (the official adult configuration).") var preset = "synthcity"
    @Option(name: .customLong("param"), help: "Further ddpm parameters, KEY=VALUE (e.g. sample_steps=100).") var params: [String] = []
    @Option(help: "Seed of the fit.") var seed: UInt64 = 1
    @Option(help: "Matrix-product precision: fp32, or bf16 (bf16 inputs, fp32 sums; docs/nn.md).") var precision: MatrixPrecision = .fp32
    @OptionGroup var output: BenchOutputOptions

    func validate() throws {
        if epochs < 1 { throw ValidationError("--epochs must be at least 1, got \(epochs)") }
        if !["synthcity", "paper"].contains(preset) { throw ValidationError("--preset must be synthcity or paper, got '\(preset)'") }
    }

    func run() throws {
        global.apply()
        if global.blasThreads == nil { BLAS.setThreads(1) }  // the figures are for one thread unless asked
        var parameters = try MethodOption.parameters(params, method: "ddpm", backend: .synthcity, dpRequested: false)
        let loaded = try dataset.load()
        parameters["preset"] = .string(preset)
        // The sampling figure is the reverse chain's: no duplicate-filter rounds unless asked for.
        if parameters["strict"] == nil { parameters["strict"] = .bool(false) }
        parameters["precision"] = .string(precision.rawValue)
        if preset == "paper" { parameters["steps"] = .int(epochs) } else { parameters["n_iter"] = .int(epochs) }
        let r = try DiffusionBenchmark(parameters: parameters, table: loaded.table, metadata: loaded.metadata, seed: seed).run()
        if output.json { try printJSON("ddpm", r, precision: precision); return }
        let hidden = r.hidden.map(String.init).joined(separator: ",")
        let trainShare = fixed(100 * r.trainingGflops / r.sgemmGflops, 0)
        let sampleShare = fixed(100 * r.sampleGflops / r.sampleSgemmGflops, 0)
        let forced = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"].map { " (forced by OPENBLAS_CORETYPE=\($0))" } ?? ""
        let rss: String = r.peakRSSMB.map { "\(fixed($0, 1)) MB (VmHWM)" } ?? "unknown"
        var rows: [(String, String)] = []
        rows.append(("model", "ddpm (\(preset)), \(dataset.name): \(r.rows) rows x \(r.columns) columns, input width \(r.inputWidth), hidden \(hidden), batch \(r.batchSize), T \(r.timesteps)"))
        rows.append(("training step", "\(fixed(r.cpuSecondsPerStep * 1e3, 2)) ms CPU (\(fixed(r.secondsPerStep * 1e3, 2)) ms wall), \(fixed(r.trainingFlopsPerStep / 1e6, 1)) MFLOP -> \(fixed(r.trainingGflops, 1)) GFLOP/s = \(trainShare)% of sgemm (\(r.stepsRun) steps measured)"))
        if let early = r.earlyStepCPUSeconds, let late = r.lateStepCPUSeconds {
            rows.append(("early vs late epochs", "\(fixed(early * 1e3, 2)) ms CPU a step early, \(fixed(late * 1e3, 2)) ms late (\(fixed(late / early, 2))x; training thread)"))
        }
        rows.append(("per epoch", "\(fixed(r.secondsPerEpoch, 3)) s wall (\(r.stepsPerEpoch) steps)"))
        rows.append(("sampling", "\(r.rows) rows x \(r.sampleSteps) steps in \(fixed(r.sampleCPUSeconds, 2)) s CPU (\(fixed(r.sampleSeconds, 2)) s wall), \(fixed(r.sampleFlopsPerStep / 1e6, 1)) MFLOP per step -> \(fixed(r.sampleGflops, 1)) GFLOP/s = \(sampleShare)% of sgemm"))
        rows.append(("sgemm (CPU time)", "\(fixed(r.sgemmGflops, 1)) GFLOP/s at \(r.sgemmShape), \(fixed(r.sampleSgemmGflops, 1)) GFLOP/s at \(r.sampleSgemmShape) (wall, best batch: \(fixed(r.sgemmWallGflops, 1)) at \(r.sgemmShape))"))
        if let step = r.stepProductsGflops, let sample = r.sampleProductsGflops {
            rows.append(("products alone", "the training step's sgemm calls replayed: \(fixed(step, 1)) GFLOP/s = \(fixed(100 * step / r.sgemmGflops, 0))% of sgemm; the sampling step's: \(fixed(sample, 1)) GFLOP/s = \(fixed(100 * sample / r.sampleSgemmGflops, 0))% (the ceiling with free elementwise passes)"))
        }
        rows.append(("projected", "\(fixed(r.projectedSeconds, 1)) s CPU for \(r.plannedSteps) training steps + \(r.rows) rows through all \(r.timesteps) steps; FLOP floor \(fixed(r.flopFloorSeconds, 1)) s (\(fixed(r.projectedSeconds / r.flopFloorSeconds, 2))x)"))
        rows.append(("peak RSS", rss))
        rows.append(("BLAS", "\(r.blasThreads) thread(s), \(r.blasCore) kernel" + forced))
        rows.append(("products", BF16Selection.summary(requested: precision)))
        rows.append(("load average", LoadAverage.text()))
        printTable(rows)
    }
}
