import Foundation
import Testing
import SynthTable
@testable import Harness
import SynthTestSupport

/// Repeated header names and over-long rows: the grid spec's `dataset_options`, and `synthbench generate`
/// with `--on-bad-lines` / `--strict-header` end to end.
@Suite struct CSVOptionsEndToEndTests {
    @Test func specDatasetOptions() throws {
        let spec = try ExperimentSpec.decode(Data("""
            {"name": "t", "datasets": ["penguins", "wine"], "methods": ["test-sleep"],
             "dataset_options": {"wine": {"on_bad_lines": "skip", "strict_header": true}}}
            """.utf8), availableDatasets: ["penguins", "wine"], validatingMethods: false)
        #expect(spec.datasetOptions == ["wine": CSVReadPolicy(strictHeader: true, onBadLines: .skip)])
        let wine = try #require(spec.cells.first { $0.dataset == "wine" })
        let penguins = try #require(spec.cells.first { $0.dataset == "penguins" })
        #expect(spec.runConfig(for: wine, fetchIfMissing: false, datasetsDirectory: nil).csvPolicy.onBadLines == .skip)
        #expect(spec.runConfig(for: penguins, fetchIfMissing: false, datasetsDirectory: nil).csvPolicy == CSVReadPolicy())
        let again = try ExperimentSpec.decode(Data(try spec.normalizedText().utf8), availableDatasets: nil, validatingMethods: false)
        #expect(again == spec)
        var plain = spec
        plain.datasetOptions = [:]
        #expect(plain.contentHash != spec.contentHash)
        for (json, path) in [
            (#"{"dataset_options": {"adult": {"on_bad_lines": "skip"}}}"#, "dataset_options.adult"),
            (#"{"dataset_options": {"wine": {"on_bad_lines": "drop"}}}"#, "dataset_options.wine.on_bad_lines"),
            (#"{"dataset_options": {"wine": {"strict": true}}}"#, "dataset_options.wine.strict"),
        ] {
            let text = #"{"name": "t", "datasets": ["penguins", "wine"], "methods": ["test-sleep"], "# + json.dropFirst()
            #expect(throws: ExperimentSpecError.self) { try ExperimentSpec.decode(Data(text.utf8), availableDatasets: nil, validatingMethods: false) }
            do { _ = try ExperimentSpec.decode(Data(text.utf8), availableDatasets: nil, validatingMethods: false) } catch {
                #expect(error.path == path, "\(error)")
            }
        }
    }

    static let file = """
        id_code,decile_score,age,decile_score
        a,1,30,2
        b,2,41,3
        c,3,25,4,9
        d,4,52,5
        e,5,33,6
        f,6,47,7
        g,7,29,8
        h,8,38,9

        """

    @Test func generateHandlesRepeatedNamesAndBadLines() throws {
        let dir = try SynthBenchBinary.temporaryDirectory("csv-options")
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("people.csv")
        try Self.file.write(to: csv, atomically: true, encoding: .utf8)
        let base = ["generate", "--data", csv.path, "--method", "uniform", "--seed", "1"]

        let failed = try SynthBenchBinary.run(base + ["--out", dir.appendingPathComponent("a").path], in: dir)
        #expect(failed.status != 0)
        #expect(failed.stderr.contains("people.csv:4") && failed.stderr.contains("--on-bad-lines"), "\(failed.stderr)")

        let strict = try SynthBenchBinary.run(base + ["--out", dir.appendingPathComponent("b").path, "--strict-header",
                                                      "--on-bad-lines", "skip"], in: dir)
        #expect(strict.status != 0)
        #expect(strict.stderr.contains("duplicate column name \"decile_score\""), "\(strict.stderr)")

        let out = dir.appendingPathComponent("c")
        let ok = try SynthBenchBinary.run(base + ["--out", out.path, "--on-bad-lines", "skip"], in: dir)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stderr.contains("renamed \"decile_score.1\""), "\(ok.stderr)")
        let synthetic = try String(contentsOf: out.appendingPathComponent("synthetic.csv"), encoding: .utf8)
        #expect(synthetic.hasPrefix("id_code,decile_score,age,decile_score.1\n"))
        let run = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("run.json"))) as? [String: Any])
        let notes = try #require(run["csv"] as? [String: Any])
        #expect(notes["skipped_line_count"] as? Int == 1)
        #expect(notes["skipped_lines"] as? [Int] == [4])
        let renamed = try #require((notes["renamed_columns"] as? [[String: Any]])?.first)
        #expect(renamed["renamed"] as? String == "decile_score.1" && renamed["column"] as? Int == 4
                && renamed["first_column"] as? Int == 2)
    }
}
