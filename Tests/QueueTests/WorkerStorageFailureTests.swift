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

        /// A worker that runs until the queue is drained, writing through `writer`.
        func worker(_ writer: FaultyFileWriter) throws -> QueueWorker {
            var options = QueueWorker.Options(workerID: "W", resultsRoot: results, executable: try SynthBenchBinary.path(),
                                              build: BuildStamp(commit: nil, dirty: nil, configuration: "debug"))
            options.poll = 0.05
            options.datasetsDirectory = RepositoryPaths.datasets.path
            options.environment = [TestMethods.environmentKey: "1", "XDG_CACHE_HOME": SynthBenchBinary.cacheHome.path]
            options.exitWhenDrained = true
            return QueueWorker(queue: store.queue, options: options, stop: InterruptWatch(), writer: writer)
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
        let json = """
            {"name": "\(label)", "datasets": ["penguins"], "methods": \(methods), "backends": ["sdv"], "seeds": \(seeds),
             "params": {"test-sleep": {"seconds": 0}}}
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
}
