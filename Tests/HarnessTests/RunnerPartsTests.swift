import Evaluation
import Foundation
import SynthCore
import Testing
@testable import Harness
import Synthesizers
import SynthTestSupport

/// The runner's parts in this process: child processes, memory readings, the monitor, the progress
/// lines, the CSV, the log tail, and the cell record built from a real pipeline run.
@Suite struct RunnerPartsTests {
    init() { TestMethods.register() }

    func temporaryLog() throws -> URL {
        try SynthBenchBinary.temporaryDirectory("parts").appendingPathComponent("child.log")
    }

    // MARK: Child processes

    @Test func childExitCodeSignalAndLogAreReported() throws {
        let log = try temporaryLog()
        defer { try? FileManager.default.removeItem(at: log.deletingLastPathComponent()) }
        let exited = try ChildProcess.spawn(executable: "/bin/sh", arguments: ["-c", "echo to-out; echo to-err >&2; exit 3"],
                                            environment: [:], log: log).waitForExit()
        #expect(exited.reason == .exited(code: 3))
        #expect(try String(contentsOf: log, encoding: .utf8) == "to-out\nto-err\n")
        let signaled = try ChildProcess.spawn(executable: "/bin/sh", arguments: ["-c", "kill -SEGV $$"],
                                              environment: [:], log: log).waitForExit()
        guard case .signaled(let s, _) = signaled.reason else { Issue.record("\(signaled.reason)"); return }
        #expect(s == SIGSEGV)
        #expect(signaled.reason.description.hasPrefix("killed by signal SIGSEGV (11)"))
        // Appended, not truncated.
        _ = try ChildProcess.spawn(executable: "/bin/sh", arguments: ["-c", "echo again"], environment: [:], log: log).waitForExit()
        #expect(try String(contentsOf: log, encoding: .utf8).hasSuffix("to-err\nagain\n"))
    }

    @Test func childGetsExactlyTheGivenEnvironment() throws {
        let log = try temporaryLog()
        defer { try? FileManager.default.removeItem(at: log.deletingLastPathComponent()) }
        let t = try ChildProcess.spawn(executable: "/usr/bin/env", arguments: [], environment: ["OPENBLAS_NUM_THREADS": "1", "A": "b c"],
                                       log: log).waitForExit()
        #expect(t.reason == .exited(code: 0))
        #expect(try String(contentsOf: log, encoding: .utf8) == "A=b c\nOPENBLAS_NUM_THREADS=1\n")
    }

    @Test func childCPUTimeComesFromWait4() throws {
        let log = try temporaryLog()
        defer { try? FileManager.default.removeItem(at: log.deletingLastPathComponent()) }
        // A busy loop of about 0.3 s of user time.
        let t = try ChildProcess.spawn(executable: "/bin/sh",
                                       arguments: ["-c", "i=0; while [ $i -lt 150000 ]; do i=$((i+1)); done"],
                                       environment: [:], log: log).waitForExit()
        #expect(t.reason == .exited(code: 0))
        #expect(t.userCPUSeconds > 0.01)
        #expect(t.systemCPUSeconds >= 0)
    }

    @Test func signallingTheGroupReachesGrandchildren() throws {
        let log = try temporaryLog()
        defer { try? FileManager.default.removeItem(at: log.deletingLastPathComponent()) }
        // The shell starts a grandchild and waits for it; SIGTERM to the group ends both.
        let child = try ChildProcess.spawn(executable: "/bin/sh", arguments: ["-c", "sleep 30 & echo $! ; wait"],
                                           environment: ["PATH": "/usr/bin:/bin"], log: log)
        #expect(SynthBenchBinary.wait { ((try? String(contentsOf: log, encoding: .utf8)) ?? "").hasSuffix("\n") })
        let grandchild = try #require(Int32(try String(contentsOf: log, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(child.poll() == nil)
        child.signalGroup(SIGTERM)
        let t = child.waitForExit()
        #expect(t.reason == .signaled(signal: SIGTERM, coreDumped: false))
        #expect(SynthBenchBinary.wait { kill(grandchild, 0) != 0 })
    }

    // MARK: Monitor and progress

    static func result(_ id: String, status: CellResult.Status = .ok, quality: Double?) -> CellResult {
        var r = CellResult(experiment: "e", runID: "r", cellID: id, dataset: "d", method: "m", backendRequested: "sdv",
                           seed: 0, status: status, phase: status == .ok ? "done" : "fit", blasThreads: 1)
        if let quality { r.metrics.suites["sdmetrics"] = ["quality_score": quality] }
        return r
    }

    @Test func monitorWarnsOncePerDropAndIgnoresFailedCells() {
        var m = QualityMonitor(window: 2, minQuality: 0.6)
        #expect(m.record(Self.result("a", quality: 0.5)) == nil)          // window not full yet
        #expect(m.record(Self.result("b", status: .error, quality: nil)) == nil)
        let warning = m.record(Self.result("c", quality: 0.6))            // mean 0.55
        #expect(warning?.contains("is 0.550, below 0.6 (latest: c)") == true, "\(warning ?? "nil")")
        #expect(m.record(Self.result("d", quality: 0.5)) == nil)          // still below: no repeat
        #expect(m.record(Self.result("e", quality: 0.9)) == nil)          // 0.7: recovered
        #expect(m.record(Self.result("f", quality: 0.1)) != nil)          // 0.5: a new drop
        #expect(m.rollingMean == 0.5)
    }

    @Test func progressPrintsOneLinePerCellWhenNotATerminal() {
        nonisolated(unsafe) var text = ""
        let p = ProgressReporter(total: 12, jobs: 2, interactive: false, write: { text += $0 })
        p.alreadyFinished([Self.result("old", quality: 0.8)])
        var failed = Self.result("penguins__gc__sdv__s1", status: .error, quality: nil)
        failed.error = "killed by signal SIGABRT (6)\nlast log lines:\n..."
        p.finished(Self.result("penguins__gc__sdv__s0", quality: 0.8312), wall: 2, running: 2, waiting: 6)
        p.finished(failed, wall: 4, running: 1, waiting: 6)
        p.tick(running: 1, waiting: 6)
        #expect(text == "[ 2/12] penguins__gc__sdv__s0  ok  2.0 s  quality 0.831\n"
                      + "[ 3/12] penguins__gc__sdv__s1  error  4.0 s  (fit) killed by signal SIGABRT (6)\n")
        // ETA: mean 3 s × (6 waiting + 1 running) / 2 jobs.
        #expect(p.eta(running: 1, waiting: 6) == 10.5)
        #expect(p.statusLine(running: 1, waiting: 6).hasPrefix("[3/12] 1 running, 1 failed · elapsed "))
        #expect(p.statusLine(running: 1, waiting: 6).hasSuffix(" · ETA 11s"))
    }

    @Test func progressRedrawsOneLineOnATerminal() {
        nonisolated(unsafe) var text = ""
        // A stepped clock instead of the wall clock: the test decides how much time passes.
        let t0 = ContinuousClock.now
        nonisolated(unsafe) var elapsed = Duration.zero
        let p = ProgressReporter(total: 3, jobs: 1, interactive: true, write: { text += $0 }, timeSource: { t0 + elapsed })
        p.tick(running: 1, waiting: 2)
        elapsed = .milliseconds(199)
        p.tick(running: 1, waiting: 2)   // within 200 ms: not redrawn
        #expect(text.components(separatedBy: "\r\u{1B}[2K").count == 2)
        elapsed = .milliseconds(400)
        p.tick(running: 1, waiting: 2)   // 200 ms after the last redraw: redrawn
        #expect(text.components(separatedBy: "\r\u{1B}[2K").count == 3)
        p.message("warning: x")
        #expect(text.hasSuffix("\r\u{1B}[2Kwarning: x\n"))
        p.finished(Self.result("a", quality: 0.8), wall: 1, running: 0, waiting: 2)   // ok cells: no line of their own
        #expect(!text.contains("[1/3] a"))
        #expect(text.hasSuffix("[1/3] 0 running, 0 failed · elapsed 0s · ETA 2s"))
        p.close()
        #expect(text.hasSuffix("\r\u{1B}[2K"))
    }

    @Test func clockFormat() {
        #expect(ProgressReporter.clock(42.4) == "42s")
        #expect(ProgressReporter.clock(185) == "3m05s")
        #expect(ProgressReporter.clock(3720) == "1h02m")
    }

    // MARK: Logs and CSV

    @Test func logTailSkipsTheRuntimeCrashDump() {
        let log = ["info: cell started", "Fatal error: index out of range", "", "*** Signal 4: Backtracing from 0x1... done ***",
                   "*** Program crashed: Illegal instruction at 0x1 ***", "Thread 0:", "rax 0x0", "Images:"]
            .filter { !$0.isEmpty }
        #expect(GridRunner.tail(ofLog: log) == "info: cell started\nFatal error: index out of range\n*** Program crashed: Illegal instruction at 0x1 ***")
        let plain = (1...30).map { "line \($0)" }
        #expect(GridRunner.tail(ofLog: plain) == (11...30).map { "line \($0)" }.joined(separator: "\n"))
    }

    @Test func csvIsFlatQuotedAndHasEverySuiteColumn() {
        var a = Self.result("a", quality: 0.75)
        a.error = "boom, \"quoted\"\nsecond line"
        a.params = ["epochs": .int(3)]
        var b = Self.result("b", quality: nil)
        b.metrics.suites["stats"] = ["ks_test": 0.25, "wasserstein": nil]
        b.build = BuildStamp(commit: "8b6e404", dirty: true, configuration: "release")
        let text = ResultsCSV.text([a, b])
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let header = lines[0].split(separator: ",").map(String.init)
        #expect(Array(header.suffix(4)) == ["sdmetrics.quality_score", "stats.ks_test", "stats.wasserstein", "params"])
        #expect(text.contains("\"boom, \"\"quoted\"\"\nsecond line\""))
        #expect(text.contains(",0.75,,,\"{\"\"epochs\"\":3}\"\n"))
        #expect(text.hasSuffix(",,0.25,,{}\n"))
        // The build that ran each cell: b's stamp (the last line; a's error spans two), empty fields for a's.
        let rowB = lines[lines.count - 2].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let build = ["build.commit", "build.dirty", "build.configuration"].map { header.firstIndex(of: $0) }
        #expect(build.compactMap { $0 }.map { rowB[$0] } == ["8b6e404", "true", "release"])
        #expect(text.contains(",\(a.blasThreads),,,,\(a.dpRequested),"), "a's build fields are not empty")
    }

    // MARK: Cell records from a real pipeline run

    @Test func cellResultFromAPipelineOutcome() throws {
        let config = RunConfig(data: .dataset("penguins"), method: "test-alloc", backend: .synthcity, seed: 4,
                               parameters: ["megabytes": .int(0)], fetchIfMissing: false,
                               datasetsDirectory: RepositoryPaths.datasets.path, suites: ["sdmetrics"], rowsFactor: 0.5)
        nonisolated(unsafe) var phases: [String] = []
        let outcome = try Pipeline(config: config, onPhase: { p, t in
            phases.append(p.rawValue)
            if p == .sample { #expect(t.load != nil && t.fit != nil && t.sample == nil) }
        }).run()
        #expect(phases == ["load", "resolve", "fit", "sample", "evaluate", "done"])
        let r = CellResult(outcome: outcome, experiment: "e", runID: "e-1", cellID: "penguins__test-alloc__synthcity__s4",
                           method: "test-alloc", blasThreads: 1, peakRSSMB: 12.5)
        #expect(r.status == .ok && r.phase == "done" && r.error == nil)
        #expect(r.backendRequested == "synthcity" && r.backend == "synthcity" && r.fallbackReason == nil)
        #expect(r.rows == CellResult.Rows(real: 344, synthetic: 172))
        #expect(r.throughputRowsPerS.fit == 344 / outcome.timings.fit!)
        #expect(r.throughputRowsPerS.sample == 172 / outcome.timings.sample!)
        #expect(r.params == ["megabytes": .int(0)])
        #expect(r.metrics.utility != nil && r.metrics.privacy != nil)
        let quality = try #require(r.metrics.value(at: "sdmetrics.quality_score"))
        #expect(quality > 0.5 && quality <= 1)
        #expect(r.metrics.suites["sdmetrics"]?.keys.contains("diagnostic_score") == true)
        #expect(r.peakRSSMB == 12.5 && r.cpuS == nil)
    }

    @Test func stoppedCellRecordResolvesTheMethod() {
        let cell = GridCell(dataset: "penguins", method: "test-sleep", backend: .sdv, seed: 2, params: ["seconds": .int(5)])
        var timings = PhaseTimings(load: 0.1)
        timings.total = 3
        let r = CellResult(stopped: cell, experiment: "e", runID: "r", status: .timeout, error: "too slow", phase: "fit",
                           timings: timings, blasThreads: 1, peakRSSMB: nil)
        #expect(r.methodResolved == "test-sleep" && r.backend == "sdv")
        #expect(r.params == ["seconds": .int(5)])
        #expect(r.paramsResolved == ["seconds": .double(5), "honour_cancel": .bool(true), "until_file": .string("")])
        #expect(r.throughputRowsPerS == CellResult.Throughput() && r.rows == CellResult.Rows())
        let unknown = CellResult(stopped: GridCell(dataset: "d", method: "nope", backend: .sdv, seed: 0), experiment: "e",
                                 runID: "r", status: .error, error: "x", phase: "setup", timings: PhaseTimings(),
                                 blasThreads: 1, peakRSSMB: nil)
        #expect(unknown.methodResolved == nil && unknown.backend == nil)
    }

    @Test func cellExecutionWritesResultAndProgress() throws {
        let dir = try SynthBenchBinary.temporaryDirectory("exec")
        defer { try? FileManager.default.removeItem(at: dir) }
        let spec = try ExperimentSpec.decode(Data(#"{"name": "x", "datasets": ["penguins"], "methods": ["test-sleep"], "backends": ["sdv"], "params": {"test-sleep": {"seconds": 0}}}"#.utf8),
                                             availableDatasets: nil)
        let run = RunDirectory(url: dir.appendingPathComponent("x-1"))
        try run.create()
        try AtomicFile.write(try spec.normalizedText(), to: run.spec)
        let id = spec.cells[0].id
        let request = CellExecution.Request(spec: run.spec, cellID: id, runID: run.runID, output: run.cellResult(id),
                                            datasetsDirectory: RepositoryPaths.datasets.path, fetchIfMissing: false)
        #expect(request.progress == run.cellProgress(id))
        let result = try CellExecution.run(request, context: SynthesisContext())
        #expect(result.status == .ok && result.runID == "x-1" && result.experiment == "x")
        let stored = try #require(CellResult.read(from: run.cellResult(id)))
        #expect(stored.cellID == id && stored.status == .ok && stored.timingsS == result.timingsS)
        #expect(stored.metrics == result.metrics && stored.peakRSSMB == result.peakRSSMB)
        #expect(CellProgress.read(from: run.cellProgress(id))?.phase == "done")
        #expect((result.peakRSSMB ?? 0) > 1)
        #expect(throws: CellExecution.CellNotFound.self) {
            try CellExecution.run(CellExecution.Request(spec: run.spec, cellID: "nope", runID: "r", output: run.cellResult("nope")),
                                  context: SynthesisContext())
        }
    }
}
