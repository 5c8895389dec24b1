import Foundation
import Logging
import SynthCore
import SynthTable

/// `synthbench worker`: claims runs from a ``RunQueue`` and runs each cell in a child process exactly as a grid
/// cell runs (``GridRunner``'s spawn, timeout, kill and record code: same measurements, crash isolation and
/// run-directory layout), then stores the run's metrics and artifacts and rewrites the group's results
/// (``GroupResults``). docs/queue.md.
///
/// While a cell runs the worker renews its lease every lease/3 and reads the run's status every
/// ``Options/cancelCheck`` seconds: `cancelled` sends SIGTERM to the cell, whose ``SignalCancellation`` sets the
/// flag the training loops check. A cell that crashes (a signal the worker did not send) is given back to the
/// queue while attempts remain; a worker that dies leaves its run to be claimed again when its lease expires.
/// The first SIGTERM/SIGINT (``stop``) stops claiming and lets the current cell finish; a second stops the cell
/// and gives its run back without counting the attempt.
///
/// A run whose spec chooses what the worker's host executes or reads (``ServerSideField``: `python`, a hierarchy
/// file) fails with ``RefusedSpec`` before anything is written or started, wherever it was submitted from.
///
/// A storage failure under the results root (``OutputError/isStorageFailure``: ENOSPC, EDQUOT, EIO, EROFS, as
/// `synthbench run` stops a grid on) would fail every run from then on, so the worker gives the run it holds back
/// without counting the attempt, claims nothing more and throws ``StorageFailure`` naming the path. Met in the
/// report step (``Options/afterRun``), after the run's cell record is whole, the run keeps its outcome instead.
///
/// A run the worker cannot give back (the store fails in `release`) is left to its lease, as a dead worker's run
/// is: the worker throws ``ReleaseFailure``, which says when the lease ends and the run can be claimed again.
package struct QueueWorker {
    package struct Options: Sendable {
        package var workerID: String
        /// Seconds a claim holds without a heartbeat.
        package var lease: TimeInterval = 60
        /// Seconds between claims while the queue is empty.
        package var poll: TimeInterval = 2
        /// Seconds between reads of a running run's status (how soon a cancellation is seen).
        package var cancelCheck: TimeInterval = 0.5
        package var resultsRoot: URL
        package var executable: String
        /// That executable's build stamp, recorded in each group's `environment.json` (by the group's first worker)
        /// and in each cell record (``CellResult/build``), so a group run by several builds shows it.
        package var build: BuildStamp
        package var datasetsDirectory: String?
        package var cellArguments: [String] = []
        package var environment: [String: String] = [:]
        package var killGraceS: Double = 5
        /// Exit once nothing is queued or running (instead of polling forever).
        package var exitWhenDrained = false
        /// The report step: run in order after each run rewrote the group's results (the command line writes the
        /// run's report and plots: Reports sits above Harness).
        package var afterRun: [AfterRunStep] = []

        package init(workerID: String, resultsRoot: URL, executable: String, build: BuildStamp) {
            self.workerID = workerID; self.resultsRoot = resultsRoot; self.executable = executable; self.build = build
        }
    }

    /// One part of the report step. `write` gets the group's run directory and the cell id and returns the files it
    /// wrote, recorded as the run's artifacts. A storage failure it throws (an ``OutputError`` that
    /// ``OutputError/isStorageFailure``) stops the worker; any other error is recorded in the run's `error`
    /// (`queue show`, `queue list`, the service) and the run keeps its outcome.
    package struct AfterRunStep: Sendable {
        /// What the step writes, as the run's record names it: `report`, `plots`.
        package var name: String
        package var write: @Sendable (_ runDirectory: URL, _ cellID: String, _ log: Logger) throws -> [(kind: String, file: URL)]
        package init(name: String, write: @escaping @Sendable (URL, String, Logger) throws -> [(kind: String, file: URL)]) {
            self.name = name; self.write = write
        }
    }

    /// What the worker did before it stopped.
    package struct Summary: Sendable, Equatable {
        package var succeeded = 0, failed = 0, cancelled = 0, released = 0

        /// `worker W: 2 succeeded, 0 failed, 0 cancelled, 1 given back`, the line `synthbench worker` prints when it
        /// stops, whether it was drained, stopped or stopped by a failure.
        package func line(worker: String) -> String {
            "worker \(worker): \(succeeded) succeeded, \(failed) failed, \(cancelled) cancelled, \(released) given back"
        }

        mutating func count(_ disposition: Disposition) {
            switch disposition {
            case .succeeded: succeeded += 1
            case .failed: failed += 1
            case .cancelled: cancelled += 1
            case .released: released += 1
            }
        }
    }

    /// The worker stopped because the results' storage failed: the disk is full, over quota, failing or read-only.
    package struct StorageFailure: Error, CustomStringConvertible {
        /// What failed: the path, the operation and the system's reason.
        package var cause: String
        /// How the run the worker held was left.
        package var runNote: String
        package var resultsRoot: String
        /// What the worker did, the run it held included: recorded (the report step's failure) or given back.
        package var summary = Summary()
        /// How the held run was left, counted into ``summary`` by ``QueueWorker/run()`` (nil: not given back).
        var heldRun: Disposition? = nil
        package var description: String {
            "the worker stopped: \(cause)\n\(runNote); nothing more was claimed, the other runs are still queued. "
                + "Free space on the file system of \(resultsRoot) (or fix the disk, or make it writable), then start the worker again"
        }
    }

    /// The store failed when the worker gave a run back (`release`): the run stays `running` under the worker's lease
    /// until it ends, then the next claim takes it, counting an attempt (as for a worker that died; a run that has
    /// used its attempts is failed then). The worker stops: it cannot reach the store it would claim from.
    package struct ReleaseFailure: Error, CustomStringConvertible {
        package var run: Int64
        package var cause: String
        /// When the worker's lease on the run ends (its last claim or heartbeat plus the lease).
        package var leaseEnd: Date
        /// What the worker did before it stopped (the run it could not give back is not counted).
        package var summary = Summary()
        package var description: String {
            "the worker stopped: run \(run) could not be given back to the queue (\(cause)); \(Self.leftToLease(run, leaseEnd))"
        }

        /// What happens to a run the worker could not give back, with the lease's end in UTC.
        static func leftToLease(_ run: Int64, _ leaseEnd: Date) -> String {
            "it stays running until its lease ends at \(ISO8601DateFormatter().string(from: leaseEnd)), then the next "
                + "claim takes it again, counting an attempt (a run with no attempts left is failed then)"
        }
    }

    /// A queued spec carries a field that would make the worker's host execute or read a path the submitter chose
    /// (``ServerSideField``): the run fails without starting anything.
    package struct RefusedSpec: Error, CustomStringConvertible {
        package var field: ServerSideField
        package var description: String {
            "the spec's \(field.path) is refused on a worker, which runs nothing of this run: \(field.reason)"
        }
    }

    package let queue: any RunQueue
    package let options: Options
    package let stop: InterruptWatch
    let logger: Logger
    /// Every file the worker and its runner write in the run directory goes through it (tests inject failures).
    let writer: any FileWriter

    package init(queue: any RunQueue, options: Options, stop: InterruptWatch, logger: Logger = Logger(label: "synthbench.worker"),
                 writer: any FileWriter = SystemFileWriter()) {
        self.queue = queue; self.options = options; self.stop = stop; self.logger = logger; self.writer = writer
    }

    /// The log line written, once per cell, when the worker sees its first stop signal while a cell runs.
    package static let stopNoticedMessage = "stop signal received: finishing the current cell, then claiming nothing more"

    /// `<host>-<pid>`: unique among the workers of one queue as long as host names are.
    package static func defaultID() -> String { "\(ProcessInfo.processInfo.hostName)-\(getpid())" }

    package func run() async throws -> Summary {
        var summary = Summary()
        logger.info("worker started", metadata: ["worker": "\(options.workerID)", "lease_s": "\(options.lease)"])
        while stop.interrupts == 0 {
            guard let claimed = try await queue.claim(worker: options.workerID, lease: options.lease, now: Date()) else {
                if options.exitWhenDrained {
                    let counts = try await queue.counts()
                    if counts[.queued, default: 0] == 0 && counts[.running, default: 0] == 0 { break }
                }
                await pause(options.poll)
                continue
            }
            do { summary.count(try await execute(claimed)) } catch var failure as StorageFailure {
                if let held = failure.heldRun { summary.count(held) }
                failure.summary = summary
                logStopped(summary)
                throw failure
            } catch var failure as ReleaseFailure {
                failure.summary = summary
                logStopped(summary)
                throw failure
            }
        }
        logStopped(summary)
        return summary
    }

    func logStopped(_ summary: Summary) {
        logger.info("worker stopped", metadata: ["worker": "\(options.workerID)", "succeeded": "\(summary.succeeded)",
                                                 "failed": "\(summary.failed)", "cancelled": "\(summary.cancelled)",
                                                 "released": "\(summary.released)"])
    }

    enum Disposition { case succeeded, failed, cancelled, released }

    /// Runs one claimed run to its end and reports it.
    func execute(_ run: QueuedRun) async throws -> Disposition {
        let id = run.id
        let log = logger.with(run: id, cell: run.submission.cellID)
        // Until when this worker holds the run: the store's answer to the claim, then each heartbeat's.
        var leaseEnd = run.leaseExpiresAt ?? Date().addingTimeInterval(options.lease)
        log.info("claimed", metadata: ["attempt": "\(run.attempt)", "group": "\(run.submission.group)"])
        let spec: ExperimentSpec, cell: GridCell, group: GroupResults
        do {
            spec = try ExperimentSpec.decode(try SynthJSON.encoder().encode(run.submission.spec), source: "queued run \(id)",
                                             availableDatasets: nil)
            // Before anything is written or started: the spec may have come from an older service or straight
            // from the database.
            if let field = ServerSideField.find(in: spec).first { throw RefusedSpec(field: field) }
            guard let c = spec.cell(id: run.submission.cellID) else {
                throw CellExecution.CellNotFound(cellID: run.submission.cellID, spec: "queued run \(id)")
            }
            cell = c
            group = GroupResults(spec: spec, resultsRoot: options.resultsRoot, group: run.submission.group, writer: writer)
            try group.prepare(build: options.build)
        } catch {
            if let failure = Self.storageFailure(error) { try await stopForStorage(id, cause: failure.description, leaseEnd: leaseEnd, log: log) }
            return try await report(id, RunCompletion(status: .failed, error: "cannot start: \(error)"), log: log)
        }
        let runner = GridRunner(
            spec: spec, directory: group.directory,
            options: GridRunner.Options(jobs: 1, timeoutS: spec.timeoutS, killGraceS: options.killGraceS,
                                        executable: options.executable, build: options.build, datasetsDirectory: options.datasetsDirectory,
                                        cellArguments: options.cellArguments, environment: options.environment),
            interrupt: InterruptWatch(), progress: ProgressReporter(total: 1, jobs: 1, interactive: false, write: { _ in }),
            logger: log, writer: writer)
        runner.prefetch([cell.dataset])
        let child: GridRunner.Running
        do { child = try runner.start(cell) } catch {
            if let failure = Self.storageFailure(error) { try await stopForStorage(id, cause: failure.description, leaseEnd: leaseEnd, log: log) }
            return try await report(id, RunCompletion(status: .failed, error: "cannot start the cell: \(error)"), log: log)
        }
        log.info("cell started", metadata: ["pid": "\(child.process.pid)"])

        // Watch the cell: heartbeat, cancellation, timeout, a second stop signal.
        let clock = ContinuousClock()
        var nextHeartbeat = clock.now + .seconds(options.lease / 3)
        var nextCheck = clock.now + .seconds(options.cancelCheck)
        var leaseLost = false, giveBack = false, stopNoticed = false
        var termination: ChildProcess.Termination
        while true {
            if let t = child.process.poll() { termination = t; break }
            let now = clock.now
            if stop.interrupts > 0 && !stopNoticed {
                // The event a caller (and the SIGTERM test) can wait for: from here on nothing more is claimed.
                stopNoticed = true
                log.info("\(Self.stopNoticedMessage)")
            }
            if stop.interrupts > 1 && child.stopping == nil {
                child.cancelReason = "stopped by a second stop signal to the worker; the run goes back to the queue"
                runner.terminate(child, as: .cancelled)
                giveBack = true
            }
            if now >= nextCheck {
                nextCheck = now + .seconds(options.cancelCheck)
                if child.stopping == nil, (try? await queue.run(id))?.status == .cancelled {
                    cancelThroughQueue(child, runner, log)
                }
            }
            if now >= nextHeartbeat {
                nextHeartbeat = now + .seconds(options.lease / 3)
                do {
                    let beat = Date()
                    let status = try await queue.heartbeat(run: id, worker: options.workerID, lease: options.lease, now: beat)
                    leaseEnd = beat.addingTimeInterval(options.lease)
                    if status == .cancelled && child.stopping == nil { cancelThroughQueue(child, runner, log) }
                } catch RunQueueError.leaseLost {
                    // Another worker holds the run now: stop at once and leave its files to it.
                    log.warning("lease lost; killing the cell without recording it")
                    child.process.signalGroup(SIGKILL)
                    leaseLost = true
                } catch {
                    log.warning("heartbeat failed; the cell goes on", metadata: ["error": "\(error)"])
                }
            }
            if child.stopping == nil, let deadline = child.deadline, now >= deadline { runner.terminate(child, as: .timeout) }
            if !child.killed, let killAt = child.killAt, now >= killAt { runner.kill(child, byInterrupt: false) }
            try? await Task.sleep(for: .milliseconds(20))
        }
        if leaseLost { return .released }
        let finished = runner.finish(child, termination: termination, wall: seconds(since: child.started))
        if giveBack {
            if try await handBack(id, countAttempt: false, leaseEnd: leaseEnd, log: log) {
                log.info("given back to the queue (worker stopping)")
            }
            return .released
        }
        // The cell's record could not be written whole (by the cell or by the runner adding its CPU time).
        if let cause = finished.storageFailure { try await stopForStorage(id, cause: cause, leaseEnd: leaseEnd, log: log) }
        guard let result = finished.result else {
            return try await report(id, RunCompletion(status: .failed, error: "the cell wrote no record"), log: log)
        }
        // A crash (a signal the worker did not send) is tried again while attempts remain.
        if case .signaled = termination.reason, child.stopping == nil, run.attempt < run.submission.maxAttempts {
            if try await handBack(id, countAttempt: true, leaseEnd: leaseEnd, log: log) {
                log.warning("cell crashed; given back for another attempt", metadata: ["termination": "\(termination.reason)"])
            }
            return .released
        }
        let status: RunStatus = result.status == .ok ? .succeeded : result.status == .cancelled ? .cancelled : .failed
        var rewriteFailure: OutputError? = nil
        do { try group.rewrite() } catch {
            rewriteFailure = Self.storageFailure(error)
            if rewriteFailure == nil { log.warning("cannot rewrite the group's results", metadata: ["error": "\(error)"]) }
        }
        var files = [("result_json", group.directory.cellResult(cell.id)), ("log", group.directory.cellLog(cell.id))]
        if let keep = spec.keepSynthetic { files.append((keep.artifactKind, group.directory.cellSynthetic(cell.id, keep))) }
        let step = rewriteFailure == nil ? reportStep(group.directory.url, cell.id, log: log)
            : ReportStepOutcome(files: [], problems: [], storageFailure: nil)
        files += step.files
        // The run's own error first (`queue list` shows the first line), then what the report step could not write.
        let error = ([result.error].compactMap { $0 } + step.problems).joined(separator: "\n")
        let completion = RunCompletion(status: status, error: error.isEmpty ? nil : error, metrics: result.queueMetrics,
                                       artifacts: artifacts(files))
        let disposition = try await report(id, completion, log: log)
        if let failure = rewriteFailure ?? step.storageFailure {
            // The cell's record is whole, so the run keeps its outcome; what failed catches up later, or never (the
            // run's report and plots: `synthbench report`/`plot` write the group's).
            log.error("storage failure; the worker stops", metadata: ["cause": "\(failure)"])
            let recorded = disposition == .released ? "was left to its new holder (its lease expired)"
                : "was recorded as \(status.rawValue) from its cell record, which is whole"
            let lag = rewriteFailure != nil
                ? "results.json and results.csv of \(group.directory.url.path) lag until the next rewrite"
                : "its \(step.stoppedAt ?? "report") and what follows it in the report step were not written"
            throw StorageFailure(cause: failure.description, runNote: "run \(id) (cell \(cell.id)) \(recorded); \(lag)",
                                 resultsRoot: options.resultsRoot.path, heldRun: disposition)
        }
        return disposition
    }

    /// What the report step wrote, what it could not (`<step> not written: <why>`), and the storage failure that
    /// stopped it, if one did (``stoppedAt`` names that step; nothing after it runs on a failing disk).
    struct ReportStepOutcome {
        var files: [(String, URL)]
        var problems: [String]
        var storageFailure: OutputError?
        var stoppedAt: String? = nil
    }

    /// Runs ``Options/afterRun`` in order.
    func reportStep(_ directory: URL, _ cellID: String, log: Logger) -> ReportStepOutcome {
        var outcome = ReportStepOutcome(files: [], problems: [], storageFailure: nil)
        for step in options.afterRun {
            do {
                outcome.files += try step.write(directory, cellID, log).map { ($0.kind, $0.file) }
            } catch {
                if let failure = Self.storageFailure(error) {
                    outcome.storageFailure = failure
                    outcome.stoppedAt = step.name
                    return outcome
                }
                log.warning("the run's \(step.name) was not written", metadata: ["error": "\(error)"])
                outcome.problems.append("\(step.name) not written: \(error)")
            }
        }
        return outcome
    }

    /// `error` when it is a storage failure (the classification `synthbench run` stops a grid on), else nil.
    static func storageFailure(_ error: any Error) -> OutputError? {
        (error as? OutputError).flatMap { $0.isStorageFailure ? $0 : nil }
    }

    /// Gives the held run back without counting the attempt (the run was not at fault) and stops the worker.
    func stopForStorage(_ id: Int64, cause: String, leaseEnd: Date, log: Logger) async throws -> Never {
        log.error("storage failure; the run goes back to the queue and the worker stops", metadata: ["cause": "\(cause)"])
        var note: String, heldRun: Disposition? = .released
        do {
            if try await handBack(id, countAttempt: false, leaseEnd: leaseEnd, log: log) {
                note = (try? await queue.run(id))?.status == .cancelled
                    ? "run \(id) was cancelled through the queue meanwhile and stays cancelled"
                    : "run \(id) is queued again without counting the attempt"
            } else {
                note = "run \(id) is no longer this worker's (its lease expired); its new holder runs it"
            }
        } catch let failure as ReleaseFailure {
            note = "run \(id) could not be given back (\(failure.cause)); \(ReleaseFailure.leftToLease(id, leaseEnd))"
            heldRun = nil
        }
        throw StorageFailure(cause: cause, runNote: note, resultsRoot: options.resultsRoot.path, heldRun: heldRun)
    }

    /// `release`, for a crash to retry or a worker stopping; false when the lease was taken over meanwhile (the run is
    /// its new holder's). A store failure leaves the run to its lease (``ReleaseFailure``). No retry: the store the
    /// worker would retry against is the one that failed, and the lease already bounds how long the run waits.
    func handBack(_ id: Int64, countAttempt: Bool, leaseEnd: Date, log: Logger) async throws -> Bool {
        do {
            try await queue.release(run: id, worker: options.workerID, countAttempt: countAttempt, now: Date())
            return true
        } catch RunQueueError.leaseLost {
            log.warning("lease lost before the run was given back; its new holder runs it")
            return false
        } catch {
            let failure = ReleaseFailure(run: id, cause: "\(error)", leaseEnd: leaseEnd)
            log.error("cannot give the run back; the worker stops", metadata: ["error": "\(error)",
                      "lease_ends": "\(ISO8601DateFormatter().string(from: leaseEnd))"])
            throw failure
        }
    }

    func cancelThroughQueue(_ child: GridRunner.Running, _ runner: GridRunner, _ log: Logger) {
        child.cancelReason = "cancelled through the queue"
        runner.terminate(child, as: .cancelled)
        log.info("cancelled through the queue: SIGTERM sent to the cell")
    }

    /// Stores the outcome; a run whose lease was lost meanwhile is left to its new holder.
    func report(_ id: Int64, _ completion: RunCompletion, log: Logger) async throws -> Disposition {
        do {
            try await queue.finish(run: id, worker: options.workerID, outcome: completion, now: Date())
        } catch RunQueueError.leaseLost {
            log.warning("lease lost before the report; the run's new holder reports it")
            return .released
        }
        log.info("finished", metadata: ["status": "\(completion.status.rawValue)"])
        switch completion.status {
        case .succeeded: return .succeeded
        case .cancelled: return .cancelled
        default: return .failed
        }
    }

    /// The files (the cell's record, log and kept synthetic table, the run's report and plots), with their size and SHA-256, paths relative to
    /// the results root; a file that is not there is left out.
    func artifacts(_ files: [(String, URL)]) -> [RunArtifact] {
        let root = options.resultsRoot.standardizedFileURL.path + "/"
        return files.compactMap { kind, url in
            guard let data = try? Data(contentsOf: url) else { return nil }
            let path = url.standardizedFileURL.path
            return RunArtifact(kind: kind, path: path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path,
                               sha256: Checksum.sha256Hex(of: data), bytes: Int64(data.count))
        }
    }

    /// Sleeps `seconds`, waking early when a stop signal arrives.
    func pause(_ seconds: TimeInterval) async {
        let end = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < end && stop.interrupts == 0 { try? await Task.sleep(for: .milliseconds(100)) }
    }
}

extension Logger {
    fileprivate func with(run id: Int64, cell: String) -> Logger {
        var copy = self
        copy[metadataKey: "run"] = "\(id)"
        copy[metadataKey: "cell"] = "\(cell)"
        return copy
    }
}
