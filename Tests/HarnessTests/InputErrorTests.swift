import Foundation
@testable import Harness
import SynthCore
@testable import Reports
import SynthMath
import SynthTable
import Testing
import SynthTestSupport

/// Issue 19: errors say where. JSON syntax errors give line and column; spec validation names the key of a
/// cross-parameter rule; a synthetic file missing a column names it.
@Suite struct InputErrorTests {
    init() { TestMethods.register() }

    @Test func jsonSyntaxErrorsGiveLineAndColumn() {
        func at(_ text: String) -> String? { JSONSyntaxError.locate(in: Data(text.utf8)).map(\.description) }
        #expect(at("{\n  \"a\": 1,\n  \"b\": [1, 2,, 3]\n}") == "line 3, column 14: unexpected ','; expected a value (object, list, string, number, true, false or null)")
        #expect(at("{\"a\": 1,\n,}") == "line 2, column 1: unexpected ','; expected a key string in double quotes")
        #expect(at("{\"a\": 1,\n}") == nil)   // Foundation accepts a trailing comma, so the locator does too
        #expect(at("{\"a\" 1}") == "line 1, column 6: unexpected '1'; expected ':' after the key")
        #expect(at("{\"é\": \"x}") == "line 1, column 7: unterminated string")
        #expect(at("[1, 2] x") == "line 1, column 8: unexpected 'x' after the end of the JSON value")
        #expect(at("{'a': 1}") == "line 1, column 2: unexpected '''; expected a key string in double quotes")
        #expect(at("[01]")?.hasPrefix("line 1, column 3: unexpected '1'") == true)
        #expect(at("[tru]") == "line 1, column 2: unexpected 't'; expected a value (did you mean true?)")
        #expect(at("") == "line 1, column 1: unexpected end of the file; expected a value")
        // Negative controls: valid documents have no error.
        #expect(at("{\"a\": [1, -2.5e3, true, false, null, \"\\u00e9\\n\"], \"b\": {}}") == nil)
        #expect(at("  [ ]  ") == nil)
    }

    /// Brute force against Foundation's parser as the oracle: single-character mutations of a valid
    /// document are rejected exactly when JSONSerialization rejects them.
    @Test func syntaxCheckAgreesWithFoundationOnMutations() throws {
        let base = Array(#"{"name": "x", "seeds": [0, 1, 2], "rows": null, "p": {"a": 1.5, "b": true}}"#.utf8)
        let alphabet = Array(#"{}[],:" 0123456789.-eEtrufalsn\x"#.utf8)
        var random = RandomStream(seed: 19)
        var rejected = 0
        for _ in 0..<600 {
            var bytes = base
            let i = Int(random.next() % UInt64(bytes.count))
            switch random.next() % 3 {
            case 0: bytes[i] = alphabet[Int(random.next() % UInt64(alphabet.count))]
            case 1: bytes.remove(at: i)
            default: bytes.insert(alphabet[Int(random.next() % UInt64(alphabet.count))], at: i)
            }
            let data = Data(bytes)
            let foundation = (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) != nil
            let ours = JSONSyntaxError.locate(in: data) == nil
            #expect(ours == foundation, "\(String(decoding: bytes, as: UTF8.self)): ours \(ours), Foundation \(foundation)")
            if !foundation { rejected += 1 }
        }
        #expect(rejected > 100)   // the mutations do exercise the error paths
    }

    @Test func aSpecWithASyntaxErrorSaysWhere() {
        let text = "{\n  \"name\": \"x\",\n  \"datasets\": [\"penguins\"],\n  \"methods\": [\"gc\" \"ctgan\"]\n}"
        let error = #expect(throws: ExperimentSpecError.self) {
            try ExperimentSpec.decode(Data(text.utf8), source: "grid.json", availableDatasets: nil)
        }
        #expect(error?.description == "grid.json: not valid JSON: line 4, column 20: unexpected '\"'; expected ',' or ']'", "\(String(describing: error))")
    }

    @Test func thresholdFilesAndCellRecordsWithSyntaxErrorsSayWhere() throws {
        let threshold = #expect(throws: ReportError.self) {
            try ThresholdFile.parse(Data("{\n  \"quality\": {\"min\": 0.5}\n  \"privacy.mia_auc\": {\"max\": 0.6}\n}".utf8), file: "t.json")
        }
        #expect(threshold?.description == "t.json: not valid JSON: line 3, column 3: unexpected '\"'; expected ',' or '}'",
                "\(String(describing: threshold))")
        let run = try RunFixture.write([RunFixture.cell()])
        defer { RunFixture.remove(run) }
        let cell = run.appendingPathComponent("cells/adult__gc__sdv__s0.json")
        let text = try String(contentsOf: cell, encoding: .utf8)
        try Data(text.prefix(40).utf8).write(to: cell)   // a record cut short
        let error = #expect(throws: ReportError.self) { try RunCells.load(runDirectory: run) }
        #expect(error?.description.contains("\(cell.path): not valid JSON: line ") == true, "\(String(describing: error))")
    }

    @Test func batchSizeNotAMultipleOfPacIsASpecErrorNamingTheKey() throws {
        func decode(_ params: String) throws -> ExperimentSpec {
            let text = #"{"name": "x", "datasets": ["penguins"], "methods": ["ctgan"], "backends": ["sdv"], "params": {"ctgan": "#
            return try ExperimentSpec.decode(Data((text + params + "}}").utf8),
                                      availableDatasets: nil)
        }
        let error = #expect(throws: ExperimentSpecError.self) { try decode(#"{"batch_size": 16}"#) }
        #expect(error?.path == "params.ctgan.batch_size", "\(String(describing: error))")
        #expect(error?.message.contains("must be a multiple of pac=10") == true, "\(String(describing: error))")
        // Negative control: a multiple of pac passes.
        #expect(try decode(#"{"batch_size": 20}"#).params["ctgan"]?["batch_size"] == .int(20))
    }

    @Test func evaluatingAFileWithoutARealColumnNamesIt() throws {
        let dir = try SynthBenchBinary.temporaryDirectory("missing-column")
        defer { try? FileManager.default.removeItem(at: dir) }
        let real = try CSVReader().read(bytes: Array("age,income,city\n30,1.5,Oslo\n40,2.5,Bergen\n".utf8))
        let file = dir.appendingPathComponent("synthetic.csv")
        try Data("age,city\n31,Oslo\n".utf8).write(to: file)
        let error = #expect(throws: SyntheticFile.MissingColumns.self) { try SyntheticFile.read(path: file.path, like: real) }
        #expect(error?.missing == ["income"])
        #expect(error?.description == "\(file.path) has no column \"income\" of the real data; a synthetic table must have every real column (same names)")
        // Negative control: a complete file reads, kinds forced from the real table.
        try Data("age,income,city\n31,2.0,Oslo\n".utf8).write(to: file)
        #expect(try SyntheticFile.read(path: file.path, like: real).table.columns.map(\.name) == ["age", "income", "city"])
    }
}
