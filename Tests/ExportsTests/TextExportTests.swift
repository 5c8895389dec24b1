import Foundation
import GRDB
import SynthTable
import Testing
@testable import Exports

/// JSON, JSON Lines and SQL read back by independent readers (Foundation's JSONSerialization, SQLite
/// through GRDB).
@Suite struct TextExportTests {
    /// What every reader should see for ExportFixtures.mixed(), row by row (nil: missing).
    nonisolated(unsafe) static let expected: [[String: Any?]] = [
        ["x": 1.5, "n": 1, "flag": true, "label": "a \"quoted\" 'word'", "day": "1970-01-01", "at": "2020-09-13 12:26:40"],
        ["x": -0.25, "n": -2, "flag": false, "label": "<b>&amp;</b>", "day": "1971-01-01", "at": "2020-09-13 12:26:40"],
        ["x": nil, "n": 3, "flag": nil, "label": nil, "day": nil, "at": "1970-01-01 00:00:00"],
        ["x": 1e20, "n": nil, "flag": true, "label": "tab\there\u{01}", "day": "1969-12-31", "at": nil],
        ["x": 0.0, "n": 2_147_483_648, "flag": true, "label": "Zürich", "day": "2019-04-14", "at": "1970-01-01 00:00:59"],
    ]

    /// A number however the reader hands it over (Int, Double, NSNumber).
    static func number(_ v: Any?) -> Double? {
        switch v {
        case let d as Double: d
        case let n as Int: Double(n)
        case let n as Int64: Double(n)
        case let n as NSNumber: n.doubleValue
        default: nil
        }
    }

    static func check(_ rows: [[String: Any]], nullIs: (Any?) -> Bool = { $0 == nil || $0 is NSNull }) {
        #expect(rows.count == expected.count)
        for (r, (row, want)) in zip(rows, expected).enumerated() {
            for (key, value) in want {
                let got = row[key] as Any?
                switch value {
                case nil: #expect(nullIs(got), "row \(r) \(key): \(String(describing: got))")
                case let d as Double: #expect(number(got) == d, "row \(r) \(key)")
                case let n as Int: #expect(number(got) == Double(n), "row \(r) \(key)")
                case let b as Bool: #expect((got as? Bool) ?? number(got).map { $0 != 0 } == b, "row \(r) \(key)")
                case let s as String: #expect(got as? String == s, "row \(r) \(key)")
                default: Issue.record("unexpected fixture value")
                }
            }
        }
    }

    @Test func jsonArrayAndLinesReadBack() throws {
        let dir = try ExportFixtures.directory("json")
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = ExportFixtures.mixed()
        let array = dir.appendingPathComponent("t.json"), lines = dir.appendingPathComponent("t.jsonl")
        try JSONTableWriter(path: array.path, lines: false).write(t, sliceRows: 2)
        try JSONTableWriter(path: lines.path, lines: true).write(t, sliceRows: 2)
        let parsed = try JSONSerialization.jsonObject(with: Data(contentsOf: array)) as? [[String: Any]]
        Self.check(try #require(parsed))
        let text = try String(contentsOf: lines, encoding: .utf8)
        let objects = try text.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        Self.check(objects)
        // Column order is kept.
        #expect(text.hasPrefix(#"{"x": 1.5, "n": 1, "flag": true, "label": "#))
    }

    @Test func jsonOfNoRowsIsAnEmptyArray() throws {
        let dir = try ExportFixtures.directory("json-empty")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("t.json")
        try JSONTableWriter(path: url.path, lines: false).write(ExportFixtures.mixed().selectingRows([]))
        #expect(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [Any] != nil)
    }

    /// The sqlite script, run by SQLite, gives back the table (booleans as 0/1, datetimes as ISO text);
    /// batches of 2 rows make three INSERT statements.
    @Test func sqliteScriptRunsAndReadsBack() throws {
        let dir = try ExportFixtures.directory("sql")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("t.sql")
        try SQLScriptWriter(path: url.path, dialect: .sqlite, tableName: "my \"table\"", batchRows: 2).write(ExportFixtures.mixed())
        let script = try String(contentsOf: url, encoding: .utf8)
        #expect(script.components(separatedBy: "INSERT INTO").count - 1 == 3)
        let db = try DatabaseQueue()
        try db.writeWithoutTransaction { try $0.execute(sql: script) }   // the script has its own BEGIN/COMMIT
        try Self.checkSQLite(db, table: "my \"table\"")
    }

    @Test func sqliteFileReadsBack() throws {
        let dir = try ExportFixtures.directory("sqlite")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("t.sqlite")
        try SQLiteTableWriter(path: url.path).write(ExportFixtures.mixed(), sliceRows: 3)
        #expect(ExportFixtures.allFiles(dir) == ["t.sqlite"])
        try Self.checkSQLite(try DatabaseQueue(path: url.path), table: "synthetic")
    }

    static func checkSQLite(_ db: DatabaseQueue, table: String) throws {
        let rows: [[String: Any]] = try db.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM \(SQLDialect.sqlite.identifier(table)) ORDER BY rowid").map { row in
                var o: [String: Any] = [:]
                for column in row.columnNames {
                    let v: DatabaseValue = row[column]
                    switch v.storage {
                    case .null: break
                    case .int64(let n): o[column] = NSNumber(value: n)
                    case .double(let d): o[column] = NSNumber(value: d)
                    case .string(let s): o[column] = s
                    case .blob: o[column] = "blob"
                    }
                }
                return o
            }
        }
        check(rows)
        let types = try db.read { try Row.fetchAll($0, sql: "SELECT type FROM pragma_table_info('\(table.replacingOccurrences(of: "'", with: "''"))')").map { $0["type"] as String } }
        #expect(types == ["REAL", "INTEGER", "INTEGER", "TEXT", "TEXT", "TEXT"])
    }

    /// The postgres script of a two-row table, worked out by hand.
    @Test func postgresScriptText() throws {
        let dir = try ExportFixtures.directory("pg")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("t.sql")
        let t = try Table(columns: [
            .numerical("x", [1, .infinity]), .integer("n", [nil, 2]), .boolean("b", [true, false]),
            .categorical("it's", ["O'Neil", nil]), .datetime("d", [0, 86_400], format: .isoDate),
        ])
        try SQLScriptWriter(path: url.path, dialect: .postgres).write(t)
        #expect(try String(contentsOf: url, encoding: .utf8) == """
            BEGIN;
            CREATE TABLE "synthetic" (
              "x" DOUBLE PRECISION,
              "n" BIGINT,
              "b" BOOLEAN,
              "it's" TEXT,
              "d" DATE
            );
            INSERT INTO "synthetic" ("x", "n", "b", "it's", "d") VALUES
            (1.0, NULL, TRUE, 'O''Neil', '1970-01-01'),
            ('Infinity', 2, FALSE, NULL, '1970-01-02');
            COMMIT;

            """)
    }
}
