import Testing
@testable import SynthTable

/// Table construction and addressing: shapes are validated, names are unique, columns are found by name.
@Suite struct TableTests {
    @Test func rowCountMissingMaskAndLookup() throws {
        let t = try Table(columns: [.numerical("x", [1, nil, 3]), .categorical("c", ["a", "b", nil])])
        #expect(t.rowCount == 3 && t.columnCount == 2 && t.columnNames == ["x", "c"])
        #expect(t["x"]!.missing == [false, true, false] && t["c"]!.missingCount == 1)
        #expect(t.index(of: "c") == 1 && t["nope"] == nil)
        #expect(throws: TableError.unknownColumn("nope", available: ["x", "c"])) { try t.column(named: "nope") }
    }

    @Test func invalidShapesAndNamesAreRejected() throws {
        #expect(throws: TableError.lengthMismatch(column: "y", rows: 1, expected: 2)) {
            try Table(columns: [.numerical("x", [1, 2]), .numerical("y", [1])])
        }
        #expect(throws: TableError.duplicateColumn("x")) {
            try Table(columns: [.numerical("x", [1]), .integer("x", [2])])
        }
        var t = try Table(columns: [.numerical("x", [1, 2])])
        #expect(throws: TableError.lengthMismatch(column: "z", rows: 3, expected: 2)) { try t.setColumn(.numerical("z", [1, 2, 3])) }
        try t.setColumn(.integer("x", [5, 6]))
        #expect(t.columnCount == 1 && t["x"]!.kind == .integer)
    }

    @Test func selectingRowsAndColumnsKeepsValuesAndMissingness() throws {
        let t = try Table(columns: [.numerical("x", [1, nil, 3]), .boolean("b", [true, false, nil])])
        let rows = t.selectingRows([2, 0, 2])
        #expect(rows["x"]!.doubles() == [3, 1, 3] && rows["b"]!.missing == [true, false, true])
        #expect(try t.selectingColumns(["b"]).columnNames == ["b"])
        #expect(throws: TableError.self) { try t.selectingColumns(["y"]) }
    }
}
