import ArgumentParser
import Benchmarks
import Harness
import Synthesizers
import SynthMath
import SynthTable
import SynthCore
import SynthNN

/// Options and output shared by `bench ctgan` and `bench tvae`.
struct BenchNeuralOptions: ParsableArguments {
    /// The command's name and abstract for `method` (`ctgan`), named `title` (`CTGAN`) in the help.
    static func configuration(_ method: String, _ title: String) -> CommandConfiguration {
        CommandConfiguration(
            commandName: method,
            abstract: "Fit \(title) on a dataset for a few epochs; print preprocessing, seconds per epoch, projection, peak RSS, rows/s.")
    }

    @OptionGroup var global: GlobalOptions
    @OptionGroup var dataset: BenchDatasetOptions
    @Option(help: "Epochs to run (the per-epoch mean is projected to the default epoch count).") var epochs = 3
    @Option(help: "Which reference's defaults.") var backend: Backend = .sdv
    @Option(help: .hidden) var flavour: Backend?   // the former name of --backend
    @Option(help: "Seed of the fit.") var seed: UInt64 = 1
    @Option(help: "Matrix-product precision: fp32, or bf16 (bf16 inputs, fp32 sums; docs/nn.md).") var precision: MatrixPrecision = .fp32
    @OptionGroup var output: BenchOutputOptions

    func validate() throws {
        if epochs < 1 { throw ValidationError("--epochs must be at least 1, got \(epochs)") }
    }

    func run(method: String) throws {
        global.apply()
        if global.blasThreads == nil { BLAS.setThreads(1) }  // the figures are for one thread unless asked
        let loaded = try dataset.load()
        let r = try NeuralBenchmark(method: method, backend: flavour ?? backend, epochs: epochs,
                                    table: loaded.table, metadata: loaded.metadata, seed: seed, precision: precision).run()
        if output.json { try printJSON(method, r, precision: precision); return }
        let params = r.parameters.sorted { $0.key < $1.key }.map { "\($0.key) \(Int($0.value))" }.joined(separator: ", ")
        printTable([
            ("method", "\(r.method) (\(r.backend) defaults), \(dataset.name): \(r.rows) rows x \(r.columns) columns, encoded width \(r.encodedWidth); \(params)"),
            ("preprocessing", "\(fixed(r.preprocessingSeconds, 3)) s (transformer fit + transform)"),
            ("per epoch", "\(fixed(r.secondsPerEpoch, 3)) s (mean of \(r.epochs) epochs; \(fixed(r.trainingRowsPerSecond / 1e3, 1))k training rows/s)"),
            ("projected", "\(fixed(r.projectedDefaultSeconds, 1)) s for the default \(r.defaultEpochs) epochs"),
            ("sample", "\(r.rows) rows in \(fixed(r.sampleSeconds, 3)) s (\(fixed(r.sampleRowsPerSecond / 1e3, 1))k rows/s)"),
            ("peak RSS", r.peakRSSMB.map { "\(fixed($0, 1)) MB (VmHWM)" } ?? "unknown"),
            ("BLAS", "\(r.blasThreads) thread(s), kernel \(BLASKernelRecord.current.summary)"),
            ("products", BF16Selection.summary(requested: precision)),
            ("load average", LoadAverage.text()),
        ])
    }
}
