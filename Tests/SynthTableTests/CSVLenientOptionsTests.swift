import Testing
@testable import SynthTable

/// Repeated header names renamed as pandas renames them, and `on_bad_lines`. Expected names from pandas
/// 2.3.3 `read_csv` (C parser) on the same headers.
@Suite struct CSVLenientOptionsTests {
    @Test(arguments: [
        ("a,a,a.1", ["a", "a.2", "a.1"]), ("a,a.1,a", ["a", "a.1", "a.2"]), ("a,a,a", ["a", "a.1", "a.2"]),
        ("a,b,a,b,a", ["a", "b", "a.1", "b.1", "a.2"]), ("a,a.1,a,a", ["a", "a.1", "a.2", "a.3"]),
        ("x.1,x,x,x.1", ["x.1", "x", "x.2", "x.1.1"]),
        ("decile_score,age,decile_score", ["decile_score", "age", "decile_score.1"]),
    ])
    func repeatedNamesRenamedAsPandas(header: String, names: [String]) throws {
        let row = Array(repeating: "1", count: names.count).joined(separator: ",")
        let (table, notes) = try CSVReader().readWithNotes(text: header + "\n" + row + "\n")
        #expect(table.columnNames == names)
        let original = header.split(separator: ",").map(String.init)
        #expect(notes.renamedColumns.map(\.column) == names.indices.filter { names[$0] != original[$0] }.map { $0 + 1 })
    }

    @Test func renameNamesBothPositions() throws {
        let (_, notes) = try CSVReader().readWithNotes(text: "id,decile_score,age,decile_score\n1,2,3,4\n")
        #expect(notes.renamedColumns == [.init(name: "decile_score", renamed: "decile_score.1", column: 4, firstColumn: 2)])
        #expect(notes.warnings == ["column 4 repeats the name \"decile_score\" of column 2; renamed \"decile_score.1\" (--strict-header refuses such a file)"])
        // A clean file has no notes (negative control).
        #expect(try CSVReader().readWithNotes(text: "a,b\n1,2\n").notes.isEmpty)
    }

    @Test func forcedKindsFollowTheNewNames() throws {
        let t = try CSVReader(options: CSVOptions(forcedKinds: ["a.1": .categorical])).read(text: "a,a\n1,2\n")
        #expect(t["a"]?.kind == .integer && t["a.1"]?.kind == .categorical)
    }

    static let ragged = "a,b\n1,2\n3,4,5\n6\n7,8\n"

    @Test func badLinesErrorByDefaultNamingLineAndOption() throws {
        do {
            _ = try CSVReader().read(text: Self.ragged, name: "f.csv")
            Issue.record("a ragged row must fail by default")
        } catch {
            #expect(error.line == 3)
            #expect(error.description.contains("f.csv:3") && error.description.contains("--on-bad-lines"))
        }
    }

    @Test(arguments: [CSVOptions.BadLinePolicy.skip, .warn])
    func badLinesDropped(policy: CSVOptions.BadLinePolicy) throws {
        let (t, notes) = try CSVReader(options: CSVOptions(onBadLines: policy)).readWithNotes(text: Self.ragged)
        #expect(t["a"]?.doubles() == [1, 7] && t["b"]?.doubles() == [2, 8])
        #expect(notes.skippedLineCount == 2 && notes.skippedLines == [3, 4])
    }

    @Test func onlyTheFirstTwentyLinesAreListed() throws {
        let rows = (0..<30).map { "\($0),\($0),x" }.joined(separator: "\n")
        let (t, notes) = try CSVReader(options: CSVOptions(onBadLines: .skip)).readWithNotes(text: "a,b\n1,2\n" + rows + "\n")
        #expect(t.rowCount == 1)
        #expect(notes.skippedLineCount == 30 && notes.skippedLines == Array(3...22))
        #expect(notes.warnings.last?.hasSuffix("22, ...)") == true)
    }
}
