import Foundation
import Testing
@testable import Harness
@testable import Benchmarks
import SynthTestSupport
import Evaluation
import SynthTable

/// Scale runs: growth exponents, `NAME@ROWS` datasets, the evaluation cap in specs, and `bench scale` end
/// to end on a small dataset.
@Suite struct ScaleTests {
    @Test func growthExponentRecoversThePowerOfACleanCurve() throws {
        for k in [0.5, 1.0, 1.3, 2.0] {
            let points = [1e4, 3e4, 1e5, 3e5, 1e6].map { (n: $0, cost: 0.002 * pow($0, k)) }
            #expect(abs(try #require(GrowthExponent.fit(points)) - k) < 1e-12)
        }
        // A fixed overhead pulls the slope below the power (negative control for a fit that ignores it).
        let overhead = [1e4, 1e5, 1e6].map { (n: $0, cost: 5 + 1e-5 * $0) }
        #expect(try #require(GrowthExponent.fit(overhead)) < 0.9)
        #expect(GrowthExponent.fit([(n: 10, cost: 1), (n: 10, cost: 2)]) == nil)
    }

    @Test func datasetNamesCarryARowCount() {
        #expect(DatasetName(parsing: "adult@976830") == DatasetName(base: "adult", rows: 976_830))
        #expect(DatasetName(parsing: "adult") == DatasetName(base: "adult", rows: nil))
        #expect(DatasetName(parsing: "adult@0") == DatasetName(base: "adult@0", rows: nil))
        #expect(DatasetName(parsing: "adult@x") == DatasetName(base: "adult@x", rows: nil))
    }

    func decode(_ extra: String, datasets: String = #"["wine"]"#) throws(ExperimentSpecError) -> ExperimentSpec {
        try ExperimentSpec.decode(Data(#"{"name": "s", "datasets": \#(datasets), "methods": ["gc"], "backends": ["sdv"]\#(extra)}"#.utf8),
                                  source: "spec.json", availableDatasets: ["wine"])
    }

    @Test func specsSetTheEvaluationCaps() throws {
        func caps(_ spec: ExperimentSpec) -> EvaluationCaps {
            spec.runConfig(for: spec.cells[0], fetchIfMissing: false, datasetsDirectory: nil).evalCaps
        }
        let plain = try decode("")
        #expect(caps(plain) == EvaluationCaps(classifier: 50_000, quadratic: EvaluationCaps.defaultQuadratic))
        #expect(EvaluationCaps.defaultQuadratic != EvaluationCaps.defaultClassifier)
        #expect(caps(try decode(#", "eval_cap": 0"#)) == .none)
        let capped = try decode(#", "eval_cap": 1000"#)
        #expect(caps(capped) == EvaluationCaps(both: 1000))
        #expect(capped.contentHash != plain.contentHash)
        #expect(try ExperimentSpec.decode(Data(try capped.normalizedText().utf8), availableDatasets: ["wine"]) == capped)
        // A class's own key overrides eval_cap for that class only; 0 is every row.
        let split = try decode(#", "eval_cap": 1000, "eval_cap_quadratic": 200"#)
        #expect(caps(split) == EvaluationCaps(classifier: 1000, quadratic: 200))
        #expect(caps(try decode(#", "eval_cap_classifier": 0"#))
                == EvaluationCaps(classifier: nil, quadratic: EvaluationCaps.defaultQuadratic))
        #expect(split.contentHash != capped.contentHash)
        #expect(try ExperimentSpec.decode(Data(try split.normalizedText().utf8), availableDatasets: ["wine"]) == split)
        for key in ["eval_cap", "eval_cap_classifier", "eval_cap_quadratic"] {
            do {
                _ = try decode(#", "\#(key)": -5"#)
                Issue.record("accepted a negative \(key)")
            } catch {
                #expect("\(error)".contains(key))
            }
        }
    }

    @Test func specsAcceptResizedDatasets() throws {
        let spec = try decode("", datasets: #"["wine", "wine@1000"]"#)
        #expect(spec.cells.map(\.dataset) == ["wine", "wine@1000"])
        #expect(throws: ExperimentSpecError.self) { try decode("", datasets: #"["nope@1000"]"#) }
        let data = try PreparedData.load(.dataset("wine@1000"), fetchIfMissing: false,
                                         datasetsDirectory: RepositoryPaths.datasets.path)
        let wine = try PreparedData.load(.dataset("wine"), fetchIfMissing: false, datasetsDirectory: RepositoryPaths.datasets.path)
        #expect(data.table.rowCount == 1000)
        #expect(data.table.selectingRows(Array(0..<wine.table.rowCount)) == wine.table)   // whole copies first
    }

    /// Two tiny sizes through the real binary: one child per size, the report, the plot scripts.
    @Test func benchScaleRunsEachSizeInItsOwnProcess() throws {
        let dir = try SynthBenchBinary.temporaryDirectory("scale")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = try SynthBenchBinary.run(
            ["bench", "scale", "--dataset", "wine", "--sizes", "150,400", "--datasets-dir", RepositoryPaths.datasets.path,
             "--out", dir.path, "--eval-cap", "100", "--eval-cap-quadratic", "50"],
            in: dir, environment: ["SYNTHBENCH_GNUPLOT": "none"])
        #expect(out.status == 0, "\(out.stdout)\n\(out.stderr)")
        let report = try JSONDecoder().decode(ScaleBenchmark.Report.self,
                                              from: Data(contentsOf: dir.appendingPathComponent("scale.json")))
        #expect(report.points.map(\.rows) == [150, 400])
        #expect(report.points.allSatisfy { Set($0.phases.map(\.name)) == Set(ScaleBenchmark.phases) })
        #expect(report.points[1].evalSubsample == .init(cap: 100, real: 100, synthetic: 100, holdout: nil))
        #expect(report.points[1].evalSubsampleQuadratic == .init(cap: 50, real: 50, synthetic: 50, holdout: nil))
        #expect(report.exponents["sample"] != nil && report.cpuExponents["sample"] != nil)
        let dat = try String(contentsOf: dir.appendingPathComponent("plots/scale-time.dat"), encoding: .utf8)
        #expect(dat.split(separator: "\n").count == 3)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("plots/scale-memory.gp").path))
        // The resized data and the synthetic file are gone; each size left its log.
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("400/data.csv").path))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("400/point.log").path))
    }

    /// More synthetic rows than the metrics need: streamed to disk, the same bytes as the whole-table path.
    @Test func generateStreamsRowsBeyondWhatItKeeps() throws {
        let dir = try SynthBenchBinary.temporaryDirectory("stream")
        defer { try? FileManager.default.removeItem(at: dir) }
        var config = RunConfig(data: .dataset("wine"), method: "gc", rows: 1_000, seed: 3, fetchIfMissing: false,
                               datasetsDirectory: RepositoryPaths.datasets.path)
        config.evalCaps = .none   // every row evaluated: nothing streamed
        let whole = try Pipeline(config: config).run(evaluate: false)
        #expect(whole.syntheticFile == nil && whole.synthetic.rowCount == 1_000)
        config.evalCaps = EvaluationCaps(both: 50)
        #expect(config.keptSyntheticRows(count: 1_000, realRows: 178) == 178)
        #expect(config.cappingEvaluation(nil, classifier: 300, quadratic: 40).keptSyntheticRows(count: 1_000, realRows: 178) == 300)
        #expect(config.cappingEvaluation(nil, classifier: 0).keptSyntheticRows(count: 1_000, realRows: 178) == 1_000)
        var pipeline = Pipeline(config: config)
        let stream = dir.appendingPathComponent("stream.csv")
        pipeline.syntheticStream = stream
        let streamed = try pipeline.run()
        #expect(streamed.syntheticFile == stream && streamed.syntheticRows == 1_000)
        #expect(streamed.synthetic == whole.synthetic.selectingRows(Array(0..<178)))
        #expect(try Data(contentsOf: stream) == Data(try CSVWriter().encode(whole.synthetic)))
        let out = dir.appendingPathComponent("out")
        try RunArtifacts.write(streamed, to: out, includeTimings: false)
        #expect(!FileManager.default.fileExists(atPath: stream.path))
        #expect(try CSVReader().read(path: out.appendingPathComponent("synthetic.csv").path).rowCount == 1_000)
        let record = RunArtifacts.record(streamed, includeTimings: false)
        #expect(record.rows["synthetic"] == 1_000 && record.rows["synthetic_evaluated"] == 178)
    }

    /// The shipped scale experiment: gc, CTGAN and TVAE on adult at three sizes, under the default cap.
    @Test func scaleExperimentIsValid() throws {
        let names = try DatasetRegistry(directory: RepositoryPaths.datasets).names
        let spec = try ExperimentSpec.load(contentsOf: RepositoryPaths.root.appendingPathComponent("experiments/scale.json"),
                                           availableDatasets: names)
        #expect(spec.cells.count == 9 && spec.datasets == ["adult@10000", "adult@100000", "adult@976830"])
        #expect(spec.runConfig(for: spec.cells[0], fetchIfMissing: false, datasetsDirectory: nil).evalCaps == .default)
    }
}
