import Foundation
import Testing
@testable import Harness
import Synthesizers
import SynthTable
import SynthTestSupport

/// Grid specs: decoding, defaults, validation errors naming the key, expansion order and ids.
@Suite struct ExperimentSpecTests {
    init() { TestMethods.register() }

    static let datasets = ["penguins", "wine", "breast_cancer"]

    func decode(_ json: String) throws(ExperimentSpecError) -> ExperimentSpec {
        try ExperimentSpec.decode(Data(json.utf8), source: "spec.json", availableDatasets: Self.datasets)
    }

    /// The error's key path, or a marker when decoding succeeded.
    func errorPath(_ json: String) -> (path: String, message: String) {
        do {
            _ = try decode(json)
            return ("<no error>", "")
        } catch {
            return (error.path, error.message)
        }
    }

    @Test func minimalSpecGetsDefaults() throws {
        let spec = try decode(#"{"name": "t", "datasets": ["penguins"], "methods": ["test-sleep"]}"#)
        #expect(spec.backends == [.sdv, .synthcity])
        #expect(spec.seeds == [0])
        #expect(spec.rows == .asReal)
        #expect(spec.suites == ["membership", "distance", "detection", "pii"] && spec.holdout == nil)
        #expect(spec.timeoutS == ExperimentSpec.defaultTimeoutS)
        #expect(spec.jobs == 1)
        #expect(spec.blasThreads == 1)
        #expect(spec.thresholds == nil)
        #expect(spec.monitor == nil)
        #expect(spec.postProcessing == PostProcessing())
    }

    @Test func fullSpecDecodes() throws {
        let spec = try ExperimentSpec.decode(Data("""
        {"name": "full", "datasets": ["wine", "penguins"], "methods": ["test-sleep", "test-alloc"],
         "backends": ["synthcity"], "seeds": [3, 1], "params": {"test-sleep": {"seconds": 0.5, "honour_cancel": false}},
         "rows": "0.5x", "suites": ["stats", "sdmetrics", "payload"], "timeout_s": null, "jobs": 4,
         "thresholds": "limits.json", "blas_threads": 2,
         "post_processing": {"jitter": true, "jitter_scale": 0.05},
         "monitor": {"window": 3, "min_quality": 0.7}}
        """.utf8), source: "x.json", baseDirectory: URL(fileURLWithPath: "/tmp/specs"), availableDatasets: Self.datasets)
        #expect(spec.backends == [.synthcity])
        #expect(spec.seeds == [3, 1])
        #expect(spec.params["test-sleep"] == ["seconds": .double(0.5), "honour_cancel": .bool(false)])
        #expect(spec.rows == .factor(0.5))
        #expect(spec.suites == ["stats", "sdmetrics"])
        #expect(spec.timeoutS == nil)
        #expect(spec.jobs == 4)
        #expect(spec.thresholds == "/tmp/specs/limits.json")
        #expect(spec.blasThreads == 2)
        #expect(spec.postProcessing.jitter && spec.postProcessing.jitterScale == 0.05 && !spec.postProcessing.quantileMatching)
        #expect(spec.monitor == ExperimentSpec.Monitor(window: 3, minQuality: 0.7))
    }

    @Test func cellsExpandDatasetMajorWithStableIDs() throws {
        let spec = try decode("""
        {"name": "t", "datasets": ["wine", "penguins"], "methods": ["test-sleep", "test-alloc"],
         "backends": ["sdv", "synthcity"], "seeds": [0, 1], "params": {"test-alloc": {"megabytes": 5}}}
        """)
        let ids = spec.cells.map(\.id)
        #expect(ids.count == 16)
        #expect(Array(ids.prefix(5)) == ["wine__test-sleep__sdv__s0", "wine__test-sleep__sdv__s1",
                                         "wine__test-sleep__synthcity__s0", "wine__test-sleep__synthcity__s1",
                                         "wine__test-alloc__sdv__s0"])
        #expect(ids.last == "penguins__test-alloc__synthcity__s1")
        #expect(Set(ids).count == ids.count)
        #expect(spec.cell(id: "penguins__test-alloc__sdv__s1")?.params == ["megabytes": .int(5)])
        #expect(spec.cell(id: "penguins__test-sleep__sdv__s1")?.params == [:])
    }

    @Test func normalizedFormRoundTripsAndHashIgnoresHowTheGridRuns() throws {
        let spec = try decode("""
        {"name": "t", "datasets": ["penguins"], "methods": ["test-sleep"], "seeds": [0, 7], "rows": 50,
         "params": {"test-sleep": {"seconds": 2}}, "suites": ["sdmetrics"], "monitor": {"window": 2, "min_quality": 0.5}}
        """)
        let text = try spec.normalizedText()
        let again = try ExperimentSpec.decode(Data(text.utf8), availableDatasets: nil)
        #expect(again == spec)
        let object = try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(object.keys) == Set(ExperimentSpec.keys).subtracting(["dataset_options", "eval_cap", "eval_cap_classifier", "eval_cap_quadratic", "python", "quasi_identifiers", "federated", "keep_synthetic", "shadow"]))  // written only when set

        var other = spec
        other.jobs = 8; other.timeoutS = 5; other.monitor = nil; other.thresholds = "/x"
        #expect(other.contentHash == spec.contentHash)
        #expect(spec.defaultRunID == "t-\(spec.contentHash)")
        #expect(spec.contentHash.count == 10)
        other.seeds = [0]
        #expect(other.contentHash != spec.contentHash)
        var params = spec
        params.params["test-sleep"] = ["seconds": .int(3)]
        #expect(params.contentHash != spec.contentHash)
    }

    @Test func rowsForms() throws {
        func rows(_ v: String) throws -> SyntheticSize {
            try decode(#"{"name": "t", "datasets": ["penguins"], "methods": ["test-sleep"], "rows": \#(v)}"#).rows
        }
        #expect(try rows("null") == .asReal)
        #expect(try rows("120") == .count(120))
        #expect(try rows(#""2x""#) == .factor(2))
        #expect(SyntheticSize.factor(0.5).rows(forReal: 345) == 173)
        #expect(SyntheticSize.factor(0.001).rows(forReal: 10) == 1)
        #expect(SyntheticSize.asReal.rows(forReal: 344) == 344)
        let config = try decode(#"{"name": "t", "datasets": ["penguins"], "methods": ["test-sleep"], "rows": "1.5x"}"#)
        let run = config.runConfig(for: config.cells[0], fetchIfMissing: false, datasetsDirectory: nil)
        #expect(run.rows == nil && run.rowsFactor == 1.5 && run.syntheticRows(forReal: 100) == 150)
    }

    /// Each bad spec names the offending key's JSON path; the message says what is allowed.
    @Test(arguments: [
        (#"{"name": "t", "datasets": ["penguins"], "methods": ["test-sleep"], "colour": 1}"#, "colour", "allowed keys"),
        (#"{"datasets": ["penguins"], "methods": ["test-sleep"]}"#, "name", "missing"),
        (#"{"name": "a/b", "datasets": ["penguins"], "methods": ["test-sleep"]}"#, "name", "not a valid name"),
        (#"{"name": "t", "datasets": ["penguins", "iris"], "methods": ["test-sleep"]}"#, "datasets[1]", "allowed: penguins, wine, breast_cancer"),
        (#"{"name": "t", "datasets": [], "methods": ["test-sleep"]}"#, "datasets", "must not be empty"),
        (#"{"name": "t", "datasets": ["penguins"], "methods": ["test-sleep", "nope"]}"#, "methods[1]", "unknown method 'nope'; available"),
        (#"{"name": "t", "datasets": ["penguins"], "methods": ["test-sleep", "test-sleep"]}"#, "methods[1]", "repeats methods[0]"),
        (#"{"name": "t", "datasets": ["penguins"], "methods": ["test-sleep"], "backends": ["sdv", "ray"]}"#, "backends[1]", "allowed: sdv, synthcity"),
        (#"{"name": "t", "datasets": ["penguins"], "methods": ["test-sleep"], "seeds": [0, -1]}"#, "seeds[1]", "out of range"),
        (#"{"name": "t", "datasets": ["penguins"], "methods": ["test-sleep"], "seeds": [1.5]}"#, "seeds[0]", "expected an integer"),
        (#"{"name": "t", "datasets": ["penguins"], "methods": ["test-sleep"], "params": {"gc": {}}}"#, "params.gc", "not one of the spec's methods"),
        (#"{"name": "t", "datasets": ["penguins"], "methods": ["test-sleep"], "params": {"test-sleep": {"secs": 1}}}"#, "params.test-sleep.secs", "parameters: seconds, honour_cancel"),
        (#"{"name": "t", "datasets": ["penguins"], "methods": ["test-sleep"], "params": {"test-sleep": {"seconds": -2}}}"#, "params.test-sleep.seconds", "must be in"),
        (#"{"name": "t", "datasets": ["penguins"], "methods": ["test-sleep"], "rows": "many"}"#, "rows", "factor like \"1.0x\""),
        (#"{"name": "t", "datasets": ["penguins"], "methods": ["test-sleep"], "rows": 0}"#, "rows", "out of range"),
        (#"{"name": "t", "datasets": ["penguins"], "methods": ["test-sleep"], "suites": ["sdmetrics", "realism"]}"#, "suites[1]", "allowed: sdmetrics, stats"),
        (#"{"name": "t", "datasets": ["penguins"], "methods": ["test-sleep"], "timeout_s": 0}"#, "timeout_s", "positive number"),
        (#"{"name": "t", "datasets": ["penguins"], "methods": ["test-sleep"], "jobs": 0}"#, "jobs", "allowed: 1...1024"),
        (#"{"name": "t", "datasets": ["penguins"], "methods": ["test-sleep"], "blas_threads": "two"}"#, "blas_threads", "expected an integer"),
        (#"{"name": "t", "datasets": ["penguins"], "methods": ["test-sleep"], "post_processing": {"smooth": true}}"#, "post_processing.smooth", "allowed keys: quantile_matching"),
        (#"{"name": "t", "datasets": ["penguins"], "methods": ["test-sleep"], "monitor": {"window": 5, "min_quality": 0.5}}"#, "monitor", "suites must include \"sdmetrics\""),
        (#"{"name": "t", "datasets": ["penguins"], "methods": ["test-sleep"], "suites": ["sdmetrics"], "monitor": {"window": 5, "min_quality": 2}}"#, "monitor.min_quality", "0...1"),
        (#"{"name": "t", "datasets": ["penguins"], "methods": "test-sleep"}"#, "methods", "expected a list of strings"),
        (#"{"name": "t", "datasets": ["penguins"], "methods": ["test-sleep"]"#, "", "not valid JSON"),
    ])
    func validationErrorNamesTheKey(json: String, path: String, message: String) {
        let error = errorPath(json)
        #expect(error.path == path)
        #expect(error.message.contains(message), "message: \(error.message)")
    }

    @Test func readersOfAFinishedRunNeedNotHaveTheMethods() throws {
        let json = #"{"name": "t", "datasets": ["penguins"], "methods": ["retired-method"], "params": {"retired-method": {"k": 1}}}"#
        #expect(errorPath(json).path == "methods[0]")
        let spec = try ExperimentSpec.decode(Data(json.utf8), availableDatasets: nil, validatingMethods: false)
        #expect(spec.cells.map(\.id) == ["penguins__retired-method__sdv__s0", "penguins__retired-method__synthcity__s0"])
        #expect(spec.params["retired-method"] == ["k": .int(1)])
    }

    @Test func errorDescriptionStartsWithFileAndPath() {
        let error = ExperimentSpecError(source: "experiments/x.json", path: "methods[2]", message: "unknown method 'foo'")
        #expect(error.description == "experiments/x.json: methods[2]: unknown method 'foo'")
    }

    @Test func missingThresholdFileIsAnError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("spec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("grid.json")
        try Data(#"{"name": "t", "datasets": ["penguins"], "methods": ["test-sleep"], "thresholds": "limits.json"}"#.utf8).write(to: file)
        #expect(throws: ExperimentSpecError.self) { try ExperimentSpec.load(contentsOf: file, availableDatasets: nil) }
        try Data("{}".utf8).write(to: dir.appendingPathComponent("limits.json"))
        let spec = try ExperimentSpec.load(contentsOf: file, availableDatasets: nil)
        #expect(spec.thresholds == dir.appendingPathComponent("limits.json").standardizedFileURL.path)
    }

    /// The shipped grids validate once the methods they name are registered (the generators arrive on
    /// other branches; until then these checks are skipped rather than faked).
    @Test
    func quickstartSpecIsValid() throws {
        let names = try DatasetRegistry(directory: RepositoryPaths.datasets).names
        let spec = try ExperimentSpec.load(contentsOf: RepositoryPaths.path("experiments/quickstart.json"),
                                           availableDatasets: names)
        #expect(spec.cells.count == 84 && spec.jobs == 2 && spec.backends == [.sdv, .synthcity])
        #expect(spec.datasets == ["penguins", "wine", "breast_cancer"])
    }

    @Test
    func migrationSpecIsValid() throws {
        let names = try DatasetRegistry(directory: RepositoryPaths.datasets).names
        let spec = try ExperimentSpec.load(contentsOf: RepositoryPaths.path("experiments/migration-phase1.json"),
                                           availableDatasets: names)
        #expect(spec.seeds == [0, 1, 2] && spec.suites == ["sdmetrics", "stats", "membership", "distance", "detection"] && spec.datasets.contains("adult"))
    }

    /// Whatever the catalog holds, the shipped grids are JSON objects with only spec keys and the axes the
    /// docs promise.
    @Test(arguments: ["quickstart", "migration-phase1"])
    func shippedSpecsAreWellFormed(name: String) throws {
        let data = try Data(contentsOf: RepositoryPaths.path("experiments/\(name).json"))
        let object = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys).isSubset(of: ExperimentSpec.keys))
        #expect(object["name"] as? String == name)
        #expect(object["backends"] as? [String] == ["sdv", "synthcity"])
    }
}

/// The hold-out split: disjoint, complete, seeded, and only an error when it was asked for.
@Suite struct HoldoutSplitTests {
    static func data(_ n: Int) throws -> PreparedData {
        let t = try Table(columns: [.numerical("x", (0..<n).map { Double($0) })])
        return PreparedData(name: "t", table: t, metadata: Metadata.detect(from: t), holdout: nil)
    }

    @Test func splitIsDisjointCompleteAndSeeded() throws {
        let d = try Self.data(100).holdingOut(0.2, seed: 4)
        let train = d.table["x"]!.doubles(), hold = d.holdout!["x"]!.doubles()
        #expect(hold.count == 20 && train.count == 80 && Set(train + hold) == Set((0..<100).map(Double.init)))
        #expect(d.holdoutSource == "split" && d.holdoutRecord["rows"] == .number(20))
        #expect(try Self.data(100).holdingOut(0.2, seed: 4).holdout == d.holdout)
        #expect(try Self.data(100).holdingOut(0.2, seed: 5).holdout != d.holdout)
        #expect(try Self.data(100).holdingOut(nil, seed: 4).holdout == nil)
    }

    @Test func tooSmallTableFailsOnlyWhenAskedFor() throws {
        #expect(throws: HoldoutError.tooFewRows(rows: 2, fraction: 0.2)) { try Self.data(2).holdingOut(0.2, seed: 1) }
        #expect(try Self.data(2).holdingOut(0.2, seed: 1, required: false).holdout == nil)
        #expect(throws: HoldoutError.invalidFraction(1)) { try Self.data(10).holdingOut(1, seed: 1) }
    }
}
