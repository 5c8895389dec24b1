import ArgumentParser
import Foundation
import Harness
import SynthMath
import SynthTable
import Synthesizers

/// `synthbench bench ...`: release-mode micro-benchmarks of the building blocks.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the speed of SynthBench's building blocks (build with -c release).",
        subcommands: [CSVBench.self, BLASBench.self, BenchNN.self, EncodersBench.self, CopulaBench.self, ScaleBench.self,
                      CTGANBench.self, TVAEBench.self, DDPMBench.self, PIIBench.self, PrivacyBench.self]
    )
}

/// What `--json` prints: the benchmark's result with the machine load it was measured under.
private struct BenchReport<R: Encodable>: Encodable {
    var benchmark: String
    /// The 1, 5 and 15 minute load averages from /proc/loadavg when the benchmark finished.
    var loadAverage: [Double]
    /// The OpenBLAS kernel the benchmark ran and why (docs/blas.md).
    var blasKernel = BLASKernelRecord.current
    var result: R
}

/// Prints the report as one line of sorted-key JSON.
private func printJSON<R: Encodable>(_ benchmark: String, _ result: R) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let report = BenchReport(benchmark: benchmark, loadAverage: loadAverages(), result: result)
    print(String(decoding: try encoder.encode(report), as: UTF8.self))
}

/// Left-aligned label column, right-aligned values.
private func printTable(_ rows: [(String, String)]) {
    let width = rows.map(\.0.count).max() ?? 0
    for (label, value) in rows {
        print(label.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value)
    }
}

private func fixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }

/// The 1, 5 and 15 minute load averages (empty where /proc/loadavg is not available).
private func loadAverages() -> [Double] {
    guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return [] }
    return text.split(separator: " ").prefix(3).compactMap { Double($0) }
}

private func loadAverage() -> String {
    let l = loadAverages()
    return l.isEmpty ? "unknown" : l.map { fixed($0, 2) }.joined(separator: " ")
}

struct CSVBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csv",
        abstract: "Write and read a generated all-numeric CSV file; report MB/s and rows/s (best of --repeats).")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Rows of the generated table.") var rows = 200_000
    @Option(help: "Numerical columns of the generated table.") var columns = 12
    @Option(help: "Timed writes and reads (the best of each is reported).") var repeats = 5
    @Option(help: "Seed of the generated values.") var seed: UInt64 = 1
    @Flag(help: "Print one JSON object instead of a table.") var json = false

    func validate() throws {
        if rows < 1 { throw ValidationError("--rows must be at least 1, got \(rows)") }
        if columns < 1 { throw ValidationError("--columns must be at least 1, got \(columns)") }
        if repeats < 1 { throw ValidationError("--repeats must be at least 1, got \(repeats)") }
    }

    func run() throws {
        global.apply()
        let r = try CSVBenchmark(rows: rows, columns: columns, repeats: repeats, seed: seed).run()
        if json { try printJSON("csv", r); return }
        printTable([
            ("table", "\(r.rows) rows x \(r.columns) numerical columns, \(fixed(Double(r.bytes) / 1e6, 1)) MB (seed \(r.seed))"),
            ("read", "\(fixed(r.readMBPerSecond, 1)) MB/s  \(fixed(r.readRowsPerSecond / 1e3, 0))k rows/s  (best of \(r.repeats): \(fixed(r.readSeconds, 3)) s wall, \(fixed(r.readCPUSeconds, 3)) s CPU)"),
            ("write", "\(fixed(r.writeMBPerSecond, 1)) MB/s  \(fixed(r.writeRowsPerSecond / 1e3, 0))k rows/s  (best of \(r.repeats): \(fixed(r.writeSeconds, 3)) s wall, \(fixed(r.writeCPUSeconds, 3)) s CPU)"),
            ("load average", loadAverage()),
        ])
    }
}

struct BLASBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blas",
        abstract: "cblas_sgemm GFLOP/s for 512x512x512 and 256x500x256 (m x k x n), best of timed batches.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Timed batches per shape (the best is reported).") var batches = 5
    @Option(help: "Minimum seconds per batch (calls per batch double until a batch takes this long).")
    var minimumBatchSeconds = 0.2
    @Flag(help: "Print one JSON object instead of a table.") var json = false

    func validate() throws {
        if batches < 1 { throw ValidationError("--batches must be at least 1, got \(batches)") }
        if !(minimumBatchSeconds > 0) {
            throw ValidationError("--minimum-batch-seconds must be positive, got \(minimumBatchSeconds)")
        }
    }

    func run() throws {
        global.apply()
        let r = try BLASBenchmark(batches: batches, minimumBatchSeconds: minimumBatchSeconds).run()
        if json { try printJSON("blas", r); return }
        var rows = [("OpenBLAS core", BLASKernelRecord.current.summary), ("threads", "\(r.threads)")]
        for m in r.measurements {
            rows.append(("sgemm \(m.shape)", "\(fixed(m.gflops, 1)) GFLOP/s  (\(m.callsPerBatch) calls/batch, best of \(m.batches): \(fixed(m.bestBatchSeconds, 3)) s)"))
        }
        rows.append(("load average", loadAverage()))
        printTable(rows)
    }
}

struct EncodersBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encoders",
        abstract: "Fit and transform a dataset with the CTGAN/TVAE data transformer in both flavours (best of --repeats).",
        discussion: "Loads a registered dataset (fetch it first: synthbench datasets fetch adult) and times ModeSpecificTransformer fit, transform and inverse on one thread.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "A registered dataset.") var dataset = "adult"
    @Option(name: .customLong("datasets-dir"), help: "The datasets directory (default: $SYNTHBENCH_DATASETS_DIR, else ./datasets).")
    var datasetsDir: String?
    @Option(help: "Timed runs per flavour (the best is reported).") var repeats = 3
    @Option(help: "Seed of the k-means initialisations and the sampled modes.") var seed: UInt64 = 1
    @Flag(help: "Print one JSON object instead of a table.") var json = false

    func validate() throws {
        if repeats < 1 { throw ValidationError("--repeats must be at least 1, got \(repeats)") }
    }

    func run() throws {
        global.apply()
        let loaded = try DatasetRegistry.open(explicit: datasetsDir).load(dataset)
        let r = try EncoderBenchmark(table: loaded.table, metadata: loaded.metadata, repeats: repeats, seed: seed).run()
        if json { try printJSON("encoders", r); return }
        var rows = [("table", "\(dataset): \(r.rows) rows x \(r.columns) columns (seed \(r.seed), best of \(r.repeats))")]
        for m in r.measurements {
            rows.append(("\(m.backend) fit + transform", "\(fixed(m.fitTransformSeconds, 3)) s wall, \(fixed(m.fitTransformCPUSeconds, 3)) s CPU (fit \(fixed(m.fitSeconds, 3)) s, transform \(fixed(m.transformSeconds, 3)) s)"))
            rows.append(("\(m.backend) inverse", "\(fixed(m.inverseSeconds, 3)) s"))
            let modes = m.modes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            rows.append(("\(m.backend) layout", "width \(m.width): \(m.continuousColumns) continuous (modes \(modes)), \(m.discreteColumns) discrete"))
            if !m.unconvergedColumns.isEmpty {
                rows.append(("\(m.backend) at max_iter", m.unconvergedColumns.joined(separator: ", ")))
            }
        }
        rows.append(("load average", loadAverage()))
        printTable(rows)
    }
}

/// `synthbench bench copula`: the Gaussian copula's fit and sample, the SDMetrics-compatible quality and
/// diagnostic reports on its output, and the process's peak memory, against the issue's budget and SDV.
struct CopulaBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copula",
        abstract: "Time the SDV Gaussian copula's fit and sample and the quality report on a dataset (best of --repeats).",
        discussion: """
        Budget on adult (32,561 x 15, release, one thread): fit < 0.5 s, sample < 0.1 s, quality report \
        < 0.15 s, peak memory for fit + sample + report < 200 MB. Reference on this kind of machine: SDV 2.0 \
        fit 5.2 s, sample 0.54 s, SDMetrics 0.32 quality report 0.76 s, peak 720 MB.
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A registered dataset.") var dataset = "adult"
    @Option(name: .customLong("datasets-dir"), help: "The datasets directory (default: $SYNTHBENCH_DATASETS_DIR, else ./datasets).")
    var datasetsDir: String?
    @Option(help: "Timed runs (the best is reported).") var repeats = 5
    @Option(help: "Seed of the sample the report scores.") var seed: UInt64 = 7
    @Flag(help: "Print one JSON object instead of a table.") var json = false

    struct Result: Encodable {
        var copula: CopulaBenchmark.Result
        var report: QualityReportBenchmark.Result
        var peakResidentMB: Double?
        var reference: [String: Double]
    }

    static let sdvReference = ["fit_s": 5.2, "sample_s": 0.54, "quality_report_s": 0.76, "peak_mb": 720]

    func validate() throws {
        if repeats < 1 { throw ValidationError("--repeats must be at least 1, got \(repeats)") }
    }

    func run() throws {
        global.apply()
        let loaded = try DatasetRegistry.open(explicit: datasetsDir).load(dataset, fetchIfMissing: true)
        let copula = try CopulaBenchmark(repeats: repeats, seed: seed).run(table: loaded.table, metadata: loaded.metadata)
        let synthesizer = GaussianCopulaSynthesizer(configuration: .init())
        try synthesizer.fit(loaded.table, metadata: loaded.metadata, context: SynthesisContext())
        let synthetic = try synthesizer.sample(count: loaded.table.rowCount, seed: seed, context: SynthesisContext())
        let report = try QualityReportBenchmark(real: loaded.table, synthetic: synthetic, metadata: loaded.metadata,
                                                repeats: repeats).run()
        let result = Result(copula: copula, report: report, peakResidentMB: ProcessMemory.peakResidentMB(),
                            reference: Self.sdvReference)
        if json { try printJSON("copula", result); return }
        func vs(_ ours: Double, _ theirs: Double) -> String {
            "\(fixed(ours, 3)) s   (SDV \(fixed(theirs, 2)) s, \(fixed(theirs / ours, 1))x faster)"
        }
        var rows = [("table", "\(dataset): \(copula.rows) rows x \(copula.columns) columns, best of \(repeats), \(copula.blasThreads) BLAS thread(s)")]
        rows.append(("gc fit", vs(copula.fitSeconds, 5.2)))
        rows.append(("gc sample \(copula.sampleRows) rows", vs(copula.sampleSeconds, 0.54)))
        rows.append(("quality report", "\(fixed(report.qualitySeconds, 3)) s   (SDMetrics 0.76 s, \(fixed(0.76 / report.qualitySeconds, 1))x faster); score \(report.qualityScore.map { fixed($0, 4) } ?? "n/a")"))
        rows.append(("diagnostic report", "\(fixed(report.diagnosticSeconds, 3)) s; score \(report.diagnosticScore.map { fixed($0, 4) } ?? "n/a")"))
        if let mb = result.peakResidentMB { rows.append(("peak memory (VmHWM)", "\(fixed(mb, 1)) MB   (SDV 720 MB)")) }
        if !copula.fallbacks.isEmpty { rows.append(("fallbacks to norm", copula.fallbacks.joined(separator: ", "))) }
        rows.append(("load average", loadAverage()))
        printTable(rows)
    }
}

/// Options and output shared by `bench ctgan` and `bench tvae`.
struct NeuralBenchOptions: ParsableArguments {
    @Argument(help: "A registered dataset.") var dataset = "adult"
    @Option(name: .customLong("datasets-dir"), help: "The datasets directory (default: $SYNTHBENCH_DATASETS_DIR, else ./datasets).")
    var datasetsDir: String?
    @Option(help: "Epochs to run (the per-epoch mean is projected to the default epoch count).") var epochs = 3
    @Option(help: "Which reference's defaults: sdv or synthcity.") var flavour = "sdv"
    @Option(help: "Seed of the fit.") var seed: UInt64 = 1
    @Flag(help: "Print one JSON object instead of a table.") var json = false

    func validate() throws {
        if epochs < 1 { throw ValidationError("--epochs must be at least 1, got \(epochs)") }
        if Backend(rawValue: flavour) == nil { throw ValidationError("--flavour must be sdv or synthcity, got '\(flavour)'") }
    }

    func run(method: String, global: GlobalOptions) throws {
        global.apply()
        if global.blasThreads == nil { BLAS.setThreads(1) }  // the figures are for one thread unless asked
        let loaded = try DatasetRegistry.open(explicit: datasetsDir).load(dataset)
        let r = try NeuralBenchmark(method: method, backend: Backend(rawValue: flavour)!, epochs: epochs,
                                    table: loaded.table, metadata: loaded.metadata, seed: seed).run()
        if json { try printJSON(method, r); return }
        let params = r.parameters.sorted { $0.key < $1.key }.map { "\($0.key) \(Int($0.value))" }.joined(separator: ", ")
        printTable([
            ("method", "\(r.method) (\(r.backend) defaults), \(dataset): \(r.rows) rows x \(r.columns) columns, encoded width \(r.encodedWidth); \(params)"),
            ("preprocessing", "\(fixed(r.preprocessingSeconds, 3)) s (transformer fit + transform)"),
            ("per epoch", "\(fixed(r.secondsPerEpoch, 3)) s (mean of \(r.epochs) epochs; \(fixed(r.trainingRowsPerSecond / 1e3, 1))k training rows/s)"),
            ("projected", "\(fixed(r.projectedDefaultSeconds, 1)) s for the default \(r.defaultEpochs) epochs"),
            ("sample", "\(r.rows) rows in \(fixed(r.sampleSeconds, 3)) s (\(fixed(r.sampleRowsPerSecond / 1e3, 1))k rows/s)"),
            ("peak RSS", r.peakRSSMB.map { "\(fixed($0, 1)) MB (VmHWM)" } ?? "unknown"),
            ("BLAS", "\(r.blasThreads) thread(s), kernel \(BLASKernelRecord.current.summary)"),
            ("load average", loadAverage()),
        ])
    }
}

struct CTGANBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ctgan",
        abstract: "Fit CTGAN on a dataset for a few epochs; print preprocessing, seconds per epoch, projection, peak RSS, rows/s.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: NeuralBenchOptions
    func run() throws { try options.run(method: "ctgan", global: global) }
}

struct TVAEBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tvae",
        abstract: "Fit TVAE on a dataset for a few epochs; print preprocessing, seconds per epoch, projection, peak RSS, rows/s.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: NeuralBenchOptions
    func run() throws { try options.run(method: "tvae", global: global) }
}

/// `synthbench bench pii`: generation speed of PII and id columns, per sdtype.
struct PIIBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pii",
        abstract: "Time the generation of PII and id columns per sdtype (best of --repeats); budget 1M values/s per column.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Values per column.") var count = 1_000_000
    @Option(help: "Timed runs per column (the best is reported).") var repeats = 3
    @Option(help: "Seed of the generated values.") var seed: UInt64 = 1
    @Flag(help: "Print one JSON object instead of a table.") var json = false

    func validate() throws {
        if repeats < 1 { throw ValidationError("--repeats must be at least 1, got \(repeats)") }
        if count < 1 { throw ValidationError("--count must be at least 1, got \(count)") }
    }

    func run() throws {
        global.apply()
        let r = try PIIBenchmark(count: count, repeats: repeats, seed: seed).run()
        if json { try printJSON("pii", r); return }
        var rows = [("run", "\(r.count) values per column, one thread, best of \(r.repeats), seed \(r.seed)"),
                    ("CPU", r.cpuModel ?? "unknown"),
                    ("BLAS", "\(r.blasCore) kernel (not used by this benchmark)")]
        for m in r.measurements {
            rows.append((m.name, "\(fixed(m.valuesPerSecond / 1e6, 2)) M values/CPU-s (\(fixed(m.cpuSeconds, 3)) s CPU, \(fixed(m.seconds, 3)) s wall)"
                         + (m.valuesPerSecond < 1e6 ? "  below 1M/s" : "")))
        }
        rows.append(("load average", loadAverage()))
        printTable(rows)
    }
}

/// `synthbench bench privacy`: time and value of every privacy and detection metric on one dataset.
struct PrivacyBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "privacy",
        abstract: "Time every privacy and detection metric on a dataset against a gc synthetic table.",
        discussion: """
        Budget on adult (release, one thread): DCR under 2 s, the membership + distance + detection suites \
        under 30 s, each metric 10x faster than SynthCity 0.2.12 (identifiability_score 61 s, detection_xgb \
        5.2 s). See docs/metrics.md#measured-figures.
        """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A registered dataset.") var dataset = "adult"
    @Option(name: .customLong("datasets-dir"), help: "The datasets directory (default: $SYNTHBENCH_DATASETS_DIR, else ./datasets).")
    var datasetsDir: String?
    @Option(help: "Seed of the hold-out split, the synthetic sample and the metrics.") var seed: UInt64 = 7
    @Flag(help: "Print one JSON object instead of a table.") var json = false

    func run() throws {
        global.apply()
        let r = try PrivacyBenchmark(seed: seed).run(dataset: dataset, datasetsDirectory: datasetsDir)
        if json { try printJSON("privacy", r); return }
        var rows: [(String, String)] = [
            ("data", "\(r.dataset): \(r.trainRows) training rows, \(r.holdoutRows) hold-out rows (\(r.holdoutSource)), \(r.syntheticRows) synthetic rows (gc)"),
            ("machine", "\(r.cpuModel ?? "unknown CPU"), BLAS kernel \(r.blasCore), \(r.blasThreads) thread(s), load \(loadAverage())"),
        ]
        for id in r.metricSeconds.keys.sorted() {
            let v = (r.values[id] ?? nil).map { fixed($0, 4) } ?? "-"
            rows.append((id, "\(fixed(r.metricSeconds[id]!, 3)) s wall  \(fixed(r.metricCPUSeconds[id]!, 3)) s CPU   value \(v)"))
        }
        rows.append(("all three suites (shared cache)", "\(fixed(r.suitesSeconds, 2)) s"))
        printTable(rows)
    }
}


struct DDPMBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ddpm",
        abstract: "Fit ddpm for a few epochs and sample the table: seconds and FLOPs per training and sampling step, fraction of the sgemm rate, projection, peak RSS.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "A registered dataset.") var dataset = "adult"
    @Option(name: .customLong("datasets-dir"), help: "The datasets directory (default: $SYNTHBENCH_DATASETS_DIR, else ./datasets).")
    var datasetsDir: String?
    @Option(help: "Epochs to measure (steps with --preset paper).") var epochs = 2
    @Option(help: "synthcity (the plugin's defaults) or paper (the official adult configuration).") var preset = "synthcity"
    @Option(name: .customLong("param"), help: "Further ddpm parameters, KEY=VALUE (e.g. sample_steps=100).") var params: [String] = []
    @Option(help: "Seed of the fit.") var seed: UInt64 = 1
    @Flag(help: "Print one JSON object instead of a table.") var json = false

    func validate() throws {
        if epochs < 1 { throw ValidationError("--epochs must be at least 1, got \(epochs)") }
        if !["synthcity", "paper"].contains(preset) { throw ValidationError("--preset must be synthcity or paper, got '\(preset)'") }
    }

    func run() throws {
        global.apply()
        if global.blasThreads == nil { BLAS.setThreads(1) }  // the figures are for one thread unless asked
        let loaded = try DatasetRegistry.open(explicit: datasetsDir).load(dataset)
        let descriptor = try MethodFactory.resolve(method: "ddpm", backend: .synthcity).descriptor
        var parameters = try descriptor.parseAssignments(params)
        parameters["preset"] = .string(preset)
        // The sampling figure is the reverse chain's: no duplicate-filter rounds unless asked for.
        if parameters["strict"] == nil { parameters["strict"] = .bool(false) }
        if preset == "paper" { parameters["steps"] = .int(epochs) } else { parameters["n_iter"] = .int(epochs) }
        let r = try DiffusionBenchmark(parameters: parameters, table: loaded.table, metadata: loaded.metadata, seed: seed).run()
        if json { try printJSON("ddpm", r); return }
        let unit = preset == "paper" ? "steps" : "epochs"
        let hidden = r.hidden.map(String.init).joined(separator: ",")
        let trainShare = fixed(100 * r.trainingGflops / r.sgemmGflops, 0)
        let sampleShare = fixed(100 * r.sampleGflops / r.sgemmGflops, 0)
        let forced = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"].map { " (forced by OPENBLAS_CORETYPE=\($0))" } ?? ""
        let rss: String = r.peakRSSMB.map { "\(fixed($0, 1)) MB (VmHWM)" } ?? "unknown"
        var rows: [(String, String)] = []
        rows.append(("model", "ddpm (\(preset)), \(dataset): \(r.rows) rows x \(r.columns) columns, input width \(r.inputWidth), hidden \(hidden), batch \(r.batchSize), T \(r.timesteps)"))
        rows.append(("training step", "\(fixed(r.secondsPerStep * 1e3, 2)) ms, \(fixed(r.trainingFlopsPerStep / 1e6, 1)) MFLOP -> \(fixed(r.trainingGflops, 1)) GFLOP/s = \(trainShare)% of sgemm (\(r.stepsRun) steps, \(epochs) \(unit) measured)"))
        rows.append(("per epoch", "\(fixed(r.secondsPerEpoch, 3)) s (\(r.stepsPerEpoch) steps)"))
        rows.append(("sampling", "\(r.rows) rows x \(r.sampleSteps) steps in \(fixed(r.sampleSeconds, 2)) s, \(fixed(r.sampleFlopsPerStep / 1e6, 1)) MFLOP per step -> \(fixed(r.sampleGflops, 1)) GFLOP/s = \(sampleShare)% of sgemm"))
        rows.append(("sgemm", "\(fixed(r.sgemmGflops, 1)) GFLOP/s at \(r.sgemmShape)"))
        rows.append(("projected", "\(fixed(r.projectedSeconds, 1)) s for \(r.plannedSteps) training steps + sampling; FLOP floor \(fixed(r.flopFloorSeconds, 1)) s (\(fixed(r.projectedSeconds / r.flopFloorSeconds, 2))x)"))
        rows.append(("peak RSS", rss))
        rows.append(("BLAS", "\(r.blasThreads) thread(s), \(r.blasCore) kernel" + forced))
        rows.append(("load average", loadAverage()))
        printTable(rows)
    }
}
