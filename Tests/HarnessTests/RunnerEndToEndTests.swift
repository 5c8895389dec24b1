import Evaluation
import Foundation
import SynthCore
import Testing
@testable import Harness
import SynthTestSupport

/// `synthbench run` end to end: the built binary on tiny grids over penguins, with the test-only methods
/// (`SYNTHBENCH_TEST_METHODS=1`). Serialized: the cells are processes that compete for the machine.
@Suite(.serialized) struct RunnerEndToEndTests {
    /// Writes `spec` into a fresh directory and returns (directory, spec file, run directory).
    func prepare(_ label: String, spec: String) throws -> (URL, URL) {
        let dir = try SynthBenchBinary.temporaryDirectory(label)
        let file = dir.appendingPathComponent("grid.json")
        try Data(spec.utf8).write(to: file)
        return (dir, file)
    }

    func cells(in results: URL) throws -> [String: JSONValue] {
        let root = try Shape.parse(try Data(contentsOf: results))
        guard case .array(let cells)? = root["cells"] else { return [:] }
        var out: [String: JSONValue] = [:]
        for c in cells { if case .string(let id)? = c["cell_id"] { out[id] = c } }
        return out
    }

    /// Whether process `pid` has ended: gone from /proc, or a zombie waiting to be reaped.
    static func exited(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
        // The state is the first field after the parenthesised command name.
        guard let close = stat.lastIndex(of: ")") else { return true }
        let state = stat[stat.index(after: close)...].split(separator: " ").first
        return state == "Z" || state == "X"
    }

    @Test func crashAndTimeoutAreRecordedWhileTheOtherCellsFinish() throws {
        let (dir, file) = try prepare("crash", spec: """
        {"name": "crash", "datasets": ["penguins"], "methods": ["test-alloc", "test-crash", "test-sleep"],
         "backends": ["sdv"], "seeds": [0, 1], "timeout_s": 15, "jobs": 2,
         "params": {"test-alloc": {"megabytes": 1}, "test-sleep": {"seconds": 60, "honour_cancel": false}}}
        """)
        defer { try? FileManager.default.removeItem(at: dir) }
        // The timeout is generous (15 s) so that the alloc and crash cells, under a second on an idle
        // machine, finish inside it however loaded the machine is; only the 60 s sleeps reach it.
        let run = dir.appendingPathComponent("run")
        let out = try SynthBenchBinary.run(["run", file.path, "--out", run.path, "--kill-grace", "0.5"], in: dir)
        #expect(out.status == 0, "stderr: \(out.stderr)")
        let results = try RunResults.read(from: run.appendingPathComponent("results.json"))
        #expect(results.cells.count == 6 && results.pending.isEmpty)
        for r in results.cells {
            switch r.method {
            case "test-alloc":
                #expect(r.status == .ok && r.phase == "done" && r.error == nil)
                #expect(r.cpuS != nil && r.peakRSSMB != nil && r.timingsS.evaluate != nil)
            case "test-crash":
                #expect(r.status == .error)
                #expect(r.phase == "fit")
                #expect(r.error?.hasPrefix("killed by signal SIGABRT (6)") == true, "\(r.error ?? "")")
                #expect(r.timingsS.load != nil && r.timingsS.fit == nil && r.timingsS.total != nil)
                #expect(r.cpuS != nil && r.metrics.utility == nil)
                #expect(r.methodResolved == "test-crash" && r.backend == "sdv")
            default:
                #expect(r.status == .timeout)
                #expect(r.phase == "fit")
                #expect(r.error?.contains("exceeded the per-cell timeout of 15 s; killed with SIGKILL") == true, "\(r.error ?? "")")
                #expect(r.timingsS.load != nil && r.timingsS.fit == nil)
                #expect((r.timingsS.total ?? 0) >= 15)
                #expect(r.params["seconds"] == .int(60))   // JSON keeps no int/double distinction
            }
        }
        // No progress file is left behind; each cell has its log.
        let files = try FileManager.default.contentsOfDirectory(atPath: run.appendingPathComponent("cells").path)
        #expect(files.sorted() == results.cells.map { "\($0.cellID).json" }.sorted())
        for r in results.cells {
            #expect(FileManager.default.fileExists(atPath: run.appendingPathComponent("logs/\(r.cellID).log").path))
        }
        // Errors and timeouts count as finished on a rerun; --retry-failed runs them again.
        let again = try SynthBenchBinary.run(["run", file.path, "--out", run.path], in: dir)
        #expect(again.status == 0 && again.stdout.contains("(0 run now, 6 from before, 4 not ok)"), "\(again.stdout)")
        let retry = try SynthBenchBinary.run(["run", file.path, "--out", run.path, "--retry-failed", "--timeout", "1",
                                              "--kill-grace", "0.2"], in: dir)
        #expect(retry.status == 0 && retry.stdout.contains("(4 run now, 2 from before, 4 not ok)"), "\(retry.stdout)")
        let retried = try RunResults.read(from: run.appendingPathComponent("results.json"))
        #expect(retried.cells.filter { $0.status == .timeout }.allSatisfy { $0.error?.contains("timeout of 1 s") == true })
    }

    @Test func resumeAfterAKilledRunLosesNothingAndRepeatsNothing() throws {
        let (dir, file) = try prepare("resume", spec: """
        {"name": "resume", "datasets": ["penguins"], "methods": ["test-sleep"], "backends": ["sdv", "synthcity"],
         "seeds": [0, 1, 2], "params": {"test-sleep": {"seconds": 0.6}}, "jobs": 1}
        """)
        defer { try? FileManager.default.removeItem(at: dir) }
        let arguments = ["run", file.path, "--results-root", dir.appendingPathComponent("results").path]
        let (process, _, _) = try SynthBenchBinary.start(arguments, in: dir)
        // The run directory's name comes from the spec; find it once it exists.
        let experimentDir = dir.appendingPathComponent("results/resume")
        var cellsDir: URL? = nil
        func finished() -> [String] {
            guard cellsDir == nil else {
                return ((try? FileManager.default.contentsOfDirectory(atPath: cellsDir!.path)) ?? [])
                    .filter { $0.hasSuffix(".json") && !$0.hasSuffix(".progress.json") && !$0.hasPrefix(".") }
            }
            if let runs = try? FileManager.default.contentsOfDirectory(atPath: experimentDir.path), let id = runs.first {
                cellsDir = experimentDir.appendingPathComponent(id).appendingPathComponent("cells")
            }
            return []
        }
        #expect(SynthBenchBinary.wait(for: process) { finished().count >= 2 })
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let runDir = try #require(cellsDir).deletingLastPathComponent()
        // The orphaned cells stop by themselves within 200 ms of noticing: wait for that event (every cell
        // named by a progress file has exited), then take stock.
        let orphans = ((try? FileManager.default.contentsOfDirectory(atPath: runDir.appendingPathComponent("cells").path)) ?? [])
            .filter { $0.hasSuffix(".progress.json") }
            .compactMap { CellProgress.read(from: runDir.appendingPathComponent("cells/\($0)"))?.pid }
        #expect(SynthBenchBinary.wait { orphans.allSatisfy(Self.exited) }, "cells still running: \(orphans)")
        let before = Dictionary(uniqueKeysWithValues: try finished().map {
            ($0, try Data(contentsOf: runDir.appendingPathComponent("cells/\($0)")))
        })
        #expect(before.count >= 2 && before.count < 6)

        let again = try SynthBenchBinary.run(arguments, in: dir)
        #expect(again.status == 0, "stderr: \(again.stderr)")
        #expect(again.stdout.contains("(\(6 - before.count) run now, \(before.count) from before, 0 not ok)"), "\(again.stdout)")
        let results = try RunResults.read(from: runDir.appendingPathComponent("results.json"))
        #expect(results.cells.map(\.cellID) == [
            "penguins__test-sleep__sdv__s0", "penguins__test-sleep__sdv__s1", "penguins__test-sleep__sdv__s2",
            "penguins__test-sleep__synthcity__s0", "penguins__test-sleep__synthcity__s1", "penguins__test-sleep__synthcity__s2",
        ])
        #expect(results.cells.allSatisfy { $0.status == .ok } && results.pending.isEmpty)
        #expect(try results.experimentSpec().cells.map(\.id) == results.cells.map(\.cellID))
        #expect(results.environment.previous.count == 1)
        for (name, data) in before {
            // Finished cells were not rerun: same bytes, one attempt in the log.
            #expect(try Data(contentsOf: runDir.appendingPathComponent("cells/\(name)")) == data)
            let log = try String(contentsOf: runDir.appendingPathComponent("logs/\(name.dropLast(5)).log"), encoding: .utf8)
            #expect(log.components(separatedBy: "attempt started").count - 1 == 1)
        }
        // A third invocation has nothing left to do.
        let third = try SynthBenchBinary.run(arguments, in: dir)
        #expect(third.status == 0)
        #expect(third.stdout.contains("(0 run now, 6 from before, 0 not ok)"), "\(third.stdout)")
    }

    @Test func interruptStopsRunningCellsAndKeepsFinishedResults() throws {
        let (dir, file) = try prepare("interrupt", spec: """
        {"name": "interrupt", "datasets": ["penguins"], "methods": ["test-alloc", "test-sleep"], "backends": ["sdv"],
         "seeds": [0], "jobs": 2, "params": {"test-alloc": {"megabytes": 1}, "test-sleep": {"seconds": 120}}}
        """)
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = dir.appendingPathComponent("run")
        let (process, out, err) = try SynthBenchBinary.start(["run", file.path, "--out", run.path], in: dir)
        let sleeping = run.appendingPathComponent("cells/penguins__test-sleep__sdv__s0.progress.json")
        let allocated = run.appendingPathComponent("cells/penguins__test-alloc__sdv__s0.json")
        #expect(SynthBenchBinary.wait(for: process) {
            CellProgress.read(from: sleeping)?.phase == "fit" && CellResult.read(from: allocated)?.cpuS != nil
        })
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        let stderr = try String(contentsOf: err, encoding: .utf8)
        #expect(stderr.contains("interrupted"), "\(stderr)")
        let results = try RunResults.read(from: run.appendingPathComponent("results.json"))
        let byID = Dictionary(uniqueKeysWithValues: results.cells.map { ($0.cellID, $0) })
        #expect(byID["penguins__test-alloc__sdv__s0"]?.status == .ok)
        let stopped = try #require(byID["penguins__test-sleep__sdv__s0"])
        #expect(stopped.status == .cancelled && stopped.phase == "fit")
        // It honoured SIGTERM: its own record (with its VmHWM), no SIGKILL.
        #expect(stopped.error?.contains("stopped with SIGTERM") == true, "\(stopped.error ?? "")")
        #expect(stopped.peakRSSMB != nil && stopped.cpuS != nil)
        _ = out
    }

    /// A SIGKILL the runner did not send is what the kernel's out-of-memory killer does: the cell fails
    /// alone, with its phase, and the error says what most likely happened. A second runner on the same
    /// directory is refused while the first holds it.
    @Test func externallyKilledCellFailsAloneAndTheDirectoryIsLocked() throws {
        let (dir, file) = try prepare("killed", spec: """
        {"name": "killed", "datasets": ["penguins"], "methods": ["test-sleep", "test-alloc"], "backends": ["sdv"],
         "seeds": [0], "jobs": 1, "params": {"test-sleep": {"seconds": 120}, "test-alloc": {"megabytes": 1}}}
        """)
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = dir.appendingPathComponent("run")
        let (process, out, _) = try SynthBenchBinary.start(["run", file.path, "--out", run.path], in: dir)
        let progressFile = run.appendingPathComponent("cells/penguins__test-sleep__sdv__s0.progress.json")
        #expect(SynthBenchBinary.wait(for: process) { CellProgress.read(from: progressFile)?.phase == "fit" })
        let busy = try SynthBenchBinary.run(["run", file.path, "--out", run.path], in: dir)
        #expect(busy.status != 0 && busy.stderr.contains("another synthbench run is using"), "\(busy.stderr)")
        let pid = try #require(CellProgress.read(from: progressFile)?.pid)
        // The runner polls a running cell's VmHWM every 100 ms and the check below needs one poll: a generous
        // 2 s (20 polls) before the kill, which no observable event marks.
        usleep(2_000_000)
        kill(pid, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\((try? String(contentsOf: out, encoding: .utf8)) ?? "")")
        let results = try RunResults.read(from: run.appendingPathComponent("results.json"))
        let killed = try #require(results.cells.first { $0.method == "test-sleep" })
        #expect(killed.status == .error && killed.phase == "fit")
        #expect(killed.error?.hasPrefix("killed by signal SIGKILL (9) (not sent by the runner: most likely the kernel's out-of-memory killer)") == true,
                "\(killed.error ?? "")")
        #expect(killed.peakRSSMB != nil && killed.timingsS.load != nil)
        #expect(results.cells.first { $0.method == "test-alloc" }?.status == .ok)
    }

    @Test func peakMemoryOfAnAllocatingCellIsMeasured() throws {
        let (dir, file) = try prepare("memory", spec: """
        {"name": "memory", "datasets": ["penguins"], "methods": ["test-alloc", "test-sleep"], "backends": ["sdv"],
         "seeds": [0], "jobs": 1, "params": {"test-alloc": {"megabytes": 200}, "test-sleep": {"seconds": 0}}}
        """)
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = dir.appendingPathComponent("run")
        let out = try SynthBenchBinary.run(["run", file.path, "--out", run.path], in: dir)
        #expect(out.status == 0, "stderr: \(out.stderr)")
        let results = try RunResults.read(from: run.appendingPathComponent("results.json"))
        let alloc = try #require(results.cells.first { $0.method == "test-alloc" }?.peakRSSMB)
        let baseline = try #require(results.cells.first { $0.method == "test-sleep" }?.peakRSSMB)
        // The same pipeline without the allocation is the baseline; the difference is the 200 MB. Generous,
        // documented bounds: at least 90 % of it (the pages were touched and counted), at most 1.5x (not
        // counted twice); allocator and BLAS buffers move the baseline by a few MB between runs.
        #expect((alloc - baseline) >= 180 && (alloc - baseline) <= 300, "alloc \(alloc) MB, baseline \(baseline) MB")
        #expect(alloc >= 200)
    }

    @Test func resultFilesFollowTheDocumentedSchema() throws {
        let (dir, file) = try prepare("schema", spec: """
        {"name": "schema", "datasets": ["penguins"], "methods": ["test-alloc", "test-crash"], "backends": ["sdv", "synthcity"],
         "seeds": [0], "jobs": 2, "suites": ["sdmetrics", "stats"], "rows": "0.5x",
         "params": {"test-alloc": {"megabytes": 1}}, "monitor": {"window": 1, "min_quality": 0.99}}
        """)
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = dir.appendingPathComponent("run")
        let out = try SynthBenchBinary.run(["run", file.path, "--out", run.path], in: dir)
        #expect(out.status == 0, "stderr: \(out.stderr)")

        let results = try Shape.parse(try Data(contentsOf: run.appendingPathComponent("results.json")))
        #expect(ResultSchema.results.problems(results) == [])
        let cellFiles = try FileManager.default.contentsOfDirectory(atPath: run.appendingPathComponent("cells").path)
        #expect(cellFiles.count == 4)
        for name in cellFiles {
            let cell = try Shape.parse(try Data(contentsOf: run.appendingPathComponent("cells/\(name)")))
            #expect(ResultSchema.cell.problems(cell) == [], "\(name)")
        }
        #expect(ResultSchema.environment.problems(try Shape.parse(try Data(contentsOf: run.appendingPathComponent("environment.json")))) == [])
        // The run records the build stamp the binary prints, not its checkout's state at run time.
        let environment = try SynthJSON.decoder().decode(EnvironmentRecord.self,
                                                          from: Data(contentsOf: run.appendingPathComponent("environment.json")))
        let version = try SynthBenchBinary.run(["--version"], in: dir).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let stamp = try #require(BuildStampTests.parse(version), "\(version)")
        #expect(environment.gitCommit == stamp.commit && environment.gitDirty == stamp.dirty
                && environment.buildConfiguration == stamp.configuration, "\(version)")
        // So does each cell record, the crashed cells' (built by the runner) as the finished ones' (loose16b, 2).
        for name in cellFiles {
            let cell = try #require(CellResult.read(from: run.appendingPathComponent("cells/\(name)")), "\(name)")
            #expect(cell.build == stamp, "\(name): \(String(describing: cell.build)) vs \(version)")
        }
        #expect(ResultSchema.spec.problems(try Shape.parse(try Data(contentsOf: run.appendingPathComponent("spec.json")))) == [])

        // The ok cells carry both further suites, with the quality score the monitor watches.
        let cells = try cells(in: run.appendingPathComponent("results.json"))
        let ok = try #require(cells["penguins__test-alloc__sdv__s0"])
        #expect(ok["metrics"]?["sdmetrics"]?["quality_score"]?.doubleValue != nil)
        #expect(ok["metrics"]?["stats"]?["ks_test"] != nil)
        #expect(ok["rows"]?["synthetic"]?.doubleValue == 172)
        // A quality score below 0.99 over a window of one cell raises the monitor's warning.
        #expect(out.stderr.contains("quality monitor: mean sdmetrics.quality_score of the last 1 cells"), "\(out.stderr)")

        // The CSV: one row per cell, flat columns including each suite's metrics.
        let csv = try String(contentsOf: run.appendingPathComponent("results.csv"), encoding: .utf8)
        let header = try #require(csv.split(separator: "\n").first).split(separator: ",").map(String.init)
        #expect(Array(header.prefix(ResultsCSV.fixedColumns.count)) == ResultsCSV.fixedColumns)
        #expect(header.contains("sdmetrics.quality_score") && header.contains("stats.ks_test") && header.last == "params")

        // docs/results-schema.md names every key the schema has.
        let doc = try String(contentsOf: RepositoryPaths.path("docs/results-schema.md"), encoding: .utf8)
        for key in ResultSchema.keys(of: ResultSchema.results).union(ResultSchema.keys(of: ResultSchema.cell)) {
            #expect(doc.contains("`\(key)`"), "docs/results-schema.md does not mention `\(key)`")
        }
        for column in ResultsCSV.fixedColumns { #expect(doc.contains(column), "docs/results-schema.md lacks the CSV column \(column)") }
    }

    @Test func invalidSpecFailsNamingTheKey() throws {
        let (dir, file) = try prepare("invalid", spec: """
        {"name": "bad", "datasets": ["penguins"], "methods": ["test-sleep", "no-such-method"], "backends": ["sdv"]}
        """)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = try SynthBenchBinary.run(["run", file.path, "--results-root", dir.path], in: dir)
        #expect(out.status != 0)
        #expect(out.stderr.contains("grid.json: methods[1]: unknown method 'no-such-method'; available:"), "\(out.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("bad").path))
    }

    @Test func aDifferentSpecDoesNotReuseARunDirectory() throws {
        let (dir, file) = try prepare("mismatch", spec: """
        {"name": "m", "datasets": ["penguins"], "methods": ["test-sleep"], "backends": ["sdv"], "params": {"test-sleep": {"seconds": 0}}}
        """)
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = dir.appendingPathComponent("run")
        #expect(try SynthBenchBinary.run(["run", file.path, "--out", run.path], in: dir).status == 0)
        try Data(#"{"name": "m", "datasets": ["penguins"], "methods": ["test-sleep"], "backends": ["sdv"], "seeds": [5]}"#.utf8).write(to: file)
        let second = try SynthBenchBinary.run(["run", file.path, "--out", run.path], in: dir)
        #expect(second.status != 0)
        #expect(second.stderr.contains("holds a run of a different spec"), "\(second.stderr)")
    }
}
