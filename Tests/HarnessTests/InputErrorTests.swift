import Evaluation
import Foundation
@testable import Harness
import SynthCore
@testable import Reports
import SynthMath
import SynthTable
import Testing
import SynthTestSupport
import Synthesizers

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

    /// Audit 15: a column the metadata declares numerical or datetime that the reader found to be text is
    /// read again as declared, so the value at fault is named with its line and column (the fit only said
    /// "column 'mass' holds categorical values").
    @Test func aDeclaredNumericalColumnHoldingTextNamesTheValue() throws {
        let dir = try SynthBenchBinary.temporaryDirectory("declared-kind")
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("birds.csv"), meta = dir.appendingPathComponent("meta.json")
        try Data(#"{"columns": {"mass": {"sdtype": "numerical"}}}"#.utf8).write(to: meta)
        func load(_ text: String, metadata: Bool = true) throws -> PreparedData {
            try Data(text.utf8).write(to: csv)
            return try PreparedData.load(.file(path: csv.path, metadata: metadata ? meta.path : nil), fetchIfMissing: false,
                                         datasetsDirectory: nil)
        }
        let error = #expect(throws: CSVWithMetadata.DeclaredKindMismatch.self) {
            try load("island,mass\nDream,3750\nBiscoe,\"3,800\"\nDream,4100\n")
        }
        #expect(error?.description == "\(csv.path):3:2 (column \"mass\"): value \"3,800\" is not an integer; metadata file \(meta.path) declares it sdtype numerical",
                "\(String(describing: error))")
        let decimal = #expect(throws: CSVWithMetadata.DeclaredKindMismatch.self) {
            try load("island,mass\nDream,3750.5\nBiscoe,\"3,800\"\n")
        }
        #expect(decimal?.csv.reason == .notOfForcedKind(value: "3,800", kind: .numerical))
        let words = #expect(throws: CSVWithMetadata.DeclaredKindMismatch.self) { try load("island,mass\nDream,heavy\n") }
        #expect(words?.csv.reason == .notOfForcedKind(value: "heavy", kind: .numerical))   // no number among them: "not a number"
        // A text column declared boolean holds true/false only, as SDV requires.
        try Data(#"{"columns": {"island": {"sdtype": "boolean"}}}"#.utf8).write(to: meta)
        let boolean = #expect(throws: CSVWithMetadata.DeclaredKindMismatch.self) { try load("island,mass\n\"true\",1\nyes,2\n") }
        #expect(boolean?.description == "\(csv.path):3:1 (column \"island\"): value \"yes\" is not a boolean (true/false); metadata file \(meta.path) declares it sdtype boolean",
                "\(String(describing: boolean))")
        #expect(try load("island,mass\n\"true\",1\nFALSE,2\n").table.column(named: "island") == .boolean("island", [true, false]))
        try Data(#"{"columns": {"mass": {"sdtype": "numerical"}}}"#.utf8).write(to: meta)
        // Negative controls: quoted numbers are numbers once declared (as pandas reads them); undeclared they
        // stay text as before; a file the reader already reads as numbers is read once, unchanged.
        let quoted = try load("island,mass\nDream,\"3750\"\nBiscoe,\"3800\"\n")
        #expect(try quoted.table.column(named: "mass") == .integer("mass", [3750, 3800]))
        #expect(try load("island,mass\nDream,\"3750\"\nBiscoe,\"3800\"\n", metadata: false).table.column(named: "mass").kind == .categorical)
        #expect(try load("island,mass\nDream,3750\nBiscoe,\n").table.column(named: "mass") == .integer("mass", [3750, nil]))
    }

    /// A value a generator's encoder refuses is named by its line of the file, although the hold-out split
    /// drew the training rows at random and a quoted field spans two lines: the row the encoder counts
    /// (121st of the training rows here) is not the line. Oracle: the named line of the file holds the value.
    @Test(arguments: [("gc", Backend.sdv, "inf", "holds inf; numerical values must be finite"),
                      ("ctgan", .synthcity, "inf", "holds inf; continuous values must be finite"),
                      ("ctgan", .synthcity, "", "is missing (1 missing value among the 160 training rows)")])
    func aRefusedValueIsNamedByItsLineOfTheFile(method: String, backend: Backend, bad: String, problem: String) throws {
        let dir = try SynthBenchBinary.temporaryDirectory("refused-value")
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("t.csv")
        var text = "a,b,note\n"
        for i in 0..<200 {
            let a = i == 150 ? bad : String(Double(i % 17) / 3)
            text += "\(a),\(["x", "y", "z"][i % 3]),\(i == 40 ? "\"two\nlines\"" : "n\(i)")\n"
        }
        try Data(text.utf8).write(to: csv)
        let config = RunConfig(data: .file(path: csv.path, metadata: nil), method: method, backend: backend, seed: 3,
                               fetchIfMissing: false, suites: [], holdoutFraction: 0.2)
        let error = #expect(throws: PipelineError.self) { try Pipeline(config: config).run(evaluate: false) }
        let message = error.map { "\($0)" } ?? ""
        let located = try #require(message.firstMatch(of: /column 'a' at line (\d+) of (.+) \(training row (\d+)\) (.+)/), "\(message)")
        #expect(String(located.output.2) == csv.path)
        #expect(located.output.4.hasPrefix(problem), "\(message)")
        let line = try #require(Int(located.output.1))
        let fileLines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(fileLines[line - 1].hasPrefix("\(bad),"), "line \(line) is \(fileLines[line - 1])")
        // Negative control: the training row the encoder counted is another line of the file.
        let row = try #require(Int(located.output.3))
        #expect(row != line && !fileLines[row - 1].hasPrefix("\(bad),"))
    }

    /// Without a file behind the rows (a resized dataset, `adult@976830`) the error says the row is a training row;
    /// errors about anything else pass unchanged.
    @Test func aRefusedValueWithoutAFileLineNamesTheTrainingRow() {
        let refused = SynthesisError.invalidValue(column: "a", row: 121, problem: "holds inf; numerical values must be finite")
        #expect(RowOrigin.locating(refused, in: nil) == .invalidData("column 'a' at training row 122 holds inf; numerical values must be finite"))
        var origin = RowOrigin(path: "t.csv", lines: CSVRowLines())
        origin.loadedRows = { [4, 9] }
        #expect(RowOrigin.locating(refused, in: origin) == .invalidData("column 'a' at training row 122 holds inf; numerical values must be finite"))
        #expect(RowOrigin.locating(.numerical("diverged"), in: nil) == .numerical("diverged"))
        // Two selections compose: the training rows of a subset of a subset (a header, so row r is line r + 2).
        let plain = try! CSVReader().readWithNotes(text: "x\n" + (0..<10).map(String.init).joined(separator: "\n") + "\n").notes.rowLines
        let twice = RowOrigin(path: "t.csv", lines: plain).selecting { [5, 6, 7, 8] }.selecting { [1, 3] }
        #expect(twice.line(ofRow: 0) == 8 && twice.line(ofRow: 1) == 10 && twice.line(ofRow: 2) == nil)
    }

    /// A registered dataset's file is named by its name and the dataset's, not by the datasets directory's path
    /// (the machine's: a worker's differs from the submitter's). Oracle: the named line of penguins.csv has no
    /// bill length.
    @Test func aRefusedValueOfADatasetNamesItsFileWithoutTheDirectory() throws {
        let config = RunConfig(data: .dataset("penguins"), method: "ctgan", backend: .synthcity, seed: 0,
                               fetchIfMissing: false, datasetsDirectory: RepositoryPaths.datasets.path, suites: [],
                               holdoutFraction: 0.2)
        let error = #expect(throws: PipelineError.self) { try Pipeline(config: config).run(evaluate: false) }
        let message = error.map { "\($0)" } ?? ""
        let located = try #require(message.firstMatch(of: /column 'bill_length_mm' at line (\d+) of penguins.csv of dataset 'penguins' \(training row \d+\) is missing/),
                                   "\(message)")
        #expect(!message.contains(RepositoryPaths.datasets.path))
        let lines = try String(contentsOf: RepositoryPaths.datasets.appendingPathComponent("penguins.csv"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        let line = try #require(Int(located.output.1))
        #expect(lines[line - 1].split(separator: ",", omittingEmptySubsequences: false)[2] == "NA", "line \(line): \(lines[line - 1])")
    }

    @Test func aDeclaredDatetimeFormatReadsDatesTheGuessMissed() throws {
        let dir = try SynthBenchBinary.temporaryDirectory("declared-datetime")
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("visits.csv"), meta = dir.appendingPathComponent("meta.json")
        try Data(#"{"columns": {"day": {"sdtype": "datetime", "datetime_format": "%d/%m/%Y"}}}"#.utf8).write(to: meta)
        func load(_ text: String) throws -> PreparedData {
            try Data(text.utf8).write(to: csv)
            return try PreparedData.load(.file(path: csv.path, metadata: meta.path), fetchIfMissing: false, datasetsDirectory: nil)
        }
        // The first value reads month first (as pandas guesses), so 13/02 made the column text.
        let data = try load("day,n\n01/02/2020,1\n13/02/2020,2\n")
        let day = try data.table.column(named: "day")
        #expect(day.kind == .datetime && day.text(at: 1) == "13/02/2020")
        #expect(try data.table.column(named: "n") == .integer("n", [1, 2]))
        // A year of integers declared datetime "%Y" (pandas reads int64; the fit refused an integer column).
        try Data(#"{"columns": {"year": {"sdtype": "datetime", "datetime_format": "%Y"}}}"#.utf8).write(to: meta)
        let years = try load("year,n\n2007,1\n2009,2\n").table.column(named: "year")
        #expect(years.kind == .datetime && years.text(at: 1) == "2009")
        try Data(#"{"columns": {"day": {"sdtype": "datetime", "datetime_format": "%d/%m/%Y"}}}"#.utf8).write(to: meta)
        let error = #expect(throws: CSVWithMetadata.DeclaredKindMismatch.self) { try load("day,n\n01/02/2020,1\n31/02/2020,2\n") }
        #expect(error?.description == "\(csv.path):3:1 (column \"day\"): value \"31/02/2020\" is not a datetime; metadata file \(meta.path) declares it sdtype datetime",
                "\(String(describing: error))")
    }

    @Test func aThresholdOnASuiteTheCellDidNotRunSaysSo() throws {
        let file = try ThresholdFile.parse(Data(#"{"membership.mia_auc_low": {"max": 0.6}}"#.utf8), file: "t.json")
        let check = try ThresholdCheck(file: file, environment: [:])
        var ran = RunFixture.cell(seed: 1)
        ran.metrics.suites[MembershipSuite.id] = ["mia_auc_low": nil]
        let report = check.check(RunCells(directory: URL(fileURLWithPath: "/run"), cells: [RunFixture.cell(seed: 0), ran]))
        #expect(report.violations.map(\.message) == [
            "adult__gc__sdv__s0 (gc, sdv, adult, seed 0): membership.mia_auc_low was not computed (the cell ran no membership suite; add \"membership\" to the grid spec's suites), so its threshold max 0.6 cannot be verified",
            // Negative control: the suite ran and left the value null.
            "adult__gc__sdv__s1 (gc, sdv, adult, seed 1): membership.mia_auc_low is missing (null), so its threshold max 0.6 cannot be verified",
        ])
    }

    @Test func aCellOfAnotherRunInCellsIsRefused() throws {
        let run = try RunFixture.write([RunFixture.cell(seed: 0), RunFixture.cell(seed: 1),
                                        RunFixture.cell(dataset: "wine", experiment: "other", runID: "other-8b16635c2a")])
        defer { RunFixture.remove(run) }
        let error = #expect(throws: ReportError.self) { try RunCells.load(runDirectory: run) }
        #expect(error?.description == "\(run.path)/cells holds the results of 2 experiments: fixture (2 cells: adult__gc__sdv__s0, adult__gc__sdv__s1); other (1 cell: wine__gc__sdv__s0); a run directory holds one run's cells: move the others out (`synthbench report --compare` reads two runs together)",
                "\(String(describing: error))")
        // Negative controls: without the foreign cell the run loads; so does a cell of the same experiment
        // recorded under another run id (a run directory renamed, then resumed).
        try FileManager.default.removeItem(at: run.appendingPathComponent("cells/wine__gc__sdv__s0.json"))
        #expect(try RunCells.load(runDirectory: run).cells.count == 2)
        try AtomicFile.write(try JSONEncoder().encode(RunFixture.cell(seed: 2, runID: "renamed")),
                             to: run.appendingPathComponent("cells/adult__gc__sdv__s2.json"))
        #expect(try RunCells.load(runDirectory: run).cells.count == 3)
    }

    /// Audit 15: a user's column that holds numbers but reads as text is modelled as categories; the load
    /// warns, naming the values that are not numbers.
    @Test func numberLikeTextColumnsAreWarnedAbout() throws {
        // Ten rows: mass 9 numbers and "3,800" (90 %); grade 8 numbers and 2 letters (80 %); code hexadecimal.
        var text = "mass,id,code,island,grade\n"
        for i in 0..<10 {
            text += "\(i == 2 ? "\"3,800\"" : "\(3700 + i)"),\(i),0x\(i)F,\(i % 2 == 0 ? "Dream" : "Biscoe"),\(i < 8 ? "\(i)" : "A")\n"
        }
        let table = try CSVReader().read(text: text)
        #expect(table.columns.map(\.kind) == [.categorical, .integer, .categorical, .categorical, .categorical])
        #expect(NumberLikeTextColumns.warnings(table) == [
            #"column "mass" is read as text (categorical) although 9 of its 10 values are numbers; not numbers: "3,800"; fix those values, or declare it {"sdtype": "numerical"} in a metadata file (--metadata FILE; docs/metadata.md) to have each one located"#,
        ])   // grade: 8 of 10 is below 90 %; code: hexadecimal is not a decimal number; id: read as integers
        let quoted = try CSVReader().read(text: "mass,island\n\"3750\",Dream\n\"3800\",\n,Biscoe\n")
        #expect(NumberLikeTextColumns.warnings(quoted) == [
            #"column "mass": every value is a quoted number, so it is read as text (categorical; docs/csv.md, deviations from pandas); to read it as numbers, as pandas does, declare it {"sdtype": "numerical"} in a metadata file (--metadata FILE; docs/metadata.md)"#,
        ])
        // Negative control: a file of plain numbers and words has nothing to warn about.
        #expect(NumberLikeTextColumns.warnings(try CSVReader().read(text: "mass,island\n3750,Dream\n3800,Biscoe\n")).isEmpty)
    }

    @Test func aMistypedMetricPathNamesTheClosestKnownOne() {
        func message(_ path: String) -> String? {
            do { _ = try MetricPath(path, location: "t.json: \(path)"); return nil } catch { return error.description }
        }
        #expect(message("privacy.mia_au")?.hasPrefix("t.json: privacy.mia_au: unknown metric path 'privacy.mia_au' (did you mean 'privacy.mia_auc'?); known paths: ") == true,
                "\(String(describing: message("privacy.mia_au")))")
        #expect(message("qualty")?.contains("(did you mean 'quality'?)") == true)
        // Negative controls: nothing close, no guess; a known path is no error.
        #expect(message("latency.p99")?.contains("did you mean") == false)
        #expect(message("privacy.mia_auc") == nil)
    }

    @Test func aBaselineOfAnotherGridIsRefused() throws {
        let run = RunCells(directory: URL(fileURLWithPath: "/runs/tiny"), cells: [
            RunFixture.cell(dataset: "penguins", seed: 0), RunFixture.cell(dataset: "penguins", method: "uniform", seed: 0)])
        let other = RunCells(directory: URL(fileURLWithPath: "/runs/other"), cells: [
            RunFixture.cell(dataset: "wine", seed: 0, experiment: "other")])
        let error = #expect(throws: ReportError.self) { try ThresholdCheck.validateBaseline(other, for: run) }
        #expect(error?.description == "--baseline '/runs/other' is invalid: expected a run of the same grid; it shares no cell (same dataset, method, backend, seed and parameters) with /runs/tiny (baseline experiment other: datasets wine, methods gc, backends sdv, seeds 0; run experiment fixture: datasets penguins, methods gc, uniform, backends sdv, seeds 0)",
                "\(String(describing: error))")
        // Negative control: one shared cell is enough (the others become notes, as before).
        let partial = RunCells(directory: other.directory, cells: other.cells + [RunFixture.cell(dataset: "penguins", seed: 0, experiment: "other")])
        #expect(throws: Never.self) { try ThresholdCheck.validateBaseline(partial, for: run) }
    }

    /// Audit 15: a ';'- or tab-separated file read as one column used to "succeed" on an id-like column.
    @Test func aFileSeparatedByAnotherCharacterIsRefused() throws {
        let dir = try SynthBenchBinary.temporaryDirectory("delimiter")
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("export.csv")
        func load(_ text: String) throws -> PreparedData {
            try Data(text.utf8).write(to: csv)
            return try PreparedData.load(.file(path: csv.path, metadata: nil), fetchIfMissing: false, datasetsDirectory: nil)
        }
        let semicolon = #expect(throws: MisdelimitedFile.self) { try load("species;island;mass\nAdelie;Dream;3750\nGentoo;Biscoe;5000\n") }
        #expect(semicolon?.description == "\(csv.path):1: the header reads as one column, \"species;island;mass\": the file looks ';'-separated (3 fields on the header line); SynthBench reads comma-separated files, as pandas' read_csv does by default: convert it to commas",
                "\(String(describing: semicolon))")
        let tab = #expect(throws: MisdelimitedFile.self) { try load("species\tmass\nAdelie\t3750\n") }
        #expect(tab?.description.contains("the file looks tab-separated (2 fields on the header line)") == true, "\(String(describing: tab))")
        // Negative controls: a real one-column file, and a one-column name holding ';' over plain values.
        #expect(try load("mass\n3750\n5000\n").table.columnNames == ["mass"])
        #expect(try load("mass;g\n3750\n5000\n").table.columnNames == ["mass;g"])
        #expect(try load("a,b\n1;2,3\n").table.columnNames == ["a", "b"])
    }

    /// Audit 15: compare on a run whose candidate cells all failed printed "wrote 0 figure(s) to DIR: ".
    @Test func compareWithoutAFinishedPairSaysWhyItDrewNothing() throws {
        let run = try RunFixture.write([RunFixture.cell(), RunFixture.cell(backend: "synthcity", status: .error)])
        defer { RunFixture.remove(run) }
        let failed = try ComparisonWriter.write(try BackendComparison.compare(try RunCells.load(runDirectory: run)), runDirectory: run,
                                                renderer: GnuplotRenderer(executable: nil))
        #expect(failed.plots.summary == "wrote no figure to \(run.path)/plots\nno comparison figure: no pair of cells finished on both backends (comparison.md lists the failures)",
                "\(failed.plots.summary)")
        // Negative control: a finished pair is drawn, with no such note.
        try AtomicFile.write(try JSONEncoder().encode(RunFixture.cell(backend: "synthcity")),
                             to: run.appendingPathComponent("cells/adult__gc__synthcity__s0.json"))
        let drawn = try ComparisonWriter.write(try BackendComparison.compare(try RunCells.load(runDirectory: run)), runDirectory: run,
                                               renderer: GnuplotRenderer(executable: nil))
        #expect(drawn.plots.summary.hasPrefix("wrote 2 figure(s) to \(run.path)/plots: ") && !drawn.plots.summary.contains("no comparison figure"),
                "\(drawn.plots.summary)")
    }

    /// Audit 15: `run grids/` said "the system refused (... NSCocoaErrorDomain error 256.)".
    @Test func aDirectoryGivenForAJSONFileIsSaidAsSuch() throws {
        let dir = try SynthBenchBinary.temporaryDirectory("json-directory")
        defer { try? FileManager.default.removeItem(at: dir) }
        let spec = #expect(throws: ExperimentSpecError.self) { try ExperimentSpec.load(contentsOf: dir, availableDatasets: nil) }
        #expect(spec?.description == "\(dir.path): is a directory; give the grid spec's JSON file, e.g. experiments/quickstart.json",
                "\(String(describing: spec))")
        let thresholds = #expect(throws: ReportError.self) { try ThresholdFile.load(contentsOf: dir) }
        #expect(thresholds?.description == "\(dir.path): is a directory; give the threshold file, e.g. experiments/thresholds.json",
                "\(String(describing: thresholds))")
        try Data("a,b\n1,2\n".utf8).write(to: dir.appendingPathComponent("t.csv"))
        let directoryMetadata = #expect(throws: MetadataError.self) {
            try PreparedData.load(.file(path: dir.appendingPathComponent("t.csv").path, metadata: dir.path), fetchIfMissing: false, datasetsDirectory: nil)
        }
        #expect(directoryMetadata?.description == "metadata file \(dir.path): is a directory; give the metadata JSON file (docs/metadata.md)",
                "\(String(describing: directoryMetadata))")
        // Negative control: a missing file keeps its errno reason.
        let missing = #expect(throws: ExperimentSpecError.self) {
            try ExperimentSpec.load(contentsOf: dir.appendingPathComponent("none.json"), availableDatasets: nil)
        }
        #expect(missing?.description.hasSuffix("none.json: cannot read the file: No such file or directory (ENOENT)") == true,
                "\(String(describing: missing))")
    }
}
