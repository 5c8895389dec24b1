import Foundation
import SynthTable

/// The formats `synthbench export` and `generate --format` write (docs/exports.md).
package enum ExportFormat: String, CaseIterable, Sendable {
    case csv, json, jsonl, parquet, xlsx, sql, sqlite, zip

    /// The output file's extension.
    package var fileExtension: String {
        switch self {
        case .sqlite: "sqlite"
        default: rawValue
        }
    }

    /// Whether the format is a table format (everything but the run bundle).
    package var isTable: Bool { self != .zip }

    /// A streaming writer of this table format at `path`. `sheets`: the XLSX sheets after `data`;
    /// `keyValues`: Parquet footer metadata.
    package func writer(path: String, dialect: SQLDialect = .postgres, tableName: String = "synthetic",
                        sheets: [(name: String, rows: [[TableCell]])] = [],
                        keyValues: [(key: String, value: String)] = []) throws -> any TableChunkWriter {
        switch self {
        case .csv: try CSVStreamWriter(path: path)
        case .json: try JSONTableWriter(path: path, lines: false)
        case .jsonl: try JSONTableWriter(path: path, lines: true)
        case .parquet: try ParquetWriter(path: path, keyValueMetadata: keyValues)
        case .xlsx: try XLSXWriter(path: path, extraSheets: sheets)
        case .sql: try SQLScriptWriter(path: path, dialect: dialect, tableName: tableName)
        case .sqlite: try SQLiteTableWriter(path: path, tableName: tableName)
        case .zip: throw ExportError(path: path, "zip bundles a run directory; it is not a table format")
        }
    }
}

extension TableChunkWriter {
    /// Appends `table` in slices of `sliceRows` rows (so a large in-memory table goes through the same
    /// streaming path as sampled chunks), then finishes the file.
    package func write(_ table: Table, sliceRows: Int = 1 << 16) throws {
        do {
            if table.rowCount == 0 { try append(table) }
            var start = 0
            while start < table.rowCount {
                let end = min(start + sliceRows, table.rowCount)
                try append(start == 0 && end == table.rowCount ? table : table.selectingRows(Array(start..<end)))
                start = end
            }
            try finish()
        } catch {
            cancel()
            throw error
        }
    }
}
