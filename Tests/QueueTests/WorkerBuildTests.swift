import Foundation
import Harness
import SynthCore
import SynthTestSupport
import Testing

/// Which build ran each run of a queue group (loose16b, 2): the group's `environment.json` is written once, by its
/// first worker, so each cell record names the build that ran it. Workers driven in this process, as in
/// ``WorkerStorageFailureTests``, saying they are the builds below (their cells are the built binary's).
@Suite(.serialized) struct WorkerBuildTests {
    static let old = BuildStamp(commit: String(repeating: "a", count: 40), dirty: false, configuration: "release")
    static let new = BuildStamp(commit: String(repeating: "b", count: 40), dirty: true, configuration: "release")

    /// Runs the group's first cell with a worker of `first`, then its second with a worker of `second`; returns the
    /// builds the two cell records name, the one results.json's cells name, and the one environment.json names.
    func runTwoCells(_ kind: StoreKind, _ label: String, first: BuildStamp, second: BuildStamp) async throws
        -> (cells: [BuildStamp?], results: [JSONValue], environment: String?)? {
        let suite = WorkerStorageFailureTests()
        guard let f = try await suite.fixture(kind, label, methods: ["test-sleep"], seeds: [0, 1], maxAttempts: 1) else { return nil }
        defer { f.removeFiles() }
        // The second run waits, cancelled, while the first worker drains the queue; retried, the second worker runs it.
        _ = try await f.store.queue.cancel(run: f.ids[1], now: Date())
        let one = try await f.worker(FaultyFileWriter(), build: first).run()
        try await f.store.queue.retry(run: f.ids[1], now: Date())
        let two = try await f.worker(FaultyFileWriter(), build: second).run()
        #expect(one.succeeded == 1 && two.succeeded == 1, "\(one) \(two)")
        let cells = f.spec.cells.map { CellResult.read(from: f.runDirectory.cellResult($0.id))?.build }
        let results = try SynthJSON.decoder().decode(JSONValue.self, from: Data(contentsOf: f.runDirectory.resultsJSON))
        let environment = try SynthJSON.decoder().decode(EnvironmentRecord.self, from: Data(contentsOf: f.runDirectory.environment))
        guard case .array(let written)? = results["cells"] else { Issue.record("results.json has no cells"); return nil }
        return (cells, written.compactMap { $0["build"] }, environment.gitCommit)
    }

    @Test(arguments: StoreKind.allCases)
    func eachCellRecordNamesTheBuildThatRanIt(_ kind: StoreKind) async throws {
        guard let mixed = try await runTwoCells(kind, "mixed-builds", first: Self.old, second: Self.new) else { return }
        #expect(mixed.cells == [Self.old, Self.new])
        #expect(mixed.environment == Self.old.commit)   // the first worker's, as before
        #expect(mixed.results == [["commit": .string(Self.old.commit!), "dirty": false, "configuration": "release"],
                                  ["commit": .string(Self.new.commit!), "dirty": true, "configuration": "release"]])
        // Control: one build for both runs, one build in both records.
        guard let same = try await runTwoCells(kind, "same-build", first: Self.new, second: Self.new) else { return }
        #expect(same.cells == [Self.new, Self.new])
    }

    /// Records written before the field are read as before, without a build.
    @Test func aCellRecordWithoutABuildIsStillRead() throws {
        let record = CellResult(experiment: "x", runID: "r", cellID: "c", dataset: "penguins", method: "gc",
                                backendRequested: "sdv", seed: 0, status: .ok, phase: "done", blasThreads: 1)
        guard case .object(var json) = try SynthJSON.decoder().decode(JSONValue.self, from: SynthJSON.encoder().encode(record)) else {
            Issue.record("a cell record is a JSON object"); return
        }
        #expect(json["build"] == .null)
        json["build"] = nil
        let old = try SynthJSON.decoder().decode(CellResult.self, from: SynthJSON.encoder().encode(JSONValue.object(json)))
        #expect(old == record && old.build == nil)
        var stamped = record
        stamped.build = Self.new
        #expect(try SynthJSON.decoder().decode(CellResult.self, from: SynthJSON.encoder().encode(stamped)).build == Self.new)
    }
}
