import Foundation
import SynthCore

/// The files of one grid run, `results/<experiment>/<run-id>/`:
///
///     spec.json                       the normalized spec (every key, defaults filled in)
///     environment.json                machine, toolchain, OpenBLAS, git commit, start and end
///     results.json                    every finished cell with the environment and spec
///     results.csv                     one flat row per finished cell
///     cells/<cell-id>.json            one CellResult per cell (written by the cell, completed by the runner)
///     cells/<cell-id>.progress.json   while a cell runs: its phase and the timings so far (removed after)
///     cells/<cell-id>.synthetic.csv   the cell's synthetic table, when the spec has `keep_synthetic` (or .parquet)
///     logs/<cell-id>.log              the cell's standard output and error, one header line per attempt
package struct RunDirectory: Sendable, Equatable {
    package let url: URL

    package init(url: URL) { self.url = url.standardizedFileURL }

    /// `root/<experiment>/<runID>`.
    package init(root: URL, experiment: String, runID: String) {
        self.init(url: root.appendingPathComponent(experiment).appendingPathComponent(runID))
    }

    package var runID: String { url.lastPathComponent }
    package var spec: URL { url.appendingPathComponent("spec.json") }
    package var environment: URL { url.appendingPathComponent("environment.json") }
    package var resultsJSON: URL { url.appendingPathComponent("results.json") }
    package var resultsCSV: URL { url.appendingPathComponent("results.csv") }
    package var cells: URL { url.appendingPathComponent("cells") }
    package var logs: URL { url.appendingPathComponent("logs") }

    package func cellResult(_ id: String) -> URL { cells.appendingPathComponent("\(id).json") }
    package func cellProgress(_ id: String) -> URL { cells.appendingPathComponent("\(id).progress.json") }
    package func cellSynthetic(_ id: String, _ format: KeptSynthetic) -> URL {
        cells.appendingPathComponent("\(id).synthetic.\(format.fileExtension)")
    }
    package func cellLog(_ id: String) -> URL { logs.appendingPathComponent("\(id).log") }

    /// Creates the directory and its `cells/` and `logs/` folders.
    package func create(using writer: any FileWriter = SystemFileWriter()) throws(OutputError) {
        for dir in [url, cells, logs] { try writer.createDirectory(dir) }
    }
}
