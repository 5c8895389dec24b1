import Foundation
@testable import Harness
import SynthTestSupport
import Testing

/// A spec's `quasi_identifiers` reaches every cell's run config, enters the content hash only when set, and
/// bad values are errors naming the key.
@Suite struct QuasiIdentifierSpecTests {
    func decode(_ extra: String) throws(ExperimentSpecError) -> ExperimentSpec {
        try ExperimentSpec.decode(Data(#"{"name": "s", "datasets": ["wine"], "methods": ["gc"], "backends": ["sdv"]\#(extra)}"#.utf8),
                                  source: "spec.json", availableDatasets: ["wine"])
    }

    @Test func declaredColumnsReachTheCells() throws {
        let plain = try decode("")
        #expect(plain.runConfig(for: plain.cells[0], fetchIfMissing: false, datasetsDirectory: nil).quasiIdentifiers == nil)
        let declared = try decode(#", "quasi_identifiers": ["alcohol", "hue"]"#)
        #expect(declared.runConfig(for: declared.cells[0], fetchIfMissing: false, datasetsDirectory: nil).quasiIdentifiers
                == ["alcohol", "hue"])
        #expect(declared.contentHash != plain.contentHash)
        #expect(try decode(#", "quasi_identifiers": null"#).contentHash == plain.contentHash)
        #expect(try ExperimentSpec.decode(Data(try declared.normalizedText().utf8), availableDatasets: ["wine"]) == declared)
    }

    @Test(arguments: [#", "quasi_identifiers": []"#, #", "quasi_identifiers": ["a", "a"]"#, #", "quasi_identifiers": "a,b""#,
                      #", "quasi_identifiers": [3]"#])
    func badValuesNameTheKey(extra: String) {
        do {
            _ = try decode(extra)
            Issue.record("accepted \(extra)")
        } catch {
            #expect("\(error)".contains("quasi_identifiers"), "\(error)")
        }
    }

    @Test func theRunRefusesAnUnknownColumnBeforeFitting() {
        var config = RunConfig(data: .dataset("penguins"), method: "gc", seed: 1, fetchIfMissing: false,
                               datasetsDirectory: RepositoryPaths.datasets.path, suites: ["anonymity"])
        config.quasiIdentifiers = ["island", "nope"]
        do {
            _ = try Pipeline(config: config).run()
            Issue.record("a run with an unknown quasi-identifier went through")
        } catch {
            #expect(error.phase == .load && error.timings.fit == nil)
            #expect("\(error)".contains("quasi_identifiers = nope") && "\(error)".contains("no such column"), "\(error)")
        }
    }

    /// A declaration with a generalisation (`age:interval=10`, docs/metrics.md) is a string like a bare name: it
    /// reaches the cells as written and enters the hash; a spec of bare names keeps its hash (above).
    @Test func generalisationsTravelAsWritten() throws {
        let plain = try decode(#", "quasi_identifiers": ["alcohol", "hue"]"#)
        let banded = try decode(#", "quasi_identifiers": ["alcohol:interval=0.5", "hue"]"#)
        #expect(banded.runConfig(for: banded.cells[0], fetchIfMissing: false, datasetsDirectory: nil).quasiIdentifiers
                == ["alcohol:interval=0.5", "hue"])
        #expect(banded.contentHash != plain.contentHash)
        #expect(try ExperimentSpec.decode(Data(try banded.normalizedText().utf8), availableDatasets: ["wine"]) == banded)
    }

    @Test func aHierarchyFileIsFoundBesideTheSpec() throws {
        // As `thresholds`: a relative path is resolved against the spec's folder; an absolute one, and a spec with
        // no folder (a request body), keep the text.
        let text = #"{"name": "s", "datasets": ["wine"], "methods": ["gc"], "backends": ["sdv"], "quasi_identifiers": ["#
        func decode(_ list: String, base: URL?) throws -> [String]? {
            try ExperimentSpec.decode(Data((text + list + "]}").utf8), source: "spec.json", baseDirectory: base,
                                      availableDatasets: ["wine"]).quasiIdentifiers
        }
        let base = URL(fileURLWithPath: "/data/specs")
        #expect(try decode(#""hue", "alcohol:hierarchy=h/alc.csv@2""#, base: base) == ["hue", "alcohol:hierarchy=/data/specs/h/alc.csv@2"])
        #expect(try decode(#""alcohol:hierarchy=/abs/alc.csv@1""#, base: base) == ["alcohol:hierarchy=/abs/alc.csv@1"])
        #expect(try decode(#""alcohol:hierarchy=alc.csv@1""#, base: nil) == ["alcohol:hierarchy=alc.csv@1"])
        #expect(try decode(#""alcohol:interval=0.5""#, base: base) == ["alcohol:interval=0.5"])
    }

    @Test(arguments: [
        ("island:interval=10", "interval applies to numerical columns, 'island' is categorical"),
        ("body_mass_g:interval=0", "a positive interval width"),
        ("island:hierarchy=HIERARCHY@1", "'Torgersen' of the real table is not in"),
    ])
    func theRunRefusesABadGeneralisationBeforeFitting(declared: String, why: String) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qi-spec-\(getpid())-\(UUID().uuidString)")  // one per case: the cases run at once
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let hierarchy = dir.appendingPathComponent("islands.csv")
        try Data("Biscoe;south\nDream;north\n".utf8).write(to: hierarchy)
        var config = RunConfig(data: .dataset("penguins"), method: "gc", seed: 1, fetchIfMissing: false,
                               datasetsDirectory: RepositoryPaths.datasets.path, suites: ["anonymity"])
        let text = declared.replacingOccurrences(of: "HIERARCHY", with: hierarchy.path)
        config.quasiIdentifiers = ["sex", text]
        do {
            _ = try Pipeline(config: config).run()
            Issue.record("a run with \(text) went through")
        } catch {
            #expect(error.phase == .load && error.timings.fit == nil)
            #expect("\(error)".contains("quasi_identifiers = \(text) is invalid") && "\(error)".contains(why), "\(error)")
        }
    }
}
