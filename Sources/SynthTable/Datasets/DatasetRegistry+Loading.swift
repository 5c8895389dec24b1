import Foundation
import SynthCore

extension DatasetRegistry {
    /// The CSV reader options a manifest's `read` block and columns translate to. Every column's kind is
    /// forced, so a value that does not fit the manifest is an error rather than a silent type change.
    public func csvOptions(for manifest: DatasetManifest) -> CSVOptions {
        let read = manifest.read
        return CSVOptions(
            delimiter: read.delimiter.utf8.first ?? UInt8(ascii: ","),
            missingTokens: read.missingTokens,
            trimLeadingSpaces: read.trimAfterDelimiter,
            hasHeader: read.header,
            columnNames: read.header ? nil : manifest.columns.map(\.name),
            skipLines: read.skipLines,
            forcedKinds: Dictionary(uniqueKeysWithValues: manifest.columns.map { ($0.name, $0.kind) }))
    }

    /// Verifies the file's sha256 (fetching it first when missing and `fetchIfMissing` is set), reads it,
    /// checks its columns against the manifest, applies `strip_suffix`, and detects the metadata with the
    /// manifest's target, task, kinds and pinned sdtypes applied. `policy` sets how repeated header names
    /// and rows with the wrong field count are handled (a grid spec's `dataset_options`).
    public func load(_ name: String, fetchIfMissing: Bool = false,
                     policy: CSVReadPolicy = CSVReadPolicy()) throws(DatasetError) -> LoadedDataset {
        let manifest = try manifest(named: name)
        let url = try verifiedFile(for: manifest, fetchIfMissing: fetchIfMissing)
        var table: Table
        let notes: CSVReadNotes
        do {
            (table, notes) = try CSVReader(options: csvOptions(for: manifest).applying(policy)).readWithNotes(path: url.path)
        } catch {
            throw .readFailed(name: name, message: error.description)
        }
        let expected = manifest.columns.map(\.name)
        guard table.columnNames == expected else {
            throw .columnsMismatch(name: name, expected: expected, actual: table.columnNames)
        }
        if let strip = manifest.read.stripSuffix {
            guard let column = table[strip.column], let stripped = column.strippingSuffix(strip.suffix) else {
                throw .readFailed(name: name, message: "strip_suffix needs a categorical column '\(strip.column)'")
            }
            do { try table.setColumn(stripped) } catch {
                throw .readFailed(name: name, message: error.description)
            }
        }
        let metadata: Metadata
        do {
            metadata = try Metadata.detect(from: table, overrides: manifest.metadataOverrides)
        } catch {
            let file = directory.appendingPathComponent("\(name).json").path
            throw .invalidManifest(JSONPathError(source: file, path: "", message: error.description))
        }
        return LoadedDataset(manifest: manifest, table: table, metadata: metadata, file: url, csvNotes: notes)
    }
}

extension Column {
    /// A categorical column with `suffix` removed from every level that ends with it; levels that become
    /// equal are merged (first occurrence order kept). nil for other kinds.
    func strippingSuffix(_ suffix: String) -> Column? {
        guard let (codes, levels) = categoricalCodes else { return nil }
        var index: [String: Int32] = [:]
        var newLevels: [String] = []
        var remap = [Int32](repeating: -1, count: levels.count)
        for (i, level) in levels.enumerated() {
            let s = level.hasSuffix(suffix) && !suffix.isEmpty ? String(level.dropLast(suffix.count)) : level
            if let existing = index[s] { remap[i] = existing; continue }
            let code = Int32(newLevels.count)
            index[s] = code
            newLevels.append(s)
            remap[i] = code
        }
        let newCodes = codes.map { $0 < 0 ? $0 : remap[Int($0)] }
        return Column(name: name, values: .categorical(codes: newCodes, levels: newLevels), missing: missing)
    }
}
