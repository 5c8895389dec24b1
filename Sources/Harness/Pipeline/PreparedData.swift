import Evaluation
import Foundation
import SynthCore
import SynthMath
import SynthTable

/// The real data of a run: the table the generator learns from, its metadata, and (when the dataset has
/// one) a hold-out table of real rows the generator never sees, for train-on-synthetic utility figures.
package struct PreparedData: Sendable {
    package var name: String
    package var table: Table
    package var metadata: Metadata
    package var holdout: Table?
    /// What reading the CSV renamed or dropped (see ``CSVReadNotes``).
    package var csvNotes = CSVReadNotes()
    /// The line of the file each row of `table` starts on; nil where rows were made rather than read (a
    /// resized dataset, `adult@976830`).
    package var rowOrigin: RowOrigin? = nil
    /// Columns of a user's file read as text although they hold numbers (``NumberLikeTextColumns``).
    package var columnWarnings: [String] = []
    /// What the user is warned about on loading: the reader's notes, then the columns.
    package var warnings: [String] { csvNotes.warnings + columnWarnings }
    /// Where the hold-out comes from: `dataset:<name>` (the dataset's own hold-out table), `split` (a seeded
    /// random share of the real rows, removed from `table`) or `none`.
    package var holdoutSource: String = "none"
    /// The share split off when `holdoutSource` is `split`.
    package var holdoutFraction: Double? = nil

    /// `{source, fraction, rows}` as run.json and cell results record it.
    package var holdoutRecord: [String: JSONValue] {
        ["source": .string(holdoutSource), "fraction": .number(holdoutFraction), "rows": .number(Double(holdout?.rowCount ?? 0))]
    }

    /// The data with `fraction` of the rows moved into the hold-out (a seeded permutation; at least one row
    /// on each side), unless the dataset brought its own hold-out, which is kept. The generator then fits on
    /// the remaining rows only.
    /// A table too small to split is an error when the fraction was asked for (`required`), else the data
    /// is returned whole (the privacy suites then say they need a hold-out).
    package func holdingOut(_ fraction: Double?, seed: UInt64, required: Bool = true) throws -> PreparedData {
        var out = self
        if holdout != nil { return out }
        guard let f = fraction, f > 0 else { return out }
        guard f < 1 else { throw HoldoutError.invalidFraction(f) }
        let n = table.rowCount
        let k = Int((Double(n) * f).rounded())
        guard n >= 3, k >= 1, n - k >= 2 else {
            if required { throw HoldoutError.tooFewRows(rows: n, fraction: f) }
            return out
        }
        let (held, training) = Self.split(rows: n, holdout: k, seed: seed)
        out.holdout = table.selectingRows(held)
        out.table = table.selectingRows(training)
        out.rowOrigin = rowOrigin?.selecting { Self.split(rows: n, holdout: k, seed: seed).training }
        out.holdoutSource = "split"
        out.holdoutFraction = f
        return out
    }

    /// The rows of a `rows`-row table that `holdout` takes (`holdout` of them) and the rest, each in row order: a
    /// seeded permutation's first `holdout` rows.
    static func split(rows n: Int, holdout k: Int, seed: UInt64) -> (holdout: [Int], training: [Int]) {
        var rng = RandomStream(seed: seed)
        let order = rng.permutation(n)
        return (Array(order[..<k]).sorted(), Array(order[k...]).sorted())
    }

    /// Loads `source`, fetching a registered dataset when allowed; `csvPolicy` decides how repeated header
    /// names and rows with the wrong field count are handled.
    package static func load(_ source: RunConfig.DataSource, fetchIfMissing: Bool,
                            datasetsDirectory: String?, csvPolicy: CSVReadPolicy = CSVReadPolicy()) throws -> PreparedData {
        switch source {
        case .dataset(let name):
            let registry = try DatasetRegistry.open(explicit: datasetsDirectory)
            let parsed = DatasetName(parsing: name)
            var data = try registry.load(parsed.base, fetchIfMissing: fetchIfMissing, policy: csvPolicy)
            var origin: RowOrigin? = RowOrigin(path: "\(data.file.lastPathComponent) of dataset '\(parsed.base)'",
                                               lines: data.csvNotes.rowLines)
            if let rows = parsed.rows, rows != data.table.rowCount {
                data.table = data.table.resized(toRows: rows, seed: DatasetName.resizeSeed)
                origin = nil
            }
            var holdout: Table? = nil
            if let h = data.manifest.holdout {
                holdout = try registry.load(h, fetchIfMissing: fetchIfMissing).table
            }
            var prepared = PreparedData(name: name, table: data.table, metadata: data.metadata, holdout: holdout,
                                        csvNotes: data.csvNotes)
            prepared.rowOrigin = origin
            if let h = data.manifest.holdout { prepared.holdoutSource = "dataset:\(h)" }
            return prepared
        case .file(let path, let metadataPath):
            let (table, metadata, notes) = try CSVWithMetadata.read(path: path, metadataPath: metadataPath, policy: csvPolicy)
            let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            return PreparedData(name: name, table: table, metadata: metadata, holdout: nil, csvNotes: notes,
                                rowOrigin: RowOrigin(path: path, lines: notes.rowLines),
                                columnWarnings: NumberLikeTextColumns.warnings(table))
        }
    }
}

/// A hold-out request that cannot be met.
package enum HoldoutError: Error, Equatable, CustomStringConvertible {
    case invalidFraction(Double)
    case tooFewRows(rows: Int, fraction: Double)

    package var description: String {
        switch self {
        case .invalidFraction(let f): "--holdout must be in [0, 1), got \(f)"
        case .tooFewRows(let n, let f): "--holdout \(f) of \(n) rows leaves no hold-out row or fewer than 2 training rows"
        }
    }
}
