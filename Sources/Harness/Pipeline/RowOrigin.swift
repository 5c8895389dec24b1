import SynthTable
import Synthesizers

/// Where each row of a run's training table starts in the file the run read, so that an error about one
/// value names the file's line ("column 'a' at line 152 of t.csv"), not the row's place among the training
/// rows, which a hold-out split draws at random.
package struct RowOrigin: Sendable {
    /// The file as errors name it: a user's file as the run was given it, a registered dataset's file by its name
    /// and the dataset's (`penguins.csv of dataset 'penguins'`: the dataset is what the user asked for; its
    /// directory is the machine's, and a worker's differs from the submitter's).
    package var path: String
    package var lines: CSVRowLines
    /// The row of the file's table behind each row of the training table, made when an error needs it; nil while
    /// they are the same. A hold-out split's training rows are a seeded draw, so they are drawn again rather than
    /// kept (8 bytes a row for the whole run, for a mapping only an error reads).
    package var loadedRows: (@Sendable () -> [Int])? = nil

    package init(path: String, lines: CSVRowLines) {
        self.path = path
        self.lines = lines
    }

    /// The 1-based line the training table's `row` (0-based) starts on.
    package func line(ofRow row: Int) -> Int? {
        guard row >= 0 else { return nil }
        if let loadedRows {
            let rows = loadedRows()
            guard row < rows.count else { return nil }
            return lines.line(ofRow: rows[row])
        }
        return lines.line(ofRow: row)
    }

    /// The origin of `table.selectingRows(rows())` for a table of this origin; `rows` is called only when an
    /// error needs the mapping.
    package func selecting(_ rows: @escaping @Sendable () -> [Int]) -> RowOrigin {
        var out = self
        let before = loadedRows
        out.loadedRows = {
            let selected = rows()
            guard let before else { return selected }
            let earlier = before()
            return selected.map { earlier[$0] }
        }
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
