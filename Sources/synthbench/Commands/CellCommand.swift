import ArgumentParser
import Exports
import Foundation
import SynthCore
import Harness
import Logging
import SynthMath
import Synthesizers

/// `synthbench cell` (hidden): one grid cell in this process, started by `synthbench run`. Exit status 0
/// when the cell's result is ok, 1 when it wrote a result with status error or cancelled, 2 when it could
/// not run at all (bad spec, unknown cell), 3 when its record could not be written (the runner then stops
/// the grid: the disk is full or failing).
struct CellCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cell",
        abstract: "Run one grid cell (started by `synthbench run`).",
        shouldDisplay: false)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var location: DatasetsLocation

    @Option(help: "The run's spec.json.") var spec: String
    @Option(help: "The cell id, e.g. penguins__gc__sdv__s0.") var cell: String
    @Option(help: "Where to write the cell's result JSON.") var out: String
    @Option(name: .customLong("run-id"), help: "The run id recorded in the result (default: the spec's folder name).") var runID: String?
    @Flag(name: .customLong("no-fetch"), help: "Do not fetch a missing dataset (the runner fetched beforehand).") var noFetch = false

    func run() throws {
        global.apply()
        ParentWatch.start()
        let logger = Logger(label: "synthbench.cell")
        let cancellation = CancellationFlag()
        SignalCancellation.install(cancellation)
        let specURL = URL(fileURLWithPath: spec)
        let request = CellExecution.Request(
            spec: specURL, cellID: cell, runID: runID ?? specURL.deletingLastPathComponent().lastPathComponent,
            output: URL(fileURLWithPath: out), datasetsDirectory: location.datasetsDir, fetchIfMissing: !noFetch)
        logger.info("cell started", metadata: ["cell": "\(cell)", "pid": "\(getpid())", "blas_threads": "\(BLAS.threads)"])
        let result: CellResult
        do {
            // A kept synthetic table (`keep_synthetic`) goes through Exports' writer of its format.
            result = try CellExecution.run(request, context: SynthesisContext(cancellation: cancellation, logger: logger),
                                           syntheticWriter: { format, url in
                                               let export: ExportFormat = switch format { case .csv: .csv; case .parquet: .parquet }
                                               return try export.writer(path: url.path)
                                           })
        } catch let failure as OutputError {
            logger.error("cell could not write its output: \(failure)")
            throw ExitCode(CellExecution.outputFailureExitCode)
        } catch {
            logger.error("cell could not run: \(error)")
            throw ExitCode(2)
        }
        logger.info("cell finished", metadata: ["cell": "\(cell)", "status": "\(result.status.rawValue)",
                                                "peak_rss_mb": "\(result.peakRSSMB.map { String(format: "%.1f", $0) } ?? "-")"])
        if result.status != .ok { throw ExitCode(1) }
    }
}
