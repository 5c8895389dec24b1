import Foundation
import SynthCore
import SynthTable

/// What an export reads: a `generate` output directory (synthetic.csv, run.json, report.json) or a bare
/// CSV file; and the facts the XLSX metadata and quality sheets and the Parquet footer carry.
package struct RunExportSource {
    /// The synthetic table's CSV file.
    package let tableFile: URL
    /// run.json and report.json when the source is a run directory that has them.
    package let run: JSONValue?
    package let report: JSONValue?

    /// `path`: a directory holding synthetic.csv, or a CSV file.
    package init(path: String) throws(ExportError) {
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ExportError(path: path, "no such file or directory")
        }
        if isDirectory.boolValue {
            tableFile = url.appendingPathComponent("synthetic.csv")
            guard FileManager.default.fileExists(atPath: tableFile.path) else {
                throw ExportError(path: path, "has no synthetic.csv: give a `synthbench generate` output directory or a CSV file (a grid run directory exports as --format zip only)")
            }
            run = Self.readJSON(url.appendingPathComponent("run.json"))
            report = Self.readJSON(url.appendingPathComponent("report.json"))
        } else {
            tableFile = url
            run = nil
            report = nil
        }
    }

    /// Reads the synthetic table.
    package func readTable() throws -> Table {
        try CSVReader().read(path: tableFile.path)
    }

    /// run.json's top-level `key` as text, if present.
    package func runField(_ key: String) -> String? {
        guard case .object(let o)? = run, let v = o[key] else { return nil }
        switch v {
        case .string(let s): return s
        case .number(let x): return formatDouble(x)
        case .bool(let b): return String(b)
        default: return nil
        }
    }

    /// `source`, `method`, `backend`, `seed` and `rows` of the run (those known), for the Parquet footer.
    package var keyValues: [(key: String, value: String)] {
        var out: [(key: String, value: String)] = [("synthbench.source", runField("dataset") ?? tableFile.lastPathComponent)]
        for key in ["method", "backend", "seed"] {
            if let v = runField(key) { out.append(("synthbench.\(key)", v)) }
        }
        return out
    }

    /// The XLSX `metadata` sheet: the run's facts, then one row per column (name, kind, SDV sdtype as
    /// detected from the table).
    package func metadataSheet(_ table: Table) -> [[TableCell]] {
        var rows: [[TableCell]] = [[.text("key"), .text("value")]]
        rows.append([.text("source"), .text(runField("dataset") ?? tableFile.lastPathComponent)])
        for key in ["method", "backend", "seed"] {
            rows.append([.text(key), runField(key).map { TableCell.text($0) } ?? .null])
        }
        rows.append([.text("rows"), .integer(table.rowCount)])
        rows.append([.text("columns"), .integer(table.columnCount)])
        rows.append([])
        rows.append([.text("column"), .text("kind"), .text("sdtype"), .text("missing")])
        let metadata = Metadata.detect(from: table)
        for (c, column) in table.columns.enumerated() {
            let sdtype = metadata.columns.first { $0.name == column.name }?.sdtype.rawValue
            rows.append([.text(column.name), .text(column.kind.rawValue), sdtype.map { TableCell.text($0) } ?? .null,
                         .integer(table.columns[c].missingCount)])
        }
        return rows
    }

    /// The XLSX `quality` sheet: every number, text and flag of report.json and of run.json's `suites`, one
    /// row each, by its path (`utility.ml_efficacy`, `suites.0.metrics...`), in sorted order.
    package var qualitySheet: [[TableCell]] {
        var rows: [[TableCell]] = [[.text("metric"), .text("value")]]
        if let report { Self.flatten(report, prefix: "", into: &rows) }
        if case .object(let o)? = run, let suites = o["suites"] { Self.flatten(suites, prefix: "suites", into: &rows) }
        return rows
    }

    static func flatten(_ value: JSONValue, prefix: String, into rows: inout [[TableCell]]) {
        func join(_ key: String) -> String { prefix.isEmpty ? key : "\(prefix).\(key)" }
        switch value {
        case .object(let o): for key in o.keys.sorted() { flatten(o[key]!, prefix: join(key), into: &rows) }
        case .array(let a): for (k, v) in a.enumerated() { flatten(v, prefix: join(String(k)), into: &rows) }
        case .number(let x): rows.append([.text(prefix), .double(x)])
        case .string(let s): rows.append([.text(prefix), .text(s)])
        case .bool(let b): rows.append([.text(prefix), .boolean(b)])
        case .null: rows.append([.text(prefix), .null])
        }
    }

    static func readJSON(_ url: URL) -> JSONValue? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return try? SynthJSON.decoder().decode(JSONValue.self, from: data)
    }
}
