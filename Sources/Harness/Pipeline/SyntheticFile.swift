import Foundation
import SynthTable

/// Reads a synthetic CSV to score it against a real table: with the real table's column kinds forced, so
/// that "1" stays a category label where the real column is categorical.
public enum SyntheticFile {
    /// The synthetic file lacks columns the real table has.
    public struct MissingColumns: Error, Equatable, CustomStringConvertible {
        public var file: String
        public var missing: [String]
        public var description: String {
            "\(file) has no column\(missing.count == 1 ? "" : "s") "
                + missing.map { "\"\($0)\"" }.joined(separator: ", ")
                + " of the real data; a synthetic table must have every real column (same names)"
        }
    }

    public static func read(path: String, like real: Table) throws -> Table {
        var options = CSVOptions()
        options.forcedKinds = Dictionary(uniqueKeysWithValues: real.columns.map { ($0.name, $0.kind) })
        let forced: Result<Table, CSVError> = Result { () throws(CSVError) in try CSVReader(options: options).read(path: path) }
        if case .failure(let error) = forced, case .unknownForcedColumn = error.reason {
            let present = Set(try CSVReader().read(path: path).columns.map(\.name))
            throw MissingColumns(file: path, missing: real.columns.map(\.name).filter { !present.contains($0) })
        }
        return try forced.get()
    }
}
