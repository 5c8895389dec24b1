import Foundation
import Harness
import SynthTable

/// Writes a table that arrives in row chunks to one Parquet file (parquet-format, file format version 2
/// metadata, UNCOMPRESSED): `PAR1`, then one row group per ``rowGroupRows`` rows (the last one smaller),
/// each column chunk a dictionary page (categorical columns) and one data page, then the thrift-compact
/// FileMetaData (schema, row groups with per-column statistics, key/value metadata, column orders), its
/// length and `PAR1` again. Chunks are buffered only until a row group is full, so memory stays bounded by
/// the row group, not the table. Column types: ``ParquetColumnSchema``.
package final class ParquetWriter: TableChunkWriter {
    package let path: String
    package let rowGroupRows: Int
    /// Key/value pairs for the footer (e.g. the dataset, method and seed of the run).
    package let keyValueMetadata: [(key: String, value: String)]
    package private(set) var rowsWritten = 0

    private let file: StreamingFile
    private var schema: [ParquetColumnSchema]? = nil
    private var pending: [Table] = []
    private var pendingRows = 0
    private var rowGroups: [RowGroupRecord] = []

    /// What the footer says about a written row group.
    private struct RowGroupRecord {
        var columns: [(chunk: ParquetColumnChunk, offset: Int)]
        var rows: Int
        var offset: Int
        var bytes: Int
    }

    static let magic: [UInt8] = Array("PAR1".utf8)
    /// The default row group: 256 Ki rows (15 columns of doubles: 32 MB before encoding).
    package static let defaultRowGroupRows = 1 << 18

    package init(path: String, rowGroupRows: Int = ParquetWriter.defaultRowGroupRows,
                 keyValueMetadata: [(key: String, value: String)] = []) throws(ExportError) {
        precondition(rowGroupRows > 0, "rowGroupRows must be positive")
        self.path = path
        self.rowGroupRows = rowGroupRows
        self.keyValueMetadata = keyValueMetadata
        file = try StreamingFile(path: path)
        try file.write(Self.magic)
    }

    /// Appends the chunk's rows; writes every row group that is full.
    package func append(_ chunk: Table) throws(ExportError) {
        do throws(ExportError) {
            let shape = chunk.columns.map(ParquetColumnSchema.init)
            if let schema {
                guard schema == shape else {
                    throw ExportError(path: path, "a chunk's columns (\(describe(shape))) differ from the first chunk's (\(describe(schema)))")
                }
            } else {
                guard !shape.isEmpty else { throw ExportError(path: path, "a Parquet file needs at least one column") }
                schema = shape
            }
            guard chunk.rowCount > 0 else { return }
            pending.append(chunk)
            pendingRows += chunk.rowCount
            if pendingRows >= rowGroupRows { try writeFullRowGroups() }
        } catch {
            cancel()
            throw error
        }
    }

    /// Writes the last row group and the footer, and puts the file in place. At least one chunk (possibly of
    /// zero rows) must have been appended, for the schema.
    package func finish() throws(ExportError) {
        do throws(ExportError) {
            guard let schema else { throw ExportError(path: path, "no chunk was appended, so the file has no columns") }
            if pendingRows > 0 {
                let table = Table.concatenating(pending)
                pending = []; pendingRows = 0
                try writeRowGroup(table, rows: 0..<table.rowCount)
            }
            let footer = footerBytes(schema)
            try file.write(footer)
            try file.write(ParquetColumnChunk.littleEndian(UInt32(footer.count)))
            try file.write(Self.magic)
            try file.finish()
        } catch {
            cancel()
            throw error
        }
    }

    package func cancel() { file.cancel() }

    // MARK: Row groups

    private func writeFullRowGroups() throws(ExportError) {
        let table = Table.concatenating(pending)
        var start = 0
        while table.rowCount - start >= rowGroupRows {
            try writeRowGroup(table, rows: start..<(start + rowGroupRows))
            start += rowGroupRows
        }
        pending = start < table.rowCount ? [table.selectingRows(Array(start..<table.rowCount))] : []
        pendingRows = table.rowCount - start
    }

    private func writeRowGroup(_ table: Table, rows: Range<Int>) throws(ExportError) {
        guard let schema else { return }
        let start = file.offset
        var record = RowGroupRecord(columns: [], rows: rows.count, offset: start, bytes: 0)
        for (c, column) in table.columns.enumerated() {
            var chunk = ParquetColumnChunk(column, rows: rows, schema: schema[c])
            let offset = file.offset
            try file.write(chunk.bytes)
            record.bytes += chunk.byteCount
            chunk.bytes = []   // the footer needs the sizes and offsets only
            record.columns.append((chunk, offset))
        }
        rowGroups.append(record)
        rowsWritten += rows.count
    }

    // MARK: Footer

    /// FileMetaData (parquet.thrift), thrift compact.
    private func footerBytes(_ schema: [ParquetColumnSchema]) -> [UInt8] {
        var w = ThriftCompactWriter()
        w.structValue { w in
            w.i32(1, 2)   // version
            w.list(2, of: .structure, count: schema.count + 1) { w in
                w.structValue { w in
                    w.string(4, "schema")
                    w.i32(5, Int32(schema.count))
                }
                for s in schema { s.writeSchemaElement(&w) }
            }
            w.i64(3, Int64(rowsWritten))
            w.list(4, of: .structure, count: rowGroups.count) { w in
                for group in rowGroups { writeRowGroup(group, schema: schema, &w) }
            }
            if !keyValueMetadata.isEmpty {
                w.list(5, of: .structure, count: keyValueMetadata.count) { w in
                    for (key, value) in keyValueMetadata {
                        w.structValue { w in
                            w.string(1, key)
                            w.string(2, value)
                        }
                    }
                }
            }
            w.string(6, "synthbench version \(SynthBenchVersion.string)")
            w.list(7, of: .structure, count: schema.count) { w in
                for _ in schema { w.structValue { w in w.structure(1) { _ in } } }   // TYPE_ORDER
            }
        }
        return w.bytes
    }

    private func writeRowGroup(_ group: RowGroupRecord, schema: [ParquetColumnSchema], _ w: inout ThriftCompactWriter) {
        w.structValue { w in
            w.list(1, of: .structure, count: group.columns.count) { w in
                for (c, (chunk, offset)) in group.columns.enumerated() {
                    w.structValue { w in
                        w.i64(2, Int64(offset))
                        w.structure(3) { w in
                            w.i32(1, schema[c].physical.rawValue)
                            w.list(2, of: .i32, count: chunk.encodings.count) { w in
                                for e in chunk.encodings { w.i32Value(e.rawValue) }
                            }
                            w.list(3, of: .binary, count: 1) { w in w.stringValue(schema[c].name) }
                            w.i32(4, 0)   // UNCOMPRESSED
                            w.i64(5, Int64(chunk.valueCount))
                            w.i64(6, Int64(chunk.byteCount))
                            w.i64(7, Int64(chunk.byteCount))
                            w.i64(9, Int64(offset + chunk.dataPageOffset))
                            if let d = chunk.dictionaryPageOffset { w.i64(11, Int64(offset + d)) }
                            w.structure(12) { w in chunk.writeStatistics(&w) }
                        }
                    }
                }
            }
            w.i64(2, Int64(group.bytes))
            w.i64(3, Int64(group.rows))
            w.i64(5, Int64(group.offset))
            w.i64(6, Int64(group.bytes))
        }
    }

    private func describe(_ s: [ParquetColumnSchema]) -> String {
        s.map { "\($0.name): \($0.kind.rawValue)" }.joined(separator: ", ")
    }
}
