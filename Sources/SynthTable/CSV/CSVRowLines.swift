/// The physical line of the file each data row starts on, so that an error about one value found after
/// reading (a generator's encoder refusing `inf`) can name the line rather than a row count.
///
/// Stored as the rows where the line stops following the row by a fixed offset (the header, a quoted
/// field spanning lines, dropped rows, blank lines): row r starts on line `r + offset` of the last such
/// row at or before r. A plain file is one entry, whatever its length.
public struct CSVRowLines: Sendable, Equatable {
    /// Ascending rows where the offset changes, and the offset from each on.
    private var rows: [Int] = []
    private var offsets: [Int] = []

    public init() {}

    /// Records that data row `row` (0-based, rows recorded in order) starts on the 1-based `line`.
    mutating func record(row: Int, line: Int) {
        let offset = line - row
        if offsets.last != offset {
            rows.append(row)
            offsets.append(offset)
        }
    }

    /// The 1-based line data row `row` starts on; nil before the first recorded row.
    public func line(ofRow row: Int) -> Int? {
        // The last entry at or before `row`.
        var lo = 0, hi = rows.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if rows[mid] <= row { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? nil : row + offsets[lo - 1]
    }

    /// How many offset changes are stored (tests: a plain file needs one).
    var entryCount: Int { rows.count }
}
