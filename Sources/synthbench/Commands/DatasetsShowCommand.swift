import ArgumentParser
import Foundation
import SynthTable

/// `synthbench datasets show NAME`: loads the dataset (fetching it when needed) and prints its shape and
/// per-column metadata in both conventions.
struct DatasetsShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Load a dataset and print its rows, columns and detected metadata (SDV sdtypes, SynthCity domains).",
        discussion: "A cached dataset that is not fetched yet is fetched first (scripts/fetch-datasets.sh). --json prints the complete metadata document (see docs/metadata.md) with per-column statistics."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var location: DatasetsLocation

    @Argument(help: "The dataset name (see `synthbench datasets list`).") var name: String

    @Flag(help: "Print JSON: shape, per-column statistics and the complete metadata document.") var json = false

    @Flag(name: .customLong("no-fetch"), help: "Fail instead of fetching a dataset that is not cached.") var noFetch = false

    struct ColumnStats: Codable {
        var name: String
        var kind: String
        var missing: Int
        var distinct: Int
    }

    struct Report: Encodable {
        var name: String
        var description: String
        var file: String
        var sha256: String
        var source: String
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

    func run() async throws {
        global.apply()
        let registry = try location.registry()
        let dataset = try registry.load(name, fetchIfMissing: !noFetch)
        let table = dataset.table, metadata = dataset.metadata, m = dataset.manifest
        let profiles = table.columns.map(ColumnProfile.init)
        let stats = zip(table.columns, profiles).map { column, p in
            ColumnStats(name: column.name, kind: column.kind.rawValue, missing: p.missingCount, distinct: p.distinctCount)
        }
        let source = "\(m.source.package)==\(m.source.version):\(m.source.pathInWheel)"
        if json {
            let report = Report(name: m.name, description: m.description, file: dataset.file.path, sha256: m.file.sha256,
                                source: source, rows: table.rowCount, columns: table.columnCount, target: metadata.target,
                                task: metadata.task.rawValue, primaryKey: metadata.primaryKey, columnStats: stats,
                                metadata: metadata.document)
            print(try prettyJSON(report))
            return
        }
        print("\(m.name): \(m.description)")
        print("file:        \(dataset.file.path) (\(m.file.storage.rawValue), sha256 verified)")
        print("source:      \(source)")
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
