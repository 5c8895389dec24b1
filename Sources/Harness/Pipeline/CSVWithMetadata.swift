import Foundation
import SynthCore
import SynthTable

/// A CSV file read together with the metadata file that overrides its detection (`generate --data F
/// --metadata M`, `evaluate --real F --metadata M`, `datasets show --data F`); a file that is not
/// comma-separated is refused (``MisdelimitedFile``).
///
/// A column the metadata declares `numerical` or `boolean` that the reader found to be text (a quoted
/// number, a `3,750`, `yes`), or declares `datetime` that the reader found to be anything else (a date in
/// a layout the reader did not guess, a year of integers), is read again with that kind forced, with the
/// declared `datetime_format` when there is one. Quoted numbers, quoted booleans and declared date layouts
/// then read as pandas and SDV read them; a value that is not of the declared kind is reported with its file,
/// line, column and text, where the generator's fit could only refuse the whole column. Columns the
/// metadata leaves alone, or declares as what the reader found, are read once and never change.
package enum CSVWithMetadata {
    /// The table, its metadata (detected, then overridden by `metadataPath`'s document) and what the
    /// reader renamed or dropped.
    package static func read(path: String, metadataPath: String?, policy: CSVReadPolicy = CSVReadPolicy())
        throws -> (table: Table, metadata: Metadata, notes: CSVReadNotes) {
        let options = CSVOptions().applying(policy)
        var (table, notes) = try CSVReader(options: options).readWithNotes(path: path)
        try MisdelimitedFile.check(table, path: path)
        guard let metadataPath else { return (table, Metadata.detect(from: table), notes) }
        let metadataURL = URL(fileURLWithPath: metadataPath)
        do throws(JSONPathError) { try UserJSONFile.refuseDirectory(metadataURL, expected: "the metadata JSON file (docs/metadata.md)") }
        catch { throw MetadataError.file(error) }
        let document = try MetadataDocument.read(contentsOf: metadataURL)
        for (format, kinds) in columnsToReadAgain(document, in: table).sorted(by: { ($0.key ?? "") < ($1.key ?? "") }) {
            var forced = options
            forced.forcedKinds = kinds
            if let format { forced.datetimeFormats = [DatetimeFormat(format)] }
            do {
                let again = try CSVReader(options: forced).read(path: path)
                for name in kinds.keys.sorted() { try table.setColumn(try again.column(named: name)) }
            } catch let error as CSVError {
                throw DeclaredKindMismatch(csv: error, metadataFile: metadataPath,
                                           declared: kinds.keys.reduce(into: [:]) { $0[$1] = document.columns?[$1]?.sdtype ?? "" })
            }
        }
        return (table, try Metadata.detect(from: table, overrides: document), notes)
    }

    /// The columns read as something other than what the document declares, grouped by declared datetime
    /// layout (`nil`: none), with the kind to force: a text column declared `numerical` becomes `integer`
    /// when there are numbers among its values and all are whole (so quoted integers stay integers), else
    /// `numerical`; a text column declared `boolean` becomes `boolean` (so `yes`/`no` is refused, as SDV
    /// refuses it); a column of any other kind declared `datetime` becomes `datetime` (a year column of
    /// integers with `"datetime_format": "%Y"`).
    static func columnsToReadAgain(_ document: MetadataDocument, in table: Table) -> [String?: [String: ColumnKind]] {
        var groups: [String?: [String: ColumnKind]] = [:]
        for (name, entry) in document.columns ?? [:] {
            guard let i = table.index(of: name) else { continue }   // applying names the unknown column
            let column = table.columns[i]
            switch entry.sdtype {
            case "numerical":
                guard let (_, levels) = column.categoricalCodes else { continue }
                let numbers = levels.filter(CSVNumber.isNumber)   // the rest are what the error will name
                groups[nil, default: [:]][name] = !numbers.isEmpty && numbers.allSatisfy(CSVNumber.isInteger) ? .integer : .numerical
            case "boolean":   // SDV refuses values other than true/false in a boolean column
                guard column.kind == .categorical else { continue }
                groups[nil, default: [:]][name] = .boolean
            case "datetime":
                guard column.kind != .datetime else { continue }
                if let f = entry.datetimeFormat, !DatetimeFormat.isSupported(f) { continue }   // applying says why
                groups[entry.datetimeFormat, default: [:]][name] = .datetime
            default:
                continue
            }
        }
        return groups
    }

    /// A value of a column the metadata declares numerical, boolean or datetime that is not one; `csv` says where.
    package struct DeclaredKindMismatch: Error, CustomStringConvertible {
        package var csv: CSVError
        package var metadataFile: String
        /// The sdtypes declared for the columns read again, by name.
        package var declared: [String: String]

        package var description: String {
            if let name = csv.columnName, let sdtype = declared[name] {
                return "\(csv); metadata file \(metadataFile) declares it sdtype \(sdtype)"
            }
            let list = declared.keys.sorted().map { "\($0): \(declared[$0]!)" }.joined(separator: ", ")
            return "\(csv); metadata file \(metadataFile) declares \(list)"
        }
    }
}
