import Evaluation
import Foundation
import Logging
import SynthCore
import SynthMath
import SynthTable
import Synthesizers

/// The child side of a grid cell (`synthbench cell`): runs one cell's pipeline in this process, keeps
/// `cells/<cell-id>.progress.json` up to date, and writes the cell's ``CellResult`` atomically, with this
/// process's own peak resident memory (`VmHWM`).
package enum CellExecution {
    /// The exit status of a cell that ran but could not write its record (or progress) because the output
    /// failed: the runner then records nothing for it (it runs again on resume) and, the disk being full
    /// or failing, stops the grid.
    package static let outputFailureExitCode: Int32 = 3

    package struct Request: Sendable {
        package var spec: URL
        package var cellID: String
        package var runID: String
        package var output: URL
        package var datasetsDirectory: String?
        package var fetchIfMissing: Bool

        package init(spec: URL, cellID: String, runID: String, output: URL, datasetsDirectory: String? = nil,
                    fetchIfMissing: Bool = true) {
            self.spec = spec; self.cellID = cellID; self.runID = runID; self.output = output
            self.datasetsDirectory = datasetsDirectory; self.fetchIfMissing = fetchIfMissing
        }

        /// `<output without .json>.progress.json`, next to the result.
        package var progress: URL { sibling(".progress.json") }

        /// `<output without .json>.synthetic.<ext>`, next to the result (``RunDirectory/cellSynthetic(_:_:)``).
        package func synthetic(_ format: KeptSynthetic) -> URL { sibling(".synthetic.\(format.fileExtension)") }

        private func sibling(_ suffix: String) -> URL {
            let base = output.deletingPathExtension()
            return base.deletingLastPathComponent().appendingPathComponent(base.lastPathComponent + suffix)
        }
    }

    /// Opens the writer of a kept synthetic table (`keep_synthetic`) at a path. The command line passes one that
    /// knows Exports' formats (Parquet sits above Harness); ``csvOnly`` is the default.
    package typealias SyntheticWriterFactory = @Sendable (KeptSynthetic, URL) throws -> any TableChunkWriter

    /// A spec asks for a format the process that runs the cell cannot write.
    package struct UnsupportedSyntheticFormat: Error, CustomStringConvertible {
        package var format: KeptSynthetic
        package var description: String { "keep_synthetic \"\(format.rawValue)\" needs the Exports writers, which this process was not given" }
    }

    package static let csvOnly: SyntheticWriterFactory = { format, url in
        guard format == .csv else { throw UnsupportedSyntheticFormat(format: format) }
        return try CSVStreamWriter(path: url.path)
    }

    package struct CellNotFound: Error, CustomStringConvertible {
        package var cellID: String
        package var spec: String
        package var description: String { "\(spec) has no cell '\(cellID)'" }
    }

    /// Runs the cell and writes its result (status ok, error or cancelled), and before it the synthetic table when the
    /// spec keeps them; throws only when the spec or the cell cannot be read, or an output cannot be written.
    @discardableResult
    package static func run(_ request: Request, context: SynthesisContext, writer: any FileWriter = SystemFileWriter(),
                           syntheticWriter: @escaping SyntheticWriterFactory = csvOnly) throws -> CellResult {
        let spec = try ExperimentSpec.decode(try Data(contentsOf: request.spec), source: request.spec.path,
                                             availableDatasets: nil)
        guard let cell = spec.cell(id: request.cellID) else {
            throw CellNotFound(cellID: request.cellID, spec: request.spec.path)
        }
        var config = spec.runConfig(for: cell, fetchIfMissing: request.fetchIfMissing,
                                    datasetsDirectory: request.datasetsDirectory)
        if cell.backend.isReference {
            let runDirectory = request.output.deletingLastPathComponent().deletingLastPathComponent()
            config.reference = ReferenceEnvironment(backend: cell.backend, pythons: ReferenceEnvironment.pythons(spec: spec.python),
                                                    workDirectory: runDirectory.appendingPathComponent("reference/\(cell.id)"))
        }
        let progressURL = request.progress
        let pid = getpid()
        let logger = context.logger
        let state = SharedState()
        var pipeline = Pipeline(config: config, context: context, onPhase: { phase, timings in
            let p = CellProgress(cellID: cell.id, pid: pid, phase: phase.rawValue, timingsS: timings,
                                 rowsReal: state.rowsReal, updatedAt: EnvironmentRecord.timestamp())
            do { try p.write(to: progressURL, using: writer) } catch {
                logger.warning("cannot write the progress file", metadata: ["path": "\(progressURL.path)", "error": "\(error)"])
                // A full or failing disk will not take the record either: stop now rather than compute for nothing.
                if let failure = error as? OutputError, failure.isStorageFailure {
                    state.outputFailure = failure
                    context.cancellation.cancel()
                }
            }
        })
        pipeline.onLoaded = { state.rowsReal = $0 }
        if let keep = spec.keepSynthetic { pipeline.syntheticWriter = { try syntheticWriter(keep, $0) } }
        let blasThreads = BLAS.threads
        var result: CellResult
        var kept: Table? = nil
        do {
            let outcome = try pipeline.run()
            kept = spec.keepSynthetic == nil ? nil : outcome.synthetic
            result = CellResult(outcome: outcome, experiment: spec.name, runID: request.runID, cellID: cell.id,
                                method: cell.method, blasThreads: blasThreads, peakRSSMB: ProcessMemory.peakRSSMB())
        } catch {
            let cancelled = (error.underlying as? SynthesisError) == .cancelled
            result = CellResult(stopped: cell, experiment: spec.name, runID: request.runID,
                                status: cancelled ? .cancelled : .error, error: "\(error.underlying)",
                                phase: error.phase.rawValue, timings: error.timings, blasThreads: blasThreads,
                                peakRSSMB: ProcessMemory.peakRSSMB(), rows: CellResult.Rows(real: error.realRows))
            logger.error("cell stopped", metadata: ["cell": "\(cell.id)", "phase": "\(error.phase.rawValue)",
                                                    "error": "\(error.underlying)"])
        }
        if cell.backend.isReference { result.recordReference(cell) }
        if let failure = state.outputFailure { throw failure }   // no record: the cell runs again on resume
        if let table = kept, let format = spec.keepSynthetic {
            try keep(table, at: request.synthetic(format), through: pipeline)
        }
        try result.write(to: request.output, using: writer)
        return result
    }

    /// Writes the cell's synthetic table (the rows its metrics saw, after post-processing) through the pipeline's
    /// writer, which builds the file under a temporary name and renames it when complete; a failure is an
    /// ``OutputError`` (no record: the cell runs again on resume).
    static func keep(_ table: Table, at url: URL, through pipeline: Pipeline) throws {
        do {
            let file = try pipeline.syntheticWriter(url)
            do {
                try file.append(table)
                try file.finish()
            } catch {
                file.cancel()
                throw error
            }
        } catch {
            throw OutputError(wrapping: error, path: url.path, operation: .write)
        }
    }

    /// What the pipeline's callbacks share: the real row count once loaded, and the output failure that
    /// stopped the cell.
    final class SharedState: @unchecked Sendable {
        private let lock = NSLock()
        private var rows: Int?
        private var failure: OutputError?
        var rowsReal: Int? {
            get { lock.lock(); defer { lock.unlock() }; return rows }
            set { lock.lock(); rows = newValue; lock.unlock() }
        }
        var outputFailure: OutputError? {
            get { lock.lock(); defer { lock.unlock() }; return failure }
            set { lock.lock(); failure = newValue; lock.unlock() }
        }
    }
}
