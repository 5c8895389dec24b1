import Foundation
import SynthCore
@testable import Harness
@testable import Reports
import SynthTestSupport

import SynthTable
import Synthesizers
import Testing

/// The reference backends' adapter protocol, with a fake adapter (standard-library Python written by the
/// test) standing in for SDV and SynthCity: what a cell sends, what it reads back, how failures are
/// reported, and that the adapter process's memory is measured.
@Suite("Reference backends: the adapter protocol")
struct ReferenceBackendTests {
    /// A fake adapter: answers the protocol, "fits" by keeping the training rows, "samples" by drawing rows
    /// with replacement from its own seeded generator, and touches `allocateMB` MB while fitting.
    static func fakeAdapter(allocateMB: Int = 0, protocolVersion: Int = 1, version: String = "0.2.12",
                            sdvVersion: String = "2.0.0", importError: Bool = false,
                            burnCPUSeconds: Double = 0) -> String {
        """
        import csv, json, random, sys
        out = sys.stdout
        def emit(event, **f):
            f["event"] = event
            out.write(json.dumps(f) + "\\n"); out.flush()
        if \(importError ? "True" : "False"):
            emit("error", stage="import", type="ModuleNotFoundError", message="No module named 'opacus'",
                 hint="pip install synthcity, then pip install opacus==1.4.1")
            sys.exit(1)
        emit("ready", protocol=\(protocolVersion), library=sys.argv[1], library_version=("\(sdvVersion)" if sys.argv[1] == "sdv" else "\(version)"), python="3.fake",
             packages={"fake": "1"})
        rows, header, ballast = [], [], None
        for line in sys.stdin:
            r = json.loads(line)
            if r["command"] == "fit":
                with open(r["train"]) as f:
                    reader = csv.reader(f); header = next(reader); rows = list(reader)
                ballast = bytearray(\(allocateMB) * 1000000)
                for i in range(0, len(ballast), 4096): ballast[i] = 1
                import time
                start = time.process_time()
                while time.process_time() - start < \(burnCPUSeconds): pass
                emit("fitted", fit_s=0.5, library_class="Fake" + r["method"], seed_note="seed %d as random_state; params %s" % (r["seed"], json.dumps(r["params"], sort_keys=True)))
            elif r["command"] == "sample":
                g = random.Random(r["seed"])
                with open(r["out"], "w", newline="") as f:
                    w = csv.writer(f); w.writerow(header)
                    for _ in range(r["rows"]): w.writerow(g.choice(rows))
                emit("sampled", sample_s=0.25, rows=r["rows"])
            elif r["command"] == "exit":
                sys.exit(0)
        """
    }

    /// A temporary folder with a small CSV and a fake adapter.
    struct Fixture {
        let dir: URL
        let data: URL
        let adapter: URL
        init(_ script: String) throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("refback-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            data = dir.appendingPathComponent("real.csv")
            var lines = ["age,colour,score"]
            for i in 0..<120 { lines.append("\(20 + i % 50),\(["red", "green", "blue"][i % 3]),\(Double(i) * 0.5)") }
            try (lines.joined(separator: "\n") + "\n").write(to: data, atomically: true, encoding: .utf8)
            adapter = dir.appendingPathComponent("fake_adapter.py")
            try script.write(to: adapter, atomically: true, encoding: .utf8)
        }
        func config(method: String = "ctgan", backend: GridBackend = .synthcityPython, rows: Int = 80,
                    parameters: [String: ParameterValue] = [:]) -> RunConfig {
            var c = RunConfig(data: .file(path: data.path, metadata: nil), method: method, backend: backend.flavour,
                              rows: rows, seed: 5, parameters: parameters, fetchIfMissing: false)
            c.reference = ReferenceEnvironment(backend: backend, pythons: [.sdvPython: "python3", .synthcityPython: "python3"],
                                               adapter: adapter.path, workDirectory: dir.appendingPathComponent("work"))
            return c
        }
        func remove() { try? FileManager.default.removeItem(at: dir) }
    }

    static let pythonAvailable = ExecutableLookup.locate("python3", path: ProcessInfo.processInfo.environment["PATH"] ?? "") != nil

    @Test(.enabled(if: pythonAvailable, "needs python3 on the PATH for the fake adapter"))
    func aCellRunsTheAdapterAndReadsItsTable() throws {
        let f = try Fixture(Self.fakeAdapter())
        defer { f.remove() }
        let outcome = try Pipeline(config: f.config(parameters: ["n_iter": .int(3)])).run(evaluate: false)
        #expect(outcome.synthetic.rowCount == 80)
        #expect(outcome.synthetic.columns.map(\.name) == ["age", "colour", "score"])
        // Every synthetic row is a training row (the fake resamples), read back with the real kinds.
        func rows(_ t: Table) -> [String] {
            (0..<t.rowCount).map { i in t.columns.map { $0.text(at: i) ?? "" }.joined(separator: "|") }
        }
        let real = Set(rows(outcome.data.table))
        #expect(rows(outcome.synthetic).allSatisfy(real.contains))
        #expect(outcome.synthetic["age"]?.kind == outcome.data.table["age"]?.kind)
        #expect(outcome.fitNotes["reference.library_version"] == .string("0.2.12"))
        #expect(outcome.fitNotes["reference.library_method"] == .string("Fakectgan"))
        #expect(outcome.fitNotes["reference.library_fit_s"] == .number(0.5))
        // Only the given parameters travel, under the library's names; the seed is the pipeline's fit seed.
        guard case .string(let seedNote) = outcome.fitNotes["reference.seed"] else { Issue.record("no seed note"); return }
        #expect(seedNote.hasSuffix("params {\"n_iter\": 3}"))
        #expect(outcome.resolution.descriptor.name == "ctgan")
        // The adapter reads the training split SynthBench prepared, written into the work directory.
        #expect(FileManager.default.fileExists(atPath: f.dir.appendingPathComponent("work/train.csv").path))
    }

    @Test(.enabled(if: pythonAvailable, "needs python3 on the PATH for the fake adapter"))
    func sameSeedSameTableAndAnotherSeedAnother() throws {
        let f = try Fixture(Self.fakeAdapter())
        defer { f.remove() }
        let a = try Pipeline(config: f.config()).run(evaluate: false).synthetic
        let b = try Pipeline(config: f.config()).run(evaluate: false).synthetic
        var other = f.config()
        other.seed = 6
        let c = try Pipeline(config: other).run(evaluate: false).synthetic
        #expect(a == b)
        #expect(a != c)
    }

    /// The adapter's peak memory is measured: a fake touching 150 MB reports at least that, and the same
    /// fake touching nothing (the negative control) reports less.
    @Test(.enabled(if: pythonAvailable, "needs python3 on the PATH for the fake adapter"))
    func thePythonProcessPeakMemoryIsMeasured() throws {
        func peak(_ mb: Int) throws -> Double {
            let f = try Fixture(Self.fakeAdapter(allocateMB: mb))
            defer { f.remove() }
            let notes = try Pipeline(config: f.config()).run(evaluate: false).fitNotes
            guard case .number(let p) = notes["reference.python_peak_rss_mb"] else { return -1 }
            return p
        }
        let big = try peak(150), small = try peak(0)
        #expect(big >= 150)
        #expect(small > 0 && small < 100)
        #expect(big - small > 140)
    }

    /// The cell reaps the adapter, so its CPU time reaches the cell's `wait4` figures: this process's
    /// children's CPU grows by at least what a fake burning 0.6 s of CPU spent.
    @Test(.enabled(if: pythonAvailable, "needs python3 on the PATH for the fake adapter"))
    func thePythonProcessIsReapedWithItsCPUTime() throws {
        func childrenCPU() -> Double {
            var usage = rusage()
            getrusage(RUSAGE_CHILDREN.rawValue, &usage)
            return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6
                + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) * 1e-6
        }
        let f = try Fixture(Self.fakeAdapter(burnCPUSeconds: 0.6))
        defer { f.remove() }
        let before = childrenCPU()
        _ = try Pipeline(config: f.config()).run(evaluate: false)
        #expect(childrenCPU() - before >= 0.55)
    }

    @Test(.enabled(if: pythonAvailable, "needs python3 on the PATH for the fake adapter"))
    func anImportFailureIsAClearErrorWithThePipHint() throws {
        let f = try Fixture(Self.fakeAdapter(importError: true))
        defer { f.remove() }
        do {
            _ = try Pipeline(config: f.config()).run(evaluate: false)
            Issue.record("expected an error")
        } catch {
            let text = "\(error.underlying)"
            #expect(error.phase == .fit)
            #expect(text.contains("synthcity-python: import: ModuleNotFoundError: No module named 'opacus'"))
            #expect(text.contains("pip install opacus==1.4.1"))
        }
    }

    @Test(.enabled(if: pythonAvailable, "needs python3 on the PATH for the fake adapter"),
          arguments: [(2, "0.2.12", "protocol 2"), (1, "0.3.0", "synthcity 0.3.0 is not a version")])
    func theAdapterIsVersionChecked(protocolVersion: Int, version: String, expected: String) throws {
        let f = try Fixture(Self.fakeAdapter(protocolVersion: protocolVersion, version: version))
        defer { f.remove() }
        #expect { try Pipeline(config: f.config()).run(evaluate: false) } throws: { error in
            "\((error as? PipelineError)?.underlying ?? error)".contains(expected)
        }
    }

    @Test func aMissingPythonIsNamedWithTheWaysToGiveIt() throws {
        let f = try Fixture(Self.fakeAdapter())
        defer { f.remove() }
        var config = f.config()
        config.reference?.pythons = [:]
        #expect { try Pipeline(config: config).run(evaluate: false) } throws: { error in
            "\((error as? PipelineError)?.underlying ?? error)".contains("synthcity-python needs a Python environment")
        }
    }

    /// The shipped adapter, found from the test binary, run by a Python without the library: the cell
    /// records a clear error (phase fit, the import failure and the pip hint) instead of crashing.
    @Test(.enabled(if: pythonAvailable && !pythonHasPandas, "needs a python3 on the PATH without pandas"))
    func aCellWhoseLibraryDoesNotImportRecordsAnError() throws {
        let dir = try SynthBenchBinary.temporaryDirectory("reference")
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = #"{"name": "x", "datasets": ["penguins"], "methods": ["gc"], "backends": ["sdv-python"], "suites": [], "python": "python3"}"#
        let spec = try ExperimentSpec.decode(Data(text.utf8), availableDatasets: nil)
        let run = RunDirectory(url: dir.appendingPathComponent("x-1"))
        try run.create()
        try AtomicFile.write(try spec.normalizedText(), to: run.spec)
        let id = spec.cells[0].id
        #expect(id == "penguins__gc__sdv-python__s0")
        let result = try CellExecution.run(CellExecution.Request(spec: run.spec, cellID: id, runID: run.runID, output: run.cellResult(id),
                                                                 datasetsDirectory: RepositoryPaths.datasets.path, fetchIfMissing: false),
                                           context: SynthesisContext())
        #expect(result.status == .error && result.phase == "fit")
        #expect(result.backendRequested == "sdv-python" && result.backend == "sdv-python")
        #expect(result.error?.contains("sdv-python: import: ModuleNotFoundError: No module named 'pandas'; pip install sdv") == true)
        #expect(CellResult.read(from: run.cellResult(id))?.error == result.error)
    }

    static let pythonHasPandas: Bool = {
        guard let python = ExecutableLookup.locate("python3", path: ProcessInfo.processInfo.environment["PATH"] ?? "") else { return false }
        let p = Process()
        p.executableURL = python
        p.arguments = ["-c", "import pandas"]
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()

    // MARK: Resolution and the grid

    @Test func methodsResolveOnTheLibrariesWithTheFlavoursFallbacks() throws {
        let gc = try ReferenceCatalog.resolve(method: "gc", backend: .synthcityPython)
        #expect(gc.used == .sdvPython)
        #expect(gc.fallbackReason?.contains("using sdv-python's gc") == true)
        let uniform = try ReferenceCatalog.resolve(method: "uniform", backend: .sdvPython)
        #expect(uniform.used == .synthcityPython && uniform.descriptor.name == "uniform_sampler")
        let ctgan = try ReferenceCatalog.resolve(method: "ctgan", backend: .sdvPython)
        #expect(ctgan.used == .sdvPython && ctgan.fallbackReason == nil)
        #expect(try ReferenceCatalog.resolve(method: "ads-gan", backend: .synthcityPython).descriptor.name == "adsgan")
        #expect(throws: SynthesisError.self) { try ReferenceCatalog.resolve(method: "dp-ctgan", backend: .synthcityPython) }
        #expect(throws: SynthesisError.self) { try ReferenceCatalog.resolve(method: "nope", backend: .sdvPython) }
    }

    @Test func aGridNamesReferenceBackendsAndFlavourParameters() throws {
        let text = """
        {"name": "r", "datasets": ["wine"], "methods": ["ctgan"],
         "backends": ["sdv", "sdv-python", "synthcity", "synthcity-python"],
         "params": {"ctgan@sdv": {"epochs": 5}, "ctgan@synthcity": {"n_iter": 5}},
         "python": {"sdv-python": "/venv/bin/python"}}
        """
        let spec = try ExperimentSpec.decode(Data(text.utf8), availableDatasets: nil)
        #expect(spec.cells.map(\.id) == ["wine__ctgan__sdv__s0", "wine__ctgan__sdv-python__s0",
                                         "wine__ctgan__synthcity__s0", "wine__ctgan__synthcity-python__s0"])
        #expect(spec.cells.map(\.params) == [["epochs": .int(5)], ["epochs": .int(5)], ["n_iter": .int(5)], ["n_iter": .int(5)]])
        #expect(spec.python == [.sdvPython: "/venv/bin/python"])
        // Where Python is does not change what is computed: the run directory stays the same.
        var moved = spec
        moved.python = [.sdvPython: "/elsewhere/python"]
        #expect(moved.contentHash == spec.contentHash)
        // The normalized spec (spec.json, read by the cells) keeps it.
        let again = try ExperimentSpec.decode(Data(try spec.normalizedText().utf8), availableDatasets: nil)
        #expect(again.python == spec.python && again.cells == spec.cells)
    }

    @Test(arguments: [
        (#""params": {"ctgan@sdv": {"n_iter": 5}}"#, "params.ctgan@sdv.n_iter"),
        (#""params": {"ctgan@r": {"epochs": 5}}"#, "'@r' is not a flavour"),
        (#""python": {"sdv": "/x"}"#, "python.sdv: not a reference backend"),
        (#""methods": ["dp-ctgan"]"#, "methods[0]"),
        (#""params": {"ctgan": {"precision": "bf16"}}"#, "params.ctgan.precision: precision=bf16: the reference backends run SDV and SynthCity in their own fp32"),
    ])
    func badReferenceGridsNameTheKey(fragment: String, expected: String) throws {
        var fields = [#""name": "r""#, #""datasets": ["wine"]"#, #""backends": ["sdv", "sdv-python"]"#, fragment]
        if !fragment.contains("\"methods\"") { fields.append(#""methods": ["ctgan"]"#) }
        let text = "{" + fields.joined(separator: ", ") + "}"
        #expect { try ExperimentSpec.decode(Data(text.utf8), availableDatasets: nil) } throws: { error in
            "\(error)".contains(expected)
        }
    }

    /// `precision=fp32` is what the libraries compute in: accepted by the grid and not passed to the adapter
    /// (the negative control, bf16, is refused above); other parameters pass unchanged.
    @Test func fp32PrecisionIsAcceptedAndNotPassedOn() throws {
        let text = #"{"name": "r", "datasets": ["wine"], "methods": ["ctgan"], "backends": ["sdv", "sdv-python"], "params": {"ctgan": {"precision": "fp32", "epochs": 2}}}"#
        let spec = try ExperimentSpec.decode(Data(text.utf8), availableDatasets: nil)
        #expect(spec.cells[1].params == ["precision": .string("fp32"), "epochs": .int(2)])
        #expect(try ReferenceEnvironment.libraryParameters(spec.cells[1].params) == ["epochs": .int(2)])
        #expect(throws: ReferenceEnvironment.Unavailable.self) {
            try ReferenceEnvironment.libraryParameters(["precision": .string("bf16")])
        }
    }

    @Test func aReferenceRecordNamesItsBackendAndCoversThePythonPeak() {
        let cell = GridCell(dataset: "wine", method: "gc", backend: .synthcityPython, seed: 0)
        var result = CellResult(stopped: cell, experiment: "r", runID: "r", status: .error, error: "x", phase: "fit",
                                timings: PhaseTimings(), blasThreads: 1, peakRSSMB: 40)
        #expect(result.backendRequested == "synthcity-python")
        #expect(result.backend == "sdv-python")
        #expect(result.fallbackReason?.contains("synthcity-python runs no 'gc'") == true)
        result.fitNotes["reference.python_peak_rss_mb"] = .number(412)
        result.recordReference(cell)
        #expect(result.peakRSSMB == 412)
    }
}

/// The real libraries through the shipped adapter (slow tier): `SYNTHBENCH_SLOW_TESTS=1` with
/// `SYNTHBENCH_SDV_PYTHON` and/or `SYNTHBENCH_SYNTHCITY_PYTHON` naming the Python of an environment with
/// the library (e.g. /work/venv/bin/python, /work/venv-synthcity/bin/python).
@Suite("Reference backends: the real libraries")
struct RealReferenceLibraryTests {
    static func python(_ variable: String) -> String? {
        let env = ProcessInfo.processInfo.environment
        guard env["SYNTHBENCH_SLOW_TESTS"] == "1", let p = env[variable], !p.isEmpty else { return nil }
        return p
    }

    static func run(_ method: String, on backend: GridBackend, python: String,
                    parameters: [String: ParameterValue]) throws -> RunOutcome {
        let f = try ReferenceBackendTests.Fixture("")
        defer { f.remove() }
        var config = f.config(method: method, backend: backend, rows: 60, parameters: parameters)
        config.reference?.adapter = nil   // the shipped adapter, found from this executable
        config.reference?.pythons = [backend: python]
        return try Pipeline(config: config).run(evaluate: false)
    }

    @Test(.enabled(if: python("SYNTHBENCH_SDV_PYTHON") != nil,
                   "set SYNTHBENCH_SLOW_TESTS=1 and SYNTHBENCH_SDV_PYTHON to an environment with sdv"))
    func sdvFitsAndSamples() throws {
        let outcome = try Self.run("gc", on: .sdvPython, python: Self.python("SYNTHBENCH_SDV_PYTHON")!, parameters: [:])
        #expect(outcome.synthetic.rowCount == 60)
        #expect(outcome.synthetic.columns.map(\.name) == ["age", "colour", "score"])
        #expect(outcome.fitNotes["reference.library_method"] == .string("GaussianCopulaSynthesizer"))
        guard case .string(let v) = outcome.fitNotes["reference.library_version"] else { Issue.record("no version"); return }
        #expect(v.hasPrefix("1.") || v.hasPrefix("2."))
    }

    @Test(.enabled(if: python("SYNTHBENCH_SYNTHCITY_PYTHON") != nil,
                   "set SYNTHBENCH_SLOW_TESTS=1 and SYNTHBENCH_SYNTHCITY_PYTHON to an environment with synthcity"))
    func synthcityFitsAndSamplesAndRefusesAForeignParameter() throws {
        let outcome = try Self.run("ctgan", on: .synthcityPython, python: Self.python("SYNTHBENCH_SYNTHCITY_PYTHON")!,
                                   parameters: ["n_iter": .int(2)])
        #expect(outcome.synthetic.rowCount == 60)
        #expect(outcome.fitNotes["reference.library_method"] == .string("ctgan"))
        // `early_stopping` is a SynthBench parameter SynthCity's plugin does not take: refused by name.
        #expect { try Self.run("ctgan", on: .synthcityPython, python: Self.python("SYNTHBENCH_SYNTHCITY_PYTHON")!,
                               parameters: ["early_stopping": .bool(false)]) } throws: { error in
            "\((error as? PipelineError)?.underlying ?? error)".contains("takes no parameter early_stopping")
        }
    }
}

/// `compare --reference`: each flavour against its library and the libraries against each other, one report.
@Suite("Reference backends: the comparison")
struct ReferenceComparisonTests {
    @Test func everyPairTheRunHasIsComparedInOneReport() throws {
        var cells: [CellResult] = []
        for seed: UInt64 in [0, 1] {
            cells.append(RunFixture.cell(method: "ctgan", backend: "sdv-python", seed: seed, quality: 0.80, fit: 10, rss: 800))
            cells.append(RunFixture.cell(method: "ctgan", backend: "sdv", seed: seed, quality: 0.78, fit: 2, rss: 200))
            cells.append(RunFixture.cell(method: "ctgan", backend: "synthcity-python", seed: seed, quality: 0.75, fit: 20, rss: 1000))
        }
        let dir = try RunFixture.write(cells)
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()) }
        let comparison = try ReferenceComparison.compare(try RunCells.load(runDirectory: dir))
        // synthcity has no cells: its fidelity pair is left out; the migration pair is there.
        #expect(comparison.pairs.map { "\($0.kind) \($0.comparison.candidate)/\($0.comparison.baseline)" }
                == ["fidelity sdv/sdv-python", "migration synthcity-python/sdv-python"])
        let rows = comparison.summary
        #expect(rows.count == 2)
        let fidelity = try #require(rows.first)
        #expect(abs(fidelity.qualityDelta! - (0.78 - 0.80)) < 1e-12)
        #expect(abs(fidelity.fitTimeRatio! - 0.2) < 1e-12)
        #expect(abs(fidelity.memoryRatio! - 0.25) < 1e-12)
        #expect(abs(rows[1].qualityDelta! - (0.75 - 0.80)) < 1e-12)
        let output = try comparison.write(renderer: GnuplotRenderer(executable: nil, unavailableReason: "test"))
        let text = try String(contentsOf: output.markdown, encoding: .utf8)
        #expect(text.contains("| fidelity | sdv vs sdv-python | ctgan | adult |"))
        #expect(text.contains("## migration: synthcity-python vs sdv-python"))
        #expect(output.plots.figures.contains("reference_sdv_vs_sdv_python_ratios"))
    }

    @Test func aRunWithoutReferenceBackendsIsRefused() throws {
        let dir = try RunFixture.write([RunFixture.cell(backend: "sdv"), RunFixture.cell(backend: "synthcity")])
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()) }
        #expect(throws: ReportError.self) { try ReferenceComparison.compare(try RunCells.load(runDirectory: dir)) }
    }
}
