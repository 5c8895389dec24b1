import Evaluation
import Foundation
import SynthCore

/// `cells/<cell-id>.progress.json`: written atomically by a running cell at every phase change, so that
/// when the cell dies (a crash, a kill, a timeout) the runner knows the phase it was in and keeps the
/// timings of the phases that had finished.
package struct CellProgress: Codable, Sendable, Equatable {
    package var cellID: String
    package var pid: Int32
    /// The phase that has just started (a ``PipelinePhase`` raw value).
    package var phase: String
    package var timingsS: PhaseTimings
    /// The real table's rows once `load` finished (so a cell killed later still reports `rows.real`).
    @NullWhenAbsent package var rowsReal: Int?
    /// ISO 8601 UTC.
    package var updatedAt: String

    package init(cellID: String, pid: Int32, phase: String, timingsS: PhaseTimings, rowsReal: Int? = nil, updatedAt: String) {
        self.cellID = cellID; self.pid = pid; self.phase = phase; self.timingsS = timingsS; self.rowsReal = rowsReal
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case cellID = "cell_id", pid, phase, timingsS = "timings_s", rowsReal = "rows_real", updatedAt = "updated_at"
    }

    package func write(to url: URL, using writer: any FileWriter = SystemFileWriter()) throws {
        try AtomicFile.write(try SynthJSON.string(self, pretty: true) + "\n", to: url, using: writer)
    }

    /// The progress file's content, or nil when it is missing or unreadable.
    package static func read(from url: URL) -> CellProgress? {
        guard let data = try? Data(contentsOf: url) else { return nil }
        return try? SynthJSON.decoder().decode(CellProgress.self, from: data)
    }
}
