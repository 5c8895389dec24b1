import Foundation
import SynthTable

/// The real data of a run: the table the generator learns from, its metadata, and (when the dataset has
/// one) a hold-out table of real rows the generator never sees, for train-on-synthetic utility figures.
public struct PreparedData: Sendable {
    public var name: String
    public var table: Table
    public var metadata: Metadata
    public var holdout: Table?
    /// What reading the CSV renamed or dropped (see ``CSVReadNotes``).
    public var csvNotes = CSVReadNotes()

    /// Loads `source`, fetching a registered dataset when allowed; `csvPolicy` decides how repeated header
    /// names and rows with the wrong field count are handled.
    public static func load(_ source: RunConfig.DataSource, fetchIfMissing: Bool,
                            datasetsDirectory: String?, csvPolicy: CSVReadPolicy = CSVReadPolicy()) throws -> PreparedData {
        switch source {
        case .dataset(let name):
            let registry = try DatasetRegistry.open(explicit: datasetsDirectory)
            let data = try registry.load(name, fetchIfMissing: fetchIfMissing, policy: csvPolicy)
            var holdout: Table? = nil
            if let h = data.manifest.holdout {
                holdout = try registry.load(h, fetchIfMissing: fetchIfMissing).table
            }
            return PreparedData(name: name, table: data.table, metadata: data.metadata, holdout: holdout,
                                csvNotes: data.csvNotes)
        case .file(let path, let metadataPath):
            let (table, notes) = try CSVReader(options: CSVOptions().applying(csvPolicy)).readWithNotes(path: path)
            var metadata = Metadata.detect(from: table)
            if let m = metadataPath {
                metadata = try Metadata.detect(from: table, overrides: try MetadataDocument.read(contentsOf: URL(fileURLWithPath: m)))
            }
            let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            return PreparedData(name: name, table: table, metadata: metadata, holdout: nil, csvNotes: notes)
        }
    }
}
