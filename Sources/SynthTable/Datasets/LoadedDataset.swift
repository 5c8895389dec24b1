import Foundation

/// A dataset read from its verified file: the table, its metadata (detected, then adjusted by the
/// manifest's kinds, target, task and pinned sdtypes) and where it came from.
public struct LoadedDataset: Sendable {
    public var manifest: DatasetManifest
    public var table: Table
    public var metadata: Metadata
    /// The file that was read (its sha256 matched the manifest).
    public var file: URL
    /// What reading the file renamed or dropped under the lenient CSV options.
    public var csvNotes = CSVReadNotes()
}
