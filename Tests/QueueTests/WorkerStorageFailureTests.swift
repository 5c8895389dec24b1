import Foundation
import Harness
import SynthCore
import SynthTestSupport
import Testing

/// A worker on a full disk stops instead of failing the whole queue: the worker's loop is driven in this process
/// (``QueueWorker/run()``) over every store, its file writes going through ``FaultyFileWriter``; the cells are the
/// built binary's test-only methods. No waiting: `run()` returns (or throws) when the worker stops.
@Suite(.serialized) struct WorkerStorageFailureTests {
    init() { TestMethods.register() }

    struct Fixture {
        let dir: URL
        let store: TestStore
        let spec: ExperimentSpec
        let ids: [Int64]
        static let group = "g-1"
        var results: URL { dir.appendingPathComponent("results") }
        var runDirectory: RunDirectory { RunDirectory(root: results, experiment: spec.name, runID: Self.group) }

        func removeFiles() {
            try? FileManager.default.removeItem(at: dir)
            store.removeFiles()
        }

        /// A worker that runs until the queue is drained, writing through `writer`, over `queue` (default: the
        /// store's), with the report step `afterRun`, saying it is `build`.
        func worker(_ writer: FaultyFileWriter, queue: (any RunQueue)? = nil, afterRun: [QueueWorker.AfterRunStep] = [],
                    build: BuildStamp = BuildStamp(commit: nil, dirty: nil, configuration: "debug")) throws -> QueueWorker {
            var options = QueueWorker.Options(workerID: "W", resultsRoot: results, executable: try SynthBenchBinary.path(),
                                              build: build)
            options.poll = 0.05
            options.datasetsDirectory = RepositoryPaths.datasets.path
            options.environment = [TestMethods.environmentKey: "1", "XDG_CACHE_HOME": SynthBenchBinary.cacheHome.path]
            options.exitWhenDrained = true
            options.afterRun = afterRun
            return QueueWorker(queue: queue ?? store.queue, options: options, stop: InterruptWatch(), writer: writer)
        }

        /// The file a report step named `step` writes for `cell`.
        func stepFile(_ step: String, _ cell: String) -> URL { Self.stepFile(runDirectory.url, step, cell) }
        static func stepFile(_ runDirectory: URL, _ step: String, _ cell: String) -> URL {
            runDirectory.appendingPathComponent("\(step)/\(cell).txt")
        }

        /// A report step as the command line's: `report` then `plots`, each writing one file atomically through
        /// `writer` (where the tests inject the failure) and returning it as an artifact of kind `step`.
        func reportSteps(_ writer: FaultyFileWriter) -> [QueueWorker.AfterRunStep] {
            ["report", "plots"].map { step in
                QueueWorker.AfterRunStep(name: step) { directory, cell, _ in
                    let file = Self.stepFile(directory, step, cell)
                    try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try AtomicFile.write("\(step) of \(cell)", to: file, using: writer)
                    return [(kind: step, file: file)]
                }
            }
        }

        /// Fails with `code` every write of the temporary file that becomes `file` (an atomic write's).
        func failAtomicWrite(of file: URL, with code: Int32, in writer: FaultyFileWriter) {
            let prefix = file.deletingLastPathComponent().path + "/.\(file.lastPathComponent)."
            writer.fail(.write, code: code) { $0.hasPrefix(prefix) }
        }
    }

    /// Where the disk fills up while the worker handles its first run.
    enum Site: String, CaseIterable, CustomTestStringConvertible, Sendable {
        /// The group's `environment.json`, before the cell starts; the cell's log, as it starts; the cell's record,
        /// when the runner adds the CPU time to it; `results.json`, once the record is whole.
        case environment, log, record, results
        var testDescription: String { rawValue }

        func file(_ f: Fixture, cell: String) -> URL {
            switch self {
            case .environment: return f.runDirectory.environment
            case .log: return f.runDirectory.cellLog(cell)
            case .record: return f.runDirectory.cellResult(cell)
            case .results: return f.runDirectory.resultsJSON
            }
        }

        func inject(_ f: Fixture, cell: String, into writer: FaultyFileWriter) {
            switch self {
            case .log: writer.fail(.write, code: ENOSPC) { [path = file(f, cell: cell).path] in $0 == path }
            default: f.failAtomicWrite(of: file(f, cell: cell), with: ENOSPC, in: writer)
            }
        }
    }

    /// A store, a directory and the grid `methods` × `seeds` on penguins submitted as one group, in grid order.
    func fixture(_ kind: StoreKind, _ label: String, methods: [String], seeds: [Int], maxAttempts: Int) async throws -> Fixture? {
        guard let store = try await TestStore.make(kind, label: label) else { return nil }
        let dir: URL
        do { dir = try SynthBenchBinary.temporaryDirectory("worker-\(label)") } catch { store.removeFiles(); throw error }
        let params = methods.contains("test-sleep") ? #", "params": {"test-sleep": {"seconds": 0}}"# : ""
        let json = """
            {"name": "\(label)", "datasets": ["penguins"], "methods": \(methods), "backends": ["sdv"], "seeds": \(seeds)\(params)}
            """
        let spec = try ExperimentSpec.decode(Data(json.utf8), availableDatasets: nil)
        let ids = try await store.queue.submit(try RunSubmission.grid(spec, group: Fixture.group, maxAttempts: maxAttempts), now: Date())
        return Fixture(dir: dir, store: store, spec: spec, ids: ids)
    }

    /// ENOSPC while the worker handles its first run (it used to fail every queued run, using up their attempts): the
    /// second run is never claimed, and the worker's error names the path, the reason and what to do. The first run
    /// goes back to the queue with its attempt uncounted, or, when only `results.json` failed after the cell's record
    /// was whole, keeps its outcome. Once the disk is freed, a worker runs what is left.
    @Test(arguments: StoreKind.allCases, Site.allCases)
    func aFullDiskGivesTheRunBackAndStopsTheWorker(_ kind: StoreKind, _ site: Site) async throws {
        guard let f = try await fixture(kind, "enospc", methods: ["test-sleep"], seeds: [0, 1], maxAttempts: 3) else { return }
        defer { f.removeFiles() }
        let first = f.spec.cells[0].id
        let writer = FaultyFileWriter()
        site.inject(f, cell: first, into: writer)

        let failure = await #expect(throws: QueueWorker.StorageFailure.self) { try await f.worker(writer).run() }
        let text = failure?.description ?? ""
        #expect(text.contains("cannot write \(site.file(f, cell: first).path): No space left on device (ENOSPC)"), "\(text)")
        let note = site == .results ? "run \(f.ids[0]) (cell \(first)) was recorded as succeeded from its cell record"
            : "run \(f.ids[0]) is queued again without counting the attempt"
        #expect(text.contains(note) && text.contains("; nothing more was claimed, the other runs are still queued."), "\(text)")
        #expect(text.hasSuffix("Free space on the file system of \(f.results.path) (or fix the disk, or make it writable), "
                               + "then start the worker again"), "\(text)")
        #expect(writer.injected.count == 1, "\(writer.injected)")
        // The stop line's counts (loose16b, 3): the run recorded before results.json failed is a success (it counted
        // nothing), one given back is given back.
        let counts = failure?.summary
        #expect(counts?.succeeded == (site == .results ? 1 : 0) && counts?.released == (site == .results ? 0 : 1)
                && counts?.failed == 0 && counts?.cancelled == 0, "\(String(describing: counts))")
        // `synthbench worker` prints them before its error.
        #expect(counts?.line(worker: "W") == "worker W: \(site == .results ? 1 : 0) succeeded, 0 failed, 0 cancelled, "
                + "\(site == .results ? 0 : 1) given back")
        let held = try #require(try await f.store.queue.run(f.ids[0]))
        if site == .results {
            #expect(held.status == .succeeded && held.attempt == 1, "\(held)")
        } else {
            #expect(held.status == .queued && held.attempt == 0 && held.leaseOwner == nil && held.error == nil, "\(held)")
        }
        let next = try #require(try await f.store.queue.run(f.ids[1]))
        #expect(next.status == .queued && next.attempt == 0 && next.startedAt == nil, "\(next)")

        writer.heal()
        let summary = try await f.worker(writer).run()
        #expect(summary.succeeded == (site == .results ? 1 : 2) && summary.failed == 0 && summary.released == 0, "\(summary)")
        for id in f.ids {
            let run = try #require(try await f.store.queue.run(id))
            #expect(run.status == .succeeded && run.attempt == 1, "\(run)")
        }
    }

    /// Negative control: failures that are not the storage's fail their run (or not) as before and the worker goes on.
    /// A generator error (`test-crash` aborts in fit, one attempt) fails its run; a refused write of the next cell's
    /// record (EACCES, at the very write the test above fails with ENOSPC) is not a storage failure: that run keeps
    /// the record its cell wrote and succeeds.
    @Test(arguments: StoreKind.allCases)
    func otherFailuresFailTheRunAndTheWorkerGoesOn(_ kind: StoreKind) async throws {
        guard let f = try await fixture(kind, "eacces", methods: ["test-crash", "test-sleep"], seeds: [0], maxAttempts: 1) else { return }
        defer { f.removeFiles() }
        let writer = FaultyFileWriter()
        f.failAtomicWrite(of: f.runDirectory.cellResult(f.spec.cells[1].id), with: EACCES, in: writer)

        let summary = try await f.worker(writer).run()
        #expect(summary.succeeded == 1 && summary.failed == 1 && summary.released == 0, "\(summary)")
        #expect(writer.injected.count == 1, "\(writer.injected)")
        let crashed = try #require(try await f.store.queue.run(f.ids[0]))
        #expect(crashed.status == .failed && crashed.attempt == 1, "\(crashed)")
        #expect(crashed.error?.hasPrefix("killed by signal SIGABRT (6)") == true, "\(crashed.error ?? "")")
        #expect(try await f.store.queue.run(f.ids[1])?.status == .succeeded)
    }
    /// Audit 16 (loose16, 1): a full disk met in the report step (the run's report and plots, written after its cell
    /// record and results.json) used to be logged only; the run was recorded without its report and the NEXT run's
    /// first write stopped the worker. Now it stops the worker at once; the finished run keeps its outcome (it is not
    /// run again or failed), nothing after the failing step is written, and the next run is never claimed.
    @Test(arguments: StoreKind.allCases)
    func aFullDiskInTheReportStepStopsTheWorkerAndTheRunKeepsItsOutcome(_ kind: StoreKind) async throws {
        guard let f = try await fixture(kind, "report-enospc", methods: ["test-sleep"], seeds: [0, 1], maxAttempts: 3) else { return }
        defer { f.removeFiles() }
        let first = f.spec.cells[0].id
        let writer = FaultyFileWriter()
        f.failAtomicWrite(of: f.stepFile("report", first), with: ENOSPC, in: writer)

        let failure = await #expect(throws: QueueWorker.StorageFailure.self) {
            try await f.worker(writer, afterRun: f.reportSteps(writer)).run()
        }
        let text = failure?.description ?? ""
        #expect(text.contains("cannot write \(f.stepFile("report", first).path): No space left on device (ENOSPC)"), "\(text)")
        #expect(text.contains("run \(f.ids[0]) (cell \(first)) was recorded as succeeded from its cell record, which is whole; "
                              + "its report and what follows it in the report step were not written; nothing more was claimed"), "\(text)")
        #expect(writer.injected.count == 1, "\(writer.injected)")
        #expect(!FileManager.default.fileExists(atPath: f.stepFile("plots", first).path))
        // The stop line counts the run recorded as succeeded (loose16b, 3: it said succeeded=0).
        let counts = failure?.summary
        #expect(counts?.succeeded == 1 && counts?.failed == 0 && counts?.cancelled == 0 && counts?.released == 0,
                "\(String(describing: counts))")
        let held = try #require(try await f.store.queue.run(f.ids[0]))
        #expect(held.status == .succeeded && held.attempt == 1 && held.error == nil, "\(held)")
        #expect(try await f.store.queue.artifacts(run: f.ids[0]).map(\.kind).sorted() == ["log", "result_json"])
        let next = try #require(try await f.store.queue.run(f.ids[1]))
        #expect(next.status == .queued && next.attempt == 0 && next.startedAt == nil, "\(next)")

        writer.heal()
        let summary = try await f.worker(writer, afterRun: f.reportSteps(writer)).run()
        #expect(summary.succeeded == 1 && summary.failed == 0 && summary.released == 0, "\(summary)")
        #expect(try await f.store.queue.artifacts(run: f.ids[1]).map(\.kind).sorted() == ["log", "plots", "report", "result_json"])
    }

    /// Audit 16 (loose16, 1), and the control of the test above: a report step that fails for another reason (EACCES
    /// on the report) does not stop the worker; the run keeps its outcome and says in its error what was not written
    /// (`queue show`, `queue list`, the service), the steps after it still run, and the next run, whose report is
    /// written, has no error.
    @Test(arguments: StoreKind.allCases)
    func anotherReportStepFailureIsRecordedOnTheRun(_ kind: StoreKind) async throws {
        guard let f = try await fixture(kind, "report-eacces", methods: ["test-sleep"], seeds: [0, 1], maxAttempts: 3) else { return }
        defer { f.removeFiles() }
        let first = f.spec.cells[0].id
        let writer = FaultyFileWriter()
        f.failAtomicWrite(of: f.stepFile("report", first), with: EACCES, in: writer)

        let summary = try await f.worker(writer, afterRun: f.reportSteps(writer)).run()
        #expect(summary.succeeded == 2 && summary.failed == 0 && summary.released == 0, "\(summary)")
        #expect(writer.injected.count == 1, "\(writer.injected)")
        let run = try #require(try await f.store.queue.run(f.ids[0]))
        #expect(run.status == .succeeded && run.attempt == 1, "\(run)")
        #expect(run.error?.hasPrefix("report not written: cannot write \(f.stepFile("report", first).path): Permission denied (EACCES)") == true,
                "\(run.error ?? "nil")")
        #expect(try await f.store.queue.artifacts(run: f.ids[0]).map(\.kind).sorted() == ["log", "plots", "result_json"])
        let second = try #require(try await f.store.queue.run(f.ids[1]))
        #expect(second.status == .succeeded && second.error == nil, "\(second)")
        #expect(try await f.store.queue.artifacts(run: f.ids[1]).map(\.kind).sorted() == ["log", "plots", "report", "result_json"])
    }

    /// Audit 16 (loose16, 2): a run the worker cannot give back because the store fails (the database is down) is left
    /// to its lease, the designed recovery for a worker that dies: the worker stops and says when the lease ends, and
    /// the run is claimable exactly then, as its next attempt. Driven by a crash (`test-crash`, 2 attempts), whose run
    /// the worker gives back for another attempt. Control: the same store with `release` working queues the run again
    /// at once; its second attempt crashes too and fails it.
    @Test(arguments: StoreKind.allCases)
    func aRunThatCannotBeGivenBackIsLeftToItsLease(_ kind: StoreKind) async throws {
        guard let f = try await fixture(kind, "release-down", methods: ["test-crash"], seeds: [0], maxAttempts: 2) else { return }
        defer { f.removeFiles() }
        let down = ReleaseFailingQueue(base: f.store.queue, failing: true)
        let failure = await #expect(throws: QueueWorker.ReleaseFailure.self) { try await f.worker(FaultyFileWriter(), queue: down).run() }
        let run = try #require(try await f.store.queue.run(f.ids[0]))
        #expect(run.status == .running && run.attempt == 1 && run.leaseOwner == "W", "\(run)")
        let end = try #require(run.leaseExpiresAt)
        let leaseEnd = try #require(failure?.leaseEnd)
        #expect(abs(leaseEnd.timeIntervalSince(end)) < 0.001, "\(leaseEnd) vs \(end)")
        let text = failure?.description ?? ""
        #expect(text == "the worker stopped: run \(f.ids[0]) could not be given back to the queue (\(ReleaseFailingQueue.outage)); "
                + "it stays running until its lease ends at \(ISO8601DateFormatter().string(from: leaseEnd)), then the next claim "
                + "takes it again, counting an attempt (a run with no attempts left is failed then)", "\(text)")
        // What the message promises: not claimable before the lease's end, claimable after it as attempt 2.
        #expect(try await f.store.queue.claim(worker: "V", lease: 60, now: end.addingTimeInterval(-1)) == nil)
        let again = try #require(try await f.store.queue.claim(worker: "V", lease: 60, now: end.addingTimeInterval(1)))
        #expect(again.id == f.ids[0] && again.attempt == 2, "\(again)")
    }

    /// A worker stopping on a full disk whose `release` then fails too says the same about the run (the full-disk
    /// test above is the control, with `release` working: the run is queued again).
    @Test(arguments: StoreKind.allCases)
    func aFullDiskWithTheStoreDownSaysWhenTheLeaseEnds(_ kind: StoreKind) async throws {
        guard let f = try await fixture(kind, "enospc-down", methods: ["test-sleep"], seeds: [0], maxAttempts: 3) else { return }
        defer { f.removeFiles() }
        let writer = FaultyFileWriter()
        Site.environment.inject(f, cell: f.spec.cells[0].id, into: writer)
        let down = ReleaseFailingQueue(base: f.store.queue, failing: true)
        let failure = await #expect(throws: QueueWorker.StorageFailure.self) { try await f.worker(writer, queue: down).run() }
        let run = try #require(try await f.store.queue.run(f.ids[0]))
        #expect(run.status == .running && run.attempt == 1, "\(run)")
        // Not given back, so not counted as given back (the full-disk test above counts the one it gave back).
        #expect(failure?.summary.released == 0 && failure?.summary.succeeded == 0, "\(String(describing: failure?.summary))")
        let end = ISO8601DateFormatter().string(from: try #require(run.leaseExpiresAt))
        #expect(failure?.runNote == "run \(f.ids[0]) could not be given back (\(ReleaseFailingQueue.outage)); it stays running until "
                + "its lease ends at \(end), then the next claim takes it again, counting an attempt (a run with no attempts "
                + "left is failed then)", "\(failure?.runNote ?? "")")
    }

    /// The control of `aRunThatCannotBeGivenBackIsLeftToItsLease`: the same wrapper with `release` working.
    @Test(arguments: StoreKind.allCases)
    func aRunGivenBackWhileTheStoreAnswersIsQueuedAtOnce(_ kind: StoreKind) async throws {
        guard let f = try await fixture(kind, "release-up", methods: ["test-crash"], seeds: [0], maxAttempts: 2) else { return }
        defer { f.removeFiles() }
        let up = ReleaseFailingQueue(base: f.store.queue, failing: false)
        let summary = try await f.worker(FaultyFileWriter(), queue: up).run()
        #expect(summary.released == 1 && summary.failed == 1, "\(summary)")
        let run = try #require(try await f.store.queue.run(f.ids[0]))
        #expect(run.status == .failed && run.attempt == 2, "\(run)")
    }
}

/// A store whose `release` fails as a store that cannot be reached does (``RunQueueError/store(_:)``) when `failing`;
/// everything else is `base`'s.
struct ReleaseFailingQueue: RunQueue {
    static let outage = RunQueueError.store("connection refused (the test's database outage)")
    let base: any RunQueue
    let failing: Bool

    func release(run: Int64, worker: String, countAttempt: Bool, now: Date) async throws {
        if failing { throw Self.outage }
        try await base.release(run: run, worker: worker, countAttempt: countAttempt, now: now)
    }
    func migrate() async throws { try await base.migrate() }
    func submit(_ submissions: [RunSubmission], now: Date) async throws -> [Int64] { try await base.submit(submissions, now: now) }
    func claim(worker: String, lease: TimeInterval, now: Date) async throws -> QueuedRun? {
        try await base.claim(worker: worker, lease: lease, now: now)
    }
    func heartbeat(run: Int64, worker: String, lease: TimeInterval, now: Date) async throws -> RunStatus {
        try await base.heartbeat(run: run, worker: worker, lease: lease, now: now)
    }
    func finish(run: Int64, worker: String, outcome: RunCompletion, now: Date) async throws {
        try await base.finish(run: run, worker: worker, outcome: outcome, now: now)
    }
    func cancel(run: Int64, now: Date) async throws -> RunStatus { try await base.cancel(run: run, now: now) }
    func retry(run: Int64, now: Date) async throws { try await base.retry(run: run, now: now) }
    func run(_ id: Int64) async throws -> QueuedRun? { try await base.run(id) }
    func list(_ filter: RunFilter) async throws -> [QueuedRun] { try await base.list(filter) }
    func metrics(run: Int64) async throws -> [RunMetric] { try await base.metrics(run: run) }
    func artifacts(run: Int64) async throws -> [RunArtifact] { try await base.artifacts(run: run) }
    func counts() async throws -> [RunStatus: Int] { try await base.counts() }
}
