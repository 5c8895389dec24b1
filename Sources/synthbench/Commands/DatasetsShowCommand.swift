import ArgumentParser
import Foundation
import Harness
import SynthTable

/// `synthbench datasets show NAME`: loads the dataset (fetching it when needed) and prints its shape and
/// per-column metadata in both conventions. `--data FILE [--metadata M]` shows a user's CSV file as
/// `generate --data` reads it, so the kinds and sdtypes can be checked before a run.
struct DatasetsShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Load a dataset or a CSV file and print its rows, columns and detected metadata (SDV sdtypes, SynthCity domains).",
        discussion: "A cached dataset that is not fetched yet is fetched first (scripts/fetch-datasets.sh). --data FILE shows a CSV file as `generate --data FILE` reads it (with --metadata, the overrides applied), warnings included. --json prints the complete metadata document (see docs/metadata.md) with per-column statistics."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var location: DatasetsLocation
    @OptionGroup var csv: CSVReadOptions

    @Argument(help: "The dataset name (see `synthbench datasets list`).") var name: String?

    @Option(help: "A CSV file to show instead of a registered dataset.") var data: String?
    @Option(help: "A metadata JSON file overriding detection for --data (docs/metadata.md).") var metadata: String?

    @Flag(help: "Print JSON: shape, per-column statistics and the complete metadata document.") var json = false

    @Flag(name: .customLong("no-fetch"), help: "Fail instead of fetching a dataset that is not cached.") var noFetch = false

    struct ColumnStats: Codable {
        var name: String
        var kind: String
        var missing: Int
        var distinct: Int
    }

    /// What is printed; the manifest's fields are absent for a CSV file.
    struct Report: Encodable {
        var name: String
        var description: String?
        var file: String
        var sha256: String?
        var source: String?
        var rows: Int
        var columns: Int
        var target: String?
        var task: String
        var primaryKey: String?
        var columnStats: [ColumnStats]
        var metadata: MetadataDocument

        enum CodingKeys: String, CodingKey {
            case name, description, file, sha256, source, rows, columns, target, task, metadata
            case primaryKey = "primary_key"
            case columnStats = "column_stats"
        }
    }

    func validate() throws {
        guard (name == nil) != (data == nil) else { throw ValidationError("give exactly one of a dataset NAME or --data FILE") }
        if metadata != nil && data == nil { throw ValidationError("--metadata applies to --data FILE only") }
    }

    func run() async throws {
        global.apply()
        if let data {
            let (table, metadata, notes) = try CSVWithMetadata.read(path: data, metadataPath: self.metadata, policy: csv.policy)
            for w in notes.warnings + NumberLikeTextColumns.warnings(table) {
                FileHandle.standardError.write(Data("warning: \(data): \(w)\n".utf8))
            }
            let name = URL(fileURLWithPath: data).deletingPathExtension().lastPathComponent
            try show(Report(name: name, file: data, rows: table.rowCount, columns: table.columnCount, target: metadata.target,
                            task: metadata.task.rawValue, primaryKey: metadata.primaryKey, columnStats: stats(table),
                            metadata: metadata.document), table, metadata,
                     heading: ["\(name): \(data)\(self.metadata.map { " with metadata \($0)" } ?? "")"])
            return
        }
        let registry = try location.registry()
        let dataset = try registry.load(name!, fetchIfMissing: !noFetch)
        let table = dataset.table, metadata = dataset.metadata, m = dataset.manifest
        let source = "\(m.source.package)==\(m.source.version):\(m.source.pathInWheel)"
        let report = Report(name: m.name, description: m.description, file: dataset.file.path, sha256: m.file.sha256,
                            source: source, rows: table.rowCount, columns: table.columnCount, target: metadata.target,
                            task: metadata.task.rawValue, primaryKey: metadata.primaryKey, columnStats: stats(table),
                            metadata: metadata.document)
        try show(report, table, metadata, heading: ["\(m.name): \(m.description)",
                                                   "file:        \(dataset.file.path) (\(m.file.storage.rawValue), sha256 verified)",
                                                   "source:      \(source)"])
    }

    func stats(_ table: Table) -> [ColumnStats] {
        zip(table.columns, table.columns.map(ColumnProfile.init)).map { column, p in
            ColumnStats(name: column.name, kind: column.kind.rawValue, missing: p.missingCount, distinct: p.distinctCount)
        }
    }

    /// The JSON report, or the heading lines, the shape and the per-column table.
    func show(_ report: Report, _ table: Table, _ metadata: Metadata, heading: [String]) throws {
        if json {
            print(try prettyJSON(report))
            return
        }
        let stats = report.columnStats
        for line in heading { print(line) }
        print("rows:        \(table.rowCount)")
        print("columns:     \(table.columnCount)")
        print("target:      \(metadata.target ?? "none")    task: \(metadata.task.rawValue)    primary key: \(metadata.primaryKey ?? "none")")
        print("")
        let rows = zip(stats, metadata.columns).map { s, c -> [String] in
            var sdtype = c.sdtype.rawValue
            if c.pii { sdtype += " (pii)" }
            if let f = c.datetimeFormat { sdtype += " \(f)" }
            return [s.name, s.kind, String(s.missing), String(s.distinct), sdtype, c.synthcityDomain.rawValue,
                    c.synthcityEncoding.rawValue, c.synthcityDiscrete ? "discrete" : "continuous"]
        }
        print(TextTable(header: ["COLUMN", "KIND", "MISSING", "DISTINCT", "SDV SDTYPE", "SYNTHCITY DOMAIN",
                                 "SYNTHCITY ENCODE", "SYNTHCITY MODEL"], rows: rows).rendered)
    }
}
