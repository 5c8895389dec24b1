import SynthTable

/// A user's file separated by something other than commas (`;` from a European spreadsheet export, tabs)
/// reads as a single column whose name is the whole header line, and a run would then "succeed" on one
/// id-like column. SynthBench reads comma-separated files, as pandas' `read_csv` does by default, so such a
/// file is refused with what it looks like, before anything is fitted.
package struct MisdelimitedFile: Error, Equatable, CustomStringConvertible {
    package var path: String
    package var header: String
    package var separator: Character
    package var fields: Int

    /// The separators recognised, with how messages name them.
    static let separators: [(Character, String)] = [(";", "';'"), ("\t", "tab"), ("|", "'|'")]

    /// Throws when `table` is one column whose name and first value both split into several fields on a
    /// separator other than the comma.
    package static func check(_ table: Table, path: String) throws(MisdelimitedFile) {
        guard table.columnCount == 1, let column = table.columns.first else { return }
        let firstValue = (0..<column.count).lazy.compactMap { column.text(at: $0) }.first ?? ""
        for (separator, _) in separators {
            let fields = column.name.split(separator: separator, omittingEmptySubsequences: false).count
            if fields > 1 && firstValue.contains(separator) {
                throw MisdelimitedFile(path: path, header: column.name, separator: separator, fields: fields)
            }
        }
    }

    package var description: String {
        let name = Self.separators.first { $0.0 == separator }?.1 ?? "'\(separator)'"
        let shown = header.count > 60 ? String(header.prefix(57)) + "..." : header
        return "\(path):1: the header reads as one column, \"\(shown)\": the file looks \(name)-separated "
            + "(\(fields) fields on the header line); SynthBench reads comma-separated files, as pandas' read_csv "
            + "does by default: convert it to commas"
    }
}
