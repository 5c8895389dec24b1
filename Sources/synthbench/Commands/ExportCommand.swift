import ArgumentParser
import Exports
import Foundation
import Harness

/// `synthbench export RUN_OR_DIR --format F`: the synthetic table of a `generate` output (or a CSV file) in
/// another format, or a run directory as a ZIP bundle with checksums (docs/exports.md).
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a run's synthetic table (csv, json, jsonl, parquet, xlsx, sql, sqlite) or bundle a run directory (zip).",
        discussion: """
        RUN_OR_DIR is a `synthbench generate` output directory (its synthetic.csv, with run.json and report.json \
        for the XLSX metadata and quality sheets), a CSV file, or, for --format zip, any run directory. The \
        default output is RUN_OR_DIR/synthetic.EXT (for a file: the file with the new extension; for zip: \
        RUN_OR_DIR.zip beside the directory); encrypted outputs add .enc.
        """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var encryption: EncryptionOptions
    @Argument(help: "A generate output directory, a CSV file, or (for zip) a run directory.") var source: String
    @Option(help: "Output format.") var format: ExportFormat
    @Option(help: "SQL dialect for --format sql.") var dialect: SQLDialect = .postgres
    @Option(help: "Table name for --format sql and sqlite.") var table = "synthetic"
    @Option(help: "Output file (default: see the discussion).") var out: String?

    func run() throws {
        global.apply()
        let key = try encryption.key()
        let source = URL(fileURLWithPath: self.source).standardizedFileURL
        let output = URL(fileURLWithPath: out ?? defaultOutput(source, encrypted: key != nil)).standardizedFileURL
        if format == .zip, output.path.hasPrefix(source.path + "/") {
            throw ValidationError("--out \(output.path) is inside the directory being bundled; write the zip elsewhere")
        }
        let target = EncryptedOutput(output: output, key: key)
        if format == .zip {
            try target.write { plain in
                _ = try RunBundle.write(source, to: plain, createdBy: "synthbench \(BuildStamp.thisBuild.versionLine(SynthBenchVersion.string))")
            }
        } else {
            let run = try RunExportSource(path: source.path)
            let data = try run.readTable()
            try MisdelimitedFile.check(data, path: run.tableFile.path)   // a ';' export would become one column
            try target.write { plain in
                let sheets: [(name: String, rows: [[TableCell]])] =
                    format == .xlsx ? [("metadata", run.metadataSheet(data)), ("quality", run.qualitySheet)] : []
                try format.writer(path: plain.path, dialect: dialect, tableName: table, sheets: sheets, keyValues: run.keyValues)
                    .write(data)
            }
        }
        print(output.path)
    }

    func defaultOutput(_ source: URL, encrypted: Bool) -> String {
        let suffix = encrypted ? ".enc" : ""
        if format == .zip { return source.path + ".zip" + suffix }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: source.path, isDirectory: &isDirectory), isDirectory.boolValue {
            return source.appendingPathComponent("synthetic.\(format.fileExtension)").path + suffix
        }
        return source.deletingPathExtension().appendingPathExtension(format.fileExtension).path + suffix
    }
}
