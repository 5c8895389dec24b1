import Foundation
import Harness
import SynthTestSupport
import Testing

/// Audit 15c: `synthbench queue ...` and `worker` with an operator's bad input, through the built binary on a
/// SQLite store of the test's own: a clear error naming what is wrong, a non-zero exit, nothing created or changed.
@Suite struct QueueCommandTests {
    func store(_ label: String) async throws -> TestStore { try #require(try await TestStore.make(.sqlite, label: label)) }

    func submit(_ queue: any RunQueue, cells: [String]) async throws -> [Int64] {
        try await queue.submit(cells.map { RunSubmission(spec: .object(["name": .string("cli")]), cellID: $0, group: "cli") },
                               now: Date(timeIntervalSince1970: 1000))
    }

    /// The commands that read or change runs refuse a queue file that is not there: a mistyped path used to be
    /// created (folders too) and read as an empty queue, exit 0. Control: the same commands on the store itself.
    @Test func aMissingQueueFileIsRefusedAndNotCreated() async throws {
        let s = try await store("cli-missing")
        defer { s.removeFiles() }
        let dir = try #require(s.directory)
        let typo = dir.appendingPathComponent("reslts/queue.sqlite").path
        for command in [["list"], ["show", "1"], ["cancel", "1"], ["retry", "1"]] {
            let out = try SynthBenchBinary.run(["queue"] + command + ["--database", "sqlite:\(typo)"], in: dir)
            #expect(out.status == 1, "\(command): \(out.status) \(out.stderr)")
            #expect(out.stderr.hasPrefix("Error: queue store: no queue at sqlite:\(typo) (--database): the file does not exist; "),
                    "\(command): \(out.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("reslts").path))
        let id = try #require(try await submit(s.queue, cells: ["a"]).first)
        let list = try SynthBenchBinary.run(["queue", "list", "--database", s.url!], in: dir)
        #expect(list.status == 0 && list.stdout.contains("queued 1,"), "\(list.stderr)")
        #expect(try SynthBenchBinary.run(["queue", "show", "\(id)", "--database", s.url!], in: dir).status == 0)
    }

    /// Another program's SQLite database given as the queue is refused and left as it was (the queue's tables were
    /// added to it, even by `queue list`). The foreign database is `synthbench export --format sqlite` of a CSV.
    /// Control: the test's own queue file opens.
    @Test func anotherProgramsDatabaseIsRefusedAndUnchanged() async throws {
        let s = try await store("cli-foreign")
        defer { s.removeFiles() }
        let dir = try #require(s.directory)
        try Data("a,b\n1,x\n2,y\n".utf8).write(to: dir.appendingPathComponent("t.csv"))
        let foreign = dir.appendingPathComponent("other.sqlite")
        let export = try SynthBenchBinary.run(["export", "t.csv", "--format", "sqlite", "--out", foreign.path], in: dir)
        try #require(export.status == 0, "\(export.stderr)")
        let before = try Data(contentsOf: foreign)
        try Data(#"{"name": "f", "datasets": ["penguins"], "methods": ["gc"], "backends": ["sdv"], "seeds": [0]}"#.utf8)
            .write(to: dir.appendingPathComponent("grid.json"))
        for arguments in [["queue", "list"], ["queue", "submit", "grid.json"], ["worker", "--exit-when-drained"]] {
            let out = try SynthBenchBinary.run(arguments + ["--database", "sqlite:\(foreign.path)"], in: dir)
            #expect(out.status == 1, "\(arguments): \(out.status) \(out.stderr)")
            #expect(out.stderr.hasPrefix("Error: queue store: sqlite:\(foreign.path) is not a run queue: it is a SQLite database with other tables ("),
                    "\(arguments): \(out.stderr)")
        }
        #expect(try Data(contentsOf: foreign) == before)
        #expect(try SynthBenchBinary.run(["queue", "list", "--database", s.url!], in: dir).status == 0)
    }

    /// A spec that names a Python is refused by `queue submit` and `run --queue` (a worker would execute it), as is
    /// `run --queue --python`, with nothing queued; the worker's SYNTHBENCH_PYTHON chooses. Control: the spec without
    /// `python`, reference backend and all, is queued without any local Python.
    @Test func submittingASpecThatNamesAPythonIsRefused() async throws {
        let s = try await store("cli-python")
        defer { s.removeFiles() }
        let dir = try #require(s.directory)
        let grid = #"{"name": "p", "datasets": ["penguins"], "methods": ["gc"], "backends": ["sdv-python"], "suites": []"#
        try Data((grid + #", "python": "/usr/bin/python3"}"#).utf8).write(to: dir.appendingPathComponent("python.json"))
        try Data((grid + "}").utf8).write(to: dir.appendingPathComponent("plain.json"))
        let noPython = ["SYNTHBENCH_PYTHON"]
        for arguments in [["queue", "submit", "python.json"], ["run", "python.json", "--queue"]] {
            let out = try SynthBenchBinary.run(arguments + (arguments[0] == "run" ? [] : ["--database"]) + [s.url!], in: dir,
                                               unsetting: noPython)
            #expect(out.status == 1, "\(arguments): \(out.status) \(out.stderr)")
            #expect(out.stderr.hasPrefix("Error: invalid submission: the spec's python: a submitted spec may not choose the Python executable"),
                    "\(arguments): \(out.stderr)")
        }
        let option = try SynthBenchBinary.run(["run", "plain.json", "--queue", s.url!, "--python", "/usr/bin/python3"], in: dir,
                                              unsetting: noPython)
        #expect(option.status == 64 && option.stderr.contains("--python does not travel with --queue"), "\(option.stderr)")
        #expect(try await s.queue.list(RunFilter()).isEmpty)
        let plain = try SynthBenchBinary.run(["run", "plain.json", "--queue", s.url!], in: dir, unsetting: noPython)
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(try await s.queue.list(RunFilter()).map(\.submission.cellID) == ["penguins__gc__sdv-python__s0"])
    }

    /// A worker whose --results cannot be written stops before claiming, naming the path (it claimed every queued run
    /// and failed each with 'cannot start: cannot create directory ...'); the run stays queued, no attempt counted.
    /// Control: the same worker with a writable --results runs it.
    @Test func aWorkerWithAnUnwritableResultsRootClaimsNothing() async throws {
        let s = try await store("cli-worker-root")
        defer { s.removeFiles() }
        let dir = try #require(s.directory)
        try Data("x".utf8).write(to: dir.appendingPathComponent("afile"))
        try Data(#"{"name": "w", "datasets": ["penguins"], "methods": ["test-sleep"], "backends": ["sdv"], "seeds": [0], "params": {"test-sleep": {"seconds": 0}}}"#.utf8)
            .write(to: dir.appendingPathComponent("grid.json"))
        let submitted = try SynthBenchBinary.run(["queue", "submit", "grid.json", "--database", s.url!], in: dir)
        try #require(submitted.status == 0, "\(submitted.stderr)")
        let id = try #require(try await s.queue.list(RunFilter()).first?.id)
        let worker = ["worker", "--database", s.url!, "--exit-when-drained", "--report", "none", "--plots", "none", "--poll", "0.2"]
        let bad = dir.appendingPathComponent("afile/results").path
        let refused = try SynthBenchBinary.run(worker + ["--results", bad], in: dir)
        #expect(refused.status == 1, "\(refused.stderr)")
        #expect(refused.stderr.hasPrefix("Error: cannot create directory \(dir.appendingPathComponent("afile").path): it exists and is a file, not a directory"),
                "\(refused.stderr)")
        let run = try #require(try await s.queue.run(id))
        #expect(run.status == .queued && run.attempt == 0)
        let ran = try SynthBenchBinary.run(worker + ["--results", dir.appendingPathComponent("results").path], in: dir)
        #expect(ran.status == 0, "\(ran.stderr)")
        #expect(try await s.queue.run(id)?.status == .succeeded)
    }

    /// Cancelling a finished run fails as the service's 409 does (it printed 'run 2: succeeded', exit 0), and
    /// retrying a queued or succeeded run says which runs retry takes (it said 'cannot go from queued to queued').
    /// Controls: a queued run cancels (twice: a no-op), a cancelled one retries.
    @Test func cancelAndRetrySayWhichRunsTheyTake() async throws {
        let s = try await store("cli-transitions")
        defer { s.removeFiles() }
        let dir = try #require(s.directory)
        let ids = try await submit(s.queue, cells: ["a", "b"])
        let claimed = try #require(try await s.queue.claim(worker: "w", lease: 60, now: Date(timeIntervalSince1970: 1001)))
        try await s.queue.finish(run: claimed.id, worker: "w", outcome: RunCompletion(status: .succeeded), now: Date(timeIntervalSince1970: 1002))
        let queuedID = ids.first { $0 != claimed.id }!
        func queue(_ arguments: [String]) throws -> SynthBenchBinary.Output {
            try SynthBenchBinary.run(["queue"] + arguments + ["--database", s.url!], in: dir)
        }

        let cancelFinished = try queue(["cancel", "\(claimed.id)"])
        #expect(cancelFinished.status == 1)
        #expect(cancelFinished.stderr == "Error: run \(claimed.id) already succeeded; only queued or running runs can be cancelled\n")
        #expect(try await s.queue.run(claimed.id)?.status == .succeeded)
        let retryFinished = try queue(["retry", "\(claimed.id)"])
        #expect(retryFinished.status == 1)
        #expect(retryFinished.stderr == "Error: run \(claimed.id) already succeeded; only a failed or cancelled run can be retried\n")
        let retryQueued = try queue(["retry", "\(queuedID)"])
        #expect(retryQueued.status == 1)
        #expect(retryQueued.stderr == "Error: run \(queuedID) is queued; only a failed or cancelled run can be retried\n")

        for _ in 0..<2 {
            let cancel = try queue(["cancel", "\(queuedID)"])
            #expect(cancel.status == 0 && cancel.stdout == "run \(queuedID): cancelled\n", "\(cancel.stderr)")
        }
        let retry = try queue(["retry", "\(queuedID)"])
        #expect(retry.status == 0 && retry.stdout == "run \(queuedID): queued\n", "\(retry.stderr)")
    }

    /// A negative number reaches its option and gets the option's own message (it said "Missing value for
    /// '--limit <limit>'"); `queue list --limit 0` is refused as the service refuses `limit=0` (it listed nothing).
    /// Control: the `=` form, which always reached the option, gives the same message.
    @Test func negativeAndZeroNumbersAreUsageErrorsOfTheirOption() async throws {
        let s = try await store("cli-numbers")
        defer { s.removeFiles() }
        let dir = try #require(s.directory)
        try Data(#"{"name": "n", "datasets": ["penguins"], "methods": ["gc"], "backends": ["sdv"], "seeds": [0]}"#.utf8)
            .write(to: dir.appendingPathComponent("grid.json"))
        let cases: [([String], String)] = [
            (["queue", "list", "--limit", "-3"], "--limit must be at least 1, got -3"),
            (["queue", "list", "--limit", "0"], "--limit must be at least 1, got 0"),
            (["queue", "list", "--limit=-3"], "--limit must be at least 1, got -3"),
            (["queue", "submit", "grid.json", "--max-attempts", "-1"], "--max-attempts must be at least 1, got -1"),
            (["worker", "--poll", "-1"], "--poll must be a positive number of seconds, got -1.0"),
            (["worker", "--lease", "-60"], "--lease must be a positive number of seconds, got -60.0"),
            (["worker", "--cancel-check", "-0.5"], "--cancel-check must be a positive number of seconds, got -0.5"),
        ]
        for (arguments, message) in cases {
            let out = try SynthBenchBinary.run(arguments + ["--database", s.url!], in: dir)
            #expect(out.status == 64, "\(arguments): \(out.status) \(out.stderr)")
            #expect(out.stderr.hasPrefix("Error: \(message)\n"), "\(arguments): \(out.stderr)")
        }
        #expect(try await s.queue.counts().values.reduce(0, +) == 0, "nothing was submitted")
    }

    /// Audit 16 (loose16, 5): `worker --help` says what docs/queue.md says a storage failure does (it said nothing),
    /// and that other report-step failures are recorded on the run. Control: `queue --help`, which describes no
    /// worker, does not say it.
    @Test func workerHelpSaysAStorageFailureStopsTheWorker() throws {
        let help = try SynthBenchBinary.run(["worker", "--help"], in: FileManager.default.temporaryDirectory)
        #expect(help.status == 0, "\(help.stderr)")
        // ArgumentParser wraps the discussion: compare with the lines joined.
        let text = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("A storage failure under --results (a full disk or quota, EIO, a read-only file system) "
                              + "stops the worker at once (exit 1): the run it holds goes back to the queue without counting "
                              + "the attempt, or keeps its outcome when its cell record was already whole."), "\(help.stdout)")
        #expect(text.contains("recorded in the run's error and the worker goes on"), "\(help.stdout)")
        let queue = try SynthBenchBinary.run(["queue", "--help"], in: FileManager.default.temporaryDirectory)
        #expect(queue.status == 0 && !queue.stdout.contains("storage failure"), "\(queue.stdout)")
    }
}
