import Foundation
import SynthTable

/// Writes a table that arrives in row chunks as a SQL script: `CREATE TABLE` with the dialect's column
/// types, then multi-row `INSERT ... VALUES` statements of ``batchRows`` rows each, all inside one
/// transaction (`BEGIN; ... COMMIT;`) so that a failed load leaves no half table.
package final class SQLScriptWriter: TableChunkWriter {
    package let path: String
    package let dialect: SQLDialect
    package let tableName: String
    /// Rows per INSERT (500 keeps each statement under SQLite's default limits on older builds).
    package let batchRows: Int
    package private(set) var rowsWritten = 0
    private let file: StreamingFile
    private var insertPrefix: String? = nil
    private var kinds: [ColumnKind] = []
    private var rowsInStatement = 0

    package init(path: String, dialect: SQLDialect, tableName: String = "synthetic", batchRows: Int = 500) throws(ExportError) {
        precondition(batchRows > 0, "batchRows must be positive")
        self.path = path
        self.dialect = dialect
        self.tableName = tableName
        self.batchRows = batchRows
        file = try StreamingFile(path: path)
    }

    /// The `CREATE TABLE` statement for `table`'s columns.
    package static func createTable(_ table: Table, name: String, dialect: SQLDialect) -> String {
        let columns = table.columns.map { "  \(dialect.identifier($0.name)) \(dialect.type(of: $0))" }
        return "CREATE TABLE \(dialect.identifier(name)) (\n" + columns.joined(separator: ",\n") + "\n);\n"
    }

    package func append(_ chunk: Table) throws(ExportError) {
        do throws(ExportError) {
            if insertPrefix == nil {
                guard chunk.columnCount > 0 else { throw ExportError(path: path, "a SQL table needs at least one column") }
                kinds = chunk.columns.map(\.kind)
                try file.write("BEGIN;\n" + Self.createTable(chunk, name: tableName, dialect: dialect))
                insertPrefix = "INSERT INTO \(dialect.identifier(tableName)) ("
                    + chunk.columns.map { dialect.identifier($0.name) }.joined(separator: ", ") + ") VALUES\n"
            } else if chunk.columns.map(\.kind) != kinds {
                throw ExportError(path: path, "a chunk's columns differ from the first chunk's")
            }
            guard let insertPrefix else { return }
            var text = ""
            for i in 0..<chunk.rowCount {
                text += rowsInStatement == 0 ? insertPrefix : ",\n"
                text += "(" + chunk.columns.map { dialect.literal(TableCell($0, row: i)) }.joined(separator: ", ") + ")"
                rowsInStatement += 1
                if rowsInStatement == batchRows {
                    text += ";\n"
                    rowsInStatement = 0
                }
                if text.utf8.count >= 1 << 16 { try file.write(text); text = "" }
            }
            try file.write(text)
            rowsWritten += chunk.rowCount
        } catch {
            cancel()
            throw error
        }
    }

    package func finish() throws(ExportError) {
        guard insertPrefix != nil else {
            cancel()
            throw ExportError(path: path, "no chunk was appended, so the table has no columns")
        }
        try file.write((rowsInStatement > 0 ? ";\n" : "") + "COMMIT;\n")
        try file.finish()
    }

    package func cancel() { file.cancel() }
}
