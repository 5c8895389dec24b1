import Evaluation
import Foundation
import Logging
import SynthTable

/// Runs a grid: every cell in a child process of its own (`synthbench cell ...`), `jobs` at a time, with a
/// hard per-cell timeout, resuming a run directory that already holds results.
///
/// A cell that crashes, runs out of memory, exits non-zero or times out fails alone: the runner records it
/// from the progress file the cell kept (phase, finished timings), the exit status and the tail of its log,
/// and goes on. An interrupt (``InterruptWatch``) stops the grid cleanly: no new cells, running ones get
/// SIGTERM and, after the grace period, SIGKILL, and are recorded as cancelled.
public final class GridRunner {
    public struct Options: Sendable {
        /// Cells run at the same time.
        public var jobs: Int
        /// Per-cell wall-clock limit (from spawn to exit); nil for none.
        public var timeoutS: Double?
        /// Rerun every cell, finished or not.
        public var force: Bool
        /// Rerun cells whose result is `error` or `timeout` (otherwise they count as finished).
        public var retryFailed: Bool
        /// Seconds between SIGTERM and SIGKILL when stopping a cell.
        public var killGraceS: Double
        /// The synthbench executable the cells run.
        public var executable: String
        public var datasetsDirectory: String?
        /// Extra arguments for every `synthbench cell` (e.g. `--log-json`).
        public var cellArguments: [String]
        /// Added to the inherited environment of every cell.
        public var environment: [String: String]

        public init(jobs: Int, timeoutS: Double?, force: Bool = false, retryFailed: Bool = false, killGraceS: Double = 5,
                    executable: String, datasetsDirectory: String? = nil, cellArguments: [String] = [],
                    environment: [String: String] = [:]) {
            self.jobs = jobs; self.timeoutS = timeoutS; self.force = force; self.retryFailed = retryFailed
            self.killGraceS = killGraceS; self.executable = executable; self.datasetsDirectory = datasetsDirectory
            self.cellArguments = cellArguments; self.environment = environment
        }
    }

    /// What a run did.
    public struct Report: Sendable {
        public var directory: RunDirectory
        /// Every cell that has a result, in grid order (including those finished in earlier invocations).
        public var results: [CellResult]
        /// Cells without a result (an interrupted run).
        public var pending: [String]
        /// Cells run by this invocation, and cells skipped because an earlier one finished them.
        public var ran: Int
        public var skipped: Int
        public var interrupted: Bool
    }

    /// A run directory already holds a different grid.
    public struct SpecMismatch: Error, CustomStringConvertible {
        public var directory: String
        public var existingHash: String
        public var newHash: String
        public var description: String {
            "\(directory) holds a run of a different spec (content hash \(existingHash), this spec \(newHash)); "
                + "choose another --run-id or --out, or pass --force to rerun every cell there"
        }
    }

    public let spec: ExperimentSpec
    public let directory: RunDirectory
    public let options: Options
    public let interrupt: InterruptWatch
    public let progress: ProgressReporter
    let logger: Logger

    public init(spec: ExperimentSpec, directory: RunDirectory, options: Options, interrupt: InterruptWatch,
                progress: ProgressReporter, logger: Logger = Logger(label: "synthbench.run")) {
        self.spec = spec; self.directory = directory; self.options = options; self.interrupt = interrupt
        self.progress = progress; self.logger = logger
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
        var killAt: ContinuousClock.Instant?
        var killed = false
        /// The highest VmHWM seen while polling (a lower bound, for cells that die before reporting theirs).
        var polledPeakMB: Double?

        init(cell: GridCell, process: ChildProcess, logOffset: UInt64) {
            self.cell = cell; self.process = process; self.logOffset = logOffset
        }
    }

    /// Another runner holds the run directory.
    public struct DirectoryBusy: Error, CustomStringConvertible {
        public var directory: String
        public var description: String { "another synthbench run is using \(directory); wait for it or stop it first" }
    }

    /// Runs the grid and writes every file of the run directory.
    public func run() throws -> Report {
        try directory.create()
        // One runner per directory: an exclusive lock on RUN_DIR/.lock, released by the kernel when this
        // process ends however it ends (so a killed run can always be resumed).
        let lock = open(directory.url.appendingPathComponent(".lock").path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lock >= 0 else { throw DirectoryBusy(directory: directory.url.path) }
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
        func store() {
            let ordered = cells.compactMap { results[$0.id] }
            let pending = cells.filter { results[$0.id] == nil }.map(\.id)
            do {
                try RunResults(experiment: spec.name, runID: directory.runID, environment: environment,
                               spec: effective.normalizedJSON, cells: ordered, pending: pending).write(to: directory.resultsJSON)
                try ResultsCSV.write(ordered, to: directory.resultsCSV)
            } catch {
                progress.message("warning: cannot write the run's results: \(error)")
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
                for r in running where !r.killed { r.process.signalGroup(SIGKILL); r.killed = true; r.stopping = r.stopping ?? .cancelled }
            }

            while !stopRequested && running.count < options.jobs && !queue.isEmpty {
                let cell = queue.removeFirst()
                do {
                    running.append(try start(cell))
                    ran += 1
                } catch {
                    let result = CellResult(stopped: cell, experiment: spec.name, runID: directory.runID, status: .error,
                                            error: "\(error)", phase: "setup", timings: PhaseTimings(),
                                            blasThreads: spec.blasThreads, peakRSSMB: nil)
                    try? result.write(to: directory.cellResult(cell.id))
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
                    let result = finish(r, termination: termination, wall: wall)
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
                if !r.killed, let killAt = r.killAt, now >= killAt { r.process.signalGroup(SIGKILL); r.killed = true }
                index += 1
            }
            if now - lastMemoryPoll >= .milliseconds(100) {
                lastMemoryPoll = now
                for r in running {
                    if let mb = ProcessMemory.peakResidentMB(pid: r.process.pid) { r.polledPeakMB = max(r.polledPeakMB ?? 0, mb) }
                }
            }
            if running.isEmpty && (queue.isEmpty || stopRequested) { break }
            progress.tick(running: running.count, waiting: stopRequested ? 0 : queue.count)
            usleep(20_000)
        }
        progress.close()

        environment.finishedAt = EnvironmentRecord.timestamp()
        try AtomicFile.write(try EvaluationJSON.string(environment, pretty: true) + "\n", to: directory.environment)
        store()
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
        try AtomicFile.write(try effective.normalizedText(), to: directory.spec)
        return effective
    }

    /// Writes `environment.json` for this invocation, keeping earlier invocations' records in `previous`.
    func writeEnvironment() throws -> EnvironmentRecord {
        var environment = EnvironmentRecord.capture(blasThreads: spec.blasThreads, jobs: options.jobs,
                                                    executable: options.executable)
        if let data = try? Data(contentsOf: directory.environment),
           var old = try? JSONDecoder().decode(EnvironmentRecord.self, from: data) {
            let earlier = old.previous
            old.previous = []
            environment.previous = earlier + [old]
        }
        try AtomicFile.write(try EvaluationJSON.string(environment, pretty: true) + "\n", to: directory.environment)
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
            var names = datasets
            for d in datasets { if let h = try? registry.manifest(named: d).holdout { names.append(h) } }
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

    /// Starts one cell: clears its old files, appends an attempt header to its log, spawns the process.
    func start(_ cell: GridCell) throws -> Running {
        let fm = FileManager.default
        try? fm.removeItem(at: directory.cellResult(cell.id))
        try? fm.removeItem(at: directory.cellProgress(cell.id))
        let log = directory.cellLog(cell.id)
        if !fm.fileExists(atPath: log.path) { _ = fm.createFile(atPath: log.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: log)
        let offset = try handle.seekToEnd()
        try handle.write(contentsOf: Data("=== synthbench cell \(cell.id): attempt started \(EnvironmentRecord.timestamp()) ===\n".utf8))
        try handle.close()

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
        r.process.signalGroup(SIGTERM)
        r.killAt = ContinuousClock.now + .milliseconds(Int64((options.killGraceS * 1000).rounded()))
    }

    /// The result of a cell process that ended: the one it wrote (completed with its CPU time), or one
    /// built from its progress file, exit status and log.
    func finish(_ r: Running, termination: ChildProcess.Termination, wall: Double) -> CellResult {
        let cpu = CellResult.CPUSeconds(user: termination.userCPUSeconds, system: termination.systemCPUSeconds)
        let stopNote: String? = r.stopping.map { status in
            var text = status == .timeout
                ? "exceeded the per-cell timeout of \(Self.format(options.timeoutS ?? 0)) s"
                : "cancelled by an interrupt of the runner"
            text += r.killed ? "; killed with SIGKILL (did not stop within \(Self.format(options.killGraceS)) s of SIGTERM)"
                             : "; stopped with SIGTERM"
            return text
        }
        var result: CellResult
        if var written = CellResult.read(from: directory.cellResult(r.cell.id)), written.cellID == r.cell.id {
            written.cpuS = cpu
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
                                timings: timings, blasThreads: spec.blasThreads, peakRSSMB: r.polledPeakMB, cpuS: cpu)
        }
        do { try result.write(to: directory.cellResult(r.cell.id)) } catch {
            progress.message("warning: cannot write \(directory.cellResult(r.cell.id).path): \(error)")
        }
        try? FileManager.default.removeItem(at: directory.cellProgress(r.cell.id))
        return result
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
    public static func tail(ofLog log: [String], lines: Int = 20) -> String {
        guard let dump = log.firstIndex(where: { $0.hasPrefix("*** Signal ") || $0.hasPrefix("*** Program crashed") }) else {
            return log.suffix(lines).joined(separator: "\n")
        }
        var kept = Array(log[..<dump].suffix(lines - 1))
        if let summary = log[dump...].first(where: { $0.hasPrefix("*** Program crashed") }) { kept.append(summary) }
        return kept.joined(separator: "\n")
    }

    static func format(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(x) }
}
