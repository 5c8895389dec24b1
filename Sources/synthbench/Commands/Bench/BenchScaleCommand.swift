import SynthCore
import ArgumentParser
import Evaluation
import Benchmarks
import Foundation
import Harness
import SynthMath
import SynthNN
import Synthesizers

/// `synthbench bench scale`: the cost curve of a method (load, fit, sample, evaluate) from 10k to 1M rows
/// (3M and 10M with `--large`), each size in its own process, with fitted growth exponents and log-log
/// gnuplot curves (docs/scale.md).
struct BenchScaleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scale",
        abstract: "Wall, CPU and peak memory per phase against the row count, each size in its own process; log-log curves.",
        discussion: """
        Tables of each size are --dataset resized (repeated, plus a seeded subsample of the remainder). Above 1,000,000 rows the \
        model is fitted on 1,000,000 rows and only sampling grows. Writes DIR/scale.json, DIR/plots/ \
        (scale-time, scale-memory: .dat, .gp and the rendered PNG/SVG) and one folder per size with its log. \
        --reference sdv --python PATH runs scripts/bench/sdv_scale.py (SDV's own synthesizer) on the same \
        rows up to 1,000,000, onto the same plots.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var location: DatasetsLocation
    @OptionGroup var evalCap: EvalCapOption
    @Option(help: "A registered dataset to resize to each size.") var dataset = "adult"
    @Option(help: "Method name or alias.") var method = "gc"
    @Option(help: "Which reference's defaults.") var backend: Backend = .sdv
    @Option(name: .customLong("param"), help: "A method hyperparameter KEY=VALUE (repeatable).") var params: [String] = []
    @Option(help: "Comma-separated row counts (default 10000,30000,100000,300000,1000000).") var sizes: String?
    @Flag(help: "Also 3,000,000 and 10,000,000 rows (sampling only above 1,000,000).") var large = false
    @Option(help: "Seed of the resampling, the fit, the sample and the evaluation.") var seed: UInt64 = 0
    @Option(help: "Output directory (default results/scale/<method>-<dataset>).") var out: String?
    @Option(help: "Also run a reference library's script on the same rows: sdv.") var reference: String?
    @Option(help: "The Python interpreter for --reference (with sdv installed).") var python: String?
    @Option(help: "The reference script.") var script = "scripts/bench/sdv_scale.py"
    @Flag(help: "Print the report as JSON instead of a table.") var json = false
    @Option(help: ArgumentHelp("Run one size in this process (what the parent starts).", visibility: .hidden)) var point: Int?
    @Flag(help: ArgumentHelp("Keep the resampled data.csv (for the reference run).", visibility: .hidden)) var keepData = false

    func validate() throws {
        if let r = reference {
            guard r == "sdv" else { throw ValidationError("--reference must be sdv, got '\(r)'") }
            guard python != nil else { throw ValidationError("--reference sdv needs --python PATH (an interpreter with sdv installed)") }
            guard FileManager.default.fileExists(atPath: script) else {
                throw ValidationError("--script \(script) does not exist (run from the repository root or give its path)")
            }
        }
        if python != nil && reference == nil { throw ValidationError("--python applies to --reference only") }
        _ = try sizeList()
    }

    func sizeList() throws -> [Int] {
        guard let sizes else { return ScaleBenchmark.defaultSizes + (large ? ScaleBenchmark.largeSizes : []) }
        let parsed = sizes.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parsed.isEmpty, parsed.allSatisfy({ ($0 ?? 0) >= 1 }) else {
            throw ValidationError("--sizes must be comma-separated positive row counts, got '\(sizes)'")
        }
        return parsed.map { $0! } + (large ? ScaleBenchmark.largeSizes : [])
    }

    func run() throws {
        global.apply()
        // Checked here, before any size runs, in the parent as in each child: a bad --param is a usage error.
        let parameters = try MethodOption.parameters(params, method: method, backend: GridBackend(backend), dpRequested: false)
        try location.requireRegistered(dataset)
        let directory = URL(fileURLWithPath: out ?? "results/scale/\(method)-\(dataset)")
        if let n = point {
            let request = ScalePoint.Request(
                dataset: dataset, method: method, backend: backend,
                parameters: parameters, rows: n, seed: seed,
                directory: directory, evalCaps: evalCap.caps, datasetsDirectory: location.datasetsDir, keepData: keepData)
            let result = try ScalePoint.run(request)
            try AtomicFile.write(try SynthJSON.string(result, pretty: true) + "\n",
                                 to: directory.appendingPathComponent("point.json"))
            return
        }
        let options = ScaleBenchmark.Options(
            dataset: dataset, method: method, backend: backend, parameters: params, sizes: try sizeList(), seed: seed,
            evalCapArguments: evalCap.arguments, directory: directory, executable: try RunCommand.executablePath(),
            datasetsDirectory: location.datasetsDir,
            reference: python.map { (python: $0, script: URL(fileURLWithPath: script).path) })
        let report = try ScaleBenchmark.run(options) { line in if !json { print(line) } }
        try AtomicFile.write(try SynthJSON.string(report, pretty: true) + "\n",
                             to: directory.appendingPathComponent("scale.json"))
        let plots = try ScaleBenchmark.writePlots(report, to: directory.appendingPathComponent("plots"))
        if json {
            print(try SynthJSON.string(report, pretty: false))
        } else {
            print("CPU: \(CPUFeatures.modelName() ?? "unknown"); BLAS kernel: \(BLAS.coreName) (\(BLAS.threads) thread(s))")
            func figure(_ k: Double??) -> String { k.flatMap { $0 }.map { String(format: "%.2f", $0) } ?? "n/a" }
            for (phase, k) in report.exponents.sorted(by: { $0.key < $1.key }) {
                let ref = report.reference.isEmpty ? ""
                    : ", reference wall \(figure(report.referenceExponents[phase])) cpu \(figure(report.referenceCPUExponents[phase]))"
                print("growth exponent \(phase): wall \(figure(k)), cpu \(figure(report.cpuExponents[phase]))\(ref)")
            }
            for f in report.failures { print("failed: \(f)") }
            switch plots {
            case .success(let images): print("plots: \(images.map(\.path).joined(separator: ", "))")
            case .failure(let why): print("plots not rendered: \(why) (scripts in \(directory.path)/plots)")
            }
            print("wrote \(directory.appendingPathComponent("scale.json").path)")
        }
        if !report.failures.isEmpty { throw ExitCode(1) }
    }
}
