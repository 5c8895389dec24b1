import Foundation
import GRDB
import SynthTable

/// Writes a table that arrives in row chunks into a new SQLite database file through GRDB: the table
/// ``SQLDialect/sqlite`` describes, each chunk inserted in one transaction through one prepared statement.
/// The database is built under a hidden temporary name and renamed into place by ``finish()``.
package final class SQLiteTableWriter: TableChunkWriter {
    package let path: String
    package let tableName: String
    package private(set) var rowsWritten = 0
    private let temporary: String
    private var queue: DatabaseQueue?
    private var kinds: [ColumnKind]? = nil

    package init(path: String, tableName: String = "synthetic") throws(ExportError) {
        self.path = path
        self.tableName = tableName
        temporary = StreamingFile.temporaryPath(for: path)
        unlink(temporary)
        do {
            queue = try DatabaseQueue(path: temporary)
        } catch {
            throw ExportError(path: path, "cannot create the database: \(error)")
        }
    }

    deinit { cancel() }

    package func append(_ chunk: SynthTable.Table) throws(ExportError) {
        guard let queue else { throw ExportError(path: path, "the database is already finished or cancelled") }
        let dialect = SQLDialect.sqlite
        do {
            if let kinds {
                guard chunk.columns.map(\.kind) == kinds else { throw ExportError(path: path, "a chunk's columns differ from the first chunk's") }
            } else {
                guard chunk.columnCount > 0 else { throw ExportError(path: path, "a SQL table needs at least one column") }
                try queue.write { db in try db.execute(sql: SQLScriptWriter.createTable(chunk, name: tableName, dialect: dialect)) }
                kinds = chunk.columns.map(\.kind)
            }
            let names: [String] = chunk.columns.map { dialect.identifier($0.name) }
            let marks = [String](repeating: "?", count: chunk.columnCount)
            let sql = "INSERT INTO \(dialect.identifier(tableName)) (\(names.joined(separator: ", "))) VALUES (\(marks.joined(separator: ", ")))"
            try queue.write { db in   // one transaction
                let statement = try db.cachedStatement(sql: sql)
                var values: [(any DatabaseValueConvertible)?] = Array(repeating: nil, count: chunk.columnCount)
                for i in 0..<chunk.rowCount {
                    for (c, column) in chunk.columns.enumerated() { values[c] = Self.value(TableCell(column, row: i)) }
                    statement.setUncheckedArguments(StatementArguments(values))
                    try statement.execute()
                }
            }
            rowsWritten += chunk.rowCount
        } catch let error as ExportError {
            cancel()
            throw error
        } catch {
            cancel()
            throw ExportError(path: path, "cannot insert rows: \(error)")
        }
    }

    package func finish() throws(ExportError) {
        guard let queue else { throw ExportError(path: path, "the database is already finished or cancelled") }
        guard kinds != nil else {
            cancel()
            throw ExportError(path: path, "no chunk was appended, so the table has no columns")
        }
        do {
            try queue.close()
        } catch {
            cancel()
            throw ExportError(path: path, "cannot close the database: \(error)")
        }
        self.queue = nil
        try StreamingFile.publish(temporary, to: path, failure: "cannot move the finished database into place")
    }

    package func cancel() {
        guard let queue else { return }
        try? queue.close()
        self.queue = nil
        for suffix in ["", "-journal", "-wal", "-shm"] { unlink(temporary + suffix) }
    }

    /// The value bound for one cell (the types of ``SQLDialect/sqlite``).
    static func value(_ cell: TableCell) -> (any DatabaseValueConvertible)? {
        switch cell {
        case .null: nil
        case .double(let x): x.isNaN ? nil : x
        case .integer(let n): Int64(n)
        case .boolean(let b): Int64(b ? 1 : 0)
        case .text(let s): s
        case .datetime(let s, let t, let f): TableCell.isoText(s, hasTime: t, hasFraction: f)
        }
    }
}
