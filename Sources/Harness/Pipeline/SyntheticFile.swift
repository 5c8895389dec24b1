import Foundation
import SynthTable

/// Reads a synthetic CSV to score it against a real table: with the real table's column kinds forced, so
/// that "1" stays a category label where the real column is categorical.
package enum SyntheticFile {
    /// The synthetic file lacks columns the real table has.
    package struct MissingColumns: Error, Equatable, CustomStringConvertible {
        package var file: String
        package var missing: [String]
        package var description: String {
            "\(file) has no column\(missing.count == 1 ? "" : "s") "
                + missing.map { "\"\($0)\"" }.joined(separator: ", ")
                + " of the real data; a synthetic table must have every real column (same names)"
        }
    }

    /// Reads with the real table's column kinds forced (datetime layouts are found from the file itself) and
    /// the user's CSV policy; returns the reader's notes (renamed headers, dropped lines) beside the table.
    package static func read(path: String, like real: Table,
                            policy: CSVReadPolicy = CSVReadPolicy()) throws -> (table: Table, notes: CSVReadNotes) {
        let options = CSVOptions.readingLike(real).applying(policy)
        let forced: Result<(table: Table, notes: CSVReadNotes), CSVError> = Result { () throws(CSVError) in
            try CSVReader(options: options).readWithNotes(path: path)
        }
        if case .failure(let error) = forced, case .unknownForcedColumn = error.reason {
            let present = Set(try CSVReader(options: CSVOptions().applying(policy)).read(path: path).columns.map(\.name))
            throw MissingColumns(file: path, missing: real.columns.map(\.name).filter { !present.contains($0) })
        }
        return try forced.get()
    }
}
