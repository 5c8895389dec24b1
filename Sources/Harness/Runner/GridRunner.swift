import Evaluation
import Foundation
import Logging
import SynthCore
import SynthNN
import SynthTable

/// Runs a grid: every cell in a child process of its own (`synthbench cell ...`), `jobs` at a time, with a
/// hard per-cell timeout, resuming a run directory that already holds results.
///
/// A cell that crashes, runs out of memory, exits non-zero or times out fails alone: the runner records it
/// from the progress file the cell kept (phase, finished timings), the exit status and the tail of its log,
/// and goes on. An interrupt (``InterruptWatch``) stops the grid cleanly: no new cells, running ones get
/// SIGTERM and, after the grace period, SIGKILL, and are recorded as cancelled.
///
/// A full disk (or any ``OutputError/isStorageFailure``: ENOSPC, EIO, EDQUOT, EROFS) stops the grid the
/// same way, whether the runner or a cell met it (a cell that cannot write its record exits with
/// ``CellExecution/outputFailureExitCode``): no new cell starts, running cells are cancelled, a cell
/// whose record could not be written gets none (so it runs again on resume), `results.json` is rewritten
/// if at all possible, and ``run()`` throws ``StorageFailure`` naming the path.
package final class GridRunner {
    package struct Options: Sendable {
        /// Cells run at the same time.
        package var jobs: Int
        /// Per-cell wall-clock limit (from spawn to exit); nil for none.
        package var timeoutS: Double?
        /// Rerun every cell, finished or not.
        package var force: Bool
        /// Rerun cells whose result is `error` or `timeout` (otherwise they count as finished).
        package var retryFailed: Bool
        /// Seconds between SIGTERM and SIGKILL when stopping a cell.
        package var killGraceS: Double
        /// The synthbench executable the cells run.
        package var executable: String
        /// That executable's build stamp, recorded in `environment.json` and in each cell record it completes (the
        /// runner runs its own executable).
        package var build: BuildStamp
        package var datasetsDirectory: String?
        /// Extra arguments for every `synthbench cell` (e.g. `--log-json`).
        package var cellArguments: [String]
        /// Added to the inherited environment of every cell.
        package var environment: [String: String]

        package init(jobs: Int, timeoutS: Double?, force: Bool = false, retryFailed: Bool = false, killGraceS: Double = 5,
                    executable: String, build: BuildStamp, datasetsDirectory: String? = nil, cellArguments: [String] = [],
                    environment: [String: String] = [:]) {
            self.jobs = jobs; self.timeoutS = timeoutS; self.force = force; self.retryFailed = retryFailed
            self.killGraceS = killGraceS; self.executable = executable; self.build = build
            self.datasetsDirectory = datasetsDirectory
            self.cellArguments = cellArguments; self.environment = environment
        }
    }

    /// What a run did.
    package struct Report: Sendable {
        package var directory: RunDirectory
        /// Every cell that has a result, in grid order (including those finished in earlier invocations).
        package var results: [CellResult]
        /// Cells without a result (an interrupted run).
        package var pending: [String]
        /// Cells run by this invocation, and cells skipped because an earlier one finished them.
        package var ran: Int
        package var skipped: Int
        package var interrupted: Bool
    }

    /// The grid stopped because its output could not be written (a full disk, an I/O error).
    package struct StorageFailure: Error, CustomStringConvertible {
        /// What failed, with its path.
        package var cause: String
        /// Whether `results.json` / `results.csv` were rewritten consistently after the stop, and if not why.
        package var resultsNote: String
        package var description: String {
            "the grid stopped: \(cause)\n\(resultsNote); every finished cell record in cells/ is kept; "
                + "free space and run the same command again to resume"
        }
    }

    /// A run directory already holds a different grid.
    package struct SpecMismatch: Error, CustomStringConvertible {
        package var directory: String
        package var existingHash: String
        package var newHash: String
        package var description: String {
            "\(directory) holds a run of a different spec (content hash \(existingHash), this spec \(newHash)); "
                + "choose another --run-id or --out, or pass --force to rerun every cell there"
        }
    }

    /// A conservative size of one cell's files (record, log, its share of results.json / .csv and plots),
    /// for ``OutputLocation/prepare(_:estimatedBytes:onlyHolding:using:)`` before a run.
    package static let estimatedBytesPerCell: UInt64 = 1_000_000

    package let spec: ExperimentSpec
    package let directory: RunDirectory
    package let options: Options
    package let interrupt: InterruptWatch
    package let progress: ProgressReporter
    let logger: Logger
    /// Every file the runner writes goes through it (tests inject failures).
    let writer: any FileWriter

    package init(spec: ExperimentSpec, directory: RunDirectory, options: Options, interrupt: InterruptWatch,
                progress: ProgressReporter, logger: Logger = Logger(label: "synthbench.run"),
                writer: any FileWriter = SystemFileWriter()) {
        self.spec = spec; self.directory = directory; self.options = options; self.interrupt = interrupt
        self.progress = progress; self.logger = logger; self.writer = writer
    }

    /// One cell process the runner is watching.
    final class Running {
        let cell: GridCell
        let process: ChildProcess
        let started = ContinuousClock.now
        let logOffset: UInt64
        var deadline: ContinuousClock.Instant?
        /// Why the runner is stopping it (timeout or cancelled), once it sent SIGTERM.
        var stopping: CellResult.Status?
        var terminatedAt: ContinuousClock.Instant?
        var killAt: ContinuousClock.Instant?
        var killed = false
        /// Seconds from SIGTERM to SIGKILL, and whether a second interrupt (not the grace period) sent it.
        var killDelay: Double?
        var killedByInterrupt = false
        /// Set when the grid stopped on an output failure rather than an interrupt.
        var stoppedForStorage = false
        /// Why it was cancelled when not by the runner's interrupt (the queue worker: cancelled through the queue).
        var cancelReason: String?
        /// The highest VmHWM seen while polling (a lower bound, for cells that die before reporting theirs).
        var polledPeakMB: Double?

        init(cell: GridCell, process: ChildProcess, logOffset: UInt64) {
            self.cell = cell; self.process = process; self.logOffset = logOffset
        }
    }

    /// Another runner holds the run directory.
    package struct DirectoryBusy: Error, CustomStringConvertible {
        package var directory: String
        package var description: String { "another synthbench run is using \(directory); wait for it or stop it first" }
    }

    /// Runs the grid and writes every file of the run directory.
    package func run() throws -> Report {
        try directory.create(using: writer)
        // One runner per directory: an exclusive lock on RUN_DIR/.lock, released by the kernel when this
        // process ends however it ends (so a killed run can always be resumed).
        let lock = open(directory.url.appendingPathComponent(".lock").path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lock >= 0 else {
            throw OutputError(path: directory.url.appendingPathComponent(".lock").path, operation: .write, code: errno)
        }
        defer { close(lock) }
        guard flock(lock, LOCK_EX | LOCK_NB) == 0 else { throw DirectoryBusy(directory: directory.url.path) }

        let effective = try writeSpec()
        var environment = try writeEnvironment()
        let cells = spec.cells
        var (results, queue) = partition(cells)
        let skipped = results.count
        progress.alreadyFinished(cells.compactMap { results[$0.id] })
        if skipped > 0 {
            progress.message("resuming \(directory.url.path): \(skipped) of \(cells.count) cells already finished, \(queue.count) to run")
        }
        prefetch(Set(queue.map(\.dataset)).sorted())

        var monitor = spec.monitor.map(QualityMonitor.init)
        var running: [Running] = []
        var ran = 0
        var stopRequested = false
        var lastMemoryPoll = ContinuousClock.now
        var storageFailure: String? = nil
        /// Stops the grid because its output cannot be written: no new cells, running ones cancelled.
        func stopForStorage(_ cause: String) {
            guard storageFailure == nil else { return }
            storageFailure = cause
            stopRequested = true
            progress.message("error: \(cause)\nstopping the grid: no new cells; cancelling \(running.count) running cell(s)")
            logger.error("storage failure; stopping the grid", metadata: ["cause": "\(cause)"])
            for r in running where r.stopping == nil { r.stoppedForStorage = true; terminate(r, as: .cancelled) }
        }
        @discardableResult
        func store() -> OutputError? {
            let ordered = cells.compactMap { results[$0.id] }
            let pending = cells.filter { results[$0.id] == nil }.map(\.id)
            do {
                try RunResults(experiment: spec.name, runID: directory.runID, environment: environment,
                               spec: effective.normalizedJSON, cells: ordered, pending: pending)
                    .write(to: directory.resultsJSON, using: writer)
                try ResultsCSV.write(ordered, to: directory.resultsCSV, using: writer)
                return nil
            } catch {
                let failure = OutputError(wrapping: error, path: directory.url.path, operation: .write)
                if failure.isStorageFailure { stopForStorage(failure.description) }
                else { progress.message("warning: cannot write the run's results: \(failure)") }
                return failure
            }
        }

        while true {
            let interrupts = interrupt.interrupts
            if interrupts > 0 && !stopRequested {
                stopRequested = true
                progress.message("interrupted: stopping \(running.count) running cell(s); finished results are kept")
                for r in running where r.stopping == nil { terminate(r, as: .cancelled) }
            }
            if interrupts > 1 {
                for r in running where !r.killed { kill(r, byInterrupt: true) }
            }

            while !stopRequested && running.count < options.jobs && !queue.isEmpty {
                let cell = queue.removeFirst()
                do {
                    running.append(try start(cell))
                    ran += 1
                } catch let failure as OutputError where failure.isStorageFailure {
                    queue.insert(cell, at: 0)   // no record: it runs on resume
                    stopForStorage(failure.description)
                } catch {
                    let result = CellResult(stopped: cell, experiment: spec.name, runID: directory.runID, status: .error,
                                            error: "\(error)", phase: "setup", timings: PhaseTimings(),
                                            blasThreads: spec.blasThreads, peakRSSMB: nil)
                    try? result.write(to: directory.cellResult(cell.id), using: writer)
                    results[cell.id] = result
                    progress.finished(result, wall: 0, running: running.count, waiting: queue.count)
                    store()
                }
            }

            let now = ContinuousClock.now
            var index = 0
            while index < running.count {
                let r = running[index]
                if let termination = r.process.poll() {
                    running.remove(at: index)
                    let wall = seconds(since: r.started)
                    let outcome = finish(r, termination: termination, wall: wall)
                    if let cause = outcome.storageFailure { stopForStorage(cause) }
                    guard let result = outcome.result else {
                        results[r.cell.id] = nil
                        progress.message("\(r.cell.id): no record written; it runs again on resume")
                        continue
                    }
                    results[r.cell.id] = result
                    progress.finished(result, wall: wall, running: running.count, waiting: stopRequested ? 0 : queue.count)
                    if var m = monitor {
                        if let warning = m.record(result) { progress.message("warning: " + warning); logger.warning("\(warning)") }
                        monitor = m
                    }
                    store()
                    continue
                }
                if r.stopping == nil, let deadline = r.deadline, now >= deadline { terminate(r, as: .timeout) }
                if !r.killed, let killAt = r.killAt, now >= killAt { kill(r, byInterrupt: false) }
                index += 1
            }
            if now - lastMemoryPoll >= .milliseconds(100) {
                lastMemoryPoll = now
                for r in running {
                    if let mb = ProcessMemory.peakRSSMB(pid: r.process.pid) { r.polledPeakMB = max(r.polledPeakMB ?? 0, mb) }
                }
            }
            if running.isEmpty && (queue.isEmpty || stopRequested) { break }
            progress.tick(running: running.count, waiting: stopRequested ? 0 : queue.count)
            usleep(20_000)
        }
        progress.close()

        environment.finishedAt = EnvironmentRecord.timestamp()
        let environmentFailure: OutputError?
        do {
            try AtomicFile.write(try SynthJSON.string(environment, pretty: true) + "\n", to: directory.environment, using: writer)
            environmentFailure = nil
        } catch {
            environmentFailure = OutputError(wrapping: error, path: directory.environment.path, operation: .write)
            if environmentFailure!.isStorageFailure { stopForStorage(environmentFailure!.description) }
        }
        let storeFailure = store()
        if let cause = storageFailure {
            let pendingCount = cells.filter { results[$0.id] == nil }.count
            let note = storeFailure.map { "results.json / results.csv could not be rewritten (\($0.path): \($0.reason)); they may list fewer cells than cells/ holds" }
                ?? "results.json and results.csv were rewritten: \(results.count) cell(s) with a record, \(pendingCount) pending"
            throw StorageFailure(cause: cause, resultsNote: note)
        }
        if let environmentFailure { throw environmentFailure }
        return Report(directory: directory, results: cells.compactMap { results[$0.id] },
                      pending: cells.filter { results[$0.id] == nil }.map(\.id), ran: ran, skipped: skipped,
                      interrupted: stopRequested)
    }

    /// Writes `spec.json` (with this invocation's jobs and timeout), refusing a directory that holds a
    /// different grid unless forced.
    func writeSpec() throws -> ExperimentSpec {
        if let data = try? Data(contentsOf: directory.spec),
           let old = try? ExperimentSpec.decode(data, source: directory.spec.path, availableDatasets: nil,
                                                validatingMethods: false),
           old.contentHash != spec.contentHash, !options.force {
            throw SpecMismatch(directory: directory.url.path, existingHash: old.contentHash, newHash: spec.contentHash)
        }
        var effective = spec
        effective.jobs = options.jobs
        effective.timeoutS = options.timeoutS
        try AtomicFile.write(try effective.normalizedText(), to: directory.spec, using: writer)
        return effective
    }

    /// Writes `environment.json` for this invocation, keeping earlier invocations' records in `previous`.
    func writeEnvironment() throws -> EnvironmentRecord {
        var environment = EnvironmentRecord.capture(blasThreads: spec.blasThreads, jobs: options.jobs, build: options.build)
        if spec.params.values.contains(where: { $0["precision"] == .string(MatrixPrecision.bf16.rawValue) }) {
            environment.bf16 = BF16Selection.current
        }
        if let data = try? Data(contentsOf: directory.environment),
           var old = try? SynthJSON.decoder().decode(EnvironmentRecord.self, from: data) {
            let earlier = old.previous
            old.previous = []
            environment.previous = earlier + [old]
        }
        try AtomicFile.write(try SynthJSON.string(environment, pretty: true) + "\n", to: directory.environment, using: writer)
        return environment
    }

    /// The records that count as finished (ok always; error and timeout unless retrying; nothing when
    /// forced) and the cells still to run, in grid order.
    func partition(_ cells: [GridCell]) -> ([String: CellResult], [GridCell]) {
        var finished: [String: CellResult] = [:]
        var queue: [GridCell] = []
        for cell in cells {
            if !options.force, let r = CellResult.read(from: directory.cellResult(cell.id)), r.cellID == cell.id,
               r.status == .ok || (!options.retryFailed && (r.status == .error || r.status == .timeout)) {
                finished[cell.id] = r
            } else {
                queue.append(cell)
            }
        }
        return (finished, queue)
    }

    /// Fetches the datasets (and their hold-outs) the cells need, one at a time, before any cell starts, so
    /// that parallel cells never download the same file. A failure is reported; those cells then fail in
    /// their load phase with the registry's error.
    func prefetch(_ datasets: [String]) {
        guard !datasets.isEmpty else { return }
        do {
            let registry = try DatasetRegistry.open(explicit: options.datasetsDirectory)
            var names = datasets.map { DatasetName(parsing: $0).base }
            for d in names { if let h = try? registry.manifest(named: d).holdout { names.append(h) } }
            for name in names {
                do {
                    let manifest = try registry.manifest(named: name)
                    if case .missing = registry.status(of: manifest) { progress.message("fetching dataset \(name) ...") }
                    _ = try registry.verifiedFile(for: manifest, fetchIfMissing: true)
                } catch {
                    progress.message("warning: dataset \(name) is not available: \(error)")
                }
            }
        } catch {
            progress.message("warning: cannot open the dataset registry: \(error)")
        }
    }

    /// Starts one cell: clears its old files (record, progress, kept synthetic table), appends an attempt header to its log, spawns the process.
    func start(_ cell: GridCell) throws -> Running {
        let fm = FileManager.default
        try? fm.removeItem(at: directory.cellResult(cell.id))
        try? fm.removeItem(at: directory.cellProgress(cell.id))
        for format in KeptSynthetic.allCases { try? fm.removeItem(at: directory.cellSynthetic(cell.id, format)) }
        let log = directory.cellLog(cell.id)
        let offset: UInt64
        do {
            if !fm.fileExists(atPath: log.path) { try writer.write(Data(), to: log) }
            let handle = try FileHandle(forWritingTo: log)
            offset = try handle.seekToEnd()
            try handle.write(contentsOf: Data("=== synthbench cell \(cell.id): attempt started \(EnvironmentRecord.timestamp()) ===\n".utf8))
            try handle.close()
        } catch {
            throw OutputError(wrapping: error, path: log.path, operation: .write)
        }

        var arguments = ["cell", "--spec", directory.spec.path, "--cell", cell.id, "--out",
                         directory.cellResult(cell.id).path, "--run-id", directory.runID, "--no-fetch"]
        if let d = options.datasetsDirectory { arguments += ["--datasets-dir", d] }
        arguments += options.cellArguments
        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_NUM_THREADS"] = String(spec.blasThreads)
        environment["SYNTHBENCH_BLAS_THREADS"] = String(spec.blasThreads)
        environment[ParentWatch.environmentKey] = String(getpid())
        for (k, v) in options.environment { environment[k] = v }
        let process = try ChildProcess.spawn(executable: options.executable, arguments: arguments,
                                             environment: environment, log: log)
        let r = Running(cell: cell, process: process, logOffset: offset)
        if let t = options.timeoutS { r.deadline = r.started + .milliseconds(Int64((t * 1000).rounded())) }
        return r
    }

    func terminate(_ r: Running, as status: CellResult.Status) {
        r.stopping = status
        r.terminatedAt = ContinuousClock.now
        r.process.signalGroup(SIGTERM)
        r.killAt = ContinuousClock.now + .milliseconds(Int64((options.killGraceS * 1000).rounded()))
    }

    /// Sends SIGKILL to a cell's group, recording how long after SIGTERM and why.
    func kill(_ r: Running, byInterrupt: Bool) {
        r.process.signalGroup(SIGKILL)
        r.killed = true
        r.killedByInterrupt = byInterrupt
        r.stopping = r.stopping ?? .cancelled
        r.killDelay = r.terminatedAt.map { seconds(since: $0) }
    }

    /// What ``finish(_:termination:wall:)`` recorded: the cell's result (nil when no record could be
    /// written, so the cell runs again on resume) and, when the output failed, why.
    struct Finished {
        var result: CellResult?
        var storageFailure: String?
    }

    /// The result of a cell process that ended: the one it wrote (completed with its CPU time), or one
    /// built from its progress file, exit status and log. A cell that exited with
    /// ``CellExecution/outputFailureExitCode`` could not write its record: it gets none.
    func finish(_ r: Running, termination: ChildProcess.Termination, wall: Double) -> Finished {
        defer { try? writer.remove(directory.cellProgress(r.cell.id)) }
        if case .exited(let code) = termination.reason, code == CellExecution.outputFailureExitCode {
            // The cell's last log line is its error, naming the path and the reason.
            let last = logTail(r).split(separator: "\n").last.map(String.init)
            return Finished(result: nil, storageFailure: "cell \(r.cell.id) could not write its output in "
                            + "\(directory.cells.path)\(last.map { " (its log: \($0))" } ?? "")")
        }
        let cpu = CellResult.CPUSeconds(user: termination.userCPUSeconds, system: termination.systemCPUSeconds)
        let stopNote: String? = r.stopping.map { status in
            var text = status == .timeout ? "exceeded the per-cell timeout of \(Self.format(options.timeoutS ?? 0)) s"
                : r.stoppedForStorage ? "cancelled because the grid stopped on an output failure"
                : r.cancelReason ?? "cancelled by an interrupt of the runner"
            if r.killed {
                let delay = r.killDelay.map { String(format: " %.1f s after SIGTERM", $0) } ?? ""
                text += r.killedByInterrupt ? "; killed with SIGKILL\(delay) (a second interrupt)"
                    : "; killed with SIGKILL\(delay) (did not stop within the \(Self.format(options.killGraceS)) s grace period)"
            } else {
                text += "; stopped with SIGTERM"
            }
            return text
        }
        var result: CellResult
        if var written = CellResult.read(from: directory.cellResult(r.cell.id)), written.cellID == r.cell.id {
            written.cpuS = cpu
            written.build = options.build
            if let stopping = r.stopping, let note = stopNote, written.status == .cancelled {
                written.status = stopping
                written.error = note + (written.error.map { " (the cell reported: \($0))" } ?? "")
            }
            result = written
        } else {
            let progressFile = CellProgress.read(from: directory.cellProgress(r.cell.id))
            var timings = progressFile?.timingsS ?? PhaseTimings()
            timings.total = wall
            var text = stopNote ?? termination.reason.description
            if stopNote == nil, case .signaled(let s, _) = termination.reason, s == SIGKILL {
                text += " (not sent by the runner: most likely the kernel's out-of-memory killer)"
            }
            if stopNote == nil, case .exited = termination.reason {
                text += " without writing a result"
            }
            let tail = logTail(r)
            if !tail.isEmpty { text += "\nlast log lines:\n" + tail }
            result = CellResult(stopped: r.cell, experiment: spec.name, runID: directory.runID,
                                status: r.stopping ?? .error, error: text, phase: progressFile?.phase ?? "setup",
                                timings: timings, blasThreads: spec.blasThreads, peakRSSMB: r.polledPeakMB, cpuS: cpu,
                                rows: CellResult.Rows(real: progressFile?.rowsReal))
            result.build = options.build
        }
        do { try result.write(to: directory.cellResult(r.cell.id), using: writer) } catch {
            let failure = OutputError(wrapping: error, path: directory.cellResult(r.cell.id).path, operation: .write)
            // The cell's own record (without CPU time) stays when the runner cannot complete it.
            let kept = CellResult.read(from: directory.cellResult(r.cell.id))
            if failure.isStorageFailure { return Finished(result: kept, storageFailure: failure.description) }
            progress.message("warning: \(failure)")
            return Finished(result: kept)
        }
        return Finished(result: result)
    }

    /// The last lines this attempt wrote to the cell's log (see ``GridRunner/tail(ofLog:lines:)``).
    func logTail(_ r: Running) -> String {
        guard let handle = try? FileHandle(forReadingFrom: directory.cellLog(r.cell.id)) else { return "" }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: r.logOffset)) != nil, let data = try? handle.readToEnd() else { return "" }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        return Self.tail(ofLog: lines.dropFirst().map(String.init))   // dropFirst: the attempt header
    }

    /// The last `lines` lines of a cell's log. When the Swift runtime dumped a crash report (threads,
    /// registers, images), the lines before the dump are kept, plus its `*** Program crashed: ...` summary:
    /// the dump itself stays in the log file.
    package static func tail(ofLog log: [String], lines: Int = 20) -> String {
        guard let dump = log.firstIndex(where: { $0.hasPrefix("*** Signal ") || $0.hasPrefix("*** Program crashed") }) else {
            return log.suffix(lines).joined(separator: "\n")
        }
        var kept = Array(log[..<dump].suffix(lines - 1))
        if let summary = log[dump...].first(where: { $0.hasPrefix("*** Program crashed") }) { kept.append(summary) }
        return kept.joined(separator: "\n")
    }

    static func format(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(x) }
}
