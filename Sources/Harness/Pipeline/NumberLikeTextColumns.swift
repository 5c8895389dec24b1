import SynthTable

/// Warnings for columns of a user's CSV file that hold numbers but are read as text (categorical): every
/// value a quoted number (SynthBench keeps quoted fields as text, docs/csv.md; pandas, and so SDV and
/// SynthCity, would read numbers), or nearly every value a number with a few that are not (`3,750`,
/// `unknown`). Either way the column is modelled as categories, which a user migrating from the Python
/// libraries does not expect; the warning names the values and the metadata declaration that reads the
/// column as numbers, or locates each bad value (``CSVWithMetadata``).
package enum NumberLikeTextColumns {
    /// The share of present values that must be numbers for a text column to be reported.
    package static let numberShare = 0.9
    /// How many values that are not numbers a warning lists.
    static let listed = 3

    /// One warning per reported column of `table`, in column order.
    package static func warnings(_ table: Table) -> [String] {
        table.columns.compactMap { column in
            guard let (codes, levels) = column.categoricalCodes else { return nil }
            let isNumber = levels.map(CSVNumber.isNumber)
            var numbers = 0, present = 0, others: [Int32: Int] = [:]
            for c in codes where c >= 0 {
                present += 1
                if isNumber[Int(c)] { numbers += 1 } else { others[c, default: 0] += 1 }
            }
            guard numbers > 0, Double(numbers) >= numberShare * Double(present) else { return nil }
            let declare = "declare it {\"sdtype\": \"numerical\"} in a metadata file (--metadata FILE; docs/metadata.md)"
            if others.isEmpty {
                return "column \"\(column.name)\": every value is a quoted number, so it is read as text (categorical; "
                    + "docs/csv.md, deviations from pandas); to read it as numbers, as pandas does, \(declare)"
            }
            let first = others.keys.sorted().prefix(listed).map { "\"\(levels[Int($0)])\"" }
            let more = others.count > listed ? " and \(others.count - listed) more" : ""
            return "column \"\(column.name)\" is read as text (categorical) although \(numbers) of its \(present) values "
                + "are numbers; not numbers: \(first.joined(separator: ", "))\(more); fix those values, or \(declare) "
                + "to have each one located"
        }
    }
}
