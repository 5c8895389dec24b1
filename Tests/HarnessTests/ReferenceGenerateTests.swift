import Foundation
@testable import Harness
import SynthTestSupport
import Synthesizers
import Testing

/// `generate --backend sdv-python|synthcity-python`: the grid cell's adapter path behind the single-run
/// command, with the fake standard-library adapter of ``ReferenceBackendTests`` standing in for the library.
@Suite("Reference backends: generate")
struct ReferenceGenerateTests {
    /// A temporary folder with the fake adapter and a small CSV, and `generate` run on it.
    struct Fixture {
        let base: ReferenceBackendTests.Fixture
        init() throws { base = try ReferenceBackendTests.Fixture(ReferenceBackendTests.fakeAdapter()) }
        var out: URL { base.dir.appendingPathComponent("out") }

        func generate(_ arguments: [String], python: [String] = ["--python", "python3"]) throws -> SynthBenchBinary.Output {
            try SynthBenchBinary.run(["generate", "--data", base.data.path, "--out", out.path, "--rows", "50",
                                      "--seed", "3", "--suite", "payload"] + python + arguments,
                                     in: base.dir, environment: [ReferenceEnvironment.adapterVariable: base.adapter.path],
                                     unsetting: [ReferenceEnvironment.pythonVariable])
        }

        func runRecord() throws -> [String: Any] {
            let data = try Data(contentsOf: out.appendingPathComponent("run.json"))
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }
    }

    @Test(.enabled(if: ReferenceBackendTests.pythonAvailable, "needs python3 on the PATH for the fake adapter"))
    func generateRunsTheAdapterAndNamesTheReferenceBackend() throws {
        let f = try Fixture()
        defer { f.base.remove() }
        let result = try f.generate(["--backend", "synthcity-python", "--method", "ctgan", "--param", "n_iter=2",
                                     "--param", "precision=fp32"])
        #expect(result.status == 0, "\(result.stderr)")
        let record = try f.runRecord()
        #expect(record["backend_requested"] as? String == "synthcity-python")
        #expect(record["backend"] as? String == "synthcity-python")
        #expect(record["fallback_reason"] is NSNull)
        let notes = try #require(record["fit_notes"] as? [String: Any])
        #expect(notes["reference.library_method"] as? String == "Fakectgan")
        #expect(notes["reference.library_version"] as? String == "0.2.12")
        // The adapter got the given parameters under the library's names, without SynthBench's `precision`
        // (fp32 is the library's own), and the pipeline's fit seed.
        let seedNote = try #require(notes["reference.seed"] as? String)
        #expect(seedNote.hasSuffix("params {\"n_iter\": 2}"), "\(seedNote)")
        #expect((notes["reference.python_peak_rss_mb"] as? Double).map { $0 > 0 } == true)
        // The library's table: every row is a real row (the fake resamples), 50 of them.
        let real = Set(try String(contentsOf: f.base.data, encoding: .utf8).split(separator: "\n").dropFirst().map(String.init))
        let synthetic = try String(contentsOf: f.out.appendingPathComponent("synthetic.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map(String.init)
        #expect(synthetic.count == 50)
        #expect(synthetic.allSatisfy(real.contains))
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: f.out.appendingPathComponent("report.json"))) as? [String: Any]
        #expect((report?["meta"] as? [String: Any])?["backend"] as? String == "synthcity-python")
        // The work directory beside the output (training split, the library's CSV) is gone.
        let left = try FileManager.default.contentsOfDirectory(atPath: f.base.dir.path).filter { $0.contains(".reference-") }
        #expect(left.isEmpty, "\(left)")
    }

    /// The grid's fallback: SynthCity runs no Gaussian copula, so `gc` on synthcity-python runs SDV's, with
    /// the reason in run.json, and needs sdv-python's Python.
    @Test(.enabled(if: ReferenceBackendTests.pythonAvailable, "needs python3 on the PATH for the fake adapter"))
    func aFallbackToTheOtherLibraryIsRecorded() throws {
        let f = try Fixture()
        defer { f.base.remove() }
        let result = try f.generate(["--backend", "synthcity-python", "--method", "gc"])
        #expect(result.status == 0, "\(result.stderr)")
        let record = try f.runRecord()
        #expect(record["backend_requested"] as? String == "synthcity-python")
        #expect(record["backend"] as? String == "sdv-python")
        #expect((record["fallback_reason"] as? String)?.contains("using sdv-python's gc") == true)
        // Negative control: with a Python for synthcity-python only, the fallback's missing Python is named.
        let only = try f.generate(["--backend", "synthcity-python", "--method", "gc"], python: ["--python", "synthcity-python=python3"])
        #expect(only.status != 0)
        #expect(only.stderr.contains("sdv-python needs a Python environment"), "\(only.stderr)")
    }

    @Test(arguments: [
        (["--backend", "sdv-python", "--method", "gc"], [String](), "backend sdv-python needs a Python environment with sdv installed: give --python sdv-python=PATH, or set SYNTHBENCH_PYTHON"),
        (["--backend", "sdv", "--method", "gc"], ["--python", "python3"], "--python applies to --backend sdv-python or synthcity-python only"),
        (["--backend", "sdv-python", "--method", "ctgan", "--param", "precision=bf16"], ["--python", "python3"], "precision=bf16: the reference backends run SDV and SynthCity in their own fp32"),
    ])
    func badReferenceRequestsAreRefusedBeforeAnythingIsWritten(arguments: [String], python: [String], expected: String) throws {
        let f = try Fixture()
        defer { f.base.remove() }
        let result = try f.generate(arguments, python: python)
        #expect(result.status != 0)
        #expect(result.stderr.contains(expected), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: f.out.path))
    }
}
