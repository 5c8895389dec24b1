import SynthTable
import Synthesizers

/// Where each row of a run's training table starts in the file the run read, so that an error about one
/// value names the file's line ("column 'a' at line 152 of t.csv"), not the row's place among the training
/// rows, which a hold-out split draws at random.
package struct RowOrigin: Sendable {
    /// The file as errors name it: a user's file as the run was given it, a registered dataset's file by its name
    /// and the dataset's (`penguins.csv of dataset 'penguins'`; the server's directory layout stays out of a
    /// queued run's error).
    package var path: String
    package var lines: CSVRowLines
    /// The row of the file's table behind each row of the training table; nil while they are the same.
    package var loadedRows: [Int]? = nil

    package init(path: String, lines: CSVRowLines) {
        self.path = path
        self.lines = lines
    }

    /// The 1-based line the training table's `row` (0-based) starts on.
    package func line(ofRow row: Int) -> Int? {
        guard row >= 0 else { return nil }
        if let loadedRows {
            guard row < loadedRows.count else { return nil }
            return lines.line(ofRow: loadedRows[row])
        }
        return lines.line(ofRow: row)
    }

    /// The origin of `table.selectingRows(rows)` for a table of this origin.
    package func selecting(_ rows: [Int]) -> RowOrigin {
        var out = self
        out.loadedRows = rows.map { loadedRows?[$0] ?? $0 }
        return out
    }

    /// A generator's error about one training row's value, with the row named by its line of the file when
    /// `origin` knows it, else as a training row; any other error unchanged.
    package static func locating(_ error: SynthesisError, in origin: RowOrigin?) -> SynthesisError {
        guard case .invalidValue(let column, let row, let problem) = error else { return error }
        guard let origin, let line = origin.line(ofRow: row) else {
            return .invalidData("column '\(column)' at training row \(row + 1) \(problem)")
        }
        return .invalidData("column '\(column)' at line \(line) of \(origin.path) (training row \(row + 1)) \(problem)")
    }
}
