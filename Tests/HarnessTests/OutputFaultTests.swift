import Evaluation
import Foundation
import SynthCore
import Testing
@testable import Harness
import Synthesizers
import SynthTestSupport

/// Issue 19: outputs are never lost and never mixed. Each write failure is injected through the
/// ``FileWriter`` seam (``FaultyFileWriter``): disk full, permission denied, an I/O error, a file where a
/// directory belongs, and a failure between the files of an artifact set.
@Suite(.serialized) struct OutputFaultTests {
    init() { TestMethods.register() }

    func scratch(_ label: String) throws -> URL { try SynthBenchBinary.temporaryDirectory(label) }

    func contents(_ dir: URL) -> [String: String] {
        var out: [String: String] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [] {
            out[name] = (try? String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)) ?? "<dir>"
        }
        return out
    }

    func siblings(of dir: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.deletingLastPathComponent().path)) ?? []).sorted()
    }

    // MARK: validating the output before any work

    @Test func anExistingFileIsRefusedAsAnOutputDirectory() throws {
        let root = try scratch("out-file")
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("out")
        try Data("mine".utf8).write(to: file)
        let error = #expect(throws: OutputError.self) { try OutputLocation.prepare(file) }
        #expect(error?.path == file.path && error?.code == ENOTDIR)
        #expect(error?.description.contains("is an existing file, not a directory") == true)
        #expect(try String(contentsOf: file, encoding: .utf8) == "mine")
        // A file where a parent directory belongs.
        let below = file.appendingPathComponent("run")
        let nested = #expect(throws: OutputError.self) { try OutputLocation.prepare(below) }
        #expect(nested?.code == ENOTDIR && nested?.path == file.path, "\(String(describing: nested))")
    }

    @Test func permissionDeniedAndFullDiskAreFoundByTheProbe() throws {
        let root = try scratch("out-probe")
        defer { try? FileManager.default.removeItem(at: root) }
        let writer = FaultyFileWriter()
        writer.fail(.write, code: EACCES) { $0.contains(".synthbench-probe-") }
        let denied = #expect(throws: OutputError.self) { try OutputLocation.prepare(root.appendingPathComponent("a"), using: writer) }
        #expect(denied?.code == EACCES && denied?.operation == .write)
        #expect(denied?.description.contains("Permission denied (EACCES)") == true)
        #expect(denied?.description.contains("fix its permissions or choose another output location") == true)

        writer.heal()
        writer.reportFree(5_000_000)
        let full = #expect(throws: OutputError.self) {
            try OutputLocation.prepare(root.appendingPathComponent("b"), estimatedBytes: 1_000_000, using: writer)
        }
        #expect(full?.code == ENOSPC && full?.isStorageFailure == true)
        #expect(full?.description.contains("only 5.0 MB free; this command needs about 17.0 MB") == true, "\(String(describing: full))")
        // Negative control: enough room passes and leaves no probe behind.
        writer.reportFree(17_000_000)
        try OutputLocation.prepare(root.appendingPathComponent("b"), estimatedBytes: 1_000_000, using: writer)
        #expect(contents(root.appendingPathComponent("b")).isEmpty)
    }

    @Test func aDirectoryHoldingOtherFilesIsNotReplaced() throws {
        let root = try scratch("out-foreign")
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("keep".utf8).write(to: root.appendingPathComponent("notes.txt"))
        try Data("old".utf8).write(to: root.appendingPathComponent("run.json"))
        let error = #expect(throws: OutputError.self) { try OutputLocation.prepare(root, onlyHolding: RunArtifacts.fileNames) }
        #expect(error?.description.contains("it holds other files (notes.txt)") == true, "\(String(describing: error))")
        try FileManager.default.removeItem(at: root.appendingPathComponent("notes.txt"))
        try OutputLocation.prepare(root, onlyHolding: RunArtifacts.fileNames)   // only a previous set: fine
    }

    // MARK: artifact sets

    func set(_ tag: String, report: Bool = true) -> [(name: String, data: Data)] {
        var files: [(name: String, data: Data)] = [("synthetic.csv", Data("a,b\n\(tag),1\n".utf8))]
        if report { files.append(("report.json", Data("{\"tag\": \"\(tag)\"}\n".utf8))) }
        files.append(("run.json", Data("{\"method\": \"\(tag)\"}\n".utf8)))
        return files
    }

    @Test func aFailureBetweenArtifactsLeavesThePreviousCompleteSet() throws {
        let root = try scratch("set")
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("gc")
        try ArtifactSet.commit(set("gc"), to: out)
        let previous = contents(out)
        #expect(previous.count == 3 && previous["report.json"]?.contains("gc") == true)
        // Disk full on the third file, an I/O error on the second, and on the final rename.
        let cases: [(FaultyFileWriter.Operation, Int32, @Sendable (String) -> Bool)] = [
            (.write, ENOSPC, { $0.hasSuffix("/run.json") }),
            (.write, EIO, { $0.hasSuffix("/report.json") }),
            (.rename, EIO, { $0 == out.path }),   // one-shot: putting the previous set back succeeds
            (.sync, EIO, { $0.contains(".gc.staging-") }),
        ]
        for (op, code, path) in cases {
            let writer = FaultyFileWriter()
            writer.fail(op, code: code, times: 1, where: path)
            let error = #expect(throws: OutputError.self) { try ArtifactSet.commit(set("uniform"), to: out, using: writer) }
            #expect(error?.code == code)
            if op == .write { #expect(error?.path.hasPrefix(out.path + "/") == true, "\(String(describing: error))") }
            #expect(contents(out) == previous, "\(op) \(code): the set was mixed or lost")
            #expect(siblings(of: out) == ["gc"], "leftovers: \(siblings(of: out))")
        }
    }

    /// A streamed file (the synthetic table `generate` writes beside the set) is flushed before it moves in:
    /// when the flush fails the previous set stays whole; without the fault (the control) it becomes the set's.
    @Test func aStreamedFileThatCannotBeFlushedLeavesThePreviousSet() throws {
        let root = try scratch("set-streamed")
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("gc")
        try ArtifactSet.commit(set("gc"), to: out)
        let previous = contents(out)
        let streamed = root.appendingPathComponent(".gc.synthetic-1.csv")
        try Data("a,b\nstreamed,1\n".utf8).write(to: streamed)
        let others = Array(set("uniform").dropFirst())   // report.json and run.json
        let writer = FaultyFileWriter()
        writer.fail(.sync, code: EIO, times: 1) { $0 == streamed.path }
        let error = #expect(throws: OutputError.self) {
            try ArtifactSet.commit(others, written: [("synthetic.csv", streamed)], to: out, using: writer)
        }
        #expect(error?.code == EIO)
        #expect(contents(out) == previous, "the set was mixed or lost")
        try ArtifactSet.commit(others, written: [("synthetic.csv", streamed)], to: out, using: writer)
        #expect(contents(out)["synthetic.csv"] == "a,b\nstreamed,1\n" && contents(out)["run.json"]?.contains("uniform") == true)
    }

    @Test func aFreshOutputGetsAllOfTheSetOrNothing() throws {
        let root = try scratch("set-fresh")
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("fresh")
        let writer = FaultyFileWriter()
        writer.fail(.write, code: ENOSPC) { $0.hasSuffix("/run.json") }
        #expect(throws: OutputError.self) { try ArtifactSet.commit(set("gc"), to: out, using: writer) }
        #expect(siblings(of: out).isEmpty, "\(siblings(of: out))")
        // A new set without report.json replaces the whole previous set: no stale report.json stays.
        try ArtifactSet.commit(set("gc"), to: out)
        try ArtifactSet.commit(set("copy", report: false), to: out)
        #expect(contents(out).keys.sorted() == ["run.json", "synthetic.csv"])
        #expect(contents(out)["run.json"]?.contains("copy") == true)
    }

    @Test func aWriterKilledBetweenTheRenamesIsRecovered() throws {
        let root = try scratch("set-recover")
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("gc")
        try ArtifactSet.commit(set("gc"), to: out)
        let previous = contents(out)
        // As if the process died after moving the previous set aside and before the new one went in.
        try FileManager.default.moveItem(at: out, to: root.appendingPathComponent(".gc.previous-99999"))
        try FileManager.default.createDirectory(at: root.appendingPathComponent(".gc.staging-99999"), withIntermediateDirectories: true)
        try ArtifactSet.recover(out)
        #expect(contents(out) == previous)
        #expect(siblings(of: out) == ["gc"])
    }

    @Test func generateArtifactsAreOneSet() throws {
        let root = try scratch("artifacts")
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("out")
        func outcome(_ method: String, seed: UInt64, evaluate: Bool) throws -> RunOutcome {
            try Pipeline(config: RunConfig(data: .dataset("penguins"), method: method, seed: seed, fetchIfMissing: false,
                                           datasetsDirectory: RepositoryPaths.datasets.path)).run(evaluate: evaluate)
        }
        try RunArtifacts.write(try outcome("uniform", seed: 1, evaluate: true), to: out, includeTimings: false)
        let first = contents(out)
        #expect(first.keys.sorted() == ["report.json", "run.json", "synthetic.csv"])
        // The second run's run.json cannot be written: the first run's three files stay, unmixed.
        let writer = FaultyFileWriter()
        writer.fail(.write, code: ENOSPC) { $0.hasSuffix("/run.json") }
        #expect(throws: OutputError.self) {
            try RunArtifacts.write(try outcome("gc", seed: 0, evaluate: false), to: out, includeTimings: false, using: writer)
        }
        #expect(contents(out) == first)
        #expect(first["run.json"]?.contains("\"method\" : \"uniform\"") == true)
    }

    // MARK: a grid on a full disk

    func spec(_ name: String, methods: [String], seeds: [Int] = [0], params: String = "{}") throws -> ExperimentSpec {
        try ExperimentSpec.decode(Data("""
        {"name": "\(name)", "datasets": ["penguins"], "methods": [\(methods.map { "\"\($0)\"" }.joined(separator: ", "))], "backends": ["sdv"],
         "seeds": \(seeds), "jobs": 1, "timeout_s": 120, "params": \(params)}
        """.utf8), availableDatasets: nil)
    }

    /// ENOSPC on results.json when the first cell finishes: no further cell starts, the runner throws naming
    /// the path, and a rerun after "freeing space" resumes with nothing lost and nothing repeated.
    @Test func aFullDiskStopsTheGridAndARerunResumes() throws {
        let root = try scratch("grid-full")
        defer { try? FileManager.default.removeItem(at: root) }
        let spec = try spec("full", methods: ["identity", "uniform", "gc"])
        let run = RunDirectory(url: root.appendingPathComponent("run"))
        let writer = FaultyFileWriter()
        writer.fail(.write, code: ENOSPC) { $0.contains(".results.json.") }
        let messages = MessageLog()
        let failure = #expect(throws: GridRunner.StorageFailure.self) {
            try TestGrid.runner(spec, run, writer: writer, messages: messages).run()
        }
        #expect(failure?.cause.contains("cannot write \(run.resultsJSON.path): No space left on device (ENOSPC)") == true,
                "\(String(describing: failure))")
        #expect(failure?.resultsNote.contains("results.json / results.csv could not be rewritten (\(run.resultsJSON.path): No space left") == true,
                "\(String(describing: failure))")
        #expect(messages.text.contains("stopping the grid: no new cells"), "\(messages.text)")
        #expect(CellResult.read(from: run.cellResult("penguins__identity__sdv__s0"))?.status == .ok)
        for id in ["penguins__uniform__sdv__s0", "penguins__gc__sdv__s0"] {
            #expect(!FileManager.default.fileExists(atPath: run.cellLog(id).path), "\(id) started after the disk was full")
        }

        writer.heal()
        let report = try TestGrid.runner(spec, run, writer: writer).run()
        #expect(report.skipped == 1 && report.ran == 2 && report.pending.isEmpty)
        #expect(report.results.allSatisfy { $0.status == .ok })
        let stored = try RunResults.read(from: run.resultsJSON)
        #expect(stored.cells.count == 3 && stored.pending.isEmpty)
    }

    /// A cell that cannot write its record exits 3; the runner records nothing for it (it reruns on
    /// resume), cancels the cell running beside it, starts no further cell, rewrites results.json and
    /// throws. The cells are a script standing in for `synthbench cell`.
    @Test func aCellThatCannotWriteItsRecordStopsTheGrid() throws {
        let root = try scratch("grid-cell-full")
        defer { try? FileManager.default.removeItem(at: root) }
        let fake = root.appendingPathComponent("fake-synthbench")
        let started = root.appendingPathComponent("started.txt")
        // Arguments: cell --spec S --cell ID --out PATH ...
        try Data("""
        #!/bin/sh
        echo "$5" >> \(started.path)
        case "$5" in
          *identity*) echo "cannot write $7: No space left on device (ENOSPC)" >&2; exit 3 ;;
          *) exec sleep 60 ;;
        esac
        """.utf8).write(to: fake)
        chmod(fake.path, 0o755)
        let spec = try spec("cellfull", methods: ["identity", "uniform", "gc"])
        let run = RunDirectory(url: root.appendingPathComponent("run"))
        let failure = #expect(throws: GridRunner.StorageFailure.self) { try TestGrid.runner(spec, run, executable: fake.path, jobs: 2).run() }
        #expect(failure?.cause.contains("penguins__identity__sdv__s0 could not write its output in \(run.cells.path) (its log: cannot write") == true,
                "\(String(describing: failure))")
        #expect(failure?.cause.contains("No space left on device (ENOSPC)") == true)
        #expect(failure?.resultsNote.contains("1 cell(s) with a record, 2 pending") == true, "\(String(describing: failure))")
        // The third cell never started (the second may be stopped before its script wrote a line).
        let lines = try String(contentsOf: started, encoding: .utf8).split(separator: "\n")
        #expect(lines.contains("penguins__identity__sdv__s0") && !lines.contains("penguins__gc__sdv__s0"), "\(lines)")
        let stored = try RunResults.read(from: run.resultsJSON)
        #expect(stored.pending == ["penguins__identity__sdv__s0", "penguins__gc__sdv__s0"])
        let cancelled = try #require(stored.cells.first)
        #expect(cancelled.cellID == "penguins__uniform__sdv__s0" && cancelled.status == .cancelled)
        #expect(cancelled.error?.hasPrefix("cancelled because the grid stopped on an output failure; stopped with SIGTERM") == true,
                "\(cancelled.error ?? "")")
    }

    /// One `identity` cell on penguins in `root`, run in this process through `writer`, failing every
    /// write whose path contains `failing` with ENOSPC; returns the run directory, the cell id and the error.
    func runCell(in root: URL, failing: @escaping @Sendable (String) -> String) throws -> (RunDirectory, String, FaultyFileWriter, OutputError?) {
        let spec = try spec("x", methods: ["identity"])
        let run = RunDirectory(url: root.appendingPathComponent("x-1"))
        try run.create()
        try AtomicFile.write(try spec.normalizedText(), to: run.spec)
        let id = spec.cells[0].id
        let writer = FaultyFileWriter()
        let marker = failing(id)
        writer.fail(.write, code: ENOSPC) { $0.contains(marker) }
        let request = CellExecution.Request(spec: run.spec, cellID: id, runID: run.runID, output: run.cellResult(id),
                                            datasetsDirectory: RepositoryPaths.datasets.path, fetchIfMissing: false)
        let error = #expect(throws: OutputError.self) { try CellExecution.run(request, context: SynthesisContext(), writer: writer) }
        return (run, id, writer, error)
    }

    @Test func aCellWhoseRecordCannotBeWrittenThrowsAnOutputError() throws {
        let root = try scratch("cell-write")
        defer { try? FileManager.default.removeItem(at: root) }
        let (run, id, _, error) = try runCell(in: root) { ".\($0).json." }
        #expect(error?.isStorageFailure == true && error?.path == run.cellResult(id).path)
        #expect(CellResult.read(from: run.cellResult(id)) == nil)
        // The progress file kept the real row count once load finished: the rows the generator fits on,
        // penguins' 344 less the default 20 % privacy hold-out (69 rows).
        #expect(CellProgress.read(from: run.cellProgress(id))?.rowsReal == 275)
    }

    /// A progress file the disk refuses stops the cell at its next phase, before the fit, with no record.
    @Test func aFullDiskStopsACellAtItsNextPhase() throws {
        let root = try scratch("cell-progress")
        defer { try? FileManager.default.removeItem(at: root) }
        let (run, id, writer, error) = try runCell(in: root) { _ in ".progress.json." }
        #expect(error?.path == run.cellProgress(id).path && error?.code == ENOSPC)
        #expect(writer.injected.count == 1, "phases entered after the failure: \(writer.injected)")
        #expect(CellResult.read(from: run.cellResult(id)) == nil)
    }
}
