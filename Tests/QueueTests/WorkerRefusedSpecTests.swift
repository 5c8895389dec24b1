import Foundation
import Harness
import SynthCore
import SynthTestSupport
import Testing

/// A spec that travels through the queue may not choose what the worker's host executes or reads (``ServerSideField``):
/// a worker fails such a run without starting anything, and `queue submit` refuses it, while `synthbench run` on the
/// user's own machine honours the same spec. The "python" is a script that leaves a marker file when it is run.
@Suite(.serialized) struct WorkerRefusedSpecTests {
    struct Fixture {
        let dir: URL
        var marker: URL { dir.appendingPathComponent("python-ran") }
        var python: URL { dir.appendingPathComponent("fake-python") }
        var results: URL { dir.appendingPathComponent("results") }

        init() throws {
            dir = try SynthBenchBinary.temporaryDirectory("refused-spec")
            try Data("#!/bin/sh\necho ran > '\(marker.path)'\nexit 1\n".utf8).write(to: python)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: python.path)
        }

        func remove() { try? FileManager.default.removeItem(at: dir) }

        /// gc on penguins with the library backend sdv-python, whose Python is the fake one when `withPython`.
        func spec(withPython: Bool = true, quasiIdentifiers: [String]? = nil) throws -> ExperimentSpec {
            var o: [String: JSONValue] = ["name": "refused", "datasets": ["penguins"], "methods": ["gc"], "backends": ["sdv-python"],
                                          "suites": []]
            if withPython { o["python"] = .string(python.path) }
            if let quasiIdentifiers { o["quasi_identifiers"] = .array(quasiIdentifiers.map { .string($0) }) }
            return try ExperimentSpec.decode(try SynthJSON.encoder().encode(JSONValue.object(o)), availableDatasets: nil)
        }

        /// An in-process worker over `queue` that stops once it is drained.
        func worker(_ queue: any RunQueue) throws -> QueueWorker {
            var options = QueueWorker.Options(workerID: "W", resultsRoot: results, executable: try SynthBenchBinary.path(),
                                              build: BuildStamp(commit: nil, dirty: nil, configuration: "debug"))
            options.poll = 0.05
            options.datasetsDirectory = RepositoryPaths.datasets.path
            options.environment = ["XDG_CACHE_HOME": SynthBenchBinary.cacheHome.path]
            options.exitWhenDrained = true
            return QueueWorker(queue: queue, options: options, stop: InterruptWatch())
        }
    }

    /// A run put into the queue directly (as an older service would have) whose spec names a Python fails at once:
    /// the fake Python never runs, nothing is written under the results, and the error names the field.
    @Test func aQueuedRunWithPythonFailsWithoutExecutingIt() async throws {
        let f = try Fixture()
        defer { f.remove() }
        let spec = try f.spec()
        let queue = InMemoryRunQueue()
        let ids = try await queue.submit([RunSubmission(spec: spec.normalizedJSON, cellID: spec.cells[0].id, group: "g")], now: Date())
        let summary = try await f.worker(queue).run()
        #expect(summary.failed == 1 && summary.succeeded == 0, "\(summary)")
        let run = try #require(try await queue.run(ids[0]))
        #expect(run.status == .failed, "\(run)")
        let error = run.error ?? ""
        #expect(error.hasPrefix("cannot start: the spec's python is refused on a worker, which runs nothing of this run:"), "\(error)")
        #expect(error.contains("SYNTHBENCH_PYTHON"), "\(error)")
        #expect(!FileManager.default.fileExists(atPath: f.marker.path))
        #expect(!FileManager.default.fileExists(atPath: f.results.appendingPathComponent(spec.name).path))
    }

    /// Control: `synthbench run`'s runner (the same cell process the worker would start) honours the spec's Python: the
    /// fake one runs and leaves its marker (and, being no Python, fails the cell).
    @Test func theLocalRunnerHonoursPython() throws {
        let f = try Fixture()
        defer { f.remove() }
        let spec = try f.spec()
        let runner = GridRunner(
            spec: spec, directory: RunDirectory(root: f.results, experiment: spec.name, runID: "local"),
            options: .init(jobs: 1, timeoutS: 120, executable: try SynthBenchBinary.path(),
                           build: BuildStamp(commit: nil, dirty: nil, configuration: "debug"),
                           datasetsDirectory: RepositoryPaths.datasets.path,
                           environment: ["XDG_CACHE_HOME": SynthBenchBinary.cacheHome.path]),
            interrupt: InterruptWatch(), progress: ProgressReporter(total: 1, jobs: 1, interactive: false, write: { _ in }))
        let report = try runner.run()
        #expect(report.results.map(\.status) == [.error], "\(report.results.map(\.error))")
        #expect(FileManager.default.fileExists(atPath: f.marker.path))
    }

    /// A hierarchy file is not read either: the file's lines (a malformed one here, which the reader's error would
    /// quote) never reach the run's error. Control: an inline rule on the same column is not refused.
    @Test func aQueuedRunWithAHierarchyFileFailsWithoutReadingIt() async throws {
        let f = try Fixture()
        defer { f.remove() }
        let file = f.dir.appendingPathComponent("islands.csv")
        try Data("Biscoe;south\nsecret-line-of-the-host\n".utf8).write(to: file)
        let spec = try f.spec(withPython: false, quasiIdentifiers: ["sex", "island:hierarchy=\(file.path)@1"])
        #expect(ServerSideField.find(in: spec).map(\.path) == ["quasi_identifiers[1]"])
        let inline = try f.spec(withPython: false, quasiIdentifiers: ["sex", "island:prefix=2", "body_mass_g:interval=500"])
        #expect(ServerSideField.find(in: inline).isEmpty)

        let queue = InMemoryRunQueue()
        let ids = try await queue.submit([RunSubmission(spec: spec.normalizedJSON, cellID: spec.cells[0].id, group: "g")], now: Date())
        _ = try await f.worker(queue).run()
        let run = try #require(try await queue.run(ids[0]))
        let error = run.error ?? ""
        #expect(run.status == .failed && error.hasPrefix("cannot start: the spec's quasi_identifiers[1] is refused on a worker"), "\(run)")
        #expect(!error.contains("secret-line"), "\(error)")
        #expect(!FileManager.default.fileExists(atPath: f.results.appendingPathComponent(spec.name).path))
    }

    /// `queue submit` (and `run --queue`) refuse such a spec before anything is queued; the same spec without the
    /// field is accepted (control).
    @Test func submittingAGridRefusesPython() throws {
        let f = try Fixture()
        defer { f.remove() }
        #expect { try RunSubmission.grid(try f.spec(), group: "g") } throws: { error in
            "\(error)".hasPrefix("invalid submission: the spec's python: a submitted spec may not choose the Python executable")
        }
        #expect(try RunSubmission.grid(try f.spec(withPython: false), group: "g").count == 1)
    }
}
