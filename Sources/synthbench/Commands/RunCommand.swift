import ArgumentParser
import Foundation
import SynthCore
import Harness
import Reports
import Logging
import SynthTable

/// `synthbench run SPEC`: expands a grid spec and runs every cell in its own process, N at a time, into
/// `results/<experiment>/<run-id>/`; the same command again resumes.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run an experiment grid: each cell in its own process, N at a time; re-running resumes.",
        discussion: """
        Writes RUN_DIR/spec.json, environment.json, cells/<cell-id>.json, logs/<cell-id>.log, results.json and \
        results.csv, where RUN_DIR is RESULTS_ROOT/<experiment>/<run-id> (run id: <experiment>-<spec hash>). \
        Re-running the same command skips cells with a result (ok, error or timeout) and runs the rest; \
        --retry-failed also reruns error and timeout cells, --force reruns everything. Ctrl-C stops the \
        running cells (recorded as cancelled) and keeps every finished result. Exit status: 0 when every \
        cell has a result (failed cells included; see `synthbench check`), 130 when interrupted. \
        See docs/runner.md and docs/results-schema.md.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var location: DatasetsLocation
    @OptionGroup var csv: CSVReadOptions

    @Argument(help: "The grid spec (JSON), e.g. experiments/quickstart.json.") var spec: String
    @Option(parsing: .unconditional, help: "Cells run at the same time (default: the spec's jobs).") var jobs: Int?
    @Option(parsing: .unconditional, help: "Per-cell timeout in seconds, 0 for none (default: the spec's timeout_s).") var timeout: Double?
    @Option(help: "The run directory (default: RESULTS_ROOT/<experiment>/<run-id>); its name is the run id.") var out: String?
    @Option(name: .customLong("results-root"), help: "Where run directories go (default: results).") var resultsRoot: String?
    @Option(name: .customLong("run-id"), help: "The run id (default: <experiment>-<spec hash>).") var runID: String?
    @Option(parsing: .unconditional, help: "Share of each dataset's rows held out from the fit for the privacy suites, in [0, 1) (default: the spec's holdout, else 0.2 when a privacy suite runs; adult uses adult-test).") var holdout: Double?
    @Option(help: "The Python of the reference backends: PATH for all, or BACKEND=PATH (sdv-python=..., synthcity-python=...; repeatable). Default: the spec's python, else SYNTHBENCH_PYTHON. See docs/reference-backends.md.")
    var python: [String] = []
    @Option(name: .customLong("keep-synthetic"), help: "Keep each cell's synthetic table as RUN_DIR/cells/<cell-id>.synthetic.EXT: csv or parquet (the spec's keep_synthetic; part of the run id).")
    var keepSynthetic: KeptSynthetic?
    @Flag(help: "Rerun every cell, finished or not.") var force = false
    @Flag(name: .customLong("retry-failed"), help: "Rerun cells whose result is error or timeout.") var retryFailed = false
    @Option(name: .customLong("kill-grace"), help: .hidden) var killGrace: Double = 5
    @Option(help: "Enqueue every cell for `synthbench worker` instead of running them: sqlite:PATH or postgres://... (docs/queue.md).")
    var queue: String?
    @Option(help: "Write cluster files instead of running: slurm (an array-job script) or k8s (an Indexed Job, a worker Deployment, a Dockerfile), into --out (default: deploy/<experiment>).")
    var emit: ClusterManifests.Kind?

    func validate() throws {
        if let j = jobs, j < 1 { throw ValidationError("--jobs must be at least 1, got \(j)") }
        if let t = timeout, t < 0 || !t.isFinite { throw ValidationError("--timeout must be 0 (none) or a positive number of seconds") }
        if queue != nil && emit != nil { throw ValidationError("--queue and --emit are alternatives; pass one") }
        if emit == nil && out != nil && (runID != nil || resultsRoot != nil) {
            throw ValidationError("--out names the run directory itself; do not combine it with --run-id or --results-root")
        }
        if let id = runID, id.isEmpty || id.contains("/") || id.hasPrefix(".") {
            throw ValidationError("--run-id must be a plain folder name, got '\(id)'")
        }
        if let h = holdout, !(h >= 0 && h < 1) { throw ValidationError("--holdout must be in [0, 1), got \(h)") }
        if killGrace < 0 { throw ValidationError("--kill-grace must not be negative") }
    }

    func run() async throws {
        global.apply()
        let registry = try location.registry()
        var spec = try ExperimentSpec.load(contentsOf: URL(fileURLWithPath: self.spec), availableDatasets: registry.names)
        // --strict-header / --on-bad-lines apply to the datasets the spec's dataset_options leave out.
        if csv.isSet { for d in spec.datasets where spec.datasetOptions[d] == nil { spec.datasetOptions[d] = csv.policy } }
        if let h = holdout { spec.holdout = h }
        if let keepSynthetic { spec.keepSynthetic = keepSynthetic }
        if let queue {
            // The cells run on the workers' hosts, each with its own SYNTHBENCH_PYTHON; a spec's python is refused there.
            guard python.isEmpty else {
                throw ValidationError("--python does not travel with --queue: each worker's SYNTHBENCH_PYTHON chooses the reference backends' Python (docs/queue.md)")
            }
            let store = try await QueueStore.open(try QueueDatabase(parsing: queue))
            print(try await QueueSubmitCommand.submit(spec, group: runID, queue: store))
            return
        }
        try ReferencePythonOption.apply(python, to: &spec)
        if let emit {
            let settings = ClusterManifests.Settings(resultsRoot: resultsRoot ?? "results", runID: runID ?? spec.defaultRunID)
            let folder = URL(fileURLWithPath: out ?? "deploy/\(spec.name)")
            for file in try ClusterManifests.files(emit, spec: spec, settings: settings) {
                try AtomicFile.write(file.text, to: folder.appendingPathComponent(file.name))
                print(folder.appendingPathComponent(file.name).path)
            }
            return
        }
        let directory = out.map { RunDirectory(url: URL(fileURLWithPath: $0)) }
            ?? RunDirectory(root: URL(fileURLWithPath: resultsRoot ?? "results"), experiment: spec.name,
                            runID: runID ?? spec.defaultRunID)
        // Before any dataset is fetched or cell started: the run directory must be writable with room to spare.
        try Self.refuseForeignFiles(in: directory)
        try OutputLocation.prepare(directory.url, estimatedBytes: UInt64(spec.cells.count) * GridRunner.estimatedBytesPerCell)
        let jobs = self.jobs ?? spec.jobs
        let timeout = self.timeout.map { $0 == 0 ? nil : $0 } ?? spec.timeoutS
        let options = GridRunner.Options(
            jobs: jobs, timeoutS: timeout, force: force, retryFailed: retryFailed, killGraceS: killGrace,
            executable: try Self.executablePath(), build: .thisBuild, datasetsDirectory: location.datasetsDir,
            cellArguments: global.logJSON ? ["--log-json"] : [])
        let interrupt = InterruptWatch()
        interrupt.install()
        let progress = ProgressReporter(total: spec.cells.count, jobs: jobs, interactive: ProgressReporter.standardErrorIsTerminal)
        progress.message("run \(directory.url.path): \(spec.cells.count) cells, \(jobs) at a time, "
                         + "timeout \(timeout.map { String(format: "%g s", $0) } ?? "none")")
        let report = try GridRunner(spec: spec, directory: directory, options: options, interrupt: interrupt,
                                    progress: progress).run()
        print(Self.summary(report.results))
        if !report.interrupted, report.results.contains(where: { $0.status == .ok }) {
            do {
                let plots = try RunPlots.write(runDirectory: report.directory.url)
                print(plots.rendered ? "plots: \(report.directory.url.appendingPathComponent("plots").path) (rendered with gnuplot)"
                                     : "plots: gnuplot data and scripts in \(report.directory.url.appendingPathComponent("plots").path) (not rendered: \(plots.notes.joined(separator: "; ")))")
            } catch {
                FileHandle.standardError.write(Data("warning: plots not written: \(error)\n".utf8))
            }
        }
        let notOK = report.results.filter { $0.status != .ok }.count
        print("\(report.results.count) of \(spec.cells.count) cells have results (\(report.ran) run now, "
              + "\(report.skipped) from before, \(notOK) not ok); \(report.directory.resultsJSON.path)")
        if report.interrupted {
            let unfinished = report.pending.count + report.results.filter { $0.status == .cancelled }.count
            FileHandle.standardError.write(Data("interrupted: \(unfinished) cells cancelled or not started; run the same command again to resume\n".utf8))
            throw ExitCode(130)
        }
    }

    /// A directory that holds files but no run (no spec.json, no cells/) is someone's folder: writing a run
    /// into it (`--out .`) would mix with, and overwrite, files such as results.csv. A run directory, even
    /// with notes added beside it, resumes as before.
    static func refuseForeignFiles(in directory: RunDirectory) throws {
        let fm = FileManager.default
        guard !fm.fileExists(atPath: directory.spec.path), !fm.fileExists(atPath: directory.cells.path),
              let names = try? fm.contentsOfDirectory(atPath: directory.url.path) else { return }
        let foreign = names.filter { !$0.hasPrefix(".") }.sorted()
        guard !foreign.isEmpty else { return }
        throw OutputError(path: directory.url.path, operation: .check, code: nil,
                          reason: "it holds other files (\(foreign.prefix(5).joined(separator: ", "))\(foreign.count > 5 ? ", ..." : "")) and no run (no spec.json, no cells/)",
                          hint: "give a new or empty directory: --out names the run directory itself")
    }

    /// The summary table: one line per cell with its status, total time, peak memory and key metrics.
    static func summary(_ results: [CellResult]) -> String {
        func f(_ x: Double?, _ format: String) -> String { x.map { String(format: format, $0) } ?? "-" }
        let rows = results.map { r in
            [r.cellID, r.status.rawValue, f(r.timingsS.total, "%.2f"), f(r.peakRSSMB, "%.0f"),
             f(r.metrics.value(at: "sdmetrics.quality_score"), "%.3f"), f(r.metrics.utility?.ksMean, "%.3f"),
             f(r.metrics.privacy?.miaAUC, "%.3f"), f(r.metrics.privacy?.dupRate, "%.3f")]
        }
        return TextTable(header: ["cell", "status", "total_s", "peak_mb", "quality", "ks_mean", "mia_auc", "dup_rate"],
                         rows: rows).rendered
    }

    /// This executable, for the cell processes (`/proc/self/exe`, else argv[0]).
    static func executablePath() throws -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if n > 0 { return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        let argv0 = CommandLine.arguments[0]
        guard argv0.contains("/") else { throw ValidationError("cannot find this executable's path to start cells") }
        return URL(fileURLWithPath: argv0).standardizedFileURL.path
    }
}

extension ClusterManifests.Kind: ExpressibleByArgument {}
extension KeptSynthetic: ExpressibleByArgument {}
