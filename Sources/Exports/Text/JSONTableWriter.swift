import Foundation
import SynthTable

/// Writes a table that arrives in row chunks as JSON: an array of row objects (`[{"age": 39, ...}, ...]`,
/// pandas' `orient="records"`), or JSON Lines (one object per line). Keys are the column names in order;
/// numbers are JSON numbers (shortest round-trip digits), booleans `true`/`false`, categories strings,
/// datetimes ISO 8601 strings, missing values `null`. JSON has no NaN or infinity, so a non-finite double
/// is written `null` as well (pandas' `to_json` does the same).
package final class JSONTableWriter: TableChunkWriter {
    package let path: String
    package let lines: Bool
    package private(set) var rowsWritten = 0
    private let file: StreamingFile
    private var keys: [[UInt8]]? = nil
    private var kinds: [ColumnKind] = []

    /// `lines`: JSON Lines instead of one array.
    package init(path: String, lines: Bool) throws(ExportError) {
        self.path = path
        self.lines = lines
        file = try StreamingFile(path: path)
    }

    package func append(_ chunk: Table) throws(ExportError) {
        do throws(ExportError) {
            if let keys {
                guard chunk.columns.map(\.kind) == kinds, keys == chunk.columns.map({ Self.quoted($0.name) }) else {
                    throw ExportError(path: path, "a chunk's columns differ from the first chunk's")
                }
            } else {
                keys = chunk.columns.map { Self.quoted($0.name) }
                kinds = chunk.columns.map(\.kind)
                if !lines { try file.write("[") }
            }
            guard let keys else { return }
            var out: [UInt8] = []
            out.reserveCapacity(1 << 16)
            for i in 0..<chunk.rowCount {
                if !lines { out.append(contentsOf: rowsWritten + i == 0 ? [0x0A] : [0x2C, 0x0A]) }
                out.append(UInt8(ascii: "{"))
                for (c, column) in chunk.columns.enumerated() {
                    if c > 0 { out.append(contentsOf: [0x2C, 0x20]) }
                    out.append(contentsOf: keys[c])
                    out.append(contentsOf: [0x3A, 0x20])
                    Self.append(TableCell(column, row: i), to: &out)
                }
                out.append(UInt8(ascii: "}"))
                if lines { out.append(0x0A) }
                if out.count >= 1 << 16 { try file.write(out); out.removeAll(keepingCapacity: true) }
            }
            try file.write(out)
            rowsWritten += chunk.rowCount
        } catch {
            cancel()
            throw error
        }
    }

    package func finish() throws(ExportError) {
        guard keys != nil else {
            cancel()
            throw ExportError(path: path, "no chunk was appended, so the file has no columns")
        }
        if !lines { try file.write(rowsWritten == 0 ? "]\n" : "\n]\n") }
        try file.finish()
    }

    package func cancel() { file.cancel() }

    /// One value as JSON.
    static func append(_ cell: TableCell, to out: inout [UInt8]) {
        switch cell {
        case .null: out.append(contentsOf: Array("null".utf8))
        case .double(let x): out.append(contentsOf: x.isFinite ? Array(formatDouble(x).utf8) : Array("null".utf8))
        case .integer(let n): out.append(contentsOf: Array(String(n).utf8))
        case .boolean(let b): out.append(contentsOf: Array((b ? "true" : "false").utf8))
        case .text(let s): out.append(contentsOf: quoted(s))
        case .datetime(let s, let t, let f): out.append(contentsOf: quoted(TableCell.isoText(s, hasTime: t, hasFraction: f)))
        }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped, the rest UTF-8 as is.
    static func quoted(_ s: String) -> [UInt8] {
        var out: [UInt8] = [0x22]
        for b in s.utf8 {
            switch b {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20: out.append(contentsOf: Array(String(format: "\\u%04x", Int(b)).utf8))
            default: out.append(b)
            }
        }
        out.append(0x22)
        return out
    }
}
