import Evaluation
import Foundation
import SynthCore
import Testing
@testable import Harness
import SynthTestSupport

/// Issue 19 through the built binary and the runner: the output is validated before any work, artifact
/// sets are never mixed, and stopped cells' records say what really happened.
@Suite(.serialized) struct OutputEndToEndTests {
    init() { TestMethods.register() }

    @Test func generateRefusesAFileAsOutputBeforeLoadingAnything() throws {
        let dir = try SynthBenchBinary.temporaryDirectory("gen-file")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("taken")
        try Data("mine".utf8).write(to: out)
        // The data file does not exist either: the output error comes first, so nothing was loaded.
        let result = try SynthBenchBinary.run(["generate", "--data", dir.appendingPathComponent("absent.csv").path,
                                               "--method", "ctgan", "--out", out.path], in: dir)
        #expect(result.status != 0)
        #expect(result.stderr.contains("\(out.path): it is an existing file, not a directory"), "\(result.stderr)")
        #expect(!result.stderr.contains("absent.csv") && !result.stderr.contains("NSCocoaErrorDomain"), "\(result.stderr)")
        #expect(try String(contentsOf: out, encoding: .utf8) == "mine")
    }

    @Test func generateReplacesTheWholeSetOrRefusesForeignFiles() throws {
        let dir = try SynthBenchBinary.temporaryDirectory("gen-set")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        func generate(_ method: String) throws -> SynthBenchBinary.Output {
            try SynthBenchBinary.run(["generate", "--dataset", "penguins", "--method", method, "--out", out.path, "--no-timings"], in: dir)
        }
        #expect(try generate("uniform").status == 0)
        // run.json replaced by a directory (a file-as-directory conflict): on main this left a mixed set.
        try FileManager.default.removeItem(at: out.appendingPathComponent("run.json"))
        try FileManager.default.createDirectory(at: out.appendingPathComponent("run.json/inside"), withIntermediateDirectories: true)
        let second = try generate("gc")
        #expect(second.status == 0, "\(second.stderr)")
        let report = try json(Data(contentsOf: out.appendingPathComponent("report.json")))
        let run = try json(Data(contentsOf: out.appendingPathComponent("run.json")))
        #expect(report["meta"]?["model"] == .string("gc") && run["method"] == .string("gc"))
        // A directory with other files is never replaced.
        try Data("keep".utf8).write(to: out.appendingPathComponent("notes.txt"))
        let third = try generate("uniform")
        #expect(third.status != 0 && third.stderr.contains("it holds other files (notes.txt)"), "\(third.stderr)")
        #expect(try json(Data(contentsOf: out.appendingPathComponent("run.json")))["method"] == .string("gc"))
    }

    @Test func runChecksItsDirectoryBeforeAnyCell() throws {
        let dir = try SynthBenchBinary.temporaryDirectory("run-out")
        defer { try? FileManager.default.removeItem(at: dir) }
        let spec = dir.appendingPathComponent("grid.json")
        try Data(Self.grid(honourCancel: true).utf8).write(to: spec)
        let taken = dir.appendingPathComponent("taken")
        try Data("mine".utf8).write(to: taken)
        for out in [taken, taken.appendingPathComponent("run")] {
            let result = try SynthBenchBinary.run(["run", spec.path, "--out", out.path], in: dir)
            #expect(result.status == 1)
            #expect(result.stderr.contains(taken.path) && result.stderr.contains("not a directory"), "\(result.stderr)")
            #expect(!result.stderr.contains("NSCocoaErrorDomain") && !result.stderr.contains("cells"), "\(result.stderr)")
        }
    }

    @Test func plotAndCompareCheckTheirOutputFirst() throws {
        let run = try RunFixture.write([RunFixture.cell(), RunFixture.cell(backend: "synthcity")])
        defer { RunFixture.remove(run) }
        try Data("not a folder".utf8).write(to: run.appendingPathComponent("plots"))
        for command in [["plot", run.path, "--no-render"], ["compare", run.path, "--no-render"]] {
            let result = try SynthBenchBinary.run(command, in: run)
            #expect(result.status != 0)
            #expect(result.stderr.contains("\(run.path)/plots: it is an existing file, not a directory"), "\(command[0]): \(result.stderr)")
            #expect(!result.stderr.contains("NSCocoaErrorDomain"))
        }
        #expect(!FileManager.default.fileExists(atPath: run.appendingPathComponent("comparison.json").path))
    }

    func json(_ data: Data) throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: data) }

    func runner(_ json: String, _ run: RunDirectory, grace: Double, interrupt: InterruptWatch,
                messages: MessageLog = MessageLog()) throws -> GridRunner {
        try TestGrid.runner(try ExperimentSpec.decode(Data(json.utf8), availableDatasets: nil), run, timeout: nil, grace: grace,
                            interrupt: interrupt, messages: messages)
    }

    static func grid(honourCancel: Bool) -> String {
        #"{"name": "stop", "datasets": ["penguins"], "methods": ["test-sleep"], "backends": ["sdv"], "params": {"test-sleep": {"seconds": 60, "honour_cancel": "#
            + (honourCancel ? "true" : "false") + "}}}"
    }

    /// `rows.real` is kept once `load` finished, whether the stopped cell wrote its own record (it
    /// honoured SIGTERM) or the runner built one from the progress file (SIGKILL after the grace period).
    /// The cell is stopped by an interrupt once its progress says `fit`, not by a timeout, so that the test
    /// cannot race the load on a busy machine; a timeout stops a cell through the same code.
    @Test func aStoppedCellKeepsItsRealRowCount() throws {
        let dir = try SynthBenchBinary.temporaryDirectory("rows-real")
        defer { try? FileManager.default.removeItem(at: dir) }
        for honour in [true, false] {
            let run = RunDirectory(url: dir.appendingPathComponent("run-\(honour)"))
            let interrupt = InterruptWatch()
            let runner = try runner(Self.grid(honourCancel: honour), run, grace: 0.3, interrupt: interrupt)
            let progress = run.cellProgress("penguins__test-sleep__sdv__s0")
            let driver = Thread {
                if SynthBenchBinary.wait(until: { CellProgress.read(from: progress)?.phase == "fit" }) { interrupt.interrupt() }
            }
            driver.start()
            let cell = try #require(try runner.run().results.first)
            #expect(cell.status == .cancelled && cell.phase == "fit")
            #expect(cell.error?.contains(honour ? "stopped with SIGTERM" : "killed with SIGKILL") == true, "\(cell.error ?? "")")
            // penguins' 344 rows less the default 20 % privacy hold-out: the rows the fit sees, as in a finished cell.
            #expect(cell.rows.real == 275 && cell.rows.synthetic == nil, "honour_cancel \(honour): \(cell.rows)")
        }
    }

    /// After a second interrupt the record states the real SIGTERM -> SIGKILL delay and why, not the
    /// grace period (30 s here) that never elapsed.
    @Test func aSecondInterruptRecordsTheRealKillDelay() throws {
        let dir = try SynthBenchBinary.temporaryDirectory("second-interrupt")
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = RunDirectory(url: dir.appendingPathComponent("run"))
        let interrupt = InterruptWatch()
        let log = MessageLog()
        let runner = try runner(Self.grid(honourCancel: false), run, grace: 30, interrupt: interrupt, messages: log)
        let progress = run.cellProgress("penguins__test-sleep__sdv__s0")
        let driver = Thread {
            guard SynthBenchBinary.wait(until: { CellProgress.read(from: progress)?.phase == "fit" }) else { return }
            interrupt.interrupt()
            guard SynthBenchBinary.wait(until: { log.text.contains("interrupted: stopping") }) else { return }
            interrupt.interrupt()
        }
        driver.start()
        let report = try runner.run()
        let cell = try #require(report.results.first)
        #expect(report.interrupted && cell.status == .cancelled)
        let error = cell.error ?? ""
        #expect(error.contains("cancelled by an interrupt of the runner; killed with SIGKILL"), "\(error)")
        #expect(error.contains("s after SIGTERM (a second interrupt)") && !error.contains("30 s"), "\(error)")
        let delay = error.range(of: "SIGKILL ").flatMap { r in Double(error[r.upperBound...].prefix { $0 != " " }) }
        #expect(delay.map { $0 < 30 } == true, "\(error)")
    }
}
